package dev.rdbss.minirdr.smb.sim;

import dev.rdbss.api.Credentials;
import dev.rdbss.api.NtStatus;
import dev.rdbss.api.spi.RdbssClock;
import dev.rdbss.minirdr.smb.client.OplockBreakListener;
import dev.rdbss.minirdr.smb.client.SmbResult;
import dev.rdbss.minirdr.smb.client.SmbSession;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * One simulated SMB server: users with passwords, shares, and the state of every open. Requests
 * are handled one at a time under the server's lock, which makes the simulation deterministic;
 * answers and oplock breaks are delivered after the lock is released (or later, with {@linkplain
 * SimFaults#latency injected latency}), so a client callback may call the server again.
 */
public final class SimServer {

  /** How long an oplock holder has to acknowledge a break before the server lowers it itself. */
  public static final Duration OPLOCK_BREAK_TIMEOUT = Duration.ofSeconds(35);

  private final String name;
  private final RdbssClock clock;
  private final ReentrantLock lock = new ReentrantLock();
  private final java.util.concurrent.locks.Condition requestHandled = lock.newCondition();
  // Deliveries collected while the lock is held; run by the thread that releases it.
  private final List<Runnable> outbox = new ArrayList<>();
  // Work that must see the whole request's effect, run under the lock just before it is released.
  private final java.util.LinkedHashSet<Runnable> endOfRequest = new java.util.LinkedHashSet<>();
  private final Map<String, char[]> users = new ConcurrentHashMap<>();
  private final Map<String, SimShare> shares = new ConcurrentHashMap<>();
  private final SimFaults faults = new SimFaults();
  private final List<SimConnection> connections = new ArrayList<>();
  private long generation;
  private long requests;
  private long nextId = 1;

  SimServer(String name, RdbssClock clock) {
    this.name = name;
    this.clock = clock;
  }

  /** The server's name. */
  public String name() {
    return name;
  }

  /** Adds (or replaces) a user; user names are case-insensitive, passwords are not. */
  public SimServer addUser(String user, String password) {
    users.put(user.toLowerCase(Locale.ROOT), password.toCharArray());
    return this;
  }

  /** Adds a disk share with an empty root directory. */
  public SimShare addShare(String shareName) {
    SimShare share = new SimShare(shareName, this);
    if (shares.putIfAbsent(shareName.toLowerCase(Locale.ROOT), share) != null) {
      throw new IllegalArgumentException("a share is already named " + shareName);
    }
    return share;
  }

  /** The share named {@code shareName}, if any. */
  public Optional<SimShare> share(String shareName) {
    return Optional.ofNullable(shares.get(shareName.toLowerCase(Locale.ROOT)));
  }

  /** The faults injected into this server. */
  public SimFaults faults() {
    return faults;
  }

  /** How many requests the server has received (connection setup included). */
  public long requestCount() {
    lock.lock();
    try {
      return requests;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits until the server has handled at least {@code count} requests ({@link #requestCount()}),
   * for at most {@code timeout} of real time. For a host that drives a manual clock while a request
   * runs on another thread: once this returns true, a delayed answer is already scheduled on the
   * clock, so advancing it delivers that answer.
   *
   * @return whether the count was reached in time
   */
  public boolean awaitRequestCount(long count, Duration timeout) throws InterruptedException {
    long nanos = timeout.toNanos();
    lock.lock();
    try {
      while (requests < count) {
        if (nanos <= 0) {
          return false;
        }
        nanos = requestHandled.awaitNanos(nanos);
      }
      return true;
    } finally {
      unlockAndDeliver();
    }
  }

  /**
   * Restarts the server, as after a crash: every connection dies (waiting requests answer
   * CONNECTION_DISCONNECTED, later ones too), every open, lock, oplock and pending delete is
   * forgotten; files and directories stay. Clients reconnect with a new {@code connect}.
   */
  public void restart() {
    locked(
        () -> {
          generation++;
          for (SimConnection c : new ArrayList<>(connections)) {
            c.drop();
          }
          connections.clear();
          for (SimShare share : shares.values()) {
            share.files.forgetAllOpens();
          }
        });
  }

  // ---- Package-private: the request plumbing used by the client-side handles --------------------

  long generation() {
    return generation;
  }

  RdbssClock clock() {
    return clock;
  }

  Instant now() {
    return clock.instant();
  }

  long nextId() {
    return nextId++;
  }

  SimConnection newConnection(Duration requestTimeout) {
    lock.lock();
    try {
      SimConnection c = new SimConnection(this, generation, requestTimeout);
      connections.add(c);
      return c;
    } finally {
      unlockAndDeliver();
    }
  }

  /**
   * Runs one request: counts it, applies the connection faults, then {@code operation} under the
   * lock. The operation answers through the reply, now or later.
   */
  <T> CompletableFuture<T> call(
      SimConnection connection, Function<NtStatus, T> failure, Consumer<Reply<T>> operation) {
    CompletableFuture<T> future = new CompletableFuture<>();
    locked(
        () -> {
          Reply<T> reply = new Reply<>(this, connection, future, failure);
          requests++;
          if (!connection.isAlive()) {
            reply.fail(NtStatus.CONNECTION_DISCONNECTED);
            return;
          }
          try {
            if (faults.countRequestAndCheckDisconnect()) {
              reply.fail(NtStatus.CONNECTION_DISCONNECTED);
              dropConnection(connection);
              return;
            }
            operation.accept(reply);
          } finally {
            requestHandled.signalAll();
          }
        });
    return future;
  }

  /** SESSION_SETUP: checks the user and password. */
  CompletableFuture<SmbResult<SmbSession>> authenticate(
      SimConnection connection, Credentials credentials, OplockBreakListener breaks) {
    return call(
        connection,
        SmbResult::failure,
        reply -> {
          char[] expected = users.get(credentials.userName().toLowerCase(Locale.ROOT));
          char[] given = credentials.password();
          try {
            if (expected == null || !Arrays.equals(expected, given)) {
              // Samba with "map to guest = never" answers an unknown user like a wrong password.
              reply.fail(NtStatus.LOGON_FAILURE);
              return;
            }
          } finally {
            Arrays.fill(given, '\0');
          }
          SimSession session = new SimSession(this, connection, credentials.userName(), breaks);
          connection.sessions.add(session);
          reply.send(SmbResult.success(session));
        });
  }

  /** Runs {@code action} under the lock, then delivers what it produced. */
  void locked(Runnable action) {
    lock.lock();
    try {
      action.run();
    } finally {
      unlockAndDeliver();
    }
  }

  /**
   * Runs {@code task} once, under the lock, when the current request is done (so that, for example,
   * the two changes of a rename reach a waiting watcher in one notification, as on Samba). Must be
   * called under the lock; adding the same task twice runs it once.
   */
  void atEndOfRequest(Runnable task) {
    endOfRequest.add(task);
  }

  private void unlockAndDeliver() {
    while (!endOfRequest.isEmpty()) {
      List<Runnable> tasks = new ArrayList<>(endOfRequest);
      endOfRequest.clear();
      tasks.forEach(Runnable::run);
    }
    List<Runnable> deliveries = new ArrayList<>(outbox);
    outbox.clear();
    lock.unlock();
    for (Runnable delivery : deliveries) {
      delivery.run();
    }
  }

  /** Runs {@code delivery} once the lock is released (at once when it is not held). */
  void post(Runnable delivery) {
    if (lock.isHeldByCurrentThread()) {
      outbox.add(delivery);
    } else {
      delivery.run();
    }
  }

  /** Sends a server-to-client message (an oplock break), after the injected latency if any. */
  void send(Runnable message) {
    Objects.requireNonNull(message);
    Duration latency = faults.latency();
    if (latency.isZero()) {
      post(message);
    } else {
      clock.schedule(latency, message);
    }
  }

  /** Drops a connection: its waiting requests fail, its opens are closed as by CLOSE. */
  void dropConnection(SimConnection connection) {
    connection.drop();
    connections.remove(connection);
    for (SimSession session : connection.sessions) {
      session.closeAll();
    }
  }

  @Override
  public String toString() {
    return "SimServer[" + name + "]";
  }
}
