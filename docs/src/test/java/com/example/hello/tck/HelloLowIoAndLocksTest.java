package com.example.hello.tck;

import com.example.hello.HelloTckSubject;
import dev.rdbss.tck.LowIoAndLocksVerification;
import dev.rdbss.tck.TckSubject;

/** The conformance kit's LowIoAndLocks rules against the guide's example (docs/guide.md, step 7). */
// tag::test[]
class HelloLowIoAndLocksTest extends LowIoAndLocksVerification {
  @Override
  protected TckSubject subject() {
    return new HelloTckSubject();
  }
}
// end::test[]
