package dev.rdbss.minirdr.smb.tck;

import dev.rdbss.minirdr.smb.SmbTckSubject;
import dev.rdbss.tck.CleanupAndCloseVerification;
import dev.rdbss.tck.TckSubject;

/** The conformance kit's CleanupAndClose rules against the SMB sample (issue 8 point 5). */
class SmbCleanupAndCloseTest extends CleanupAndCloseVerification {
  @Override
  protected TckSubject subject() {
    return new SmbTckSubject();
  }
}
