package dev.rdbss.minirdr.csc.tck;

import dev.rdbss.minirdr.csc.CscTckSubject;
import dev.rdbss.tck.LowIoAndLocksVerification;
import dev.rdbss.tck.TckSubject;

/** The conformance kit's LowIoAndLocks rules against the CSC sample (issue 7 point 1, issue 8). */
class CscLowIoAndLocksTest extends LowIoAndLocksVerification {
  @Override
  protected TckSubject subject() {
    return new CscTckSubject();
  }
}
