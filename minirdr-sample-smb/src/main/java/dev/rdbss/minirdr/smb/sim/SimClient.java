package dev.rdbss.minirdr.smb.sim;

import dev.rdbss.api.Credentials;
import dev.rdbss.api.NtStatus;
import dev.rdbss.api.spi.Capability;
import dev.rdbss.minirdr.smb.client.OplockBreakListener;
import dev.rdbss.minirdr.smb.client.SmbClient;
import dev.rdbss.minirdr.smb.client.SmbResult;
import dev.rdbss.minirdr.smb.client.SmbSession;
import dev.rdbss.minirdr.smb.client.SmbTransports;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The {@code sim} transport: a client of a {@link SimNetwork}. Like an SMB client it keeps one
 * connection per server and shares it between sessions; a dead connection is replaced on the next
 * {@link #connect}. A request whose answer takes longer than the request timeout (on the network's
 * clock; only {@linkplain SimFaults#latency latency} makes one late) answers IO_TIMEOUT; requests
 * the server parks (blocking locks, change notifications, creates behind an oplock break) wait
 * without a bound, as after SMB2's interim response.
 */
final class SimClient implements SmbClient {

  private static final Set<Capability> CAPABILITIES =
      EnumSet.of(
          Capability.BYTE_RANGE_LOCKS,
          Capability.BUFFERING_STATE_CHANGES,
          Capability.CHANGE_NOTIFICATIONS,
          Capability.DIRECTORY_QUERY,
          Capability.RENAME,
          Capability.DELETE,
          Capability.VOLUME_INFORMATION);

  private final SimNetwork network;
  private final Duration requestTimeout;
  private final Map<SimServer, SimConnection> connections = new HashMap<>();
  private boolean closed;

  SimClient(SimNetwork network, Duration requestTimeout) {
    if (requestTimeout.isNegative() || requestTimeout.isZero()) {
      throw new IllegalArgumentException("the request timeout must be positive: " + requestTimeout);
    }
    this.network = network;
    this.requestTimeout = requestTimeout;
  }

  @Override
  public String transportName() {
    return SmbTransports.SIM;
  }

  @Override
  public Set<Capability> capabilities() {
    return CAPABILITIES;
  }

  @Override
  public CompletableFuture<NtStatus> probe(String server) {
    synchronized (this) {
      if (closed) {
        return CompletableFuture.completedFuture(NtStatus.CONNECTION_DISCONNECTED);
      }
    }
    return CompletableFuture.completedFuture(
        network.server(server).isPresent() ? NtStatus.SUCCESS : NtStatus.BAD_NETWORK_PATH);
  }

  @Override
  public CompletableFuture<SmbResult<SmbSession>> connect(
      String server, Credentials credentials, OplockBreakListener breaks) {
    SimServer target = network.server(server).orElse(null);
    if (target == null) {
      return CompletableFuture.completedFuture(SmbResult.failure(NtStatus.BAD_NETWORK_PATH));
    }
    SimConnection connection;
    synchronized (this) {
      if (closed) {
        return CompletableFuture.completedFuture(SmbResult.failure(NtStatus.CONNECTION_DISCONNECTED));
      }
      connection = connections.get(target);
      if (connection == null || !isAlive(connection)) {
        connection = target.newConnection(requestTimeout);
        connections.put(target, connection);
      }
    }
    return target.authenticate(connection, credentials, breaks);
  }

  private static boolean isAlive(SimConnection connection) {
    boolean[] alive = new boolean[1];
    connection.server.locked(() -> alive[0] = connection.isAlive());
    return alive[0];
  }

  @Override
  public void close() {
    Map<SimServer, SimConnection> toDrop;
    synchronized (this) {
      closed = true;
      toDrop = new HashMap<>(connections);
      connections.clear();
    }
    toDrop.forEach((server, connection) -> server.locked(() -> server.dropConnection(connection)));
  }

  @Override
  public String toString() {
    return "SimClient";
  }
}
