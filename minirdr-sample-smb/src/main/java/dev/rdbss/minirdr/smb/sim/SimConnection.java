package dev.rdbss.minirdr.smb.sim;

import dev.rdbss.api.NtStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A client's transport connection to a server: it dies when a fault drops it or the server
 * restarts, and every request on it then answers CONNECTION_DISCONNECTED. Guarded by the server's
 * lock.
 */
final class SimConnection {

  final SimServer server;
  private final long generation;
  private final Duration requestTimeout;
  private boolean dropped;
  final Set<Reply<?>> parked = new LinkedHashSet<>();
  /** Answers delayed by latency and not arrived yet. */
  final Set<Reply<?>> onTheWire = new LinkedHashSet<>();
  final List<SimSession> sessions = new ArrayList<>();

  SimConnection(SimServer server, long generation, Duration requestTimeout) {
    this.server = server;
    this.generation = generation;
    this.requestTimeout = requestTimeout;
  }

  /** How long the client waits for an answer that is not an interim one. */
  Duration requestTimeout() {
    return requestTimeout;
  }

  boolean isAlive() {
    return !dropped && server.generation() == generation;
  }

  /** Marks the connection dead and answers whatever waits on it, or was on its way back. */
  void drop() {
    dropped = true;
    for (Reply<?> reply : new ArrayList<>(parked)) {
      reply.fail(NtStatus.CONNECTION_DISCONNECTED);
    }
    parked.clear();
    for (Reply<?> reply : new ArrayList<>(onTheWire)) {
      reply.lost();
    }
    onTheWire.clear();
  }
}
