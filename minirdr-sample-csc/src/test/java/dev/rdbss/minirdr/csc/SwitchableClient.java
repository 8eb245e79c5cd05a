package dev.rdbss.minirdr.csc;

import dev.rdbss.api.Credentials;
import dev.rdbss.api.NtStatus;
import dev.rdbss.api.spi.Capability;
import dev.rdbss.minirdr.smb.client.OplockBreakListener;
import dev.rdbss.minirdr.smb.client.SmbClient;
import dev.rdbss.minirdr.smb.client.SmbResult;
import dev.rdbss.minirdr.smb.client.SmbSession;
import dev.rdbss.minirdr.smb.sim.SimNetwork;
import dev.rdbss.minirdr.smb.sim.SimServer;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The {@code sim} transport with a network cable the test can pull: while unplugged, the server
 * cannot be reached (probe and connect answer BAD_NETWORK_PATH, as an unreachable host does) and
 * every connection it had is dropped (the simulated server restarts, so requests on old sessions
 * answer CONNECTION_DISCONNECTED). Files on the server stay. Everything else is the real sim.
 */
final class SwitchableClient implements SmbClient {

  private final SmbClient inner;
  private final SimServer server;
  private volatile boolean unplugged;

  SwitchableClient(SimNetwork network, SimServer server) {
    this.inner = network.newClient();
    this.server = server;
  }

  /** The server becomes unreachable; its connections drop. */
  void unplug() {
    unplugged = true;
    server.restart();
  }

  /** The server can be reached again. */
  void plugIn() {
    unplugged = false;
  }

  @Override
  public String transportName() {
    return inner.transportName();
  }

  @Override
  public Set<Capability> capabilities() {
    return inner.capabilities();
  }

  @Override
  public CompletableFuture<NtStatus> probe(String name) {
    return unplugged && name.equalsIgnoreCase(server.name())
        ? CompletableFuture.completedFuture(NtStatus.BAD_NETWORK_PATH)
        : inner.probe(name);
  }

  @Override
  public CompletableFuture<SmbResult<SmbSession>> connect(
      String name, Credentials credentials, OplockBreakListener breaks) {
    return unplugged && name.equalsIgnoreCase(server.name())
        ? CompletableFuture.completedFuture(SmbResult.failure(NtStatus.BAD_NETWORK_PATH))
        : inner.connect(name, credentials, breaks);
  }

  @Override
  public void close() {
    inner.close();
  }
}
