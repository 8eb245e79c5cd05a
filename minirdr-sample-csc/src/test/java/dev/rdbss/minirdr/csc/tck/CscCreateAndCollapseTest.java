package dev.rdbss.minirdr.csc.tck;

import dev.rdbss.minirdr.csc.CscTckSubject;
import dev.rdbss.tck.CreateAndCollapseVerification;
import dev.rdbss.tck.TckSubject;

/** The conformance kit's CreateAndCollapse rules against the CSC sample (issue 7 point 1, issue 8). */
class CscCreateAndCollapseTest extends CreateAndCollapseVerification {
  @Override
  protected TckSubject subject() {
    return new CscTckSubject();
  }
}
