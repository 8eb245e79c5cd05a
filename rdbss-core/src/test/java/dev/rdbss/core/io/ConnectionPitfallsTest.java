package dev.rdbss.core.io;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rdbss.api.Condition;
import dev.rdbss.api.NodeType;
import dev.rdbss.api.NtStatus;
import dev.rdbss.api.file.AccessMask;
import dev.rdbss.api.file.FileInformation;
import dev.rdbss.api.io.CreateRequest;
import dev.rdbss.api.io.FileHandle;
import dev.rdbss.api.io.IoSession;
import dev.rdbss.api.io.Logon;
import dev.rdbss.api.io.OpenResult;
import dev.rdbss.api.observe.ObjectNode;
import dev.rdbss.api.spi.CreateNetRootContext;
import dev.rdbss.api.spi.SrvCallCallbackContext;
import dev.rdbss.core.ManualClock;
import dev.rdbss.core.RdbssRuntime;
import dev.rdbss.core.RdbssSettings;
import dev.rdbss.core.memory.MemoryMiniRedirector;
import dev.rdbss.core.memory.MemoryProvider;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The connection pitfalls of spec §9 end to end through the host API (ARCHITECTURE.md §3.4):
 * another user's failing view (pitfall 2), a caller that goes away mid-construction (pitfall 4),
 * UNC access before any mapping (pitfall 17), a mapping below the share (§6.5), and a rename over
 * a closed file (pitfall 11). The runtime fails the test on a leak when it closes.
 */
class ConnectionPitfallsTest {

  private static final String README = "\\\\files\\docs\\readme.txt";

  private final ManualClock clock = new ManualClock();
  private final MemoryMiniRedirector mrx = new MemoryMiniRedirector();
  private final RdbssRuntime runtime;
  private final IoSession alice;
  private final IoSession bob;

  ConnectionPitfallsTest() {
    mrx.share("files", "docs").file("\\readme.txt", bytes("hello")).directory("\\sub")
        .file("\\sub\\deep.txt", bytes("deep"));
    runtime = RdbssRuntime.builder()
        .serviceLoaderDiscovery(false)
        .clock(clock)
        .settings(RdbssSettings.of(Map.of(RdbssSettings.FAIL_ON_LEAK, "true")))
        .provider(new MemoryProvider("mem", mrx))
        .build();
    alice = runtime.logon(Logon.user("alice", "secret"));
    bob = runtime.logon(Logon.user("bob", "pw"));
  }

