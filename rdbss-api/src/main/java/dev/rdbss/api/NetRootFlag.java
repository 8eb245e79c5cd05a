package dev.rdbss.api;

/** NET_ROOT flags (spec §1.4, {@code NETROOT_FLAG_*}): low 16 bits public, high 16 bits private. */
public enum NetRootFlag implements BitFlag {
  SUPPORTS_SYMBOLIC_LINKS(0x1),
  DFS_AWARE_NETROOT(0x2),
  /** Private: {@code RxFinalizeNetRoot} is running (cleared again on a refused finalization, [S]). */
  FINALIZATION_IN_PROGRESS(0x40000),
  /** Private: the prefix entry was already removed from the netname table. */
  NAME_ALREADY_REMOVED(0x80000);

  private final int bit;

  NetRootFlag(int bit) {
    this.bit = bit;
  }

  @Override
  public int bit() {
    return bit;
  }
}
