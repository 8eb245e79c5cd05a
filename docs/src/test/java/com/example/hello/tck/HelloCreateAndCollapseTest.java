package com.example.hello.tck;

import com.example.hello.HelloTckSubject;
import dev.rdbss.tck.CreateAndCollapseVerification;
import dev.rdbss.tck.TckSubject;

/** The conformance kit's CreateAndCollapse rules against the guide's example (docs/guide.md, step 7). */
// tag::test[]
class HelloCreateAndCollapseTest extends CreateAndCollapseVerification {
  @Override
  protected TckSubject subject() {
    return new HelloTckSubject();
  }
}
// end::test[]
