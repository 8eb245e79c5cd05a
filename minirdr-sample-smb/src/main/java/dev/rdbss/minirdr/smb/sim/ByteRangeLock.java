package dev.rdbss.minirdr.smb.sim;

import dev.rdbss.minirdr.smb.client.ByteRange;

/**
 * A granted byte-range lock. The conflict rules are Samba's ({@code brl_conflict}), which follow
 * Windows: shared locks never conflict with each other; an exclusive lock conflicts with every
 * overlapping lock, the holder's own included, except that a shared lock may stack on the same
 * open's exclusive lock.
 */
record ByteRangeLock(SimOpen owner, ByteRange range, boolean exclusive) {

  /** Whether a new lock request conflicts with this granted lock. */
  boolean blocksLock(SimOpen requester, ByteRange wanted, boolean wantExclusive) {
    if (!range.overlaps(wanted)) {
      return false;
    }
    if (!exclusive && !wantExclusive) {
      return false;
    }
    return !(exclusive && !wantExclusive && owner == requester);
  }

  /** Whether a read by {@code reader} of {@code wanted} must fail with FILE_LOCK_CONFLICT. */
  boolean blocksRead(SimOpen reader, ByteRange wanted) {
    return exclusive && owner != reader && range.overlaps(wanted);
  }

  /**
   * Whether a write must fail: any other open's lock, and a shared lock even of the writer's own
   * open (Samba: "incoming WRITE locks conflict with existing READ locks even if the context is
   * the same").
   */
  boolean blocksWrite(SimOpen writer, ByteRange wanted) {
    return range.overlaps(wanted) && (owner != writer || !exclusive);
  }
}
