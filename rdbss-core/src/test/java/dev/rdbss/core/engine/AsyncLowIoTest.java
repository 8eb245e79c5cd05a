package dev.rdbss.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rdbss.api.BugCheckCode;
import dev.rdbss.api.BugCheckError;
import dev.rdbss.api.NtStatus;
import dev.rdbss.api.io.ChangeNotification;
import dev.rdbss.api.io.ControlResult;
import dev.rdbss.api.io.CreateRequest;
import dev.rdbss.api.io.FileHandle;
import dev.rdbss.api.io.IoSession;
import dev.rdbss.api.io.Logon;
import dev.rdbss.api.spi.LowIoOperation;
import dev.rdbss.api.spi.RxContext;
import dev.rdbss.core.ManualClock;
import dev.rdbss.core.kernel.LockOwner;
import dev.rdbss.core.kernel.RxResource;
import dev.rdbss.core.memory.MemoryHost;
import dev.rdbss.core.memory.MemoryMiniRedirector;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Low I/O answered PENDING (spec §5.2): FSCTL and IOCTL on files completed by {@code
 * lowIoCompletion} from another thread, which releases the FCB on the originating owner's behalf
 * ({@code LowIoContext.ResourceThreadId}); exactly one completion; the I/O timeout; and the
 * asynchronous directory notification, which holds the FCB only while the entry runs.
 */
class AsyncLowIoTest {

  private static final int FSCTL_CODE = 0x0009_00C0;
  private static final int IOCTL_CODE = 0x0022_0004;

  private final MemoryHost host = new MemoryHost();
  private final MemoryMiniRedirector mrx = host.mrx;
  private final ManualClock clock = host.clock;
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final CompletableFuture<RxContext> submitted = new CompletableFuture<>();

  AsyncLowIoTest() {
    mrx.share("files", "docs").file("\\a.txt", bytes("abc"));
  }

