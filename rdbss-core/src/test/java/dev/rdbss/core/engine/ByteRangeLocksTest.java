package dev.rdbss.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rdbss.api.NtStatus;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The FCB's byte-range lock table on its own (spec §5.2 SHAREDLOCK / EXCLUSIVELOCK / UNLOCK /
 * UNLOCK_MULTIPLE, §6.6): FsRtl's conflict rules for locks, reads and writes, exact-match unlock,
 * waiting requests granted in arrival order, and the ways a wait ends.
 */
class ByteRangeLocksTest {

  private final ByteRangeLocks table = new ByteRangeLocks();
  private final Object a = "handle A";
  private final Object b = "handle B";
  private final ExecutorService threads = Executors.newCachedThreadPool();

  @AfterEach
  void stopThreads() {
    threads.shutdownNow();
  }

  private ByteRangeLocks.Lock granted(Object owner, int key, long offset, long length,
      boolean exclusive) {
    ByteRangeLocks.Request r = table.lock(owner, key, offset, length, exclusive, true, () -> {});
    assertThat(r.status()).isEqualTo(NtStatus.SUCCESS);
    ByteRangeLocks.Lock lock = java.util.Objects.requireNonNull(r.lock());
    table.confirm(lock);
    return lock;
  }

  private NtStatus tryLock(Object owner, int key, long offset, long length, boolean exclusive) {
    ByteRangeLocks.Request r = table.lock(owner, key, offset, length, exclusive, true, () -> {});
    if (r.lock() != null) {
      table.confirm(r.lock());
    }
    return r.status();
  }

  @Test
  void anExclusiveRequestConflictsWithEveryOverlappingLockEvenTheHandlesOwn_s5_2() {
    granted(a, 0, 100, 10, false);

    assertThat(tryLock(a, 0, 105, 10, true)).isEqualTo(NtStatus.LOCK_NOT_GRANTED);
    assertThat(tryLock(b, 0, 109, 1, true)).isEqualTo(NtStatus.LOCK_NOT_GRANTED);
    assertThat(tryLock(b, 0, 110, 5, true)).as("adjacent, not overlapping").isEqualTo(NtStatus.SUCCESS);
    assertThat(tryLock(b, 0, 90, 10, true)).as("ends just before").isEqualTo(NtStatus.SUCCESS);
  }

  @Test
  void aSharedRequestConflictsOnlyWithAnotherOwnersExclusiveLock_s5_2() {
    granted(a, 0, 0, 10, true);

    assertThat(tryLock(a, 0, 0, 10, false)).as("the same handle and key").isEqualTo(NtStatus.SUCCESS);
    assertThat(tryLock(a, 7, 0, 10, false)).as("another key is another owner")
        .isEqualTo(NtStatus.LOCK_NOT_GRANTED);
    assertThat(tryLock(b, 0, 5, 1, false)).isEqualTo(NtStatus.LOCK_NOT_GRANTED);
    granted(b, 0, 20, 10, false);
    assertThat(tryLock(a, 0, 25, 10, false)).as("shared over shared").isEqualTo(NtStatus.SUCCESS);
  }

  @Test
  void readsRunIntoAnotherOwnersExclusiveLockOnly_s5_2() {
    granted(a, 0, 0, 10, true);
    granted(a, 0, 50, 10, false);

    assertThat(table.conflictsWithIo(a, 0, 0, 10, false)).isFalse();
    assertThat(table.conflictsWithIo(b, 0, 9, 5, false)).isTrue();
    assertThat(table.conflictsWithIo(a, 3, 0, 1, false)).as("another key").isTrue();
    assertThat(table.conflictsWithIo(b, 0, 50, 10, false)).as("shared locks allow reads").isFalse();
    assertThat(table.conflictsWithIo(b, 0, 10, 40, false)).as("between the locks").isFalse();
  }

  @Test
  void writesRunIntoAnotherOwnersExclusiveLockAndIntoEverySharedLock_s5_2() {
    granted(a, 0, 0, 10, true);
    granted(a, 0, 50, 10, false);

    assertThat(table.conflictsWithIo(a, 0, 0, 10, true)).as("its own exclusive lock").isFalse();
    assertThat(table.conflictsWithIo(b, 0, 0, 10, true)).isTrue();
    assertThat(table.conflictsWithIo(a, 0, 55, 1, true))
        .as("a shared lock makes the range read-only for its own handle too (FsRtl)").isTrue();
    assertThat(table.conflictsWithIo(b, 0, 59, 1, true)).isTrue();
    assertThat(table.conflictsWithIo(b, 0, 60, 100, true)).isFalse();
  }

  @Test
  void emptyRangesOverlapNothing_s5_2() {
    granted(a, 0, 0, 0, true);
    assertThat(tryLock(b, 0, 0, 10, true)).isEqualTo(NtStatus.SUCCESS);
    assertThat(table.conflictsWithIo(a, 0, 5, 0, true)).isFalse();
    assertThat(ByteRangeLocks.overlaps(Long.MAX_VALUE - 1, 2, Long.MAX_VALUE, 1)).isTrue();
    assertThat(ByteRangeLocks.overlaps(Long.MAX_VALUE - 1, 2, Long.MAX_VALUE - 2, Integer.MAX_VALUE))
        .as("an I/O running past the end saturates").isTrue();
  }

