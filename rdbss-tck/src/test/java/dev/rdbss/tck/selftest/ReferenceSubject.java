package dev.rdbss.tck.selftest;

import dev.rdbss.api.io.Logon;
import dev.rdbss.api.spi.Capability;
import dev.rdbss.api.spi.MiniRedirector;
import dev.rdbss.api.spi.MiniRedirectorDescriptor;
import dev.rdbss.api.spi.MiniRedirectorProvider;
import dev.rdbss.api.spi.PluginSettings;
import dev.rdbss.api.spi.Rdbss;
import dev.rdbss.tck.TckEnvironment;
import dev.rdbss.tck.TckFixture;
import dev.rdbss.tck.TckSubject;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The reference plugin as a kit subject, with the faults currently switched on ({@link #faults}, set
 * by the self-test around each run; empty means the correct plugin).
 */
public final class ReferenceSubject implements TckSubject {

  /** The faults of the next runs; the self-test sets and clears it. */
  static volatile Set<Fault> faults = EnumSet.noneOf(Fault.class);

  /** The capabilities of the next runs. */
  static volatile Set<Capability> capabilities = EnumSet.of(Capability.BYTE_RANGE_LOCKS,
      Capability.BUFFERING_STATE_CHANGES, Capability.COLLAPSING, Capability.DELAYED_CLOSE,
      Capability.DIRECTORY_QUERY, Capability.RENAME, Capability.DELETE,
      Capability.VOLUME_INFORMATION);

  /** For {@link java.util.ServiceLoader} and the runner test. */
  public ReferenceSubject() {}

  @Override
  public TckFixture start(TckEnvironment environment) {
    Map<String, MemoryServer> servers = new ConcurrentHashMap<>();
    MemoryServer files = new MemoryServer("files").user("alice", "a-pw").user("bob", "b-pw")
        .share("docs");
    servers.put(files.name.toUpperCase(Locale.ROOT), files);
    Set<Fault> active = EnumSet.noneOf(Fault.class);
    active.addAll(faults);
    Set<Capability> declared = EnumSet.noneOf(Capability.class);
    declared.addAll(capabilities);
    MiniRedirectorProvider provider = new MiniRedirectorProvider() {
      @Override
      public MiniRedirectorDescriptor descriptor() {
        return MiniRedirectorDescriptor.builder("reference", "\\Device\\ReferenceRedirector")
            .maximumNumberOfCloseDelayedFiles(16)
            .capabilities(declared.toArray(new Capability[0]))
            .build();
      }

      @Override
      public MiniRedirector create(Rdbss rdbss, PluginSettings settings) {
        return new ReferencePlugin(rdbss, servers, active);
      }
    };
    return new TckFixture() {
      @Override
      public MiniRedirectorProvider provider() {
        return provider;
      }

      @Override
      public String server() {
        return "files";
      }

      @Override
      public String share() {
        return "docs";
      }

      @Override
      public Logon user() {
        return Logon.user("alice", "a-pw");
      }

      @Override
      public Logon otherUser() {
        return Logon.user("bob", "b-pw");
      }

      @Override
      public boolean replaceOnServer(String name, byte[] content) {
        MemoryServer.MemFile replacement = new MemoryServer.MemFile(name, false);
        replacement.data = content.clone();
        synchronized (MemoryServer.class) {
          java.util.Objects.requireNonNull(files.shares.get("DOCS")).put(MemoryServer.key("\\" + name), replacement);
        }
        return true;
      }

      @Override
      public Optional<Logon> refusedUser() {
        return Optional.of(Logon.user("alice", "not-the-password"));
      }
    };
  }
}
