package dev.rdbss.minirdr.smb.tck;

import dev.rdbss.minirdr.smb.SmbTckSubject;
import dev.rdbss.tck.LifecycleVerification;
import dev.rdbss.tck.TckSubject;

/** The conformance kit's Lifecycle rules against the SMB sample (issue 8 point 5). */
class SmbLifecycleTest extends LifecycleVerification {
  @Override
  protected TckSubject subject() {
    return new SmbTckSubject();
  }
}