  @Test
  void unlockNeedsTheOwnersGrantedLockWithExactlyThatRange_s5_2() {
    granted(a, 0, 0, 10, true);

    assertThat(table.beginUnlock(a, 0, 0, 5)).as("a part").isNull();
    assertThat(table.beginUnlock(b, 0, 0, 10)).as("another handle").isNull();
    assertThat(table.beginUnlock(a, 1, 0, 10)).as("another key").isNull();
    ByteRangeLocks.Lock lock = table.beginUnlock(a, 0, 0, 10);
    assertThat(lock).isNotNull();
    assertThat(table.beginUnlock(a, 0, 0, 10)).as("already releasing").isNull();
    assertThat(tryLock(b, 0, 0, 10, true))
        .as("a releasing lock conflicts until the server let it go").isEqualTo(NtStatus.LOCK_NOT_GRANTED);
    table.finishUnlock(List.of(lock));
    assertThat(tryLock(b, 0, 0, 10, true)).isEqualTo(NtStatus.SUCCESS);
  }

  @Test
  void aReservationConflictsUntilWithdrawn_s5_2() {
    ByteRangeLocks.Request r = table.lock(a, 0, 0, 10, true, true, () -> {});
    assertThat(table.snapshot()).singleElement()
        .satisfies(l -> assertThat(l.state).isEqualTo(ByteRangeLocks.State.RESERVED));
    assertThat(tryLock(b, 0, 0, 10, false)).isEqualTo(NtStatus.LOCK_NOT_GRANTED);
    assertThat(table.beginUnlock(a, 0, 0, 10)).as("not granted yet").isNull();

    table.withdraw(java.util.Objects.requireNonNull(r.lock()));
    assertThat(table.snapshot()).isEmpty();
  }

  @Test
  void waitersAreGrantedInArrivalOrderWhenTheConflictGoes_s5_2() throws Exception {
    ByteRangeLocks.Lock held = granted(a, 0, 0, 100, true);
    Object c = "handle C";
    CountDownLatch bWaits = new CountDownLatch(1);
    CountDownLatch cWaits = new CountDownLatch(1);
    Future<ByteRangeLocks.Request> first =
        threads.submit(() -> table.lock(b, 0, 0, 10, true, false, bWaits::countDown));
    assertThat(bWaits.await(30, TimeUnit.SECONDS)).isTrue();
    Future<ByteRangeLocks.Request> second =
        threads.submit(() -> table.lock(c, 0, 5, 10, true, false, cWaits::countDown));
    assertThat(cWaits.await(30, TimeUnit.SECONDS)).isTrue();
    assertThat(table.waiterCount()).isEqualTo(2);
    assertThat(first).isNotDone();

    table.beginUnlockAll(a);
    table.finishUnlock(List.of(held));

    ByteRangeLocks.Request granted = first.get(30, TimeUnit.SECONDS);
    assertThat(granted.status()).isEqualTo(NtStatus.SUCCESS);
    assertThat(table.waiterCount()).as("C overlaps B's new lock and keeps waiting").isEqualTo(1);
    assertThat(second).isNotDone();

    table.withdraw(java.util.Objects.requireNonNull(granted.lock()));
    assertThat(second.get(30, TimeUnit.SECONDS).status()).isEqualTo(NtStatus.SUCCESS);
  }

  @Test
  void theWaitersOwnCleanupEndsItsWaitWithRangeNotLocked_s6_6() throws Exception {
    granted(a, 0, 0, 10, true);
    CountDownLatch waits = new CountDownLatch(1);
    Future<ByteRangeLocks.Request> request =
        threads.submit(() -> table.lock(b, 0, 0, 10, false, false, waits::countDown));
    assertThat(waits.await(30, TimeUnit.SECONDS)).isTrue();

    table.abandonWaiters(a); // another handle's cleanup leaves B waiting
    assertThat(request).isNotDone();
    table.abandonWaiters(b);

    assertThat(request.get(30, TimeUnit.SECONDS).status()).isEqualTo(NtStatus.RANGE_NOT_LOCKED);
    assertThat(table.waiterCount()).isZero();
  }

  @Test
  void anInterruptedWaitIsCancelled_s5_2() throws Exception {
    granted(a, 0, 0, 10, true);
    CountDownLatch waits = new CountDownLatch(1);
    CompletableFuture<ByteRangeLocks.Request> result = new CompletableFuture<>();
    Thread waiter = new Thread(() ->
        result.complete(table.lock(b, 0, 0, 10, true, false, waits::countDown)));
    waiter.start();
    assertThat(waits.await(30, TimeUnit.SECONDS)).isTrue();

    waiter.interrupt();

    assertThat(result.get(30, TimeUnit.SECONDS).status()).isEqualTo(NtStatus.CANCELLED);
    assertThat(table.waiterCount()).isZero();
    assertThat(table.snapshot()).hasSize(1);
  }
}
