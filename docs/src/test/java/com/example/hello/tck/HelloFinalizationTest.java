package com.example.hello.tck;

import com.example.hello.HelloTckSubject;
import dev.rdbss.tck.FinalizationVerification;
import dev.rdbss.tck.TckSubject;

/** The conformance kit's Finalization rules against the guide's example (docs/guide.md, step 7). */
// tag::test[]
class HelloFinalizationTest extends FinalizationVerification {
  @Override
  protected TckSubject subject() {
    return new HelloTckSubject();
  }
}
// end::test[]
