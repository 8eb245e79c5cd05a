package dev.rdbss.core.io;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rdbss.api.ConnectionFinalizeLevel;
import dev.rdbss.api.NtStatus;
import dev.rdbss.api.file.FileInformation;
import dev.rdbss.api.file.FileInformationClass;
import dev.rdbss.api.io.ChangeNotification;
import dev.rdbss.api.io.CreateRequest;
import dev.rdbss.api.io.FileHandle;
import dev.rdbss.api.io.IoSession;
import dev.rdbss.api.spi.LowIoOperation;
import dev.rdbss.api.spi.LowIoParameters;
import dev.rdbss.api.spi.RxContext;
import dev.rdbss.core.memory.MemoryHost;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Directory change notifications (spec §5.2 low I/O NOTIFY_CHANGE_DIRECTORY): asynchronous, with the
 * changes the mini-redirector reports; completed with NOTIFY_CLEANUP by the handle's cleanup (§6.6)
 * and with CANCELLED by the deletion of the connection (§4.3 step 1).
 */
class ChangeNotifyTest {

  private static final int FILE_NAME = 0x1;
  private static final String SUB = "\\\\files\\docs\\sub";

  private final MemoryHost host = new MemoryHost();
  private final IoSession alice = host.logon("alice");

  @AfterEach
  void closeChecksForLeaks() {
    host.close();
  }

