package com.example.hello.tck;

import com.example.hello.HelloTckSubject;
import dev.rdbss.tck.ConnectionSetupVerification;
import dev.rdbss.tck.TckSubject;

/** The conformance kit's ConnectionSetup rules against the guide's example (docs/guide.md, step 7). */
// tag::test[]
class HelloConnectionSetupTest extends ConnectionSetupVerification {
  @Override
  protected TckSubject subject() {
    return new HelloTckSubject();
  }
}
// end::test[]
