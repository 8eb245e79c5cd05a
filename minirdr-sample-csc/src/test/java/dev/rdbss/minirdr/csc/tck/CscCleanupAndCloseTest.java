package dev.rdbss.minirdr.csc.tck;

import dev.rdbss.minirdr.csc.CscTckSubject;
import dev.rdbss.tck.CleanupAndCloseVerification;
import dev.rdbss.tck.TckSubject;

/** The conformance kit's CleanupAndClose rules against the CSC sample (issue 7 point 1, issue 8). */
class CscCleanupAndCloseTest extends CleanupAndCloseVerification {
  @Override
  protected TckSubject subject() {
    return new CscTckSubject();
  }
}
