package dev.rdbss.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rdbss.api.ConnectionFinalizeLevel;
import dev.rdbss.api.Credentials;
import dev.rdbss.api.LogonId;
import dev.rdbss.api.NetRootType;
import dev.rdbss.api.NodeType;
import dev.rdbss.api.NtStatus;
import dev.rdbss.api.file.CreateOption;
import dev.rdbss.api.io.CreateRequest;
import dev.rdbss.core.memory.MemoryMiniRedirector;
import dev.rdbss.core.name.Canonicalizer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Connections as a create sees them (spec §6.3, §6.5): views matched by logon and credentials, the
 * credential-conflict retry of tree connects, the tree-connect create with its one-time connection
 * reference and {@code isValidDirectory}, negative caching for exactly one scavenger period, and
 * the pipe NET_ROOTs of the DFS probe (§9 pitfall 3).
 */
class ConnectionRulesTest {

  private static final String FILE = "\\\\files\\docs\\readme.txt";
  private static final LogonId ALICE = FsdFixture.logon(0x101);
  private static final LogonId BOB = FsdFixture.logon(0x202);

  private final MemoryMiniRedirector mrx = new MemoryMiniRedirector();
  private final FsdFixture f;

  ConnectionRulesTest() {
    mrx.share("files", "docs")
        .file("\\readme.txt", "hello".getBytes(StandardCharsets.UTF_8))
        .directory("\\sub");
    f = new FsdFixture(mrx);
  }

  @AfterEach
  void noLeak() {
    f.close();
  }

  private Fsd.CreateOutcome createAs(
      String name, CreateRequest request, LogonId logon, Credentials credentials,
      boolean explicit) {
    return f.fsd.create(
        new Fsd.CreateIrp(name, request.parameters(), logon, credentials, explicit));
  }

  private static CreateRequest treeConnect() {
    return CreateRequest.attributesOnly().withOptions(CreateOption.CREATE_TREE_CONNECTION);
  }

  private static String drive(String letter, LogonId logon, String serverShare) {
    return Canonicalizer.driveLocalPrefix(letter, logon) + serverShare;
  }

  private VNetRootImpl viewOf(FileObject treeConnect) {
    return Objects.requireNonNull(treeConnect.treeConnectView);
  }

  private boolean traced(String name) {
    return f.engine.device.tracer().recent(100_000).stream().anyMatch(e -> e.name().equals(name));
  }

  // ------------------------------------------------------------------- views (§6.3 step 2)

  @Test
  void viewsAreMatchedByLogonAndExplicitCredentials_s6_3() {
    Credentials carol = FsdFixture.credentials("carol");
    FileObject first = Objects.requireNonNull(
        createAs(FILE, CreateRequest.read(), ALICE, carol, true).fileObject());
    FileObject same = Objects.requireNonNull(
        createAs(FILE, CreateRequest.read(), ALICE, carol, true).fileObject());
    FileObject implicit = Objects.requireNonNull(
        createAs(FILE, CreateRequest.read(), ALICE, FsdFixture.credentials("user257"), false)
            .fileObject());
    FileObject bobs = f.open(FILE, CreateRequest.read(), BOB);

    assertThat(mrx.count("createVNetRoot")).as("Alice's three opens share one view").isEqualTo(2);
    VNetRootImpl alices = Objects.requireNonNull(first.fobx).vNetRoot;
    assertThat(Objects.requireNonNull(same.fobx).vNetRoot).isSameAs(alices);
    assertThat(Objects.requireNonNull(implicit.fobx).vNetRoot)
        .as("no explicit credentials never conflict").isSameAs(alices);
    assertThat(Objects.requireNonNull(bobs.fobx).vNetRoot).isNotSameAs(alices);
    assertThat(alices.credentials().qualifiedUserName()).contains("carol");
    assertThat(createAs(FILE, CreateRequest.read(), ALICE, FsdFixture.credentials("dave"), true)
        .status()).isEqualTo(NtStatus.NETWORK_CREDENTIAL_CONFLICT);
    f.close(first);
    f.close(same);
    f.close(implicit);
  }

  // ------------------------------------------------- credential-conflict retry (§6.3, §6.5)