  @AfterEach
  void closeChecksForLeaks() {
    runtime.close();
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private ObjectNode netRoot() {
    List<ObjectNode> netRoots = runtime.observation().snapshot().nodes(NodeType.NET_ROOT).toList();
    assertThat(netRoots).hasSize(1);
    return netRoots.get(0);
  }

  /** Bob's views fail; where the plugin reports it is the test's choice. */
  private void failBobsViews(boolean alsoInTheNetRootStatus) {
    mrx.onCreateVNetRoot(ctx -> {
      if (ctx.vNetRoot().logonId().equals(bob.logonId())) {
        ctx.complete(NtStatus.ACCESS_DENIED,
            alsoInTheNetRootStatus ? NtStatus.ACCESS_DENIED : NtStatus.SUCCESS);
      } else {
        mrx.completeCreateVNetRoot(ctx);
      }
    });
  }

  // ------------------------------------------------------------------------------ pitfall 2

  @Test
  void anotherUsersFailingViewLeavesTheSharedNetRootWorking_pitfall2() {
    FileHandle mine = alice.open(README, CreateRequest.read());
    failBobsViews(false);

    assertThat(bob.tryOpen(README, CreateRequest.read()).status())
        .isEqualTo(NtStatus.ACCESS_DENIED);

    assertThat(netRoot().condition()).isEqualTo(Condition.GOOD);
    assertThat(mine.read(0, 5).data()).isEqualTo(bytes("hello"));
    try (FileHandle another = alice.open(README, CreateRequest.read())) {
      assertThat(another.read(0, 5).data()).isEqualTo(bytes("hello"));
    }
    mine.close();
  }

  @Test
  void aViewFailureReportedInTheNetRootStatusBreaksTheOtherUsersShare_pitfall2() {
    // The faithful consequence of the plugin bug (nfs41 6b05d84): RDBSS applies the NET_ROOT status
    // to the NET_ROOT that Alice's view shares.
    FileHandle mine = alice.open(README, CreateRequest.read());
    failBobsViews(true);

    assertThat(bob.tryOpen(README, CreateRequest.read()).status())
        .isEqualTo(NtStatus.ACCESS_DENIED);

    assertThat(netRoot().condition()).isEqualTo(Condition.BAD);
    assertThat(alice.tryOpen(README, CreateRequest.read()).status())
        .isEqualTo(NtStatus.BAD_NETWORK_PATH);
    assertThat(mine.read(0, 5).data()).as("a handle already open keeps its SRV_OPEN")
        .isEqualTo(bytes("hello"));
    mine.close();
  }

  // ------------------------------------------------------------------------------ pitfall 4

  @Test
  void aCallerThatGoesAwayBeforeTheServerAnswersDoesNoHarm_pitfall4() throws Exception {
    AtomicReference<SrvCallCallbackContext> pending = new AtomicReference<>();
    CountDownLatch called = new CountDownLatch(1);
    mrx.onCreateSrvCall(cb -> {
      pending.set(cb);
      called.countDown();
    });
    AtomicReference<OpenResult> result = new AtomicReference<>();
    Thread caller = new Thread(() -> result.set(alice.tryOpen(README, CreateRequest.read())));
    caller.start();
    assertThat(called.await(30, TimeUnit.SECONDS)).isTrue();

    caller.interrupt(); // the user's thread goes away while the server has not answered
    caller.join(TimeUnit.SECONDS.toMillis(30));

    assertThat(caller.isAlive()).isFalse();
    assertThat(result.get().status().isSuccess()).isFalse();
    // The server answers afterwards, on another thread: the late completion finds consistent objects.
    Thread server = new Thread(() -> pending.get().complete(NtStatus.SUCCESS, null));
    server.start();
    server.join(TimeUnit.SECONDS.toMillis(30));
    runtime.awaitIdle();
    assertThat(runtime.observation().snapshot().nodes(NodeType.SRV_CALL)).singleElement()
        .satisfies(s -> assertThat(s.condition()).isEqualTo(Condition.GOOD));

    mrx.onCreateSrvCall(cb -> cb.complete(NtStatus.SUCCESS, null));
    try (FileHandle f = alice.open(README, CreateRequest.read())) {
      assertThat(f.read(0, 5).data()).isEqualTo(bytes("hello"));
    }
    assertThat(mrx.count("createSrvCall")).as("the late SRV_CALL was used").isEqualTo(1);
    assertThat(mrx.creationCallsRanOnRdbssThread()).isTrue();
    assertThat(runtime.observation().bugCheck()).isEmpty();
  }

  @Test
  void aCallerThatGoesAwayWhileItsViewIsBuiltDoesNoHarm_pitfall4() throws Exception {
    AtomicReference<CreateNetRootContext> pending = new AtomicReference<>();
    CountDownLatch called = new CountDownLatch(1);
    mrx.onCreateVNetRoot(ctx -> {
      pending.set(ctx);
      called.countDown();
    });
    CompletableFuture<OpenResult> abandoned = new CompletableFuture<>();
    Thread caller = new Thread(() -> abandoned.complete(alice.tryOpen(README, CreateRequest.read())));
    caller.start();
    assertThat(called.await(30, TimeUnit.SECONDS)).isTrue();

    caller.interrupt();
    assertThat(abandoned.get(30, TimeUnit.SECONDS).status().isSuccess()).isFalse();
    mrx.completeCreateVNetRoot(pending.get());
    runtime.awaitIdle();

    mrx.onCreateVNetRoot(mrx::completeCreateVNetRoot);
    try (FileHandle f = alice.open(README, CreateRequest.read())) {
      assertThat(f.read(0, 5).data()).isEqualTo(bytes("hello"));
    }
    assertThat(mrx.creationCallsRanOnRdbssThread()).isTrue();
    clock.advance(Duration.ofSeconds(10)); // idle connections go with the scavenger (§6.8)
    runtime.awaitIdle();
    assertThat(runtime.observation().snapshot().nodes(NodeType.V_NET_ROOT)).isEmpty();
  }

  // ----------------------------------------------------------------------------- pitfall 17

  @Test
  void uncAccessBeforeAnyMappingBuildsItsViewFromTheMupClaim_pitfall17() {
    List<String> seen = new ArrayList<>();
    mrx.onCreateVNetRoot(ctx -> {
      seen.add("newNetRoot=" + (ctx.netRoot().context() == null)
          + " drive=" + ctx.vNetRoot().localDrive().isPresent()
          + " explicit=" + ctx.vNetRoot().hasExplicitCredentials()
          + " treeConnectLike=" + ctx.rxContext().create().isTreeConnectOpen());
      mrx.completeCreateVNetRoot(ctx);
    });

    try (FileHandle f = alice.open(README, CreateRequest.read())) {
      assertThat(f.read(0, 5).data()).isEqualTo(bytes("hello"));
    }

    // The first view of the share comes from MUP's prefix claim: a new NET_ROOT, no drive, no
    // explicit credentials, no mount options of any kind.
    assertThat(seen).containsExactly(
        "newNetRoot=true drive=false explicit=false treeConnectLike=true");
    assertThat(alice.netUses()).isEmpty();
  }

  // ---------------------------------------------------------------------------------- §6.5

  @Test
  void aMappingBelowTheShareIsCheckedWithIsValidDirectory_s6_5() {
    assertThat(alice.netUse("X:", "\\\\files\\docs\\sub")).isEqualTo(NtStatus.SUCCESS);
    assertThat(alice.netUse("Y:", "\\\\files\\docs\\nope")).isEqualTo(NtStatus.BAD_NETWORK_PATH);
    try (FileHandle f = alice.open("X:\\deep.txt", CreateRequest.read())) {
      assertThat(f.read(0, 4).data()).isEqualTo(bytes("deep"));
    }
    assertThat(mrx.calls()).contains("isValidDirectory");
    assertThat(alice.netUseDelete("X:", dev.rdbss.api.ConnectionFinalizeLevel.NO_FORCE))
        .isEqualTo(NtStatus.SUCCESS);
  }

  // ----------------------------------------------------------------------------- pitfall 11

  @Test
  void openCloseARenameBOverAReopenADoesNotCollapseOntoTheOldOpen_pitfall11() {
    mrx.collapsing(MemoryMiniRedirector.Collapsing.NAIVE);
    mrx.share("files", "docs").file("\\a.txt", bytes("old a")).file("\\b.txt", bytes("new b"));
    CreateRequest edit = CreateRequest.readWrite().shareAll()
        .access(AccessMask.FILE_GENERIC_READ | AccessMask.FILE_GENERIC_WRITE | AccessMask.DELETE);
    alice.open("\\\\files\\docs\\a.txt", edit).close();
    try (FileHandle b = alice.open("\\\\files\\docs\\b.txt", edit)) {
      assertThat(b.setInformation(new FileInformation.Rename(true, "\\a.txt")).status())
          .isEqualTo(NtStatus.SUCCESS);
    }

    try (FileHandle a = alice.open("\\\\files\\docs\\a.txt", edit)) {
      assertThat(a.read(0, 10).data()).isEqualTo(bytes("new b"));
    }
    assertThat(mrx.count("collapseOpen")).isZero();
  }
}
