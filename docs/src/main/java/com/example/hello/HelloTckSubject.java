package com.example.hello;

import dev.rdbss.api.io.Logon;
import dev.rdbss.api.spi.MiniRedirectorProvider;
import dev.rdbss.tck.TckEnvironment;
import dev.rdbss.tck.TckFixture;
import dev.rdbss.tck.TckSubject;
import java.util.Map;

/**
 * The example as the conformance kit's subject (docs/guide.md, "Step 7"): each rule gets a fresh
 * provider whose share {@code \\hello\greetings} starts empty. Listed in {@code
 * META-INF/services/dev.rdbss.tck.TckSubject} only, so the plugin runs without the kit.
 */
// tag::subject[]
public final class HelloTckSubject implements TckSubject {

  /** For ServiceLoader: does no work. */
  public HelloTckSubject() {}

  @Override
  public TckFixture start(TckEnvironment environment) {
    HelloProvider provider = new HelloProvider(Map.of()); // the kit wants an empty share
    return new TckFixture() {
      @Override
      public MiniRedirectorProvider provider() {
        return provider;
      }

      @Override
      public String server() {
        return HelloRedirector.SERVER;
      }

      @Override
      public String share() {
        return HelloRedirector.SHARE;
      }

      /** The example checks no passwords, so any two users may read and write. */
      @Override
      public Logon user() {
        return Logon.user("alice", "secret");
      }

      @Override
      public Logon otherUser() {
        return Logon.user("bob", "secret");
      }
    };
  }
}
// end::subject[]
