package dev.rdbss.api;

/** SRV_OPEN flags (spec §1.4, {@code SRVOPEN_FLAG_*}): low 16 bits public, high 16 bits private. */
public enum SrvOpenFlag implements BitFlag {
  DONTUSE_READ_CACHING(0x1),
  DONTUSE_WRITE_CACHING(0x2),
  CLOSED(0x4),
  CLOSE_DELAYED(0x8),
  FILE_RENAMED(0x10),
  FILE_DELETED(0x20),
  BUFFERING_STATE_CHANGE_PENDING(0x40),
  COLLAPSING_DISABLED(0x80),
  BUFFERING_STATE_CHANGE_REQUESTS_PURGED(0x100),
  NO_BUFFERING_STATE_CHANGE(0x200),
  ORPHANED(0x400),
  ENCLOSED_ALLOCATED(0x10000),
  FOBX_USED(0x20000),
  SHAREACCESS_UPDATED(0x40000);

  private final int bit;

  SrvOpenFlag(int bit) {
    this.bit = bit;
  }

  @Override
  public int bit() {
    return bit;
  }
}
