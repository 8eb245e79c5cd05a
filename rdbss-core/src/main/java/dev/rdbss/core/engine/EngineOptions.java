package dev.rdbss.core.engine;

import java.time.Duration;
import java.util.Objects;

/**
 * The runtime settings the engine of a device obeys (from {@code RdbssSettings}).
 *
 * @param creationTimeout how long RDBSS waits for the callback of {@code createSrvCall} or {@code
 *     createVNetRoot} before it gives up: the object goes Bad with BAD_NETWORK_PATH (§9 pitfall 1)
 * @param stopTimeout how long {@code stopMinirdr} waits for outstanding requests after cancelling
 *     them (§5.1 step 5)
 * @param ioTimeout how long a synchronous caller waits for {@code lowIoCompletion} after the
 *     mini-redirector answered PENDING; then the request ends with IO_TIMEOUT and a late completion
 *     is ignored (never a hang)
 */
public record EngineOptions(Duration creationTimeout, Duration stopTimeout, Duration ioTimeout) {

  /** The defaults: 30 s to create a connection object, 30 s for a stop to drain, 60 s for I/O. */
  public static final EngineOptions DEFAULTS =
      new EngineOptions(Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofSeconds(60));

  public EngineOptions {
    Objects.requireNonNull(creationTimeout, "creationTimeout");
    Objects.requireNonNull(stopTimeout, "stopTimeout");
    Objects.requireNonNull(ioTimeout, "ioTimeout");
    for (Duration d : new Duration[] {creationTimeout, stopTimeout, ioTimeout}) {
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException("engine timeouts must be positive: " + d);
      }
    }
  }
}
