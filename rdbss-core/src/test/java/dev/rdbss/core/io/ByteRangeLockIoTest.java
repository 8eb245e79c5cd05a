package dev.rdbss.core.io;

import static dev.rdbss.core.memory.MemoryHost.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rdbss.api.NtStatus;
import dev.rdbss.api.io.CreateRequest;
import dev.rdbss.api.io.FileHandle;
import dev.rdbss.api.io.IoSession;
import dev.rdbss.api.io.IoStatusBlock;
import dev.rdbss.api.spi.LowIoOperation;
import dev.rdbss.api.spi.LowIoParameters;
import dev.rdbss.core.memory.MemoryHost;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Byte-range locks through the host API (spec §5.2 low I/O SHAREDLOCK / EXCLUSIVELOCK / UNLOCK /
 * UNLOCK_MULTIPLE, §6.6): RDBSS's local lock table decides, as FsRtl's file lock package does, and
 * only granted locks reach the mini-redirector.
 */
class ByteRangeLockIoTest {

  private static final String README = "\\\\files\\docs\\readme.txt";

  private final MemoryHost host = new MemoryHost();
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final IoSession alice = host.logon("alice");

  @AfterEach
  void closeChecksForLeaks() {
    threads.shutdownNow();
    host.close();
  }

  private FileHandle open() {
    return alice.open(README, CreateRequest.readWrite().shareAll());
  }

  private long serverCalls(LowIoOperation op) {
    return host.mrx.count("lowIoSubmit[" + op + "]");
  }

  @Test
  void anExclusiveLockKeepsOtherHandlesFromReadingAndWritingTheRange_s5_2() {
    try (FileHandle a = open(); FileHandle b = open()) {
      assertThat(a.lock(0, 3, true, true).status()).isEqualTo(NtStatus.SUCCESS);

      assertThat(b.read(0, 5).status()).isEqualTo(NtStatus.FILE_LOCK_CONFLICT);
      assertThat(b.read(2, 1).status()).isEqualTo(NtStatus.FILE_LOCK_CONFLICT);
      assertThat(b.write(1, bytes("X")).status()).isEqualTo(NtStatus.FILE_LOCK_CONFLICT);
      assertThat(b.read(3, 2).data()).as("outside the range").isEqualTo(bytes("lo"));

      assertThat(a.read(0, 5).data()).as("the holder reads").isEqualTo(bytes("hello"));
      assertThat(a.write(0, bytes("J")).status()).as("and writes").isEqualTo(NtStatus.SUCCESS);
      assertThat(a.unlock(0, 3).status()).isEqualTo(NtStatus.SUCCESS);
      assertThat(b.read(0, 5).data()).isEqualTo(bytes("Jello"));
    }
    assertThat(serverCalls(LowIoOperation.EXCLUSIVELOCK)).isEqualTo(1);
    assertThat(serverCalls(LowIoOperation.UNLOCK)).isEqualTo(1);
  }

  @Test
  void aSharedLockMakesTheRangeReadOnlyForEveryHandleItsOwnIncluded_s5_2() {
    try (FileHandle a = open(); FileHandle b = open()) {
      assertThat(a.lock(0, 5, false, true).status()).isEqualTo(NtStatus.SUCCESS);
      assertThat(b.lock(2, 2, false, true).status()).as("shared over shared").isEqualTo(NtStatus.SUCCESS);

      assertThat(b.read(0, 5).data()).isEqualTo(bytes("hello"));
      assertThat(b.write(0, bytes("J")).status()).isEqualTo(NtStatus.FILE_LOCK_CONFLICT);
      // FsRtlFastCheckLockForWrite: any overlapping shared lock refuses the write, whoever holds it.
      assertThat(a.write(4, bytes("!")).status()).isEqualTo(NtStatus.FILE_LOCK_CONFLICT);
      assertThat(a.write(5, bytes("!")).status()).as("past the range").isEqualTo(NtStatus.SUCCESS);
    }
    assertThat(host.mrx.share("files", "docs").content("\\readme.txt")).isEqualTo(bytes("hello!"));
  }

  @Test
  void aConflictWithFailImmediatelyIsLockNotGrantedWithoutAskingTheServer_s5_2() {
    try (FileHandle a = open(); FileHandle b = open()) {
      a.lock(10, 10, false, true);
      long before = serverCalls(LowIoOperation.EXCLUSIVELOCK);

      assertThat(b.lock(15, 10, true, true).status()).isEqualTo(NtStatus.LOCK_NOT_GRANTED);
      assertThat(a.lock(19, 1, true, true).status())
          .as("an exclusive lock conflicts with the handle's own lock too")
          .isEqualTo(NtStatus.LOCK_NOT_GRANTED);
      assertThat(serverCalls(LowIoOperation.EXCLUSIVELOCK)).isEqualTo(before);
      assertThat(b.lock(20, 10, true, true).status()).as("adjacent").isEqualTo(NtStatus.SUCCESS);
      assertThat(b.lock(-1, 10, true, true).status()).isEqualTo(NtStatus.INVALID_PARAMETER);
      assertThat(b.lock(Long.MAX_VALUE, 2, true, true).status())
          .as("the last byte overflows").isEqualTo(NtStatus.INVALID_PARAMETER);
    }
  }

