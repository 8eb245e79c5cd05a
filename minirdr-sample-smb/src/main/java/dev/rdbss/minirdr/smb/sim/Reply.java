package dev.rdbss.minirdr.smb.sim;

import dev.rdbss.api.NtStatus;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * The answer to one request, sent once. A request that must wait (a blocking lock, a change
 * notification, a create behind an oplock break) {@linkplain #park() parks} its reply on the
 * connection, so that a lost connection still answers it; like SMB2's interim response, parking
 * also tells the client to wait without a timeout. An answer delayed by {@linkplain
 * SimFaults#latency injected latency} is on the wire until it arrives: a connection lost meanwhile
 * answers CONNECTION_DISCONNECTED instead, and a client whose request timeout passes first sees
 * IO_TIMEOUT.
 */
final class Reply<T> {

  private final SimServer server;
  private final SimConnection connection;
  private final CompletableFuture<T> future;
  private final Function<NtStatus, T> failure;
  private boolean sent;
  private boolean interim;
  private boolean onTheWire;
  private dev.rdbss.api.spi.RdbssClock.@org.jspecify.annotations.Nullable Timer timeout;

  Reply(SimServer server, SimConnection connection, CompletableFuture<T> future, Function<NtStatus, T> failure) {
    this.server = server;
    this.connection = connection;
    this.future = future;
    this.failure = failure;
  }

  SimConnection connection() {
    return connection;
  }

  /** Sends {@code value}; later sends are ignored (the first answer wins, as on the wire). */
  void send(T value) {
    if (sent) {
      return;
    }
    sent = true;
    connection.parked.remove(this);
    Duration latency = server.faults().latency();
    if (latency.isZero()) {
      server.post(() -> future.complete(value));
      return;
    }
    onTheWire = true;
    connection.onTheWire.add(this);
    server.clock().schedule(latency, () -> server.locked(() -> arrive(value)));
    if (!interim) {
      // The client gives up after its request timeout; the answer may still be under way.
      timeout =
          server.clock().schedule(
              connection.requestTimeout(), () -> future.complete(failure.apply(NtStatus.IO_TIMEOUT)));
    }
  }

  private void arrive(T value) {
    if (onTheWire) {
      onTheWire = false;
      connection.onTheWire.remove(this);
      cancelTimeout();
      server.post(() -> future.complete(value));
    }
  }

  /** The connection dropped while the answer was on its way. Under the server's lock. */
  void lost() {
    if (onTheWire) {
      onTheWire = false;
      cancelTimeout();
      server.post(() -> future.complete(failure.apply(NtStatus.CONNECTION_DISCONNECTED)));
    }
  }

  private void cancelTimeout() {
    var t = timeout;
    if (t != null) {
      t.cancel();
      timeout = null;
    }
  }

  /** Sends the failure form of {@code status}. */
  void fail(NtStatus status) {
    send(failure.apply(status));
  }

  boolean isSent() {
    return sent;
  }

  /** Keeps the reply answerable by a connection loss while it waits. */
  void park() {
    if (!sent) {
      interim = true;
      connection.parked.add(this);
    }
  }
}
