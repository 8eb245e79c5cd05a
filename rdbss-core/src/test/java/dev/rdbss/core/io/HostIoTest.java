package dev.rdbss.core.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rdbss.api.BugCheckError;
import dev.rdbss.api.ConnectionFinalizeLevel;
import dev.rdbss.api.MiniRdrState;
import dev.rdbss.api.NodeType;
import dev.rdbss.api.NtStatus;
import dev.rdbss.api.file.CreateInformation;
import dev.rdbss.api.file.CreateOption;
import dev.rdbss.api.io.CreateRequest;
import dev.rdbss.api.io.FileHandle;
import dev.rdbss.api.io.IoSession;
import dev.rdbss.api.io.Logon;
import dev.rdbss.api.io.OpenResult;
import dev.rdbss.api.spi.RdbssControlCodes;
import dev.rdbss.core.ManualClock;
import dev.rdbss.core.RdbssSettings;
import dev.rdbss.core.memory.MemoryHost;
import dev.rdbss.core.memory.MemoryMiniRedirector;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The host I/O API end to end on the in-memory mini-redirector (ARCHITECTURE.md §3.4): lifecycle
 * (§5.1), MUP (§6.1), name resolution (§6.3) with its asynchronous contracts (§9 pitfall 1), file
 * create, read, write, cleanup and close (§6.4–6.7), drive mappings (§6.5, §4.3).
 */
class HostIoTest {

  private final MemoryHost host = new MemoryHost();
  private final MemoryMiniRedirector mrx = host.mrx;
  private final ManualClock clock = host.clock;

  @AfterEach
  void closeChecksForLeaks() {
    host.close(); // FAIL_ON_LEAK: a handle a test forgot fails it here
  }

  private static byte[] bytes(String s) {
    return MemoryHost.bytes(s);
  }

  private IoSession alice() {
    return host.runtime().logon(Logon.user("alice", "secret"));
  }

  @Test
  void uncOpenWriteReadBackAndClose_s6_3_s6_4_s5_2() {
    IoSession alice = alice();
    try (FileHandle f = alice.open("\\\\files\\docs\\new.txt", CreateRequest.readWrite().openIf())) {
      assertThat(f.createInformation()).isEqualTo(CreateInformation.CREATED);
      assertThat(f.write(0, bytes("abc")).information()).isEqualTo(3);
      assertThat(f.write(3, bytes("def")).status()).isEqualTo(NtStatus.SUCCESS);
      assertThat(new String(f.read(0, 100).data(), StandardCharsets.UTF_8)).isEqualTo("abcdef");
      assertThat(f.read(6, 10).status()).isEqualTo(NtStatus.END_OF_FILE);
    }
    assertThat(mrx.share("files", "docs").content("\\new.txt")).isEqualTo(bytes("abcdef"));
    assertThat(mrx.calls())
        .containsSubsequence("createSrvCall", "srvCallWinnerNotify", "extractNetRootName",
            "createVNetRoot", "create", "cleanupFobx", "closeSrvOpen");
  }

  @Test
  void aSecondOpenReusesTheConnectionAndTheFcb_s6_3_s6_4() {
    IoSession alice = alice();
    try (FileHandle a = alice.open("\\\\files\\docs\\readme.txt", CreateRequest.read());
        FileHandle b = alice.open("\\\\FILES\\Docs\\README.TXT", CreateRequest.read())) {
      assertThat(a.read(0, 5).data()).isEqualTo(bytes("hello"));
      assertThat(b.read(1, 4).data()).isEqualTo(bytes("ello"));
      assertThat(host.runtime().observation().snapshot().nodes(NodeType.FCB)).hasSize(1);
    }
    assertThat(mrx.count("createSrvCall")).as(mrx.calls().toString()).isEqualTo(1);
    assertThat(mrx.count("createVNetRoot")).as(mrx.calls().toString()).isEqualTo(1);
  }

