package dev.rdbss.core.engine;

import dev.rdbss.api.NtStatus;
import dev.rdbss.api.spi.LowIoParameters;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The byte-range locks of one FCB: what FsRtl's file lock package keeps for RDBSS in {@code
 * Fcb->FileLock} (spec §5.2 low I/O SHAREDLOCK / EXCLUSIVELOCK / UNLOCK / UNLOCK_MULTIPLE, §6.6).
 * RDBSS decides locally whether a lock can be granted and whether a read or write runs into one;
 * only a lock granted here reaches the mini-redirector.
 *
 * <p>A lock belongs to a handle (the FILE_OBJECT) and a key; Windows adds the process, which the
 * simulation folds into the handle. The rules are FsRtl's:
 *
 * <ul>
 *   <li>An exclusive request conflicts with every overlapping lock, the handle's own included; a
 *       shared request conflicts with overlapping exclusive locks of another owner.
 *   <li>A read conflicts with overlapping exclusive locks of another owner; a write conflicts with
 *       those and with <em>every</em> overlapping shared lock, its own owner's included (a shared
 *       lock makes a range read-only for everyone, as {@code FsRtlFastCheckLockForWrite} and the
 *       {@code LockFileEx} documentation say).
 *   <li>Zero-length ranges overlap nothing (FsRtl grants them and they block no I/O).
 * </ul>
 *
 * <p>A lock request that conflicts either fails at once (LOCK_NOT_GRANTED) or waits, in Windows as
 * an IRP pended in the lock's waiting queue, here on the caller's thread. The wait has no time
 * limit, as in Windows: the lock is held by another handle of the same machine, not by a slow
 * server, so RDBSS's I/O timeout (which bounds the mini-redirector) does not apply. It ends when the
 * conflicting locks go (unlock, unlock-all, their handle's cleanup; waiters are granted in arrival
 * order), when the waiter's own handle is cleaned up (RANGE_NOT_LOCKED, as FsRtl's unlock-all
 * completes the handle's waiting locks), or when the waiting thread is interrupted (CANCELLED, the
 * IRP cancel of a waiting lock).
 *
 * <p>A lock granted here is first <em>reserved</em>: it already conflicts with others while RDBSS
 * asks the mini-redirector for it, and is confirmed or withdrawn with the answer. Likewise a lock
 * being unlocked keeps conflicting until the server has released it, so that a waiter never reaches
 * the server before the release does.
 *
 * <p>The table's monitor is a leaf: nothing is acquired while holding it.
 */
final class ByteRangeLocks {

  /** Where a lock is in its life. */
  enum State {
    /** Granted here, asked of the mini-redirector. */
    RESERVED,
    /** Granted by both. */
    GRANTED,
    /** Being released on the server. */
    RELEASING
  }

  /** One lock of the table. */
  static final class Lock {
    final Object owner;
    final int key;
    final long offset;
    final long length;
    final boolean exclusive;
    // Guarded by the table.
    State state = State.RESERVED;

    Lock(Object owner, int key, long offset, long length, boolean exclusive) {
      this.owner = owner;
      this.key = key;
      this.offset = offset;
      this.length = length;
      this.exclusive = exclusive;
    }

    LowIoParameters.LockRange range() {
      return new LowIoParameters.LockRange(offset, length, exclusive, key);
    }

    boolean ownedBy(Object handle, int lockKey) {
      return owner == handle && key == lockKey;
    }

    @Override
    public String toString() {
      return (exclusive ? "exclusive" : "shared") + " [" + offset + ", +" + length + ") key " + key
          + " " + state;
    }
  }

  /**
   * A lock request's outcome.
   *
   * @param status SUCCESS with the reserved lock, or LOCK_NOT_GRANTED, RANGE_NOT_LOCKED, CANCELLED
   * @param lock the reservation, present exactly on SUCCESS
   */
  record Request(NtStatus status, @Nullable Lock lock) {}

