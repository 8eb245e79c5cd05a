package dev.rdbss.cli;

import dev.rdbss.api.io.IoSession;
import dev.rdbss.api.io.Logon;
import dev.rdbss.core.RdbssRuntime;
import dev.rdbss.core.RdbssSettings;
import dev.rdbss.minirdr.smb.SmbProvider;
import dev.rdbss.minirdr.smb.sim.ShareRights;
import dev.rdbss.minirdr.smb.sim.SimNetwork;
import dev.rdbss.minirdr.smb.sim.SimServer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The simulated Windows machine the demo, the shell and {@code tree} act on: a runtime with the
 * sample mini-redirectors, the users who log on to it, and the server they reach.
 *
 * <p>By default the server is the SMB sample's embedded simulated server, {@code \\files}, with the
 * shares {@code docs} (both users read and write) and {@code public} (alice writes, bob reads), and
 * the users {@code alice} and {@code bob}. With {@link ServerAddress an smb2:// address} the same
 * name {@code \\files} reaches a real SMB server through the SMB sample's {@code smb2} transport;
 * the users and the share are then the caller's.
 *
 * <p>Providers are handed to the runtime directly (no {@code ServiceLoader} search), so the runtime
 * holds exactly the plugins this machine configured, however the module path looks.
 */
final class Machine implements AutoCloseable {

  /** The server name every path uses, embedded or real. */
  static final String SERVER = "files";

  /** The embedded server's users and their passwords: sample data, printed nowhere. */
  static final Map<String, String> SAMPLE_USERS = sampleUsers();


  private static Map<String, String> sampleUsers() {
    Map<String, String> users = new LinkedHashMap<>();
    users.put("alice", "wonderland");
    users.put("bob", "builder");
    return java.util.Collections.unmodifiableMap(users);
  }

  private final RdbssRuntime runtime;
  private final @Nullable SimNetwork network;
  private final Map<String, String> passwords;
  private final List<String> shares;

  private Machine(
      RdbssRuntime runtime,
      @Nullable SimNetwork network,
      Map<String, String> passwords,
      List<String> shares) {
    this.runtime = runtime;
    this.network = network;
    // Ordered: the first user is the one the shell starts as and the demo's first actor.
    this.passwords = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(passwords));
    this.shares = List.copyOf(shares);
  }

  /**
   * A machine on the embedded server.
   *
   * @param runtimes the builder every runtime starts from (the command line's, so that tests can
   *     hand in their own clock or settings)
   */
  static Machine embedded(Supplier<RdbssRuntime.Builder> runtimes) {
    SmbProvider smb = new SmbProvider();
    RdbssRuntime runtime =
        runtimes.get().serviceLoaderDiscovery(false).provider(smb).build();
    try {
      // The provider built its network on the runtime's clock when the runtime created the
      // mini-redirector; servers added now are reachable at once.
      SimNetwork network =
          smb.simNetwork().orElseThrow(() -> new IllegalStateException("no simulated network"));
      SimServer files = network.addServer(SERVER);
      SAMPLE_USERS.forEach(files::addUser);
      files.addShare("docs").grant("alice", ShareRights.READ_WRITE).grant("bob", ShareRights.READ_WRITE);
      files
          .addShare("public")
          .grant("alice", ShareRights.READ_WRITE)
          .grant("bob", ShareRights.READ_ONLY);
      return new Machine(runtime, network, SAMPLE_USERS, List.of("docs", "public"));
    } catch (RuntimeException e) {
      runtime.close();
      throw e;
    }
  }

  /**
   * A machine whose {@code \\files} is a real SMB server.
   *
   * @param users user name to password, in the order the demo uses them
   * @param share the share the users map
   */
  static Machine real(
      Supplier<RdbssRuntime.Builder> runtimes,
      ServerAddress address,
      Map<String, String> users,
      String share) {
    String prefix = RdbssSettings.PREFIX + "plugin." + SmbProvider.NAME + ".";
    RdbssSettings settings =
        RdbssSettings.builder()
            .put(prefix + "smb2.address." + SERVER, address.host() + ":" + address.port())
            .put(prefix + "smb2.timeout", "PT10S")
            .build();
    RdbssRuntime runtime =
        runtimes
            .get()
            .serviceLoaderDiscovery(false)
            .settings(settings)
            .provider(SmbProvider.smb2())
            .build();
    return new Machine(runtime, null, users, List.of(share));
  }

  RdbssRuntime runtime() {
    return runtime;
  }

  /** The embedded network, absent when the server is real. */
  Optional<SimNetwork> network() {
    return Optional.ofNullable(network);
  }

  /** Whether {@code \\files} is the embedded server (fault injection works only there). */
  boolean isEmbedded() {
    return network != null;
  }

  /** The users who can log on, in order. */
  List<String> users() {
    return List.copyOf(passwords.keySet());
  }

  /** The shares of {@code \\files} the machine knows of. */
  List<String> shares() {
    return shares;
  }

  /** Whether {@code user} is one of this machine's users. */
  boolean knows(String user) {
    return passwords.containsKey(user.toLowerCase(Locale.ROOT));
  }

  /** Logs {@code user} on with the password the machine knows. */
  IoSession logon(String user) {
    String password = passwords.get(user.toLowerCase(Locale.ROOT));
    if (password == null) {
      throw new IllegalArgumentException("no user named '" + user + "' on this machine");
    }
    return runtime.logon(Logon.user(user.toLowerCase(Locale.ROOT), password));
  }

  /** The password of {@code user}, for an explicit {@code net use … /user:NAME}. */
  Optional<String> password(String user) {
    return Optional.ofNullable(passwords.get(user.toLowerCase(Locale.ROOT)));
  }

  @Override
  public void close() {
    runtime.close();
  }
}