  @Test
  void eachLogonGetsItsOwnViewOfAShare_s3_1() {
    try (FileHandle a = alice().open("\\\\files\\docs\\readme.txt", CreateRequest.read());
        FileHandle b = host.runtime().logon(Logon.user("bob", "pw"))
            .open("\\\\files\\docs\\readme.txt", CreateRequest.read())) {
      assertThat(host.runtime().observation().snapshot().nodes(NodeType.V_NET_ROOT)).hasSize(2);
      assertThat(host.runtime().observation().snapshot().nodes(NodeType.NET_ROOT)).hasSize(1);
    }
  }

  @Test
  void anUnknownServerIsBadNetworkPathAndStaysCachedUntilScavenged_s6_3_pitfall18() {
    IoSession alice = alice();
    OpenResult first = alice.tryOpen("\\\\nowhere\\docs\\a.txt", CreateRequest.read());
    OpenResult second = alice.tryOpen("\\\\nowhere\\docs\\a.txt", CreateRequest.read());

    assertThat(first.status()).isEqualTo(NtStatus.BAD_NETWORK_PATH);
    assertThat(second.status()).isEqualTo(NtStatus.BAD_NETWORK_PATH);
    assertThat(mrx.count("createSrvCall")).as("the Bad SRV_CALL answers from the table").isEqualTo(1);

    // The construction drops its reference on the worker after waking the caller: let it, so that
    // the SRV_CALL is marked before the period starts rather than during the advance.
    host.runtime().awaitIdle();
    clock.advance(Duration.ofSeconds(10));
    host.runtime().awaitIdle();
    assertThat(alice.tryOpen("\\\\nowhere\\docs\\a.txt", CreateRequest.read()).status())
        .isEqualTo(NtStatus.BAD_NETWORK_PATH);
    assertThat(mrx.count("createSrvCall")).as("scavenged, so built again").isEqualTo(2);
  }

  @Test
  void anUnknownShareIsBadNetworkName_s6_1_s6_3() {
    assertThat(alice().tryOpen("\\\\files\\nope\\a.txt", CreateRequest.read()).status())
        .isEqualTo(NtStatus.BAD_NETWORK_NAME);
  }

  @Test
  void malformedNamesAreRefusedWithTheStatusesOf_s6_2() {
    IoSession alice = alice();
    assertThat(alice.tryOpen("\\\\files\\docs\\a*.txt", CreateRequest.read()).status())
        .isEqualTo(NtStatus.OBJECT_NAME_INVALID);
    assertThat(alice.tryOpen("\\\\files\\docs\\..\\x", CreateRequest.read()).status())
        .isEqualTo(NtStatus.OBJECT_PATH_SYNTAX_BAD);
    assertThat(alice.tryOpen("relative\\x", CreateRequest.read()).status())
        .isEqualTo(NtStatus.OBJECT_PATH_INVALID);
    assertThat(alice.tryOpen("Q:\\x", CreateRequest.read()).status())
        .isEqualTo(NtStatus.OBJECT_PATH_NOT_FOUND);
  }

  @Test
  void whileStoppingOnlyCleanupAndClosePass_s5_1() {
    IoSession alice = alice();
    FileHandle kept = alice.open("\\\\files\\docs\\readme.txt", CreateRequest.read());
    FileHandle closedDuringStop =
        alice.open("\\\\files\\docs\\readme.txt", CreateRequest.read());
    java.util.List<Object> seen = new java.util.ArrayList<>();
    mrx.onStop(() -> {
      seen.add(host.runtime().state("mem"));
      seen.add(kept.read(0, 5).status());
      seen.add(kept.flush().status());
      closedDuringStop.close();
      seen.add("closed");
    });

    assertThat(host.runtime().stop("mem")).as("an FCB remains: the kept handle's")
        .isEqualTo(NtStatus.REDIRECTOR_HAS_OPEN_HANDLES);

    assertThat(seen).containsExactly(MiniRdrState.STOP_IN_PROGRESS,
        NtStatus.REDIRECTOR_NOT_STARTED, NtStatus.REDIRECTOR_NOT_STARTED, "closed");
    assertThat(mrx.calls()).containsSubsequence("stop", "cleanupFobx", "closeSrvOpen");
    assertThat(kept.read(0, 5).status()).as("STARTABLE again").isEqualTo(
        NtStatus.REDIRECTOR_NOT_STARTED);
    kept.close();
    assertThat(host.runtime().start("mem")).isEqualTo(NtStatus.SUCCESS);
  }

