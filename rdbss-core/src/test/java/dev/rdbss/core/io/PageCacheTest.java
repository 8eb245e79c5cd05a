package dev.rdbss.core.io;

import static dev.rdbss.api.FcbState.FILESIZECACHEING;
import static dev.rdbss.api.FcbState.FILETIMECACHEING;
import static dev.rdbss.api.FcbState.READCACHING;
import static dev.rdbss.api.FcbState.WRITECACHING;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rdbss.api.ConnectionFinalizeLevel;
import dev.rdbss.api.NtStatus;
import dev.rdbss.api.file.CreateOption;
import dev.rdbss.api.file.FileInformation;
import dev.rdbss.api.io.CreateRequest;
import dev.rdbss.api.io.FileHandle;
import dev.rdbss.api.io.IoSession;
import dev.rdbss.api.spi.LowIoOperation;
import org.junit.jupiter.api.Test;

/**
 * The per-FCB page cache (spec §7.1): cached reads and buffered writes when the FCB's buffering
 * state allows them, write-through otherwise; flushes at flush, cleanup and close, and before every
 * purge, so that no write the user saw succeed is dropped (§7.2 step 4, §4.2, §6.6).
 */
class PageCacheTest extends BufferingFixture {

  private static final String NEW = "\\\\files\\docs\\new.txt";

  private long reads() {
    return mrx.count("lowIoSubmit[READ]");
  }

  private long writes() {
    return mrx.count("lowIoSubmit[WRITE]");
  }

  private byte[] onServer(String name) {
    return java.util.Objects.requireNonNull(mrx.share("files", "docs").content(name));
  }

  @Test
  void aCachedReadIsServedWithoutALowIoRead_s7_1() {
    mrx.grantBuffering(READCACHING, FILESIZECACHEING, FILETIMECACHEING);
    IoSession alice = alice();
    try (FileHandle a = alice.open(README, CreateRequest.read());
        FileHandle b = alice.open(README, CreateRequest.read())) {
      assertThat(a.read(0, 5).data()).isEqualTo(bytes("hello"));
      assertThat(reads()).as("one paging read fills the page").isEqualTo(1);
      assertThat(mrx.pagingIo(LowIoOperation.READ)).isEqualTo(1);

      assertThat(a.read(1, 3).data()).isEqualTo(bytes("ell"));
      assertThat(b.read(0, 100).data()).as("the other handle shares the FCB's cache")
          .isEqualTo(bytes("hello"));
      assertThat(b.read(5, 1).status()).isEqualTo(NtStatus.END_OF_FILE);
      assertThat(reads()).as("served from the cache: no lowIoSubmit[READ]").isEqualTo(1);
    }
  }

  @Test
  void withoutReadCachingEveryReadGoesToTheServer_s7_1() {
    IoSession alice = alice();
    try (FileHandle a = alice.open(README, CreateRequest.read())) {
      a.read(0, 5);
      a.read(0, 5);
      assertThat(reads()).isEqualTo(2);
      assertThat(mrx.pagingIo(LowIoOperation.READ)).isZero();
    }
  }

  @Test
  void aBufferedWriteReachesTheServerAtFlush_s7_1() {
    mrx.grantBuffering(READCACHING, WRITECACHING, FILESIZECACHEING, FILETIMECACHEING);
    try (FileHandle f = alice().open(NEW, CreateRequest.readWrite().openIf())) {
      assertThat(f.write(0, bytes("abc")).information()).isEqualTo(3);
      assertThat(onServer("\\new.txt")).as("buffered, not yet on the server").isEmpty();
      assertThat(writes()).isZero();
      assertThat(f.read(0, 10).data()).isEqualTo(bytes("abc"));
      assertThat(reads()).as("a page past the end of file needs no fill").isZero();

      long mark = mark();
      assertThat(f.flush().status()).isEqualTo(NtStatus.SUCCESS);

      assertThat(onServer("\\new.txt")).isEqualTo(bytes("abc"));
      assertThat(mrx.pagingIo(LowIoOperation.WRITE)).isEqualTo(1);
      assertThat(callbacksSince(mark)).containsExactly("lowIoSubmit[WRITE]", "flush");
    }
  }

