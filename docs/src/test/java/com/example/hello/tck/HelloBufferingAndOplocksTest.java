package com.example.hello.tck;

import com.example.hello.HelloTckSubject;
import dev.rdbss.tck.BufferingAndOplocksVerification;
import dev.rdbss.tck.TckSubject;

/** The conformance kit's BufferingAndOplocks rules against the guide's example (docs/guide.md, step 7). */
// tag::test[]
class HelloBufferingAndOplocksTest extends BufferingAndOplocksVerification {
  @Override
  protected TckSubject subject() {
    return new HelloTckSubject();
  }
}
// end::test[]