  @AfterEach
  void closeChecksForLeaks() {
    threads.shutdownNow();
    host.close(); // only a test that crashed the runtime on purpose may leave objects behind
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private IoSession alice() {
    return host.runtime().logon(Logon.user("alice", "pw"));
  }

  /** The mini-redirector answers {@code op} PENDING and hands the context to the test. */
  private void pend(LowIoOperation op) {
    mrx.onLowIo(op, ctx -> {
      submitted.complete(ctx);
      return NtStatus.PENDING;
    });
  }

  private static LockOwner ownerOf(RxContext ctx) {
    return LockOwner.of(ctx.lowIo().resourceOwner(), "the request's owner");
  }

  private static RxResource fcbLock(RxContext ctx) {
    return ((FcbImpl) java.util.Objects.requireNonNull(ctx.fcb())).resource;
  }

  private static boolean isFree(RxResource r) {
    return r.exclusiveOwner() == null && r.sharedCount() == 0;
  }

  private void completeOnAnotherThread(RxContext ctx, NtStatus status, long information)
      throws Exception {
    Future<NtStatus> done = threads.submit(() -> mrx.completeLowIo(ctx, status, information));
    assertThat(done.get(30, TimeUnit.SECONDS)).isEqualTo(NtStatus.SUCCESS);
  }

  @Test
  void anFsctlCompletedFromAnotherThreadReleasesTheFcbForItsOwner_s5_2() throws Exception {
    pend(LowIoOperation.FSCTL);
    try (FileHandle f = alice().open("\\\\files\\docs\\a.txt", CreateRequest.read())) {
      Future<ControlResult> call = threads.submit(() -> f.fsctl(FSCTL_CODE, bytes("in"), 8));
      RxContext ctx = submitted.get(30, TimeUnit.SECONDS);
      assertThat(ctx.control().controlCode()).isEqualTo(FSCTL_CODE);
      assertThat(fcbLock(ctx).isHeldBy(ownerOf(ctx)))
          .as("held for the request's owner, not for a thread").isTrue();
      assertThat(call).isNotDone();

      ctx.control().setOutput(bytes("out"));
      completeOnAnotherThread(ctx, NtStatus.SUCCESS, 3);

      ControlResult result = call.get(30, TimeUnit.SECONDS);
      assertThat(result.status()).isEqualTo(NtStatus.SUCCESS);
      assertThat(result.output()).isEqualTo(bytes("out"));
      assertThat(isFree(fcbLock(ctx))).as("released on the owner's behalf").isTrue();
    }
  }

  @Test
  void anIoctlFailedFromAnotherThreadAnswersItsStatusAndFreesTheFcb_s5_2() throws Exception {
    pend(LowIoOperation.IOCTL);
    try (FileHandle f = alice().open("\\\\files\\docs\\a.txt", CreateRequest.read())) {
      Future<ControlResult> call = threads.submit(() -> f.ioctl(IOCTL_CODE, new byte[0], 0));
      RxContext ctx = submitted.get(30, TimeUnit.SECONDS);

      completeOnAnotherThread(ctx, NtStatus.INVALID_DEVICE_REQUEST, 0);

      assertThat(call.get(30, TimeUnit.SECONDS).status()).isEqualTo(NtStatus.INVALID_DEVICE_REQUEST);
      assertThat(isFree(fcbLock(ctx))).isTrue();
      assertThat(f.read(0, 3).data()).as("the FCB serves the next request").isEqualTo(bytes("abc"));
    }
  }

  @Test
  void aSecondLowIoCompletionIsABugcheck_s5_2() throws Exception {
    pend(LowIoOperation.FSCTL);
    FileHandle f = alice().open("\\\\files\\docs\\a.txt", CreateRequest.read());
    Future<ControlResult> call = threads.submit(() -> f.fsctl(FSCTL_CODE, new byte[0], 0));
    RxContext ctx = submitted.get(30, TimeUnit.SECONDS);
    completeOnAnotherThread(ctx, NtStatus.SUCCESS, 0);
    assertThat(call.get(30, TimeUnit.SECONDS).status()).isEqualTo(NtStatus.SUCCESS);
    host.expectCrash();

    assertThatThrownBy(() -> mrx.completeLowIo(ctx, NtStatus.SUCCESS, 0))
        .isInstanceOf(BugCheckError.class);

    BugCheckError error = host.runtime().observation().bugCheck().orElseThrow().error();
    assertThat(error.code()).isEqualTo(BugCheckCode.DRIVER_VERIFIER_DETECTED_VIOLATION);
    assertThat(error.specSection()).contains("§5.2");
    assertThat(error.explanation()).contains("completed twice").contains("exactly one");
    assertThat(isFree(fcbLock(ctx))).as("the FCB was released once, by the first").isTrue();
  }

  @Test
  void aSynchronousAnswerAfterLowIoCompletionIsABugcheck_s5_2() {
    mrx.onLowIo(LowIoOperation.IOCTL, ctx -> {
      mrx.completeLowIo(ctx, NtStatus.SUCCESS, 0);
      return NtStatus.SUCCESS; // and answers as if synchronous too
    });
    FileHandle f = alice().open("\\\\files\\docs\\a.txt", CreateRequest.read());
    host.expectCrash();

    assertThatThrownBy(() -> f.ioctl(IOCTL_CODE, new byte[0], 0))
        .isInstanceOf(BugCheckError.class)
        .hasMessageContaining("completed twice");
  }

  @Test
  void noCompletionWithinTheIoTimeoutIsIoTimeoutAndALateCompletionIsIgnored_s5_2()
      throws Exception {
    pend(LowIoOperation.FSCTL);
    try (FileHandle f = alice().open("\\\\files\\docs\\a.txt", CreateRequest.read())) {
      int timersBefore = clock.pendingTimers();
      Future<ControlResult> call = threads.submit(() -> f.fsctl(FSCTL_CODE, new byte[0], 0));
      RxContext ctx = submitted.get(30, TimeUnit.SECONDS);
      awaitTimers(timersBefore + 1); // the caller armed its I/O timeout

      clock.advance(Duration.ofSeconds(60));

      assertThat(call.get(30, TimeUnit.SECONDS).status()).isEqualTo(NtStatus.IO_TIMEOUT);
      assertThat(isFree(fcbLock(ctx))).isTrue();
      assertThat(mrx.completeLowIo(ctx, NtStatus.SUCCESS, 0)).isEqualTo(NtStatus.SUCCESS);
      assertThat(host.runtime().observation().recentEvents(1000))
          .anyMatch(e -> e.name().equals("lowIoTimedOut"))
          .anyMatch(e -> e.name().equals("lateLowIoCompletionIgnored"));
      assertThat(host.runtime().observation().bugCheck()).isEmpty();
    }
  }

  @Test
  void aNotificationHoldsTheFcbOnlyWhileTheEntryRuns_s5_2() throws Exception {
    AtomicBoolean heldDuringEntry = new AtomicBoolean();
    mrx.onLowIo(LowIoOperation.NOTIFY_CHANGE_DIRECTORY, ctx -> {
      heldDuringEntry.set(fcbLock(ctx).isHeldBy(ownerOf(ctx)));
      submitted.complete(ctx);
      return NtStatus.PENDING;
    });
    try (FileHandle dir = alice().open("\\\\files\\docs\\sub", CreateRequest.directory())) {
      CompletionStage<ChangeNotification> stage = dir.notifyChangeDirectory(0x1, false);
      RxContext ctx = submitted.get(30, TimeUnit.SECONDS);

      assertThat(heldDuringEntry).isTrue();
      assertThat(isFree(fcbLock(ctx))).as("queued, not holding the directory").isTrue();

      completeOnAnotherThread(ctx, NtStatus.SUCCESS, 0);

      assertThat(stage.toCompletableFuture().get(30, TimeUnit.SECONDS).status())
          .isEqualTo(NtStatus.SUCCESS);
      assertThat(isFree(fcbLock(ctx))).isTrue();
    }
  }

  /** Waits, without sleeping, until the clock holds {@code count} timers. */
  private void awaitTimers(int count) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (clock.pendingTimers() < count) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the timer was never armed");
      }
      Thread.onSpinWait();
    }
  }
}