  @Test
  void aBufferedWriteReachesTheServerAtCleanup_s6_6() {
    mrx.grantBuffering(READCACHING, WRITECACHING);
    try (FileHandle f = alice().open(README, CreateRequest.readWrite())) {
      f.write(1, bytes("ELL"));
      assertThat(onServer("\\readme.txt")).isEqualTo(bytes("hello"));

      assertThat(f.cleanup()).isEqualTo(NtStatus.SUCCESS);

      assertThat(onServer("\\readme.txt")).isEqualTo(bytes("hELLo"));
      assertThat(mrx.calls()).containsSubsequence("cleanupFobx", "lowIoSubmit[WRITE]");
    }
  }

  @Test
  void aBufferedWriteReachesTheServerAtClose_s6_7() {
    mrx.grantBuffering(READCACHING, WRITECACHING);
    FileHandle f = alice().open(README, CreateRequest.readWrite());
    f.write(5, bytes(", world"));
    assertThat(onServer("\\readme.txt")).isEqualTo(bytes("hello"));

    f.close();

    assertThat(onServer("\\readme.txt")).isEqualTo(bytes("hello, world"));
  }

  @Test
  void anExclusiveOpenBuffersWritesEvenWithoutAGrant_s7_2_step3() {
    // No grant at all from the mini-redirector: an open that shares nothing still caches.
    try (FileHandle f = alice().open(README, CreateRequest.readWrite().share())) {
      f.write(0, bytes("J"));
      assertThat(onServer("\\readme.txt")).isEqualTo(bytes("hello"));
      assertThat(f.read(0, 5).data()).isEqualTo(bytes("Jello"));
    }
    assertThat(onServer("\\readme.txt")).isEqualTo(bytes("Jello"));
  }

  @Test
  void withoutWriteCachingWritesGoThroughAndTheCacheStaysCoherent_s7_1() {
    mrx.grantBuffering(READCACHING);
    try (FileHandle f = alice().open(README, CreateRequest.readWrite())) {
      assertThat(f.read(0, 5).data()).isEqualTo(bytes("hello"));
      long readsBefore = reads();

      assertThat(f.write(0, bytes("J")).status()).isEqualTo(NtStatus.SUCCESS);

      assertThat(onServer("\\readme.txt")).as("written through").isEqualTo(bytes("Jello"));
      assertThat(mrx.pagingIo(LowIoOperation.WRITE)).isZero();
      assertThat(f.read(0, 5).data()).as("the stale page was purged").isEqualTo(bytes("Jello"));
      assertThat(reads()).isEqualTo(readsBefore + 1);
    }
  }

  @Test
  void aNoIntermediateBufferingOpenStopsCachingForTheFcb_s6_4_step6() {
    mrx.grantBuffering(READCACHING, WRITECACHING);
    IoSession alice = alice();
    try (FileHandle cached = alice.open(README, CreateRequest.readWrite().shareAll())) {
      cached.write(0, bytes("J"));
      CreateRequest uncached =
          CreateRequest.readWrite().shareAll().withOptions(CreateOption.NO_INTERMEDIATE_BUFFERING);
      try (FileHandle direct = alice.open(README, uncached)) {
        assertThat(onServer("\\readme.txt")).as("flushed before the purge")
            .isEqualTo(bytes("Jello"));
        assertThat(flagsOfOnly(dev.rdbss.api.NodeType.FCB))
            .doesNotContain("READCACHING", "WRITECACHING");
        cached.write(1, bytes("E"));
        assertThat(onServer("\\readme.txt")).as("written through now").isEqualTo(bytes("JEllo"));
        assertThat(direct.read(0, 5).data()).isEqualTo(bytes("JEllo"));
      }
    }
  }

  @Test
  void aTruncationDropsCachedBytesPastTheNewEnd_s7_1() {
    mrx.grantBuffering(READCACHING, WRITECACHING);
    try (FileHandle f = alice().open(README, CreateRequest.readWrite())) {
      f.write(5, bytes("12345"));
      assertThat(f.setInformation(new FileInformation.EndOfFile(3)).status())
          .isEqualTo(NtStatus.SUCCESS);
      assertThat(f.read(0, 10).data()).isEqualTo(bytes("hel"));
      assertThat(f.setInformation(new FileInformation.EndOfFile(6)).status())
          .isEqualTo(NtStatus.SUCCESS);
      assertThat(f.read(0, 10).data()).as("the extension reads as zeros")
          .isEqualTo(new byte[] {'h', 'e', 'l', 0, 0, 0});
    }
    assertThat(onServer("\\readme.txt")).isEqualTo(new byte[] {'h', 'e', 'l', 0, 0, 0});
  }