  private static ChangeNotification result(CompletionStage<ChangeNotification> stage)
      throws Exception {
    return stage.toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  @Test
  void aNotificationCompletesWithTheChangesTheMiniRedirectorReports_s5_2() throws Exception {
    try (FileHandle dir = alice.open(SUB, CreateRequest.directory())) {
      CompletionStage<ChangeNotification> stage = dir.notifyChangeDirectory(FILE_NAME, false);
      assertThat(stage.toCompletableFuture()).isNotDone();
      assertThat(host.mrx.queuedNotifications()).isEqualTo(1);

      // Nothing is held while it waits: the directory answers other requests meanwhile.
      assertThat(dir.queryDirectory(null, true).status()).isEqualTo(NtStatus.NO_MORE_FILES);
      try (FileHandle again = alice.open(SUB, CreateRequest.directory().shareAll())) {
        assertThat(again.queryInformation(FileInformationClass.STANDARD,
            FileInformation.Standard.class).status()).isEqualTo(NtStatus.SUCCESS);
      }

      Thread server = new Thread(() -> host.mrx.fireChange(
          "files", "docs", "\\sub", ChangeNotification.Action.ADDED, "new.txt"));
      server.start();
      server.join();

      ChangeNotification n = result(stage);
      assertThat(n.status()).isEqualTo(NtStatus.SUCCESS);
      assertThat(n.changes())
          .containsExactly(new ChangeNotification.Change(ChangeNotification.Action.ADDED, "new.txt"));
    }
    assertThat(host.mrx.calls()).contains("lowIoSubmit[NOTIFY_CHANGE_DIRECTORY]");
  }

  @Test
  void stoppingTheMiniRedirectorCancelsPendingNotifications_s5_1() throws Exception {
    try (FileHandle dir = alice.open(SUB, CreateRequest.directory())) {
      CompletionStage<ChangeNotification> stage = dir.notifyChangeDirectory(FILE_NAME, false);
      assertThat(stage.toCompletableFuture()).isNotDone();

      assertThat(host.runtime().stop("mem")).isEqualTo(NtStatus.REDIRECTOR_HAS_OPEN_HANDLES);

      assertThat(result(stage).status()).isEqualTo(NtStatus.CANCELLED);
      assertThat(host.mrx.queuedNotifications()).isZero();
    }
    assertThat(host.runtime().start("mem")).isEqualTo(NtStatus.SUCCESS);
  }

  @Test
  void tooManyChangesIsNotifyEnumDirWithoutAList_s5_2() throws Exception {
    CompletableFuture<RxContext> submitted = new CompletableFuture<>();
    host.mrx.onLowIo(LowIoOperation.NOTIFY_CHANGE_DIRECTORY, ctx -> {
      submitted.complete(ctx);
      return NtStatus.PENDING;
    });
    try (FileHandle dir = alice.open(SUB, CreateRequest.directory())) {
      CompletionStage<ChangeNotification> stage = dir.notifyChangeDirectory(FILE_NAME, true);
      RxContext ctx = submitted.get(30, TimeUnit.SECONDS);
      LowIoParameters.NotifyChangeDirectory p =
          ctx.lowIo().parameters(LowIoParameters.NotifyChangeDirectory.class);
      assertThat(p.watchTree()).isTrue();
      assertThat(p.completionFilter()).isEqualTo(FILE_NAME);
      assertThat(ctx.isSynchronous()).as("the caller does not wait").isFalse();
      p.changes().add(new ChangeNotification.Change(ChangeNotification.Action.MODIFIED, "a"));

      host.mrx.completeLowIo(ctx, NtStatus.NOTIFY_ENUM_DIR, 0);

      ChangeNotification n = result(stage);
      assertThat(n.status()).isEqualTo(NtStatus.NOTIFY_ENUM_DIR);
      assertThat(n.changes()).isEmpty();
    }
  }

  @Test
  void aSynchronousAnswerCompletesTheNotificationAtOnce_s5_2() throws Exception {
    host.mrx.onLowIo(LowIoOperation.NOTIFY_CHANGE_DIRECTORY, ctx -> NtStatus.NOT_SUPPORTED);
    try (FileHandle dir = alice.open(SUB, CreateRequest.directory())) {
      assertThat(result(dir.notifyChangeDirectory(FILE_NAME, false)).status())
          .isEqualTo(NtStatus.NOT_SUPPORTED);
    }
  }

  @Test
  void cleanupCompletesThePendingNotificationWithNotifyCleanup_s6_6() throws Exception {
    FileHandle dir = alice.open(SUB, CreateRequest.directory());
    CompletionStage<ChangeNotification> stage = dir.notifyChangeDirectory(FILE_NAME, false);

    assertThat(dir.cleanup()).isEqualTo(NtStatus.SUCCESS);

    assertThat(result(stage).status()).isEqualTo(NtStatus.NOTIFY_CLEANUP);
    assertThat(host.mrx.calls()).as("the mini-redirector's cancel routine ran")
        .contains("notifyCancelled");
    assertThat(host.mrx.queuedNotifications()).isZero();
    assertThat(result(dir.notifyChangeDirectory(FILE_NAME, false)).status())
        .isEqualTo(NtStatus.FILE_CLOSED);
    dir.close();
  }

  @Test
  void aCompletionThatArrivesAfterTheCleanupIsIgnored_s6_6_s5_2() throws Exception {
    CompletableFuture<RxContext> submitted = new CompletableFuture<>();
    host.mrx.onLowIo(LowIoOperation.NOTIFY_CHANGE_DIRECTORY, ctx -> {
      submitted.complete(ctx); // no cancel routine: it never hears of the cleanup
      return NtStatus.PENDING;
    });
    FileHandle dir = alice.open(SUB, CreateRequest.directory());
    CompletionStage<ChangeNotification> stage = dir.notifyChangeDirectory(FILE_NAME, false);
    RxContext ctx = submitted.get(30, TimeUnit.SECONDS);
    dir.close();
    assertThat(result(stage).status()).isEqualTo(NtStatus.NOTIFY_CLEANUP);

    assertThat(host.mrx.completeLowIo(ctx, NtStatus.SUCCESS, 0)).isEqualTo(NtStatus.SUCCESS);

    assertThat(host.runtime().observation().recentEvents(1000))
        .anyMatch(e -> e.name().equals("lateLowIoCompletionIgnored"));
    assertThat(host.runtime().observation().bugCheck()).isEmpty();
  }

  @Test
  void aNotificationOnAFileIsInvalidParameter_s5_2() throws Exception {
    try (FileHandle f = alice.open("\\\\files\\docs\\readme.txt", CreateRequest.read())) {
      assertThat(result(f.notifyChangeDirectory(FILE_NAME, false)).status())
          .isEqualTo(NtStatus.INVALID_PARAMETER);
    }
    assertThat(host.mrx.calls()).doesNotContain("lowIoSubmit[NOTIFY_CHANGE_DIRECTORY]");
  }

  @Test
  void unforcedDeletionWithAPendingNotificationIsFilesOpenAndCancelsNothing_s4_3() throws Exception {
    alice.netUse("X:", "\\\\files\\docs");
    FileHandle dir = alice.open("X:\\sub", CreateRequest.directory());
    CompletionStage<ChangeNotification> stage = dir.notifyChangeDirectory(FILE_NAME, false);

    assertThat(alice.netUseDelete("X:", ConnectionFinalizeLevel.NO_FORCE))
        .isEqualTo(NtStatus.FILES_OPEN);

    assertThat(stage.toCompletableFuture()).isNotDone();
    assertThat(host.mrx.calls()).doesNotContain("notifyCancelled");
    assertThat(alice.netUses()).containsKey("X:");
    dir.close();
    assertThat(result(stage).status()).isEqualTo(NtStatus.NOTIFY_CLEANUP);
    assertThat(alice.netUseDelete("X:", ConnectionFinalizeLevel.NO_FORCE))
        .isEqualTo(NtStatus.SUCCESS);
  }

  @Test
  void forcedDeletionCancelsTheViewsNotificationsAndOrphansTheHandle_s4_3() throws Exception {
    alice.netUse("X:", "\\\\files\\docs");
    FileHandle dir = alice.open("X:\\sub", CreateRequest.directory());
    CompletionStage<ChangeNotification> stage = dir.notifyChangeDirectory(FILE_NAME, false);

    assertThat(alice.netUseDelete("X:", ConnectionFinalizeLevel.FORCE_FILES_CLOSED))
        .isEqualTo(NtStatus.SUCCESS);

    assertThat(result(stage).status()).isEqualTo(NtStatus.CANCELLED);
    assertThat(host.mrx.calls()).contains("notifyCancelled");
    assertThat(result(dir.notifyChangeDirectory(FILE_NAME, false)).status())
        .as("§4.2").isEqualTo(NtStatus.UNEXPECTED_NETWORK_ERROR);
    dir.close();
  }

  @Test
  void deletionAtLevel0xFfCancelsTheNotificationsButStillReportsOpenFiles_s4_3() throws Exception {
    alice.netUse("X:", "\\\\files\\docs");
    FileHandle dir = alice.open("X:\\sub", CreateRequest.directory());
    CompletionStage<ChangeNotification> stage = dir.notifyChangeDirectory(FILE_NAME, false);

    // 0xFF is non-zero: the cancel step cancels; the level still does not force files closed.
    assertThat(alice.netUseDelete("X:", ConnectionFinalizeLevel.NO_FORCE_DROP_CONNECTION_REFERENCE))
        .isEqualTo(NtStatus.FILES_OPEN);

    assertThat(result(stage).status()).isEqualTo(NtStatus.CANCELLED);
    assertThat(dir.queryInformation(FileInformationClass.STANDARD,
        FileInformation.Standard.class).status()).as("not orphaned").isEqualTo(NtStatus.SUCCESS);
    dir.close();
    assertThat(alice.netUseDelete("X:", ConnectionFinalizeLevel.NO_FORCE))
        .isEqualTo(NtStatus.SUCCESS);
  }

  @Test
  void deletingOneLogonsMappingLeavesAnotherLogonsNotificationPending_s4_3() throws Exception {
    IoSession bob = host.logon("bob");
    alice.netUse("X:", "\\\\files\\docs");
    try (FileHandle bobs = bob.open(SUB, CreateRequest.directory().shareAll())) {
      CompletionStage<ChangeNotification> bobWaits = bobs.notifyChangeDirectory(FILE_NAME, false);
      FileHandle dir = alice.open("X:\\sub", CreateRequest.directory().shareAll());
      CompletionStage<ChangeNotification> aliceWaits = dir.notifyChangeDirectory(FILE_NAME, false);

      assertThat(alice.netUseDelete("X:", ConnectionFinalizeLevel.FORCE_FILES_CLOSED))
          .isEqualTo(NtStatus.SUCCESS);

      assertThat(result(aliceWaits).status()).isEqualTo(NtStatus.CANCELLED);
      assertThat(bobWaits.toCompletableFuture()).isNotDone();
      assertThat(host.mrx.fireChange("files", "docs", "\\sub",
          ChangeNotification.Action.REMOVED, "old.txt")).isEqualTo(1);
      assertThat(result(bobWaits).changes()).extracting(ChangeNotification.Change::fileName)
          .containsExactly("old.txt");
      dir.close();
    }
  }
}
