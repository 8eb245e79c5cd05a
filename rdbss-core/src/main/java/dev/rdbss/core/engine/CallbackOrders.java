package dev.rdbss.core.engine;

import java.util.SplittableRandom;

/**
 * Which of the permitted callback orders RDBSS follows where the spec allows more than one (§2.5,
 * §9 pitfall 7): the canonical order of §2.5, or, seeded, a random choice at each such point, so
 * that a plugin can be shown to tolerate every permitted order (the conformance kit's stochastic
 * rules use it). The points:
 *
 * <ul>
 *   <li>{@link Point#NET_ROOT_AFTER_VIEW}: when the last view of a share is finalized and freed at
 *       once, {@code finalizeNetRoot} may come before (canonical, order 5) or after that view's
 *       {@code finalizeVNetRoot}.
 *   <li>{@link Point#DEALLOCATE_FOBX_FIRST}: a close that is not delayed may close the server open
 *       before the FOBX is deallocated (canonical, order 3) or after (as a scavenged close does,
 *       order 4; nfs41 says only that the former "usually" follows the latter).
 * </ul>
 */
final class CallbackOrders {

  /** A point where more than one order is permitted. */
  enum Point {
    NET_ROOT_AFTER_VIEW,
    DEALLOCATE_FOBX_FIRST
  }

  /** Always the canonical order. */
  static final CallbackOrders CANONICAL = new CallbackOrders(null);

  private final @org.jspecify.annotations.Nullable SplittableRandom random;

  private CallbackOrders(@org.jspecify.annotations.Nullable SplittableRandom random) {
    this.random = random;
  }

  /** Random permitted orders from {@code seed}: the same seed, the same choices in sequence. */
  static CallbackOrders seeded(long seed) {
    return new CallbackOrders(new SplittableRandom(seed));
  }

  /** Whether to take the alternative (non-canonical) order at {@code point} this time. */
  synchronized boolean alternative(Point point) {
    return random != null && random.nextBoolean();
  }
}