  @Test
  void aRequestOnATreeConnectHandleIsAnInvalidDeviceRequest_s6_2_s6_5() {
    IoSession alice = alice();
    try (FileHandle connection = alice.open("\\\\files\\docs",
        CreateRequest.attributesOnly().withOptions(CreateOption.CREATE_TREE_CONNECTION))) {
      assertThat(connection.read(0, 1).status()).isEqualTo(NtStatus.INVALID_DEVICE_REQUEST);
      assertThat(connection.queryDirectory(null, true).status())
          .isEqualTo(NtStatus.INVALID_DEVICE_REQUEST);
    }
    // The tree connect's connection reference outlives its handle (§6.5) until deleted.
    assertThat(alice.netUseDelete("\\\\files\\docs", ConnectionFinalizeLevel.NO_FORCE))
        .isEqualTo(NtStatus.SUCCESS);
  }

  @Test
  void beforeStartOnlyTheDeviceAnswers_thenTheControlRequestStartsIt_s5_1() {
    host.restart(Map.of(RdbssSettings.AUTO_START, "false"));
    IoSession alice = alice();
    assertThat(host.runtime().state("mem")).isEqualTo(MiniRdrState.STARTABLE);
    assertThat(alice.tryOpen("\\\\files\\docs\\readme.txt", CreateRequest.read()).status())
        .as("MUP does not ask a provider that is not started")
        .isEqualTo(NtStatus.BAD_NETWORK_PATH);

    try (var device = alice.openDevice("\\Device\\mem")) {
      assertThat(device.fsctl(RdbssControlCodes.FSCTL_RDBSS_START, new byte[0], 0).status())
          .isEqualTo(NtStatus.SUCCESS);
      assertThat(device.fsctl(RdbssControlCodes.FSCTL_RDBSS_START, new byte[0], 0).status())
          .isEqualTo(NtStatus.REDIRECTOR_STARTED);
    }
    assertThat(host.runtime().state("mem")).isEqualTo(MiniRdrState.STARTED);
    assertThat(mrx.calls()).contains("devFcbXxxControlFile");
    try (FileHandle f = alice.open("\\\\files\\docs\\readme.txt", CreateRequest.read())) {
      assertThat(f.read(0, 5).data()).isEqualTo(bytes("hello"));
    }
  }

  @Test
  void stopWithAnOpenFileReportsOpenHandlesYetCleanupAndCloseStillWork_s5_1() {
    IoSession alice = alice();
    FileHandle f = alice.open("\\\\files\\docs\\readme.txt", CreateRequest.read());

    assertThat(host.runtime().stop("mem")).isEqualTo(NtStatus.REDIRECTOR_HAS_OPEN_HANDLES);
    assertThat(host.runtime().state("mem")).isEqualTo(MiniRdrState.STARTABLE);
    assertThat(f.read(0, 1).status()).isEqualTo(NtStatus.REDIRECTOR_NOT_STARTED);
    assertThat(host.runtime().stop("mem")).isEqualTo(NtStatus.REDIRECTOR_NOT_STARTED);
    f.close();
    assertThat(host.runtime().start("mem")).isEqualTo(NtStatus.SUCCESS);
  }

