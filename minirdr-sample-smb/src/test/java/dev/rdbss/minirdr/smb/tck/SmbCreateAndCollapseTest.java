package dev.rdbss.minirdr.smb.tck;

import dev.rdbss.minirdr.smb.SmbTckSubject;
import dev.rdbss.tck.CreateAndCollapseVerification;
import dev.rdbss.tck.TckSubject;

/** The conformance kit's CreateAndCollapse rules against the SMB sample (issue 8 point 5). */
class SmbCreateAndCollapseTest extends CreateAndCollapseVerification {
  @Override
  protected TckSubject subject() {
    return new SmbTckSubject();
  }
}
