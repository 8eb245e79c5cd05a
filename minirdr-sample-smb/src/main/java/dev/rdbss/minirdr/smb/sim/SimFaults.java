package dev.rdbss.minirdr.smb.sim;

import dev.rdbss.api.NtStatus;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Faults a test or the CLI injects into one {@link SimServer}. Each takes effect from the next
 * request on; {@link #clear()} removes them all. (A server restart is {@link SimServer#restart()}.)
 */
public final class SimFaults {

  private volatile Duration latency = Duration.ZERO;
  // Requests still to go before the connection drops; 0 means no such fault. Guarded by the
  // server's lock, like the request count it is compared with.
  private long disconnectCountdown;
  private final Map<String, NtStatus> failingPaths = new ConcurrentHashMap<>();

  SimFaults() {}

  /**
   * Delays every answer (and every oplock break) by {@code delay} on the server's clock. The
   * server's state changes at once; only the delivery waits, as on a slow network. The server
   * never sleeps: with a manual clock, answers arrive when the test advances it.
   */
  public SimFaults latency(Duration delay) {
    if (delay.isNegative()) {
      throw new IllegalArgumentException("latency must not be negative: " + delay);
    }
    this.latency = delay;
    return this;
  }

  /** The current latency. */
  public Duration latency() {
    return latency;
  }

  /**
   * Drops the connection of the {@code n}th request from now (1 = the very next one): that request
   * and every later one on the same connection answer CONNECTION_DISCONNECTED, as when the TCP
   * connection breaks; the server closes that connection's opens. One shot: a new connection works.
   */
  public synchronized SimFaults disconnectAtRequest(long n) {
    if (n < 1) {
      throw new IllegalArgumentException("n counts from 1: " + n);
    }
    disconnectCountdown = n;
    return this;
  }

  /**
   * Makes every request on {@code path} of {@code share} (create, and read, write, flush, query and
   * set on its opens) answer {@code status} until cleared. Names compare case-insensitively.
   */
  public SimFaults failPath(String share, String path, NtStatus status) {
    Objects.requireNonNull(status, "status");
    failingPaths.put(key(share, path), status);
    return this;
  }

  /** Stops failing {@code path}. */
  public SimFaults clearPath(String share, String path) {
    failingPaths.remove(key(share, path));
    return this;
  }

  /** Removes every fault. */
  public synchronized SimFaults clear() {
    latency = Duration.ZERO;
    disconnectCountdown = 0;
    failingPaths.clear();
    return this;
  }

  /** Counts one request; true when it is the one whose connection drops. */
  synchronized boolean countRequestAndCheckDisconnect() {
    if (disconnectCountdown == 0) {
      return false;
    }
    disconnectCountdown--;
    return disconnectCountdown == 0;
  }

  @Nullable NtStatus failureFor(String share, String path) {
    return failingPaths.isEmpty() ? null : failingPaths.get(key(share, path));
  }

  private static String key(String share, String path) {
    return (share + "\\" + path).toLowerCase(Locale.ROOT);
  }
}