  @Test
  void aDriveMappingServesOpensAndItsDeletionFollowsTheLevel_s6_5_s4_3() {
    IoSession alice = alice();
    assertThat(alice.netUse("X:", "\\\\files\\docs")).isEqualTo(NtStatus.SUCCESS);
    assertThat(alice.netUse("x:", "\\\\files\\docs")).isEqualTo(NtStatus.OBJECT_NAME_COLLISION);
    assertThat(alice.netUses()).containsEntry("X:", "\\\\files\\docs");

    FileHandle f = alice.open("X:\\readme.txt", CreateRequest.read());
    assertThat(f.read(0, 5).data()).isEqualTo(bytes("hello"));

    assertThat(alice.netUseDelete("X:", ConnectionFinalizeLevel.NO_FORCE))
        .isEqualTo(NtStatus.FILES_OPEN);
    assertThat(alice.netUses()).containsKey("X:");

    assertThat(alice.netUseDelete("X:", ConnectionFinalizeLevel.FORCE_FILES_CLOSED))
        .isEqualTo(NtStatus.SUCCESS);
    assertThat(alice.netUses()).isEmpty();
    // §4.2: the orphaned handle answers UNEXPECTED_NETWORK_ERROR; cleanup and close succeed.
    assertThat(f.read(0, 5).status()).isEqualTo(NtStatus.UNEXPECTED_NETWORK_ERROR);
    assertThat(f.cleanup()).isEqualTo(NtStatus.SUCCESS);
    assertThat(f.read(0, 5).status()).isEqualTo(NtStatus.FILE_CLOSED);
    f.close();
  }

  @Test
  void aCreateSrvCallThatDoesNotAnswerPendingIsABugcheck_s5_2_pitfall1() {
    mrx.answerCreateSrvCallWith(NtStatus.SUCCESS);

    assertThatThrownBy(() -> alice().tryOpen("\\\\files\\docs\\a.txt", CreateRequest.read()))
        .isInstanceOf(RuntimeException.class);
    var dump = host.runtime().observation().bugCheck().orElseThrow();
    assertThat(dump.error().specSection()).contains("pitfall 1");
    assertThat(dump.error().explanation()).contains("must answer PENDING");
    restartAfterCrash();
  }

  @Test
  void aSecondCompletionIsABugcheck_s5_2_pitfall1() {
    mrx.onCreateSrvCall(cb -> {
      cb.complete(NtStatus.SUCCESS, null);
      cb.complete(NtStatus.SUCCESS, null);
    });
    assertThatThrownBy(() -> alice().tryOpen("\\\\files\\docs\\a.txt", CreateRequest.read()))
        .isInstanceOf(RuntimeException.class);
    BugCheckError error = host.runtime().observation().bugCheck().orElseThrow().error();
    assertThat(error.explanation()).contains("called twice").contains("exactly once");
    restartAfterCrash();
  }

  @Test
  void noCompletionWithinTheTimeoutLeavesTheSrvCallBadWithBadNetworkPath_s5_2_pitfall1()
      throws Exception {
    CountDownLatch called = new CountDownLatch(1);
    mrx.onCreateSrvCall(cb -> called.countDown()); // never completes
    IoSession alice = alice();
    CompletableFuture<OpenResult> open =
        CompletableFuture.supplyAsync(
            () -> alice.tryOpen("\\\\files\\docs\\readme.txt", CreateRequest.read()));
    assertThat(called.await(30, TimeUnit.SECONDS)).isTrue();

    clock.advance(Duration.ofSeconds(30));

    assertThat(open.get(30, TimeUnit.SECONDS).status()).isEqualTo(NtStatus.BAD_NETWORK_PATH);
    assertThat(host.runtime().observation().recentEvents(1000))
        .anyMatch(e -> e.name().equals("creationTimedOut"));
    assertThat(host.runtime().observation().bugCheck()).isEmpty();
  }

