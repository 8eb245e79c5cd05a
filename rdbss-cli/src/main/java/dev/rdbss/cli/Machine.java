package dev.rdbss.cli;

import dev.rdbss.api.io.IoSession;
import dev.rdbss.api.io.Logon;
import dev.rdbss.core.RdbssRuntime;
import dev.rdbss.core.RdbssSettings;
import dev.rdbss.core.SystemClock;
import dev.rdbss.minirdr.csc.CscProvider;
import dev.rdbss.minirdr.smb.SmbProvider;
import dev.rdbss.minirdr.smb.sim.ShareRights;
import dev.rdbss.minirdr.smb.sim.SimNetwork;
import dev.rdbss.minirdr.smb.sim.SimServer;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The simulated Windows machine the demo, the shell and {@code tree} act on: a runtime with both
 * sample mini-redirectors, the users who log on to it, and the server they reach.
 *
 * <p>The CSC sample is asked first ({@code rdbss.providerOrder=csc,smb}) and caches the server
 * {@code \\files}; it reaches the server through the SMB sample's client. The SMB sample answers
 * every other server, and its device takes the embedded server's fault injection.
 *
 * <p>By default the server is the SMB sample's embedded simulated server, {@code \\files}, with the
 * shares {@code docs} (both users read and write) and {@code public} (alice writes, bob reads), and
 * the users {@code alice} and {@code bob}. With {@link ServerAddress an smb2:// address} the same
 * name {@code \\files} reaches a real SMB server through the {@code smb2} transport; the users and
 * the share are then the caller's.
 *
 * <p>Providers are handed to the runtime directly (no {@code ServiceLoader} search), so the runtime
 * holds exactly the plugins this machine configured, however the module path looks. Settings are
 * the {@code rdbss.*} system properties plus the machine's own; the CSC cache lives in a temporary
 * folder removed at {@link #close} ({@link CacheFolder}).
 */
final class Machine implements AutoCloseable {

  /** The server name every path uses, embedded or real. */
  static final String SERVER = "files";

  /** The embedded server's users and their passwords: sample data, printed nowhere. */
  static final Map<String, String> SAMPLE_USERS = sampleUsers();

  /**
   * How often CSC probes an unreachable server. Long, so that in the demo the share comes back
   * when the user asks ({@code csc online}), not when a timer happens to fire.
   */
  static final String PROBE_INTERVAL = "PT10M";

  private static Map<String, String> sampleUsers() {
    Map<String, String> users = new LinkedHashMap<>();
    users.put("alice", "wonderland");
    users.put("bob", "builder");
    return Collections.unmodifiableMap(users);
  }

  private final RdbssRuntime runtime;
  private final SystemClock clock;
  private final CscProvider csc;
  private final @Nullable SimNetwork network;
  private final @Nullable ServerAddress address;
  private final Map<String, String> passwords;
  private final List<String> shares;
  private final CacheFolder cacheFolder;

  private Machine(
      RdbssRuntime runtime,
      SystemClock clock,
      CscProvider csc,
      @Nullable SimNetwork network,
      @Nullable ServerAddress address,
      Map<String, String> passwords,
      List<String> shares,
      CacheFolder cacheFolder) {
    this.runtime = runtime;
    this.clock = clock;
    this.csc = csc;
    this.network = network;
    this.address = address;
    // Ordered: the first user is the one the shell starts as and the demo's first actor.
    this.passwords = Collections.unmodifiableMap(new LinkedHashMap<>(passwords));
    this.shares = List.copyOf(shares);
    this.cacheFolder = cacheFolder;
  }

  /**
   * A machine on the embedded server.
   *
   * @param runtimes the builder every runtime starts from (the command line's)
   */
  static Machine embedded(Supplier<RdbssRuntime.Builder> runtimes) {
    SystemClock clock = new SystemClock();
    SimNetwork network = new SimNetwork(clock);
    SimServer files = network.addServer(SERVER);
    SAMPLE_USERS.forEach(files::addUser);
    files.addShare("docs").grant("alice", ShareRights.READ_WRITE).grant("bob", ShareRights.READ_WRITE);
    files.addShare("public").grant("alice", ShareRights.READ_WRITE).grant("bob", ShareRights.READ_ONLY);
    CacheFolder cache = CacheFolder.create();
    CscProvider csc = new CscProvider(network);
    try {
      RdbssRuntime runtime =
          runtimes
              .get()
              .serviceLoaderDiscovery(false)
              .clock(clock)
              .settings(settings(cache, null))
              .provider(csc)
              .provider(new SmbProvider(network))
              .build();
      return new Machine(
          runtime, clock, csc, network, null, SAMPLE_USERS, List.of("docs", "public"), cache);
    } catch (RuntimeException e) {
      clock.close();
      cache.close();
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
    SystemClock clock = new SystemClock();
    CacheFolder cache = CacheFolder.create();
    CscProvider csc = CscProvider.smb2();
    try {
      RdbssRuntime runtime =
          runtimes
              .get()
              .serviceLoaderDiscovery(false)
              .clock(clock)
              .settings(settings(cache, address))
              .provider(csc)
              .provider(SmbProvider.smb2())
              .build();
      return new Machine(runtime, clock, csc, null, address, users, List.of(share), cache);
    } catch (RuntimeException e) {
      clock.close();
      cache.close();
      throw e;
    }
  }

  private static RdbssSettings settings(CacheFolder cache, @Nullable ServerAddress address) {
    String smb = RdbssSettings.PREFIX + "plugin." + SmbProvider.NAME + ".";
    String csc = RdbssSettings.PREFIX + "plugin." + CscProvider.NAME + ".";
    RdbssSettings.Builder settings =
        RdbssSettings.builder()
            .put(RdbssSettings.PROVIDER_ORDER, CscProvider.NAME + "," + SmbProvider.NAME)
            .put(csc + "servers", SERVER)
            .put(CacheFolder.SETTING, cache.path().toString())
            .put(csc + "probeInterval", PROBE_INTERVAL);
    if (address != null) {
      String where = address.host() + ":" + address.port();
      for (String plugin : List.of(smb, csc)) {
        settings.put(plugin + "smb2.address." + SERVER, where).put(plugin + "smb2.timeout", "PT10S");
      }
    }
    // rdbss.* system properties win: a user (or a test) can set any of these, or failOnLeak.
    return settings.systemProperties().build();
  }

  RdbssRuntime runtime() {
    return runtime;
  }

  /** The CSC provider, for its sync progress. */
  CscProvider csc() {
    return csc;
  }

  /** The embedded network, absent when the server is real. */
  Optional<SimNetwork> network() {
    return Optional.ofNullable(network);
  }

  /** The real server's address, absent for the embedded one. */
  Optional<ServerAddress> address() {
    return Optional.ofNullable(address);
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
    try {
      runtime.close();
    } finally {
      clock.close();
      cacheFolder.close();
    }
  }
}
