package dev.rdbss.api;

/** FOBX flags (spec §1.4, {@code FOBX_FLAG_*}): low 16 bits public, high 16 bits private. */
public enum FobxFlag implements BitFlag {
  DFS_OPEN(0x1),
  BAD_HANDLE(0x2),
  BACKUP_INTENT(0x4),
  MATCH_ALL(0x10000),
  FREE_UNICODE(0x20000),
  USER_SET_LAST_WRITE(0x40000),
  USER_SET_LAST_ACCESS(0x80000),
  USER_SET_CREATION(0x100000),
  USER_SET_LAST_CHANGE(0x200000),
  DELETE_ON_CLOSE(0x800000),
  SRVOPEN_CLOSED(0x1000000),
  UNC_NAME(0x2000000),
  ENCLOSED_ALLOCATED(0x4000000),
  MARKED_AS_DORMANT(0x8000000);

  private final int bit;

  FobxFlag(int bit) {
    this.bit = bit;
  }

  @Override
  public int bit() {
    return bit;
  }
}
