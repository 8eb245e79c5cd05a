package dev.rdbss.minirdr.smb.tck;

import dev.rdbss.minirdr.smb.SmbTckSubject;
import dev.rdbss.tck.LowIoAndLocksVerification;
import dev.rdbss.tck.TckSubject;

/** The conformance kit's LowIoAndLocks rules against the SMB sample (issue 8 point 5). */
class SmbLowIoAndLocksTest extends LowIoAndLocksVerification {
  @Override
  protected TckSubject subject() {
    return new SmbTckSubject();
  }
}
