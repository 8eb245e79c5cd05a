package dev.rdbss.minirdr.smb.sim;

import dev.rdbss.api.NtStatus;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * The answer to one request, sent once. A request that must wait (a blocking lock, a change
 * notification, a create behind an oplock break) {@linkplain #park() parks} its reply on the
 * connection, so that a lost connection still answers it.
 */
final class Reply<T> {

  private final SimServer server;
  private final SimConnection connection;
  private final CompletableFuture<T> future;
  private final Function<NtStatus, T> failure;
  private boolean sent;

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
    server.deliver(future, value);
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
      connection.parked.add(this);
    }
  }
}
