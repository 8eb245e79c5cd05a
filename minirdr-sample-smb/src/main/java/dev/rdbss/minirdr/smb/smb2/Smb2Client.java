package dev.rdbss.minirdr.smb.smb2;

import com.hierynomus.smbj.SMBClient;
import com.hierynomus.smbj.SmbConfig;
import com.hierynomus.smbj.auth.AuthenticationContext;
import com.hierynomus.smbj.connection.Connection;
import com.hierynomus.smbj.session.Session;
import dev.rdbss.api.Credentials;
import dev.rdbss.api.NtStatus;
import dev.rdbss.api.spi.Capability;
import dev.rdbss.minirdr.smb.client.OplockBreakListener;
import dev.rdbss.minirdr.smb.client.Smb2Settings;
import dev.rdbss.minirdr.smb.client.SmbClient;
import dev.rdbss.minirdr.smb.client.SmbResult;
import dev.rdbss.minirdr.smb.client.SmbSession;
import dev.rdbss.minirdr.smb.client.SmbTransports;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The {@code smb2} transport. smbj's calls block, so each request runs on this client's own
 * threads and completes a future; every wait is bounded by {@link Smb2Settings#timeout()}, except a
 * change notification's, which waits for a change or for the connection to break.
 */
public final class Smb2Client implements SmbClient {

  private static final Set<Capability> CAPABILITIES =
      EnumSet.of(
          Capability.BYTE_RANGE_LOCKS,
          Capability.CHANGE_NOTIFICATIONS,
          Capability.DIRECTORY_QUERY,
          Capability.RENAME,
          Capability.DELETE,
          Capability.VOLUME_INFORMATION);

  private static final AtomicInteger CLIENTS = new AtomicInteger();

  private final Smb2Settings settings;
  private final SMBClient smbj;
  private final ExecutorService executor;

  /** A client reaching servers as {@code settings} say. */
  public Smb2Client(Smb2Settings settings) {
    this.settings = settings;
    long timeoutMillis = settings.timeout().toMillis();
    this.smbj =
        new SMBClient(
            SmbConfig.builder()
                .withTimeout(timeoutMillis, TimeUnit.MILLISECONDS)
                .withSocketFactory(new TimeoutSocketFactory((int) Math.min(Integer.MAX_VALUE, timeoutMillis)))
                .withDfsEnabled(false)
                .withTransportLayerFactory(new LossDetectingTransportFactory())
                .build());
    this.executor = Executors.newCachedThreadPool(new DaemonThreads("smb2-client-" + CLIENTS.incrementAndGet()));
  }

  @Override
  public String transportName() {
    return SmbTransports.SMB2;
  }

  /** Everything but {@link Capability#BUFFERING_STATE_CHANGES}: smbj has no oplocks or leases. */
  @Override
  public Set<Capability> capabilities() {
    return CAPABILITIES;
  }

  Smb2Settings settings() {
    return settings;
  }

  /**
   * Dials the server and negotiates; the connection stays in smbj's pool for the sessions that
   * follow.
   */
  @Override
  public CompletableFuture<NtStatus> probe(String server) {
    return submit(
        () -> {
          try {
            smbj.connect(settings.hostOf(server), settings.portOf(server));
            return NtStatus.SUCCESS;
          } catch (Exception e) {
            return Smb2Statuses.ofConnect(e);
          }
        },
        status -> status);
  }

  /**
   * Connects and authenticates. {@code breaks} is never called: the transport asks for no oplock.
   */
  @Override
  public CompletableFuture<SmbResult<SmbSession>> connect(
      String server, Credentials credentials, OplockBreakListener breaks) {
    return submit(
        () -> {
          SmbResult<SmbSession> first = connectOnce(server, credentials);
          if (first.status().equals(NtStatus.CONNECTION_DISCONNECTED)) {
            // smbj pools one connection per host and port and still hands out one whose server
            // went away (its socket is not closed until used); connectOnce closed it, so the
            // second try dials anew.
            return connectOnce(server, credentials);
          }
          return first;
        },
        SmbResult::failure);
  }

  private SmbResult<SmbSession> connectOnce(String server, Credentials credentials) {
    Connection connection;
    try {
      connection = smbj.connect(settings.hostOf(server), settings.portOf(server));
    } catch (Exception e) {
      return SmbResult.failure(Smb2Statuses.ofConnect(e));
    }
    char[] password = credentials.password();
    try {
      String domain = credentials.domain();
      Session session =
          connection.authenticate(
              new AuthenticationContext(credentials.userName(), password, domain == null ? "" : domain));
      return SmbResult.success(new Smb2Session(this, server, credentials.userName(), session));
    } catch (Exception e) {
      NtStatus status = Smb2Statuses.of(e);
      if (status.equals(NtStatus.CONNECTION_DISCONNECTED)) {
        closeQuietly(connection);
      }
      return SmbResult.failure(status);
    } finally {
      Arrays.fill(password, '\0');
    }
  }

  private static void closeQuietly(Connection connection) {
    try {
      connection.close(true);
    } catch (Exception alreadyBroken) {
      // The connection is dead either way; closing only takes it out of smbj's pool.
    }
  }

  /**
   * Runs blocking smbj work on the client's threads. Whatever escapes {@code work} becomes a
   * status: a future of this transport never completes exceptionally.
   */
  <T> CompletableFuture<T> submit(Supplier<T> work, java.util.function.Function<NtStatus, T> failure) {
    CompletableFuture<T> future = new CompletableFuture<>();
    try {
      executor.execute(
          () -> {
            try {
              future.complete(work.get());
            } catch (RuntimeException e) {
              future.complete(failure.apply(Smb2Statuses.of(e)));
            }
          });
    } catch (java.util.concurrent.RejectedExecutionException e) {
      future.complete(failure.apply(NtStatus.CONNECTION_DISCONNECTED)); // the client is closed
    }
    return future;
  }

  /** Runs {@code task} on the client's threads (or not at all once the client is closed). */
  void execute(Runnable task) {
    try {
      executor.execute(task);
    } catch (java.util.concurrent.RejectedExecutionException closed) {
      task.run(); // the task then finds the connection closed and answers with a status
    }
  }

  @Override
  public void close() {
    executor.shutdownNow();
    smbj.close();
  }

  @Override
  public String toString() {
    return "Smb2Client[port " + settings.port() + "]";
  }

  private static final class DaemonThreads implements ThreadFactory {
    private final String prefix;
    private final AtomicInteger count = new AtomicInteger();

    DaemonThreads(String prefix) {
      this.prefix = prefix;
    }

    @Override
    public Thread newThread(Runnable task) {
      Thread thread = new Thread(task, prefix + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    }
  }
}
