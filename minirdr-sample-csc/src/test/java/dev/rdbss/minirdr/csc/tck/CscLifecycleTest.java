package dev.rdbss.minirdr.csc.tck;

import dev.rdbss.minirdr.csc.CscTckSubject;
import dev.rdbss.tck.LifecycleVerification;
import dev.rdbss.tck.TckSubject;

/** The conformance kit's Lifecycle rules against the CSC sample (issue 7 point 1, issue 8). */
class CscLifecycleTest extends LifecycleVerification {
  @Override
  protected TckSubject subject() {
    return new CscTckSubject();
  }
}
