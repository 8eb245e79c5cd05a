package dev.rdbss.api;

/**
 * The simulated interrupt request level of a thread (ARCHITECTURE.md §3.3, spec §3.3). Every thread
 * starts at {@link #PASSIVE_LEVEL}; {@code Rdbss.raiseIrql} raises it for a scope. Routines that the
 * spec bounds at {@code <= APC_LEVEL} bugcheck with {@code IRQL_NOT_LESS_OR_EQUAL} above it.
 */
public enum Irql {
  PASSIVE_LEVEL(0),
  APC_LEVEL(1),
  DISPATCH_LEVEL(2);

  private final int value;

  Irql(int value) {
    this.value = value;
  }

  /** The numeric level. */
  public int value() {
    return value;
  }

  /** True when this level is at most {@code bound}. */
  public boolean isAtMost(Irql bound) {
    return value <= bound.value;
  }
}
