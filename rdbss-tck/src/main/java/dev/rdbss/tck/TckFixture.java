package dev.rdbss.tck;

import dev.rdbss.api.io.Logon;
import dev.rdbss.api.spi.Capability;
import dev.rdbss.api.spi.MiniRedirectorProvider;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One rule's plugin and server (issue 8 point 1): what {@link TckSubject#start} returns.
 *
 * <p>The kit reaches the server only as a user would: through {@code \\server\share} paths of the
 * host API (ARCHITECTURE.md §3.4), with the logons below. The share starts empty; rules create
 * what they need, each under its own folder-free file names.
 */
public interface TckFixture extends AutoCloseable {

  /**
   * The provider to register: a new one for this fixture, bound to its server. The kit registers
   * it alone in a runtime (no {@code ServiceLoader} discovery), so its name is the plugin's name.
   */
  MiniRedirectorProvider provider();

  /** The server name in UNC paths ({@code files} in {@code \\files\docs}). */
  String server();

  /** An empty disk share on {@link #server()} that both users may read and write. */
  String share();

  /** The first user: may read and write {@link #share()}. */
  Logon user();

  /** A second, different user with the same rights (two views of one NET_ROOT, §9 pitfall 2). */
  Logon otherUser();

  /**
   * A logon the server refuses on {@link #share()} (a wrong password): its view fails on a NET_ROOT
   * that another user already holds (§9 pitfall 2). Empty when the server authenticates nobody; the
   * rules that need it are then aborted, not failed.
   */
  default Optional<Logon> refusedUser() {
    return Optional.empty();
  }

  /** A server name the plugin cannot reach ({@code BAD_NETWORK_PATH}, §6.1). */
  default String missingServer() {
    return "tck-no-such-server";
  }

  /** A share name {@link #server()} does not have ({@code BAD_NETWORK_NAME}, §6.1). */
  default String missingShare() {
    return "tck-no-such-share";
  }

  /**
   * Replaces the file {@code name} of {@link #share()} on the server with a new file holding {@code
   * content}, as another client would by renaming a file over it (as git does), without going
   * through the plugin (§9 pitfall 11). Answers false, the default, when the fixture cannot; the
   * rule that needs it is then aborted.
   *
   * @throws Exception when the server refuses
   */
  default boolean replaceOnServer(String name, byte[] content) throws Exception {
    return false;
  }

  /**
   * What the plugin claims, which gates the {@code optional_} rules. The descriptor's
   * capabilities unless the fixture knows better (a transport without oplocks, say).
   */
  default Set<Capability> capabilities() {
    return provider().descriptor().capabilities();
  }

  /**
   * Extra runtime settings for this plugin (keys start with {@code rdbss.}, such as {@code
   * rdbss.plugin.<name>.transport}); the kit adds its own ({@code rdbss.failOnLeak}, …) on top.
   */
  default Map<String, String> settings() {
    return Map.of();
  }

  /** Stops the server; called after the runtime closed. Does nothing unless overridden. */
  @Override
  default void close() throws Exception {}
}
