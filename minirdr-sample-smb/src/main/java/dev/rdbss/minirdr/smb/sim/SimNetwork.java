package dev.rdbss.minirdr.smb.sim;

import dev.rdbss.api.spi.RdbssClock;
import dev.rdbss.minirdr.smb.client.SmbClient;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The simulated network: the servers a {@code sim} client can reach, by name. A name that is not
 * here answers BAD_NETWORK_PATH, as an unknown host does.
 *
 * <pre>{@code
 * SimNetwork network = new SimNetwork(rdbss.clock());
 * SimServer files = network.addServer("files");
 * files.addUser("alice", "secret");
 * files.addShare("docs").grant("alice", ShareRights.READ_WRITE);
 * SmbClient client = SmbTransports.sim(network);
 * }</pre>
 */
public final class SimNetwork {

  private final RdbssClock clock;
  private final Map<String, SimServer> servers = new ConcurrentHashMap<>();

  /**
   * A network whose servers take time from {@code clock}: file times, oplock break timeouts and
   * injected latency.
   */
  public SimNetwork(RdbssClock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Adds a server; names are case-insensitive. */
  public SimServer addServer(String name) {
    SimServer server = new SimServer(name, clock);
    if (servers.putIfAbsent(key(name), server) != null) {
      throw new IllegalArgumentException("a server is already named " + name);
    }
    return server;
  }

  /** The server named {@code name}, if there is one. */
  public Optional<SimServer> server(String name) {
    return Optional.ofNullable(servers.get(key(name)));
  }

  /** How long a client waits for an answer unless told otherwise (as the smb2 transport). */
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);

  /** A new client of this network (the {@code sim} transport) with the default request timeout. */
  public SmbClient newClient() {
    return new SimClient(this, DEFAULT_REQUEST_TIMEOUT);
  }

  /**
   * A new client whose requests answer IO_TIMEOUT when no answer came within {@code
   * requestTimeout} on the network's clock (only injected latency makes an answer late).
   */
  public SmbClient newClient(Duration requestTimeout) {
    return new SimClient(this, requestTimeout);
  }

  RdbssClock clock() {
    return clock;
  }

  private static String key(String name) {
    return name.toLowerCase(Locale.ROOT);
  }
}
