package dev.rdbss.api;

/**
 * SRV_CALL flags (spec §1.4, {@code SRVCALL_FLAG_*}). The winning mini-redirector sets the two case
 * flags in {@code srvCallWinnerNotify}; the others are RDBSS's.
 */
public enum SrvCallFlag implements BitFlag {
  CASE_INSENSITIVE_NETROOTS(0x4),
  CASE_INSENSITIVE_FILENAMES(0x8),
  DFS_AWARE_SERVER(0x10),
  /** Set when finalization was forced; remembered for the deferred worker finalization (§2.4). */
  FORCE_FINALIZED(0x20);

  private final int bit;

  SrvCallFlag(int bit) {
    this.bit = bit;
  }

  @Override
  public int bit() {
    return bit;
  }

  /** Only the case flags are a mini-redirector's to set (ARCHITECTURE.md §3.2). */
  @Override
  public boolean isMiniRdrVisible() {
    return this == CASE_INSENSITIVE_NETROOTS || this == CASE_INSENSITIVE_FILENAMES;
  }
}