  @Test
  void aTreeConnectWithOtherCredentialsOnAnIdleViewSucceedsAfterTheRetry_s6_3_s6_5() {
    f.close(f.open(FILE, CreateRequest.read(), ALICE)); // an idle UNC view with Alice's own login
    // The view's construction drops its reference on the worker, after waking the create: once
    // that has run the view is idle, marked for the scavenger.
    f.device.worker().awaitIdle();
    assertThat(f.nodes(NodeType.V_NET_ROOT)).singleElement()
        .satisfies(v -> assertThat(v.markedForScavenge()).isTrue());

    Fsd.CreateOutcome connected = createAs("\\\\files\\docs", treeConnect(), ALICE,
        FsdFixture.credentials("carol"), true);

    assertThat(connected.status()).isEqualTo(NtStatus.SUCCESS);
    VNetRootImpl view = viewOf(Objects.requireNonNull(connected.fileObject()));
    assertThat(view.credentials().qualifiedUserName()).contains("carol");
    assertThat(mrx.count("createVNetRoot")).isEqualTo(2);
    f.fsd.close(connected.fileObject());
    assertThat(f.fsd.deleteConnection(view.rawName(), ConnectionFinalizeLevel.NO_FORCE))
        .isEqualTo(NtStatus.SUCCESS);
  }

  @Test
  void aTreeConnectWithOtherCredentialsOnABusyViewIsACredentialConflict_s6_3_s6_5() {
    FileObject busy = f.open(FILE, CreateRequest.read(), ALICE);

    Fsd.CreateOutcome refused = createAs("\\\\files\\docs", treeConnect(), ALICE,
        FsdFixture.credentials("carol"), true);

    assertThat(refused.status()).isEqualTo(NtStatus.NETWORK_CREDENTIAL_CONFLICT);
    assertThat(traced("scavengeIdleVNetRoots")).as("after one scavenge and retry").isTrue();
    assertThat(f.fsd.read(busy, 0, 5).data()).isEqualTo("hello".getBytes(StandardCharsets.UTF_8));
  }

  // -------------------------------------------------------------- tree connect (§6.5)

  @Test
  void aTreeConnectTakesTheConnectionReferenceOnceAndKeepsTheViewUntilDeleted_s6_5() {
    String name = drive("X:", ALICE, "\\files\\docs");
    FileObject one = f.open(name, treeConnect(), ALICE);
    FileObject two = f.open(name, treeConnect(), ALICE);
    VNetRootImpl view = viewOf(one);

    assertThat(viewOf(two)).isSameAs(view);
    assertThat(view.additionalReferenceForDeleteFsctlTaken()).isEqualTo(1);
    assertThat(view.rawNumberOfOpens()).isEqualTo(2);
    assertThat(f.count(view)).as("table, connection, two handles").isEqualTo(4);

    f.close(one);
    f.close(two);
    assertThat(view.rawNumberOfOpens()).isZero();
    f.passScavengerPeriod();
    assertThat(view.isFreed()).as("the connection reference keeps the mapping").isFalse();
    assertThat(f.count(view)).isEqualTo(2);

    assertThat(f.fsd.deleteConnection(view.rawName(), ConnectionFinalizeLevel.NO_FORCE))
        .isEqualTo(NtStatus.SUCCESS);
    assertThat(view.isFreed()).isTrue();
  }

  @Test
  void aTreeConnectBelowTheShareAsksIsValidDirectory_s6_5() {
    FileObject sub = f.open(drive("X:", ALICE, "\\files\\docs\\sub"), treeConnect(), ALICE);
    assertThat(mrx.count("isValidDirectory")).isEqualTo(1);

    Fsd.CreateOutcome nope =
        f.create(drive("Y:", ALICE, "\\files\\docs\\nope"), treeConnect(), ALICE);
    Fsd.CreateOutcome file =
        f.create(drive("Z:", ALICE, "\\files\\docs\\readme.txt"), treeConnect(), ALICE);

    assertThat(nope.status()).isEqualTo(NtStatus.BAD_NETWORK_PATH);
    assertThat(file.status()).isEqualTo(NtStatus.BAD_NETWORK_PATH);
    assertThat(mrx.count("isValidDirectory")).isEqualTo(3);
    f.close(sub);
    f.fsd.deleteConnection(viewOf(sub).rawName(), ConnectionFinalizeLevel.NO_FORCE);
  }

