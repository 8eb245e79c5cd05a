package dev.rdbss.api;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * FCB state flags (spec §1.4, {@code FCB_STATE_*}). The nine {@code *_ENABLED} bits, from
 * {@link #FILETIMECACHEING} to {@link #WRITECACHING} below, form the buffering mask (§7.1); a
 * SRV_OPEN's {@code BufferingFlags} use the same bits.
 */
public enum FcbState implements BitFlag {
  DELETE_ON_CLOSE(0x1),
  TRUNCATE_ON_CLOSE(0x2),
  PAGING_FILE(0x4),
  DISABLE_LOCAL_BUFFERING(0x10),
  TEMPORARY(0x20),
  BUFFERING_STATE_CHANGE_PENDING(0x40),
  ORPHANED(0x80),
  READAHEAD_DEFERRED(0x100),
  DELAY_CLOSE(0x800),
  FAKEFCB(0x1000),
  BUFFERSTATE_CHANGING(0x2000),
  SPECIAL_PATH(0x20000),
  TIME_AND_SIZE_ALREADY_SET(0x40000),
  FILETIMECACHEING(0x80000),
  FILESIZECACHEING(0x100000),
  LOCK_BUFFERING(0x200000),
  COLLAPSING(0x400000),
  OPENSHARING(0x800000),
  READBUFFERING(0x1000000),
  READCACHING(0x2000000),
  WRITEBUFFERING(0x4000000),
  WRITECACHING(0x8000000),
  NAME_ALREADY_REMOVED(0x10000000),
  ADDEDBACKSLASH(0x20000000),
  FOBX_USED(0x40000000),
  SRVOPEN_USED(0x80000000);

  /** The nine buffering bits (§7.1). */
  public static final Set<FcbState> BUFFERING_MASK =
      Collections.unmodifiableSet(
          EnumSet.of(
              FILETIMECACHEING,
              FILESIZECACHEING,
              LOCK_BUFFERING,
              COLLAPSING,
              OPENSHARING,
              READBUFFERING,
              READCACHING,
              WRITEBUFFERING,
              WRITECACHING));

  private final int bit;

  FcbState(int bit) {
    this.bit = bit;
  }

  @Override
  public int bit() {
    return bit;
  }

  /** Whether this bit belongs to the buffering mask. */
  public boolean isBufferingFlag() {
    return BUFFERING_MASK.contains(this);
  }

  /** FCB state is RDBSS's; a mini-redirector grants buffering through its SRV_OPEN instead. */
  @Override
  public boolean isMiniRdrVisible() {
    return false;
  }
}
