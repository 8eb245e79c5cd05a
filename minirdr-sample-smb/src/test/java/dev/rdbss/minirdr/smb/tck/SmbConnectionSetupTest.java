package dev.rdbss.minirdr.smb.tck;

import dev.rdbss.minirdr.smb.SmbTckSubject;
import dev.rdbss.tck.ConnectionSetupVerification;
import dev.rdbss.tck.TckSubject;

/** The conformance kit's ConnectionSetup rules against the SMB sample (issue 8 point 5). */
class SmbConnectionSetupTest extends ConnectionSetupVerification {
  @Override
  protected TckSubject subject() {
    return new SmbTckSubject();
  }
}