  /** A waiting lock request, in arrival order; RDBSS decides its outcome. */
  private static final class Waiter {
    final Lock wanted;
    // Guarded by the table: null while it waits.
    @Nullable NtStatus outcome;

    Waiter(Lock wanted) {
      this.wanted = wanted;
    }
  }

  // Created at the first lock or waiter: most FCBs never see a byte-range lock, and two empty
  // ArrayLists per FCB were measurable (rdbss-bench, memory per open handle). Guarded by this.
  private @Nullable List<Lock> locks;
  private @Nullable List<Waiter> waiters;

  /** The granted locks, or an empty list (read, or removed from through its iterator). */
  private List<Lock> locks() {
    return locks == null ? List.of() : locks;
  }

  private List<Waiter> waiters() {
    return waiters == null ? List.of() : waiters;
  }

  /** The granted locks, to add to. */
  private List<Lock> grantedLocks() {
    if (locks == null) {
      locks = new ArrayList<>();
    }
    return locks;
  }

  private List<Waiter> waitingQueue() {
    if (waiters == null) {
      waiters = new ArrayList<>();
    }
    return waiters;
  }

  /**
   * Asks for a lock ({@code FsRtlProcessFileLock} for IRP_MN_LOCK).
   *
   * @param beforeWaiting runs, while the table is held, just before the request starts waiting (the
   *     trace event tests synchronize on)
   * @return a reservation to {@link #confirm} or {@link #withdraw} once the mini-redirector answered
   */
  synchronized Request lock(
      Object owner, int key, long offset, long length, boolean exclusive, boolean failImmediately,
      Runnable beforeWaiting) {
    Lock wanted = new Lock(owner, key, offset, length, exclusive);
    if (!conflicts(wanted)) {
      grantedLocks().add(wanted);
      return new Request(NtStatus.SUCCESS, wanted);
    }
    if (failImmediately) {
      return new Request(NtStatus.LOCK_NOT_GRANTED, null);
    }
    Waiter waiter = new Waiter(wanted);
    waitingQueue().add(waiter);
    beforeWaiting.run();
    boolean interrupted = false;
    while (waiter.outcome == null && !interrupted) {
      try {
        wait();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
      if (waiter.outcome == null) {
        waiters().remove(waiter);
        return new Request(NtStatus.CANCELLED, null);
      }
      // Granted just as it was cancelled: the grant wins, as an IRP completed before its cancel.
    }
    NtStatus outcome = Objects.requireNonNull(waiter.outcome);
    return outcome.isSuccess() ? new Request(outcome, wanted) : new Request(outcome, null);
  }

  /** The mini-redirector granted the reserved lock too. */
  synchronized void confirm(Lock lock) {
    lock.state = State.GRANTED;
  }

  /** The mini-redirector refused the reserved lock (or RDBSS gave up on it): it goes. */
  synchronized void withdraw(Lock lock) {
    remove(List.of(lock));
  }

  /**
   * Starts unlocking one range ({@code FsRtlFastUnlockSingle}): the owner's granted lock with
   * exactly this offset and length (an exclusive one before a shared one, as FsRtl searches).
   *
   * @return the lock, now releasing, or {@code null} if the owner holds no such lock
   *     (RANGE_NOT_LOCKED)
   */
  synchronized @Nullable Lock beginUnlock(Object owner, int key, long offset, long length) {
    Lock found = null;
    for (Lock l : locks()) {
      if (l.state == State.GRANTED && l.ownedBy(owner, key) && l.offset == offset
          && l.length == length && (found == null || (l.exclusive && !found.exclusive))) {
        found = l;
      }
    }
    if (found != null) {
      found.state = State.RELEASING;
    }
    return found;
  }

  /**
   * Starts unlocking every granted lock of a handle ({@code FsRtlFastUnlockAll}: unlock-all, and
   * cleanup, §6.6).
   */
  synchronized List<Lock> beginUnlockAll(Object owner) {
    List<Lock> all = new ArrayList<>();
    for (Lock l : locks()) {
      if (l.owner == owner && l.state == State.GRANTED) {
        l.state = State.RELEASING;
        all.add(l);
      }
    }
    return all;
  }

  /** The server released them (or had nothing to release): they go, and waiters re-check. */
  synchronized void finishUnlock(List<Lock> released) {
    remove(released);
  }

  /**
   * The handle's cleanup: its waiting lock requests end with RANGE_NOT_LOCKED (the handle is
   * going away; FsRtl's unlock-all completes them so).
   */
  synchronized void abandonWaiters(Object owner) {
    boolean any = false;
    for (Iterator<Waiter> it = waiters().iterator(); it.hasNext(); ) {
      Waiter w = it.next();
      if (w.wanted.owner == owner) {
        w.outcome = NtStatus.RANGE_NOT_LOCKED;
        it.remove();
        any = true;
      }
    }
    if (any) {
      notifyAll();
    }
  }

  /**
   * Whether a read ({@code write == false}) or write of {@code [offset, offset + length)} through
   * {@code owner} with {@code key} runs into a lock ({@code FsRtlFastCheckLockForRead/Write}).
   */
  synchronized boolean conflictsWithIo(
      Object owner, int key, long offset, long length, boolean write) {
    for (Lock l : locks()) {
      if (!overlaps(l.offset, l.length, offset, length)) {
        continue;
      }
      if (l.exclusive ? !l.ownedBy(owner, key) : write) {
        return true;
      }
    }
    return false;
  }

  /** The locks, in grant order (for tests and the leak check). */
  synchronized List<Lock> snapshot() {
    return List.copyOf(locks());
  }

  /** How many lock requests wait (for tests). */
  synchronized int waiterCount() {
    return waiters().size();
  }

  private void remove(List<Lock> gone) {
    boolean removed = false;
    for (Iterator<Lock> it = locks().iterator(); it.hasNext(); ) {
      Lock l = it.next();
      for (Lock g : gone) {
        if (l == g) {
          it.remove();
          removed = true;
          break;
        }
      }
    }
    if (removed) {
      grantWaiters();
    }
  }

  /**
   * FsRtl's pass over the waiting queue after a lock went: in arrival order, every waiter that no
   * longer conflicts with the granted locks (those granted earlier in the pass included) is granted,
   * so the order is fair and does not depend on which thread wakes first.
   */
  private void grantWaiters() {
    boolean any = false;
    for (Iterator<Waiter> it = waiters().iterator(); it.hasNext(); ) {
      Waiter w = it.next();
      if (!conflicts(w.wanted)) {
        grantedLocks().add(w.wanted);
        w.outcome = NtStatus.SUCCESS;
        it.remove();
        any = true;
      }
    }
    if (any) {
      notifyAll();
    }
  }

  private boolean conflicts(Lock wanted) {
    for (Lock l : locks()) {
      if (conflict(l, wanted)) {
        return true;
      }
    }
    return false;
  }

  private static boolean conflict(Lock held, Lock wanted) {
    if (!overlaps(held.offset, held.length, wanted.offset, wanted.length)) {
      return false;
    }
    if (wanted.exclusive) {
      return true;
    }
    return held.exclusive && !held.ownedBy(wanted.owner, wanted.key);
  }

  /** Whether two ranges share a byte; an empty range shares none. */
  static boolean overlaps(long aOffset, long aLength, long bOffset, long bLength) {
    if (aLength == 0 || bLength == 0) {
      return false;
    }
    return aOffset <= lastByte(bOffset, bLength) && bOffset <= lastByte(aOffset, aLength);
  }

  /** The inclusive end of a non-empty range, saturating: an I/O past 2^63 reaches the end. */
  private static long lastByte(long offset, long length) {
    return offset > Long.MAX_VALUE - (length - 1) ? Long.MAX_VALUE : offset + (length - 1);
  }
}
