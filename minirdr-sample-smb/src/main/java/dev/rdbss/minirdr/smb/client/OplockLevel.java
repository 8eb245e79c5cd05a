package dev.rdbss.minirdr.smb.client;

/**
 * An SMB2 oplock level ({@code SMB2_OPLOCK_LEVEL_*}): the caching a client asks for on create and
 * what the server grants. A mini-redirector turns the granted level into its SRV_OPEN's buffering
 * state and a break into {@code indicateChangeOfBufferingState} (spec §7).
 */
public enum OplockLevel {
  /** No caching. */
  NONE(0x00),
  /** Read caching, shared with other opens. */
  LEVEL_II(0x01),
  /** Read and write caching, this open alone. */
  EXCLUSIVE(0x08),
  /** Exclusive, and the handle may be kept open after the user closes it. */
  BATCH(0x09);

  private final int value;

  OplockLevel(int value) {
    this.value = value;
  }

  /** The wire value. */
  public int value() {
    return value;
  }

  /** Whether the level lets the holder cache writes (EXCLUSIVE or BATCH). */
  public boolean cachesWrites() {
    return this == EXCLUSIVE || this == BATCH;
  }

  /** Whether the level lets the holder cache reads (anything but NONE). */
  public boolean cachesReads() {
    return this != NONE;
  }
}
