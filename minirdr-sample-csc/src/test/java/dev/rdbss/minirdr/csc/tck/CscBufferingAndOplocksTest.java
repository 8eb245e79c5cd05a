package dev.rdbss.minirdr.csc.tck;

import dev.rdbss.minirdr.csc.CscTckSubject;
import dev.rdbss.tck.BufferingAndOplocksVerification;
import dev.rdbss.tck.TckSubject;

/** The conformance kit's BufferingAndOplocks rules against the CSC sample (issue 7 point 1, issue 8). */
class CscBufferingAndOplocksTest extends BufferingAndOplocksVerification {
  @Override
  protected TckSubject subject() {
    return new CscTckSubject();
  }
}
