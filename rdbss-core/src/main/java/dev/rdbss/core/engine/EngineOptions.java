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
 */
public record EngineOptions(Duration creationTimeout, Duration stopTimeout) {

  /** The defaults: 30 s to create a connection object, 30 s for a stop to drain. */
  public static final EngineOptions DEFAULTS =
      new EngineOptions(Duration.ofSeconds(30), Duration.ofSeconds(30));

  public EngineOptions {
    Objects.requireNonNull(creationTimeout, "creationTimeout");
    Objects.requireNonNull(stopTimeout, "stopTimeout");
    if (creationTimeout.isNegative() || creationTimeout.isZero()) {
      throw new IllegalArgumentException("the creation timeout must be positive: " + creationTimeout);
    }
  }
}