  @Test
  void aConflictingLockWaitsUntilTheRangeIsUnlockedThenGoesToTheServer_s5_2() throws Exception {
    List<String> serverOrder = new CopyOnWriteArrayList<>();
    host.mrx.onLowIo(LowIoOperation.EXCLUSIVELOCK, ctx -> {
      serverOrder.add("lock " + ctx.lowIo().parameters(LowIoParameters.Lock.class).byteOffset());
      return NtStatus.SUCCESS;
    });
    host.mrx.onLowIo(LowIoOperation.UNLOCK, ctx -> {
      serverOrder.add("unlock " + ctx.lowIo().parameters(LowIoParameters.Lock.class).byteOffset());
      return NtStatus.SUCCESS;
    });
    try (FileHandle a = open(); FileHandle b = open()) {
      a.lock(0, 10, true, true);
      CountDownLatch waiting = host.onEvent("byteRangeLockWaiting");

      Future<IoStatusBlock> blocked = threads.submit(() -> b.lock(5, 10, true, false));
      MemoryHost.await(waiting);
      assertThat(blocked).as("waits for A's lock").isNotDone();
      assertThat(a.read(0, 5).status()).as("no RDBSS lock is held by the waiter")
          .isEqualTo(NtStatus.SUCCESS);

      assertThat(a.unlock(0, 10).status()).isEqualTo(NtStatus.SUCCESS);

      assertThat(blocked.get(30, TimeUnit.SECONDS).status()).isEqualTo(NtStatus.SUCCESS);
      assertThat(serverOrder).containsExactly("lock 0", "unlock 0", "lock 5");
      assertThat(a.read(5, 1).status()).isEqualTo(NtStatus.FILE_LOCK_CONFLICT);
    }
  }

  @Test
  void theHoldersCleanupReleasesItsLocksOnTheServerAndWakesTheWaiter_s6_6() throws Exception {
    List<List<LowIoParameters.LockRange>> released = new CopyOnWriteArrayList<>();
    host.mrx.onLowIo(LowIoOperation.UNLOCK_MULTIPLE, ctx -> {
      released.add(ctx.lowIo().parameters(LowIoParameters.LockList.class).ranges());
      return NtStatus.SUCCESS;
    });
    FileHandle a = open();
    try (FileHandle b = open()) {
      a.lock(0, 4, true, true);
      a.lock(100, 1, false, true);
      CountDownLatch waiting = host.onEvent("byteRangeLockWaiting");
      Future<IoStatusBlock> blocked = threads.submit(() -> b.lock(0, 1, false, false));
      MemoryHost.await(waiting);

      a.close();

      assertThat(blocked.get(30, TimeUnit.SECONDS).status()).isEqualTo(NtStatus.SUCCESS);
      assertThat(released).containsExactly(List.of(
          new LowIoParameters.LockRange(0, 4, true, 0),
          new LowIoParameters.LockRange(100, 1, false, 0)));
    }
    assertThat(released).as("B's cleanup releases its one lock").hasSize(2);
  }

  @Test
  void aHandleWithoutLocksSendsNoUnlockAtCleanup_s6_6() {
    open().close();
    assertThat(serverCalls(LowIoOperation.UNLOCK_MULTIPLE)).isZero();
  }

  @Test
  void theWaitersOwnCleanupEndsItsWaitWithRangeNotLocked_s6_6() throws Exception {
    try (FileHandle a = open()) {
      a.lock(0, 1, true, true);
      FileHandle b = open();
      CountDownLatch waiting = host.onEvent("byteRangeLockWaiting");
      Future<IoStatusBlock> blocked = threads.submit(() -> b.lock(0, 1, true, false));
      MemoryHost.await(waiting);

      assertThat(b.cleanup()).isEqualTo(NtStatus.SUCCESS);

      assertThat(blocked.get(30, TimeUnit.SECONDS).status()).isEqualTo(NtStatus.RANGE_NOT_LOCKED);
      b.close();
    }
    assertThat(serverCalls(LowIoOperation.EXCLUSIVELOCK)).isEqualTo(1);
  }

  @Test
  void anInterruptedWaitIsCancelled_s5_2() throws Exception {
    try (FileHandle a = open(); FileHandle b = open()) {
      a.lock(0, 1, true, true);
      CountDownLatch waiting = host.onEvent("byteRangeLockWaiting");
      CompletableFuture<IoStatusBlock> result = new CompletableFuture<>();
      Thread waiter = new Thread(() -> result.complete(b.lock(0, 1, true, false)));
      waiter.start();
      MemoryHost.await(waiting);

      waiter.interrupt();

      assertThat(result.get(30, TimeUnit.SECONDS).status()).isEqualTo(NtStatus.CANCELLED);
      assertThat(b.lock(1, 1, true, true).status()).isEqualTo(NtStatus.SUCCESS);
    }
  }

