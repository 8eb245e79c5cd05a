package com.example.hello.tck;

import com.example.hello.HelloTckSubject;
import dev.rdbss.tck.CleanupAndCloseVerification;
import dev.rdbss.tck.TckSubject;

/** The conformance kit's CleanupAndClose rules against the guide's example (docs/guide.md, step 7). */
// tag::test[]
class HelloCleanupAndCloseTest extends CleanupAndCloseVerification {
  @Override
  protected TckSubject subject() {
    return new HelloTckSubject();
  }
}
// end::test[]
