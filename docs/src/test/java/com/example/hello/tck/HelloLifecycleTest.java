package com.example.hello.tck;

import com.example.hello.HelloTckSubject;
import dev.rdbss.tck.LifecycleVerification;
import dev.rdbss.tck.TckSubject;

/** The conformance kit's Lifecycle rules against the guide's example (docs/guide.md, step 7). */
// tag::test[]
class HelloLifecycleTest extends LifecycleVerification {
  @Override
  protected TckSubject subject() {
    return new HelloTckSubject();
  }
}
// end::test[]
