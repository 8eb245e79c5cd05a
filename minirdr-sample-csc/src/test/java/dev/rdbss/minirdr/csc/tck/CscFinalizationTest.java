package dev.rdbss.minirdr.csc.tck;

import dev.rdbss.minirdr.csc.CscTckSubject;
import dev.rdbss.tck.FinalizationVerification;
import dev.rdbss.tck.TckSubject;

/** The conformance kit's Finalization rules against the CSC sample (issue 7 point 1, issue 8). */
class CscFinalizationTest extends FinalizationVerification {
  @Override
  protected TckSubject subject() {
    return new CscTckSubject();
  }
}
