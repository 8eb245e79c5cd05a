package dev.rdbss.minirdr.smb.tck;

import dev.rdbss.minirdr.smb.SmbTckSubject;
import dev.rdbss.tck.BufferingAndOplocksVerification;
import dev.rdbss.tck.TckSubject;

/** The conformance kit's BufferingAndOplocks rules against the SMB sample (issue 8 point 5). */
class SmbBufferingAndOplocksTest extends BufferingAndOplocksVerification {
  @Override
  protected TckSubject subject() {
    return new SmbTckSubject();
  }
}
