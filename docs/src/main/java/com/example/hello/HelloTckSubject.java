package com.example.hello;

import dev.rdbss.api.io.Logon;
import dev.rdbss.api.spi.MiniRedirector;
import dev.rdbss.api.spi.MiniRedirectorDescriptor;
import dev.rdbss.api.spi.MiniRedirectorProvider;
import dev.rdbss.api.spi.PluginSettings;
import dev.rdbss.api.spi.Rdbss;
import dev.rdbss.tck.TckEnvironment;
import dev.rdbss.tck.TckFixture;
import dev.rdbss.tck.TckSubject;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The example as the conformance kit's subject (docs/guide.md, "Step 7"): each rule gets a fresh
 * provider whose share {@code \\hello\greetings} starts empty, two users who may write it, a
 * logon the example refuses, and a way to replace a file behind RDBSS's back. Listed in {@code
 * META-INF/services/dev.rdbss.tck.TckSubject} only, so the plugin runs without the kit.
 */
// tag::subject[]
public final class HelloTckSubject implements TckSubject {

  /** For ServiceLoader: does no work. */
  public HelloTckSubject() {}

  @Override
  public TckFixture start(TckEnvironment environment) {
    HelloProvider hello = new HelloProvider(Map.of()); // the kit wants an empty share
    AtomicReference<HelloRedirector> running = new AtomicReference<>();
    MiniRedirectorProvider provider = new MiniRedirectorProvider() {
      @Override
      public MiniRedirectorDescriptor descriptor() {
        return hello.descriptor();
      }

      @Override
      public MiniRedirector create(Rdbss rdbss, PluginSettings settings) {
        HelloRedirector redirector = (HelloRedirector) hello.create(rdbss, settings);
        running.set(redirector); // for replaceOnServer
        return redirector;
      }
    };
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

      /** Any user with a password may read and write the share. */
      @Override
      public Logon user() {
        return Logon.user("alice", "secret");
      }

      @Override
      public Logon otherUser() {
        return Logon.user("bob", "secret");
      }

      /** The example refuses logons without a password (§9 pitfall 2). */
      @Override
      public Optional<Logon> refusedUser() {
        return Optional.of(Logon.user("alice", ""));
      }

      /** Another client renames a new file over {@code name} (§9 pitfall 11). */
      @Override
      public boolean replaceOnServer(String name, byte[] content) {
        running.get().replaceBehindRdbss(name, content);
        return true;
      }
    };
  }
}
// end::subject[]
