package dev.rdbss.api;

/**
 * The {@code Level} argument of {@code RxFinalizeConnection} (spec §4.3, §11).
 *
 * <p>Note that {@link #NO_FORCE_DROP_CONNECTION_REFERENCE} (0xFF) does <em>not</em> force: it
 * behaves like {@link #NO_FORCE} and in addition drops the extra connection reference taken by the
 * first tree-connect open.
 */
public enum ConnectionFinalizeLevel {
  /** {@code FALSE}: fail with FILES_OPEN while files or change notifications are open. */
  NO_FORCE(0x00, false),
  /** {@code TRUE}: succeed regardless; orphan open files and close change notifications. */
  FORCE_FILES_CLOSED(0x01, true),
  /** {@code 0xFF}: like {@link #NO_FORCE}, and drop the tree-connect's connection reference. */
  NO_FORCE_DROP_CONNECTION_REFERENCE(0xFF, false);

  private final int value;
  private final boolean forces;

  ConnectionFinalizeLevel(int value, boolean forces) {
    this.value = value;
    this.forces = forces;
  }

  /** The value Windows passes. */
  public int value() {
    return value;
  }

  /** Whether open files are forced closed (orphaned). */
  public boolean forcesFilesClosed() {
    return forces;
  }

  /** Whether the tree-connect's extra connection reference is dropped even on failure. */
  public boolean dropsConnectionReference() {
    return this == NO_FORCE_DROP_CONNECTION_REFERENCE;
  }
}
