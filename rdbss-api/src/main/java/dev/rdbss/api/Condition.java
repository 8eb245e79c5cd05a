package dev.rdbss.api;

/**
 * The condition of a SRV_CALL, NET_ROOT, V_NET_ROOT, FCB or SRV_OPEN ({@code RX_BLOCK_CONDITION},
 * spec §1.3), with the numeric values of {@code mrx.h}.
 *
 * <p>A condition is <em>stable</em> when it is {@link #GOOD} or beyond. A request that finds an
 * object in an unstable condition waits: a synchronous waiter blocks until the condition is stable,
 * an asynchronous one receives {@link NtStatus#PENDING} and is resumed later.
 */
public enum Condition {
  UNINITIALIZED(0),
  IN_TRANSITION(1),
  CLOSING(2),
  GOOD(3),
  BAD(4),
  CLOSED(5);

  private final int value;

  Condition(int value) {
    this.value = value;
  }

  /** The {@code RX_BLOCK_CONDITION} value. */
  public int value() {
    return value;
  }

  /** Stable means {@code >= Good} (§1.3): waiters may proceed. */
  public boolean isStable() {
    return value >= GOOD.value;
  }

  /** The condition with the given {@code RX_BLOCK_CONDITION} value. */
  public static Condition of(int value) {
    for (Condition c : values()) {
      if (c.value == value) {
        return c;
      }
    }
    throw new IllegalArgumentException("no RX_BLOCK_CONDITION has the value " + value);
  }
}
