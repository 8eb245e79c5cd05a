package dev.rdbss.api;

/** V_NET_ROOT flags (spec §1.4). */
public enum VNetRootFlag implements BitFlag {
  /** The view belongs to the client-side-caching agent; such views never match other opens (§6.3). */
  CSCAGENT_INSTANCE(0x1);

  private final int bit;

  VNetRootFlag(int bit) {
    this.bit = bit;
  }

  @Override
  public int bit() {
    return bit;
  }
}
