package dev.rdbss.core.io;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rdbss.api.NtStatus;
import dev.rdbss.api.io.CreateRequest;
import dev.rdbss.api.io.FileHandle;
import dev.rdbss.api.io.IoSession;
import dev.rdbss.api.io.ReadResult;
import dev.rdbss.api.spi.LowIoOperation;
import dev.rdbss.api.spi.LowIoParameters;
import dev.rdbss.api.spi.RxContext;
import dev.rdbss.core.memory.MemoryHost;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code LOWIO_OP_CLEAROUT} (spec §5.2), in the simulator's reading (rdbss-core/README.md): at the
 * cleanup of a handle (§6.6) whose low I/O the mini-redirector still holds, RDBSS asks it to clear
 * those requests out before the cleanup waits for the FCB. Through the host API: one thread reads
 * and the in-memory mini-redirector keeps the read pending, another closes the handle.
 */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ClearOutTest {

  private static final String README = "\\\\files\\docs\\readme.txt";

  private final MemoryHost host = new MemoryHost();
  private final IoSession alice = host.logon("alice");
  private final ExecutorService reader = Executors.newSingleThreadExecutor();
  private final List<RxContext> held = new ArrayList<>();
  private final CountDownLatch readPending = new CountDownLatch(1);

  @AfterEach
  void closeChecksForLeaks() throws InterruptedException {
    reader.shutdown();
    assertThat(reader.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    host.close();
  }

  /** The mini-redirector keeps every read pending until something completes it. */
  private void holdReads() {
    host.mrx.onLowIo(LowIoOperation.READ, ctx -> {
      synchronized (held) {
        held.add(ctx);
      }
      readPending.countDown();
      return NtStatus.PENDING;
    });
  }

  private List<RxContext> heldFor(RxContext clearOut) {
    synchronized (held) {
      List<RxContext> mine = new ArrayList<>();
      for (RxContext c : held) {
        if (c.fobx() == clearOut.fobx()) {
          mine.add(c);
        }
      }
      held.removeAll(mine);
      return mine;
    }
  }

  private CompletableFuture<ReadResult> readInBackground(FileHandle f) throws InterruptedException {
    CompletableFuture<ReadResult> read = CompletableFuture.supplyAsync(() -> f.read(0, 5), reader);
    MemoryHost.await(readPending);
    return read;
  }

  @Test
  void cleanupClearsOutTheHandlesPendingLowIo_s5_2_s6_6() throws Exception {
    holdReads();
    host.mrx.onLowIo(LowIoOperation.CLEAROUT, ctx -> {
      assertThat(ctx.lowIo().parameters()).isInstanceOf(LowIoParameters.None.class);
      heldFor(ctx).forEach(c -> host.mrx.completeLowIo(c, NtStatus.CANCELLED, 0));
      return NtStatus.SUCCESS;
    });
    FileHandle f = alice.open(README, CreateRequest.read());
    CompletableFuture<ReadResult> read = readInBackground(f);

    assertThat(f.cleanup()).isEqualTo(NtStatus.SUCCESS);

    assertThat(read.get(30, TimeUnit.SECONDS).status()).isEqualTo(NtStatus.CANCELLED);
    assertThat(host.mrx.calls())
        .containsSubsequence("lowIoSubmit[READ]", "lowIoSubmit[CLEAROUT]", "cleanupFobx");
    f.close();
  }

  @Test
  void aClearOutAnsweredPendingIsAwaitedBeforeTheCleanupGoesOn_s5_2() throws Exception {
    holdReads();
    host.mrx.onLowIo(LowIoOperation.CLEAROUT, ctx -> {
      List<RxContext> mine = heldFor(ctx);
      // Completes from another thread, after answering PENDING, as an asynchronous plugin does.
      new Thread(() -> {
        mine.forEach(c -> host.mrx.completeLowIo(c, NtStatus.CANCELLED, 0));
        host.mrx.completeLowIo(ctx, NtStatus.SUCCESS, 0);
      }).start();
      return NtStatus.PENDING;
    });
    FileHandle f = alice.open(README, CreateRequest.read());
    CompletableFuture<ReadResult> read = readInBackground(f);

    f.close();

    assertThat(read.get(30, TimeUnit.SECONDS).status()).isEqualTo(NtStatus.CANCELLED);
    assertThat(host.mrx.calls()).containsSubsequence("lowIoSubmit[CLEAROUT]", "cleanupFobx");
  }

  @Test
  void withoutTheEntryTheCleanupWaitsForThePendingRequest_s5_2_s6_6() throws Exception {
    holdReads(); // CLEAROUT keeps the in-memory default: not supported
    FileHandle f = alice.open(README, CreateRequest.read());
    CompletableFuture<ReadResult> read = readInBackground(f);
    CountDownLatch clearOutSent = host.onEvent("lowIoSubmit[CLEAROUT]");

    CompletableFuture<Void> closing = CompletableFuture.runAsync(f::close);
    MemoryHost.await(clearOutSent);
    assertThat(closing).as("cleanup waits for the FCB the read holds").isNotDone();
    RxContext pending;
    synchronized (held) {
      pending = held.remove(0);
    }
    pending.lowIo().parameters(LowIoParameters.ReadWrite.class).buffer().put(MemoryHost.bytes("hi"));
    host.mrx.completeLowIo(pending, NtStatus.SUCCESS, 2);

    closing.get(30, TimeUnit.SECONDS);
    assertThat(read.get(30, TimeUnit.SECONDS).data()).isEqualTo(MemoryHost.bytes("hi"));
  }

  @Test
  void aCleanupWithNothingPendingSendsNoClearOut_s5_2() {
    try (FileHandle f = alice.open(README, CreateRequest.read())) {
      assertThat(f.read(0, 5).status()).isEqualTo(NtStatus.SUCCESS);
    }
    assertThat(host.mrx.calls()).contains("cleanupFobx").doesNotContain("lowIoSubmit[CLEAROUT]");
  }
}
