package dev.rdbss.core.kernel;

import static dev.rdbss.core.kernel.KernelFixture.await;
import static dev.rdbss.core.kernel.KernelFixture.onOtherThread;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.rdbss.api.BugCheckCode;
import dev.rdbss.api.BugCheckError;
import dev.rdbss.api.spi.LockScope;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** ERESOURCE semantics of {@link RxResource} (spec §10, §3.3; ARCHITECTURE.md §3.3). */
class RxResourceTest {

  private final KernelFixture kernel = new KernelFixture();
  private final RxResource lock = kernel.fcb("\\srv\\share\\a.txt", 1);
  private final LockOwner alice = LockOwner.of(101, "alice");
  private final LockOwner bob = LockOwner.of(102, "bob");

  // --------------------------------------------------------------------------- recursion

  @Test
  void exclusiveIsRecursiveForItsOwner_s10() {
    lock.acquireExclusive();
    lock.acquireExclusive();

    assertThat(lock.isHeldExclusively()).isTrue();
    assertThat(lock.holdCount(LockOwner.currentThread())).isEqualTo(2);
    assertThat(lock.exclusiveOwner()).isEqualTo(LockOwner.currentThread());

    lock.release();
    assertThat(lock.isHeldExclusively()).isTrue();
    lock.release();
    assertThat(lock.isHeld()).isFalse();
    assertThat(lock.exclusiveOwner()).isNull();
    assertThat(kernel.bugChecks.hasCrashed()).isFalse();
  }

  @Test
  void theExclusiveOwnerMayAcquireSharedAsARecursiveAcquisition_s10() {
    lock.acquireExclusive(alice);
    lock.acquireShared(alice);

    assertThat(lock.isHeldExclusivelyBy(alice)).isTrue();
    assertThat(lock.holdCount(alice)).isEqualTo(2);
    assertThat(lock.sharedCount()).isZero();

    lock.release(alice);
    assertThat(lock.isHeldExclusivelyBy(alice)).isTrue();
    lock.release(alice);
    assertThat(lock.isHeldBy(alice)).isFalse();
  }

  @Test
  void sharedIsRecursiveAndSeveralOwnersShareAtOnce_s10() {
    lock.acquireShared(alice);
    lock.acquireShared(alice);
    lock.acquireShared(bob);

    assertThat(lock.sharedCount()).isEqualTo(3);
    assertThat(lock.isHeldBy(alice)).isTrue();
    assertThat(lock.isHeldBy(bob)).isTrue();
    assertThat(lock.isHeldExclusivelyBy(alice)).isFalse();
    assertThat(lock.exclusiveOwner()).isNull();

    lock.release(alice);
    assertThat(lock.isHeldBy(alice)).isTrue();
    lock.release(alice);
    lock.release(bob);
    assertThat(lock.sharedCount()).isZero();
    assertThat(lock.isHeldBy(alice)).isFalse();
  }

  // ------------------------------------------------------------------------ waiting

  @Test
  void exclusiveWaitsUntilTheLastSharedOwnerReleases_s10() throws Exception {
    lock.acquireShared(alice);
    lock.acquireShared(bob);

    AtomicReference<LockOwner> writerOwner = new AtomicReference<>();
    CompletableFuture<Void> writer =
        onOtherThread(
            "writer",
            () -> {
              writerOwner.set(LockOwner.currentThread());
              lock.acquireExclusive();
            });
    lock.awaitWaiters(1, 0);

    lock.release(alice);
    assertThat(writer).isNotDone();
    assertThat(lock.exclusiveWaiterCount()).isEqualTo(1);
    lock.release(bob);

    await(writer);
    assertThat(lock.exclusiveOwner()).isEqualTo(writerOwner.get());
    assertThat(lock.exclusiveOwner()).asString().startsWith("thread writer (#");
  }

  @Test
  void sharedAcquirersWaitBehindAQueuedExclusiveWaiter_s10() throws Exception {
    List<String> order = new CopyOnWriteArrayList<>();
    lock.acquireShared(alice);

    CompletableFuture<Void> writer =
        onOtherThread(
            "writer",
            () -> {
              lock.acquireExclusive();
              order.add("writer");
              lock.release();
            });
    lock.awaitWaiters(1, 0);

    // The lock is only held shared, yet a new reader queues behind the writer (no starvation).
    assertThat(lock.tryAcquireShared(bob)).isFalse();
    CompletableFuture<Void> reader =
        onOtherThread(
            "reader",
            () -> {
              lock.acquireShared();
              order.add("reader");
              lock.release();
            });
    lock.awaitWaiters(1, 1);
    assertThat(lock.sharedWaiterCount()).isEqualTo(1);

    lock.release(alice);
    await(writer);
    await(reader);
    assertThat(order).containsExactly("writer", "reader");
    assertThat(lock.isHeldBy(bob)).isFalse();
  }

