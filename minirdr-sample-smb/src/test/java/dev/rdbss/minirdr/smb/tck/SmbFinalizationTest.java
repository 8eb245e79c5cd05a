package dev.rdbss.minirdr.smb.tck;

import dev.rdbss.minirdr.smb.SmbTckSubject;
import dev.rdbss.tck.FinalizationVerification;
import dev.rdbss.tck.TckSubject;

/** The conformance kit's Finalization rules against the SMB sample (issue 8 point 5). */
class SmbFinalizationTest extends FinalizationVerification {
  @Override
  protected TckSubject subject() {
    return new SmbTckSubject();
  }
}