  @Test
  void forcedFinalizationFlushesCachedWritesBeforeOrphaning_s4_2() {
    mrx.grantBuffering(READCACHING, WRITECACHING);
    IoSession alice = alice();
    assertThat(alice.netUse("X:", "\\\\files\\docs")).isEqualTo(NtStatus.SUCCESS);
    FileHandle f = alice.open("X:\\readme.txt", CreateRequest.readWrite());
    assertThat(f.write(0, bytes("HELLO")).status()).isEqualTo(NtStatus.SUCCESS);
    assertThat(onServer("\\readme.txt")).isEqualTo(bytes("hello"));

    assertThat(alice.netUseDelete("X:", ConnectionFinalizeLevel.FORCE_FILES_CLOSED))
        .isEqualTo(NtStatus.SUCCESS);

    assertThat(onServer("\\readme.txt")).as("no acknowledged write is dropped")
        .isEqualTo(bytes("HELLO"));
    assertThat(f.read(0, 5).status()).isEqualTo(NtStatus.UNEXPECTED_NETWORK_ERROR);
    assertThat(f.cleanup()).isEqualTo(NtStatus.SUCCESS);
    f.close();
  }

  @Test
  void aFlushThatFailsAtForcedFinalizationIsReportedAtTheHandlesCleanup_s4_2() {
    mrx.grantBuffering(READCACHING, WRITECACHING);
    IoSession alice = alice();
    alice.netUse("X:", "\\\\files\\docs");
    FileHandle f = alice.open("X:\\readme.txt", CreateRequest.readWrite());
    f.write(0, bytes("HELLO"));
    mrx.failPagingWritesWith(NtStatus.DISK_FULL);
    long mark = mark();

    assertThat(alice.netUseDelete("X:", ConnectionFinalizeLevel.FORCE_FILES_CLOSED))
        .isEqualTo(NtStatus.SUCCESS);

    assertThat(runtimeEventsSince(mark)).contains("flushFailed");
    assertThat(onServer("\\readme.txt")).isEqualTo(bytes("hello"));
    assertThat(f.cleanup()).as("the loss is reported to the handle").isEqualTo(NtStatus.DISK_FULL);
    f.close();
  }

  @Test
  void aPurgeNeverDropsAnAcknowledgedWrite_s7_2_step4() {
    mrx.grantBuffering(READCACHING, WRITECACHING);
    try (FileHandle f = alice().open(README, CreateRequest.readWrite())) {
      f.write(0, bytes("J"));
      mrx.failPagingWritesWith(NtStatus.DISK_FULL);
      long mark = mark();

      // The server takes all caching away: flush (fails), then purge.
      mrx.breakOplock("\\readme.txt");
      runtime.awaitIdle();

      assertThat(runtimeEventsSince(mark)).contains("cacheFlushFailed");
      assertThat(flagsOfOnly(dev.rdbss.api.NodeType.FCB)).doesNotContain("WRITECACHING");
      assertThat(onServer("\\readme.txt")).isEqualTo(bytes("hello"));

      mrx.failPagingWritesWith(null);
      assertThat(f.read(0, 5).data()).as("the kept write is flushed before the uncached read")
          .isEqualTo(bytes("Jello"));
      assertThat(onServer("\\readme.txt")).isEqualTo(bytes("Jello"));
    }
  }

  @Test
  void aBreakWhileWritesAreCachedFlushesThemFirst_s7_2_step4() {
    mrx.grantBuffering(READCACHING, WRITECACHING, FILESIZECACHEING, FILETIMECACHEING);
    try (FileHandle f = alice().open(README, CreateRequest.readWrite())) {
      f.write(0, bytes("HELLO"));
      long mark = mark();

      mrx.breakOplock("\\readme.txt", READCACHING);
      runtime.awaitIdle();

      assertThat(onServer("\\readme.txt")).isEqualTo(bytes("HELLO"));
      assertThat(callbacksSince(mark)).containsSubsequence(
          "computeNewBufferingState", "lowIoSubmit[WRITE]", "completeBufferingStateChangeRequest");
      assertThat(flagsOfOnly(dev.rdbss.api.NodeType.FCB))
          .contains("READCACHING")
          .doesNotContain("WRITECACHING");
      long readsBefore = reads();
      assertThat(f.read(0, 5).data()).isEqualTo(bytes("HELLO"));
      assertThat(reads()).as("read caching kept the page").isEqualTo(readsBefore);
    }
  }
}