  @Test
  void anOwnerAlreadySharingDoesNotWaitBehindAnExclusiveWaiter_s10() throws Exception {
    lock.acquireShared(alice);
    CompletableFuture<Void> writer =
        onOtherThread(
            "writer",
            () -> {
              lock.acquireExclusive();
              lock.release();
            });
    lock.awaitWaiters(1, 0);

    // Waiting here would deadlock: the writer waits for alice, alice would wait for the writer.
    assertTimeoutPreemptively(Duration.ofSeconds(KernelFixture.TIMEOUT_SECONDS),
        () -> lock.acquireShared(alice));
    assertThat(lock.holdCount(alice)).isEqualTo(2);

    lock.release(alice);
    lock.release(alice);
    await(writer);
  }

  @Test
  void aWaitingAcquirerKeepsWaitingWhenInterruptedAndKeepsTheInterrupt_s10() throws Exception {
    lock.acquireExclusive(alice);
    AtomicBoolean interruptedAfterAcquire = new AtomicBoolean();
    CountDownLatch started = new CountDownLatch(1);
    Thread[] waiter = new Thread[1];
    CompletableFuture<Void> acquired =
        onOtherThread(
            "interrupted waiter",
            () -> {
              waiter[0] = Thread.currentThread();
              started.countDown();
              lock.acquireExclusive();
              interruptedAfterAcquire.set(Thread.currentThread().isInterrupted());
              lock.release();
            });
    assertThat(started.await(KernelFixture.TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
    lock.awaitWaiters(1, 0);

    waiter[0].interrupt();
    lock.release(alice);

    await(acquired);
    assertThat(interruptedAfterAcquire).isTrue();
  }

  // ------------------------------------------------------------------ release on behalf

  @Test
  void anOwnerIsReleasedOnItsBehalfFromAnotherThread_s10() throws Exception {
    LockOwner lowIo = LockOwner.forContext(7, "low I/O context 7");
    lock.acquireExclusive(lowIo);
    assertThat(kernel.checker.holdsAny(lowIo)).isTrue();

    CompletableFuture<Void> waiter =
        onOtherThread(
            "next writer",
            () -> {
              lock.acquireExclusive();
              lock.release();
            });
    lock.awaitWaiters(1, 0);

    // The asynchronous completion releases the FCB for the request that took it (§5.2).
    await(onOtherThread("completion", () -> lock.release(lowIo)));

    await(waiter);
    assertThat(lock.isHeldBy(lowIo)).isFalse();
    assertThat(kernel.checker.holdsAny(lowIo)).isFalse();
    assertThat(kernel.bugChecks.hasCrashed()).isFalse();
  }

  @Test
  void releaseByAnOwnerThatDoesNotHoldTheLockIsABugCheckNamingLockAndOwner_s3_3() {
    lock.acquireExclusive(alice);

    assertThatThrownBy(() -> lock.release(bob))
        .isInstanceOfSatisfying(
            BugCheckError.class,
            e -> {
              assertThat(e.code()).isEqualTo(BugCheckCode.RDBSS_FILE_SYSTEM);
              assertThat(e.specSection()).isEqualTo("§3.3");
              assertThat(e.parameter(2)).isEqualTo(bob.token());
            })
        .hasMessageContaining("FCB \\srv\\share\\a.txt")
        .hasMessageContaining("on behalf of bob")
        .hasMessageContaining("held by alice exclusively");
    assertThat(lock.isHeldExclusivelyBy(alice)).isTrue();
  }

  @Test
  void releasingAFreeLockIsABugCheck_s3_3() {
    assertThatThrownBy(lock::release)
        .isInstanceOfSatisfying(
            BugCheckError.class,
            e -> assertThat(e.code()).isEqualTo(BugCheckCode.RDBSS_FILE_SYSTEM))
        .hasMessageContaining("held by nobody");
    assertThat(kernel.bugChecks.hasCrashed()).isTrue();
  }

  // ---------------------------------------------------------------------- try-acquire

  @Test
  void tryAcquireNeverBlocks_s3_3() {
    lock.acquireExclusive(alice);

    assertTimeoutPreemptively(
        Duration.ofSeconds(KernelFixture.TIMEOUT_SECONDS),
        () -> {
          assertThat(lock.tryAcquireExclusive(bob)).isFalse();
          assertThat(lock.tryAcquireShared(bob)).isFalse();
          assertThat(lock.tryExclusiveScope(bob)).isEmpty();
        });
    assertThat(lock.isHeldBy(bob)).isFalse();

    lock.release(alice);
    assertThat(lock.tryAcquireShared(bob)).isTrue();
    assertThat(lock.tryAcquireShared(alice)).isTrue();
    assertThat(lock.tryAcquireExclusive(alice)).isFalse();
    lock.release(alice);
    lock.release(bob);
    assertThat(lock.tryAcquireExclusive(alice)).isTrue();
    assertThat(lock.tryAcquireExclusive(alice)).isTrue(); // recursive
    assertThat(lock.tryAcquireShared(alice)).isTrue(); // exclusive owner
    assertThat(lock.holdCount(alice)).isEqualTo(3);
  }

  @Test
  void tryAcquireIsExemptFromTheLockOrderCheck_s3_3() {
    RxResource fcbTable = kernel.resource("FCB table \\srv\\share", LockRank.FCB_TABLE, 0);
    lock.acquireExclusive();

    // Holding the FCB and needing the table: try without waiting (§3.3), allowed.
    assertThat(fcbTable.tryAcquireExclusive()).isTrue();
    assertThat(kernel.bugChecks.hasCrashed()).isFalse();
    assertThat(kernel.checker.heldBy(LockOwner.currentThread())).containsExactly(lock, fcbTable);

    fcbTable.release();
    lock.release();
  }

  // ------------------------------------------------------------------------- upgrade

  @Test
  void sharedThenExclusiveBySameOwnerIsASelfDeadlockBugCheck_s3_3() {
    RxResource table = kernel.netnameTable();
    table.acquireShared();

    assertThatThrownBy(table::acquireExclusive)
        .isInstanceOfSatisfying(
            BugCheckError.class,
            e -> {
              assertThat(e.code()).isEqualTo(BugCheckCode.DRIVER_VERIFIER_DETECTED_VIOLATION);
              assertThat(e.specSection()).isEqualTo("§3.3");
            })
        .hasMessageContaining("holds netname table shared and asks for it exclusively")
        .hasMessageContaining("release the shared lock, acquire exclusively, then look up again");
    assertThat(table.holdCount(LockOwner.currentThread())).isEqualTo(1);
  }

  @Test
  void tryExclusiveWhileHoldingSharedJustFails_s3_3() {
    RxResource table = kernel.netnameTable();
    table.acquireShared();

    assertThat(table.tryAcquireExclusive()).isFalse();
    assertThat(table.tryExclusiveScope()).isEmpty();
    assertThat(kernel.bugChecks.hasCrashed()).isFalse();

    // The idiom: release, acquire exclusively (then look up again).
    table.release();
    try (LockScope exclusive = table.exclusiveScope()) {
      assertThat(exclusive.isExclusive()).isTrue();
    }
  }

  // -------------------------------------------------------------------------- scopes

  @Test
  void scopesReleaseOnClose_s3_3() {
    try (LockScope exclusive = lock.exclusiveScope()) {
      assertThat(exclusive.isExclusive()).isTrue();
      assertThat(lock.isHeldExclusively()).isTrue();
      try (LockScope shared = lock.sharedScope()) {
        assertThat(shared.isExclusive()).isFalse();
        assertThat(lock.holdCount(LockOwner.currentThread())).isEqualTo(2);
      }
    }
    assertThat(lock.isHeld()).isFalse();

    Optional<LockScope> attempt = lock.tryExclusiveScope();
    assertThat(attempt).isPresent();
    attempt.get().close();
    assertThat(lock.isHeld()).isFalse();
  }

  @Test
  void closingAScopeTwiceIsABugCheck_s3_3() {
    LockScope scope = lock.sharedScope();
    scope.close();

    assertThatThrownBy(scope::close)
        .isInstanceOfSatisfying(
            BugCheckError.class,
            e -> assertThat(e.code()).isEqualTo(BugCheckCode.RDBSS_FILE_SYSTEM))
        .hasMessageContaining("closed twice");
  }

  @Test
  void aScopeTakenForAnOwnerMayBeClosedOnAnotherThread_s10() throws Exception {
    LockOwner request = LockOwner.forContext(9, "request 9");
    LockScope scope = lock.exclusiveScope(request);

    await(onOtherThread("completion", scope::close));

    assertThat(lock.isHeld()).isFalse();
    assertThat(lock.isHeldBy(request)).isFalse();
  }

  // ------------------------------------------------------------------------ identity

  @Test
  void describeNamesRankAndName_s3_3() {
    assertThat(lock.describe()).isEqualTo("FCB \\srv\\share\\a.txt");
    assertThat(kernel.netnameTable().describe()).isEqualTo("netname table");
    assertThat(lock.name()).isEqualTo("\\srv\\share\\a.txt");
    assertThat(lock.rank()).isEqualTo(LockRank.FCB);
    assertThat(lock.orderKey()).isEqualTo(1);
  }
}
