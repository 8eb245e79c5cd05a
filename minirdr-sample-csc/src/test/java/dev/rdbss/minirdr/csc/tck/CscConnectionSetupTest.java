package dev.rdbss.minirdr.csc.tck;

import dev.rdbss.minirdr.csc.CscTckSubject;
import dev.rdbss.tck.ConnectionSetupVerification;
import dev.rdbss.tck.TckSubject;

/** The conformance kit's ConnectionSetup rules against the CSC sample (issue 7 point 1, issue 8). */
class CscConnectionSetupTest extends ConnectionSetupVerification {
  @Override
  protected TckSubject subject() {
    return new CscTckSubject();
  }
}