  @Test
  void aCompletionFromAnotherThreadBeforeTheEntryReturnsIsAccepted_s5_2_pitfall1() {
    mrx.onCreateSrvCall(cb -> {
      Thread t = new Thread(() -> cb.complete(NtStatus.SUCCESS, null));
      t.start();
      try {
        t.join();
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
    });
    try (FileHandle f = alice().open("\\\\files\\docs\\readme.txt", CreateRequest.read())) {
      assertThat(f.read(0, 5).data()).isEqualTo(bytes("hello"));
    }
  }

  @Test
  void aControlRequestAnsweredPendingWithPostRequestIsABugcheck_s5_1_pitfall15() {
    mrx.onDeviceControl(ctx -> {
      ctx.setPostRequest(true);
      return NtStatus.PENDING;
    });
    IoSession alice = alice();
    try (var device = alice.openDevice("\\Device\\mem")) {
      assertThatThrownBy(() -> device.fsctl(0x1234, new byte[0], 0))
          .isInstanceOf(BugCheckError.class)
          .hasMessageContaining("pitfall 15");
    }
    restartAfterCrash();
  }

  @Test
  void aControlRequestCompletedFromAnotherThreadBeforeItsEntryReturnsIsServed_s5_1_s5_2()
      throws Exception {
    mrx.onDeviceControl(ctx -> {
      ctx.control().setOutput(bytes("pong"));
      Thread t = new Thread(() -> mrx.completeLowIo(ctx, NtStatus.SUCCESS, 4));
      t.start();
      try {
        t.join();
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
      return NtStatus.PENDING; // the plugin owns completion, and has already completed
    });
    try (var device = alice().openDevice("\\Device\\mem")) {
      var result = device.ioctl(0x2222, bytes("ping"), 16);
      assertThat(result.status()).isEqualTo(NtStatus.SUCCESS);
      assertThat(result.output()).isEqualTo(bytes("pong"));
    }
    assertThat(host.runtime().observation().bugCheck()).isEmpty();
  }

  @Test
  void aControlRequestNeverCompletedEndsWithIoTimeoutOnTheClock_s5_2() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    mrx.onDeviceControl(ctx -> {
      entered.countDown();
      return NtStatus.PENDING; // and never completes
    });
    IoSession alice = alice();
    try (var device = alice.openDevice("\\Device\\mem")) {
      CompletableFuture<NtStatus> call =
          CompletableFuture.supplyAsync(() -> device.ioctl(0x2222, new byte[0], 0).status());
      assertThat(entered.await(30, TimeUnit.SECONDS)).isTrue();
      // The timeout is armed when the entry has answered PENDING, on the caller's thread: move
      // the clock a second at a time until the request ends (bounded, never a sleep).
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (!call.isDone() && System.nanoTime() < deadline) {
        clock.advance(Duration.ofSeconds(1));
      }
      assertThat(call.get(30, TimeUnit.SECONDS)).isEqualTo(NtStatus.IO_TIMEOUT);
    }
  }

  @Test
  void createInformationIsTakenFromEitherPlaceAndAMismatchIsTraced_s6_4_pitfall14() {
    IoSession alice = alice();
    mrx.reportCreateInformationIn(MemoryMiniRedirector.CreateInformationPlace.INFORMATION_FIELD);
    try (FileHandle f = alice.open("\\\\files\\docs\\one.txt", CreateRequest.readWrite().openIf())) {
      assertThat(f.createInformation()).as("from the information field").isEqualTo(CreateInformation.CREATED);
    }
    mrx.reportCreateInformationIn(MemoryMiniRedirector.CreateInformationPlace.CONTEXT);
    try (FileHandle f = alice.open("\\\\files\\docs\\two.txt", CreateRequest.readWrite().openIf())) {
      assertThat(f.createInformation()).as("from the context").isEqualTo(CreateInformation.CREATED);
    }
    mrx.reportCreateInformationIn(MemoryMiniRedirector.CreateInformationPlace.BOTH_DISAGREEING);
    try (FileHandle f = alice.open("\\\\files\\docs\\readme.txt", CreateRequest.read())) {
      assertThat(f.createInformation()).as("the context wins").isEqualTo(CreateInformation.OVERWRITTEN);
    }
    assertThat(host.runtime().observation().recentEvents(1000))
        .filteredOn(e -> e.name().equals("createInformationMismatch"))
        .singleElement()
        .satisfies(e -> assertThat(e.detail()).contains("pitfall 14"));
  }

  /** After a deliberate crash, the leak check of the crashed runtime is not this test's subject. */
  private void restartAfterCrash() {
    host.expectCrash();
    mrx.onCreateSrvCall(cb -> cb.complete(NtStatus.SUCCESS, null));
    mrx.onDeviceControl(ctx -> NtStatus.NOT_IMPLEMENTED);
    mrx.answerCreateSrvCallWith(NtStatus.PENDING);
    host.restart(Map.of());
  }

}