  @Test
  void unlockingARangeTheHandleDoesNotHoldIsRangeNotLocked_s5_2() {
    try (FileHandle a = open(); FileHandle b = open()) {
      a.lock(0, 10, true, true);

      assertThat(a.unlock(0, 5).status()).as("a part of a lock").isEqualTo(NtStatus.RANGE_NOT_LOCKED);
      assertThat(b.unlock(0, 10).status()).as("another handle's lock")
          .isEqualTo(NtStatus.RANGE_NOT_LOCKED);
      assertThat(a.unlock(20, 1).status()).isEqualTo(NtStatus.RANGE_NOT_LOCKED);
      assertThat(serverCalls(LowIoOperation.UNLOCK)).isZero();
      assertThat(a.unlock(0, 10).status()).isEqualTo(NtStatus.SUCCESS);
      assertThat(a.unlock(0, 10).status()).as("already unlocked").isEqualTo(NtStatus.RANGE_NOT_LOCKED);
    }
  }

  @Test
  void unlockAllReleasesEveryLockOfTheHandleInOneRequest_s5_2() {
    try (FileHandle a = open(); FileHandle b = open()) {
      a.lock(0, 1, true, true);
      a.lock(5, 1, false, true);
      b.lock(9, 1, true, true);

      assertThat(a.unlockAll().status()).isEqualTo(NtStatus.SUCCESS);

      assertThat(serverCalls(LowIoOperation.UNLOCK_MULTIPLE)).isEqualTo(1);
      assertThat(b.lock(0, 9, true, true).status()).isEqualTo(NtStatus.SUCCESS);
      assertThat(a.read(9, 1).status()).as("B's lock stays").isEqualTo(NtStatus.FILE_LOCK_CONFLICT);
      assertThat(a.unlockAll().status()).as("nothing left").isEqualTo(NtStatus.SUCCESS);
      assertThat(serverCalls(LowIoOperation.UNLOCK_MULTIPLE)).isEqualTo(1);
    }
  }

  @Test
  void aLockShapeTheMiniRedirectorCannotRealizeIsRefused_s5_2() {
    host.mrx.refuseSharedLocks();
    try (FileHandle a = open(); FileHandle b = open()) {
      assertThat(a.lock(0, 1, false, true).status()).isEqualTo(NtStatus.NOT_SUPPORTED);
      assertThat(b.write(0, bytes("J")).status()).as("nothing was locked").isEqualTo(NtStatus.SUCCESS);
      assertThat(serverCalls(LowIoOperation.SHAREDLOCK)).isZero();
      assertThat(a.lock(0, 1, true, true).status()).isEqualTo(NtStatus.SUCCESS);
    }
    assertThat(host.mrx.count("isLockRealizable")).isEqualTo(2);
  }

  @Test
  void aLockTheServerRefusesIsWithdrawnLocally_s5_2() {
    host.mrx.onLowIo(LowIoOperation.EXCLUSIVELOCK, ctx -> NtStatus.LOCK_NOT_GRANTED);
    try (FileHandle a = open(); FileHandle b = open()) {
      assertThat(a.lock(0, 5, true, true).status()).isEqualTo(NtStatus.LOCK_NOT_GRANTED);

      assertThat(b.read(0, 5).status()).isEqualTo(NtStatus.SUCCESS);
      assertThat(b.lock(0, 5, false, true).status()).isEqualTo(NtStatus.SUCCESS);
      assertThat(a.unlock(0, 5).status()).isEqualTo(NtStatus.RANGE_NOT_LOCKED);
    }
  }

  @Test
  void aLockCompletedAsynchronouslyByTheServerIsGrantedWhenItCompletes_s5_2() throws Exception {
    CompletableFuture<dev.rdbss.api.spi.RxContext> submitted = new CompletableFuture<>();
    host.mrx.onLowIo(LowIoOperation.SHAREDLOCK, ctx -> {
      submitted.complete(ctx);
      return NtStatus.PENDING;
    });
    try (FileHandle a = open(); FileHandle b = open()) {
      Future<IoStatusBlock> locking = threads.submit(() -> a.lock(0, 5, false, true));
      var ctx = submitted.get(30, TimeUnit.SECONDS);
      assertThat(locking).isNotDone();

      Thread server = new Thread(() -> host.mrx.completeLowIo(ctx, NtStatus.SUCCESS, 0));
      server.start();
      server.join();

      assertThat(locking.get(30, TimeUnit.SECONDS).status()).isEqualTo(NtStatus.SUCCESS);
      assertThat(b.write(0, bytes("J")).status()).isEqualTo(NtStatus.FILE_LOCK_CONFLICT);
    }
  }
}
