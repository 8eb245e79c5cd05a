package dev.rdbss.minirdr.smb.sim;

import dev.rdbss.api.Credentials;
import dev.rdbss.api.NtStatus;
import dev.rdbss.api.spi.Capability;
import dev.rdbss.minirdr.smb.client.OplockBreakListener;
import dev.rdbss.minirdr.smb.client.SmbClient;
import dev.rdbss.minirdr.smb.client.SmbResult;
import dev.rdbss.minirdr.smb.client.SmbSession;
import dev.rdbss.minirdr.smb.client.SmbTransports;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The {@code sim} transport: a client of a {@link SimNetwork}. Like an SMB client it keeps one
 * connection per server and shares it between sessions; a dead connection is replaced on the next
 * {@link #connect}.
 */
final class SimClient implements SmbClient {

  private static final Set<Capability> CAPABILITIES =
      EnumSet.of(
          Capability.BYTE_RANGE_LOCKS,
          Capability.BUFFERING_STATE_CHANGES,
          Capability.CHANGE_NOTIFICATIONS,
          Capability.DIRECTORY_QUERY,
          Capability.RENAME,
          Capability.DELETE);

  private final SimNetwork network;
  private final Map<SimServer, SimConnection> connections = new HashMap<>();
  private boolean closed;

  SimClient(SimNetwork network) {
    this.network = network;
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
        connection = target.newConnection();
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