  // --------------------------------------------------- connection caching (§6.8, pitfall 4)

  @Test
  void aViewBuiltForAClaimStaysCachedWhicheverLastReferenceGoesFirst_s6_8_pitfall4() {
    // The construction's reference and the caller's are dropped on two threads in either order;
    // each time the idle view must wait for the scavenger, not take the connection down at once.
    for (int i = 0; i < 20; i++) {
      LogonId logon = FsdFixture.logon(0x1000 + i);
      assertThat(f.fsd.claimPrefix("\\\\files\\docs", logon, FsdFixture.credentials("u" + i), false)
          .status()).isEqualTo(NtStatus.SUCCESS);
      f.device.worker().awaitIdle();
    }
    assertThat(f.nodes(NodeType.V_NET_ROOT)).hasSize(20)
        .allSatisfy(v -> assertThat(v.markedForScavenge()).isTrue());
    assertThat(mrx.count("createSrvCall")).isEqualTo(1);
    f.passScavengerPeriod();
    assertThat(f.nodes(NodeType.SRV_CALL)).as("then they go, one period later").isEmpty();
  }

  // --------------------------------------------------------- negative caching (pitfall 18)

  @Test
  void aBadSrvCallAnswersFromTheTableForExactlyOneScavengerPeriod_pitfall18() {
    String unknown = "\\\\nowhere\\docs\\a.txt";
    assertThat(f.create(unknown, CreateRequest.read(), ALICE).status())
        .isEqualTo(NtStatus.BAD_NETWORK_PATH);
    // The construction drops its reference on the worker after waking the caller: let it, so that
    // the Bad SRV_CALL is marked before the period starts rather than during the advance.
    f.device.worker().awaitIdle();

    f.clock.advance(FsdFixture.SCAVENGER_PERIOD.minus(Duration.ofMillis(1)));
    f.device.worker().awaitIdle();
    assertThat(f.create(unknown, CreateRequest.read(), BOB).status())
        .isEqualTo(NtStatus.BAD_NETWORK_PATH);
    assertThat(mrx.count("createSrvCall")).as("still cached, for every logon").isEqualTo(1);

    f.clock.advance(Duration.ofMillis(1));
    f.device.worker().awaitIdle();
    assertThat(f.nodes(NodeType.SRV_CALL)).as("scavenged").isEmpty();
    assertThat(f.create(unknown, CreateRequest.read(), ALICE).status())
        .isEqualTo(NtStatus.BAD_NETWORK_PATH);
    assertThat(mrx.count("createSrvCall")).isEqualTo(2);
  }

  // ----------------------------------------------------------------- DFS probe (pitfall 3)

  @Test
  void theIpcDollarProbeReachesThePluginAsAPipeNetRootAndAnswersMoreProcessingRequired_pitfall3() {
    List<NetRootType> types = new ArrayList<>();
    mrx.onCreateVNetRoot(ctx -> {
      types.add(ctx.netRoot().type());
      mrx.completeCreateVNetRoot(ctx);
    });

    assertThat(f.create("\\\\files\\IPC$", CreateRequest.attributesOnly(), ALICE).status())
        .isEqualTo(NtStatus.MORE_PROCESSING_REQUIRED);
    assertThat(types).containsExactly(NetRootType.PIPE);

    // The probe harms nothing: the server's other shares open as usual.
    f.close(f.open(FILE, CreateRequest.read(), ALICE));
    assertThat(types).containsExactly(NetRootType.PIPE, NetRootType.WILD);
  }

  @Test
  void otherPipeNetRootsAnswerNotSupported_pitfall3() {
    assertThat(f.create("\\\\files\\PIPE\\spoolss", CreateRequest.read(), ALICE).status())
        .isEqualTo(NtStatus.NOT_SUPPORTED);
    assertThat(f.create("\\\\files\\ipc$\\x", CreateRequest.read(), BOB).status())
        .as("IPC$ by any spelling is the probe").isEqualTo(NtStatus.MORE_PROCESSING_REQUIRED);
  }
}
