package dev.rdbss.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rdbss.api.BugCheckError;
import dev.rdbss.api.FcbState;
import dev.rdbss.api.LogonId;
import dev.rdbss.api.NodeType;
import dev.rdbss.api.NtStatus;
import dev.rdbss.api.SrvOpenFlag;
import dev.rdbss.api.file.AccessMask;
import dev.rdbss.api.file.CreateDisposition;
import dev.rdbss.api.file.CreateInformation;
import dev.rdbss.api.file.CreateOption;
import dev.rdbss.api.file.ShareAccess;
import dev.rdbss.api.io.CreateRequest;
import dev.rdbss.core.memory.MemoryMiniRedirector;
import dev.rdbss.core.memory.MemoryMiniRedirector.Collapsing;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Collapsing a new handle onto an existing SRV_OPEN (spec §6.4 step 5, {@code
 * RxCollapseOrCreateSrvOpen}), rule by rule, through the device's {@link Fsd}.
 */
class CollapseTest {

  private static final String FILE = "\\\\files\\docs\\readme.txt";
  private static final LogonId ALICE = FsdFixture.logon(0x101);
  private static final LogonId BOB = FsdFixture.logon(0x202);

  private final MemoryMiniRedirector mrx = new MemoryMiniRedirector();
  private final FsdFixture f;

  CollapseTest() {
    mrx.share("files", "docs")
        .file("\\readme.txt", "hello".getBytes(StandardCharsets.UTF_8))
        .file("\\other.txt", "other".getBytes(StandardCharsets.UTF_8))
        .file("\\locked.txt", "ro".getBytes(StandardCharsets.UTF_8))
        .readOnly("\\locked.txt");
    mrx.collapsing(Collapsing.CHECKED);
    f = new FsdFixture(mrx);
  }

  @AfterEach
  void noLeak() {
    f.close();
  }

  private static SrvOpenImpl srvOpenOf(FileObject fo) {
    return Objects.requireNonNull(fo.fobx).rawSrvOpen();
  }

  @Test
  void anIdenticalOpenOfTheSameViewCollapsesOntoTheSrvOpen_s6_4_step5() {
    FileObject a = f.open(FILE, CreateRequest.read(), ALICE);
    long asked = mrx.count("shouldTryToCollapseThisOpen");
    FileObject b = f.open(FILE, CreateRequest.read(), ALICE);

    assertThat(srvOpenOf(b)).isSameAs(srvOpenOf(a));
    assertThat(b.createInformation()).isEqualTo(CreateInformation.OPENED);
    assertThat(mrx.count("create")).isEqualTo(1);
    assertThat(mrx.count("collapseOpen")).isEqualTo(1);
    // Asked once with no relevant SRV_OPEN, once more about the candidate.
    assertThat(mrx.count("shouldTryToCollapseThisOpen") - asked).isEqualTo(2);
    assertThat(srvOpenOf(a).rawOpenCount()).isEqualTo(2);
    assertThat(srvOpenOf(a).rawFcb().rawUncleanCount()).isEqualTo(2);
    assertThat(f.fsd.read(b, 0, 5).data()).isEqualTo("hello".getBytes(StandardCharsets.UTF_8));

    f.close(a);
    assertThat(mrx.count("closeSrvOpen")).as("the SRV_OPEN still has a handle").isZero();
    f.close(b);
    assertThat(mrx.count("closeSrvOpen")).isEqualTo(1);
  }

  @Test
  void aFreshOpenAsksTheMiniRedirectorBeforeCreate_s2_5_order1() {
    f.open(FILE, CreateRequest.read(), ALICE);
    assertThat(mrx.calls()).containsSubsequence(
        "createSrvCall", "srvCallWinnerNotify", "extractNetRootName", "createVNetRoot",
        "shouldTryToCollapseThisOpen", "create");
  }

  @Test
  void onlyOpenAndOpenIfConsultTheMiniRedirector_s6_4_step5() {
    f.open(FILE, CreateRequest.readWrite().shareAll(), ALICE);
    long asked = mrx.count("shouldTryToCollapseThisOpen");

    FileObject overwritten =
        f.open(FILE, CreateRequest.readWrite().shareAll().overwriteIf(), ALICE);

    assertThat(mrx.count("shouldTryToCollapseThisOpen")).isEqualTo(asked);
    assertThat(mrx.count("collapseOpen")).isZero();
    assertThat(overwritten.createInformation()).isEqualTo(CreateInformation.OVERWRITTEN);
    assertThat(f.nodes(NodeType.SRV_OPEN)).hasSize(2);
  }

  @Test
  void aMiniRedirectorThatDeclinesForbidsCollapsing_s6_4_step5() {
    mrx.collapsing(Collapsing.OFF); // answers MORE_PROCESSING_REQUIRED
    FileObject a = f.open(FILE, CreateRequest.read(), ALICE);
    FileObject b = f.open(FILE, CreateRequest.read(), ALICE);

    assertThat(srvOpenOf(b)).isNotSameAs(srvOpenOf(a));
    assertThat(mrx.count("collapseOpen")).isZero();
    assertThat(mrx.count("create")).isEqualTo(2);
  }

  @Test
  void otherAccessOrSharingNeverCollapses_s6_4_step5() {
    FileObject a = f.open(FILE, CreateRequest.read().shareAll(), ALICE);
    FileObject otherAccess = f.open(FILE, CreateRequest.readWrite().shareAll(), ALICE);
    FileObject otherSharing =
        f.open(FILE, CreateRequest.read().share(ShareAccess.READ, ShareAccess.WRITE), ALICE);

    assertThat(srvOpenOf(otherAccess)).isNotSameAs(srvOpenOf(a));
    assertThat(srvOpenOf(otherSharing)).isNotSameAs(srvOpenOf(a));
    assertThat(mrx.count("collapseOpen")).isZero();
  }

  @Test
  void anotherViewsSrvOpenIsNeverChosen_s6_4_step5() {
    FileObject alices = f.open(FILE, CreateRequest.read(), ALICE);
    FileObject bobs = f.open(FILE, CreateRequest.read(), BOB);

    assertThat(srvOpenOf(bobs)).isNotSameAs(srvOpenOf(alices));
    assertThat(srvOpenOf(bobs).rawFcb()).as("one file, one FCB").isSameAs(srvOpenOf(alices).rawFcb());
    assertThat(mrx.count("collapseOpen")).isZero();
  }

  @Test
  void attributeOnlyOpensNeverCollapse_s6_4_step5() {
    f.open(FILE, CreateRequest.attributesOnly(), ALICE);
    long asked = mrx.count("shouldTryToCollapseThisOpen");
    f.open(FILE, CreateRequest.attributesOnly(), ALICE);

    assertThat(mrx.count("shouldTryToCollapseThisOpen")).isEqualTo(asked);
    assertThat(f.nodes(NodeType.SRV_OPEN)).hasSize(2);
  }

  @Test
  void aReadOnlyFileNeverCollapses_s6_4_step5() {
    FileObject a = f.open("\\\\files\\docs\\locked.txt", CreateRequest.read(), ALICE);
    FileObject b = f.open("\\\\files\\docs\\locked.txt", CreateRequest.read(), ALICE);

    assertThat(srvOpenOf(b)).isNotSameAs(srvOpenOf(a));
    assertThat(mrx.count("collapseOpen")).isZero();
  }

  @Test
  void anOrphanedSrvOpenIsNeverChosen_s6_4_step5_s4_2() {
    FileObject a = f.open(FILE, CreateRequest.read(), ALICE);
    srvOpenOf(a).setFlag(SrvOpenFlag.ORPHANED, true); // as forced finalization of its view leaves it

    FileObject b = f.open(FILE, CreateRequest.read(), ALICE);

    assertThat(srvOpenOf(b)).isNotSameAs(srvOpenOf(a));
    assertThat(mrx.count("collapseOpen")).isZero();
    assertThat(f.fsd.read(a, 0, 1).status()).isEqualTo(NtStatus.UNEXPECTED_NETWORK_ERROR);
  }

  @Test
  void srvOpensFlaggedRenamedDeletedClosedOrCollapsingDisabledAreNeverChosen_s6_4_step5() {
    for (SrvOpenFlag flag : new SrvOpenFlag[] {SrvOpenFlag.FILE_RENAMED, SrvOpenFlag.FILE_DELETED,
        SrvOpenFlag.COLLAPSING_DISABLED}) {
      FileObject a = f.open(FILE, CreateRequest.read(), ALICE);
      srvOpenOf(a).setFlag(flag, true);
      FileObject b = f.open(FILE, CreateRequest.read(), ALICE);
      assertThat(srvOpenOf(b)).as(flag.name()).isNotSameAs(srvOpenOf(a));
      f.close(b);
      f.close(a);
    }
    assertThat(mrx.count("collapseOpen")).isZero();
  }

  @Test
  void aDeleteOnCloseOpenNeverCollapsesAndClearsCollapsingOnSuccess_s6_4_step5() {
    FileObject a = f.open(FILE, CreateRequest.read().shareAll(), ALICE);
    FcbImpl fcb = srvOpenOf(a).rawFcb();
    try (var held = fcb.resource.exclusiveScope()) {
      fcb.setState(FcbState.COLLAPSING, true); // as granted buffering would have it (§7)
    }
    FileObject doomed = f.open(FILE, CreateRequest.read().shareAll()
        .access(AccessMask.FILE_GENERIC_READ | AccessMask.DELETE)
        .withOptions(CreateOption.DELETE_ON_CLOSE), ALICE);

    assertThat(srvOpenOf(doomed)).isNotSameAs(srvOpenOf(a));
    assertThat(mrx.count("collapseOpen")).isZero();
    assertThat(fcb.hasState(FcbState.COLLAPSING)).isFalse();
    f.close(doomed); // the last handle is a's: the file stays
    assertThat(mrx.share("files", "docs").exists("\\readme.txt")).isTrue();
  }

  @Test
  void aBackupIntentOpenDisablesCollapsingScavengesAndNeverCollapses_s6_4_step5() {
    FileObject delayed = f.open(FILE, CreateRequest.read(), ALICE);
    FcbImpl fcb = srvOpenOf(delayed).rawFcb();
    f.delayedClose(delayed); // COLLAPSING granted for it
    long asked = mrx.count("shouldTryToCollapseThisOpen");

    FileObject backup =
        f.open(FILE, CreateRequest.read().withOptions(CreateOption.OPEN_FOR_BACKUP_INTENT), ALICE);

    assertThat(mrx.count("shouldTryToCollapseThisOpen")).isEqualTo(asked);
    assertThat(mrx.count("collapseOpen")).isZero();
    assertThat(fcb.hasState(FcbState.COLLAPSING)).isFalse();
    assertThat(mrx.calls()).as("the dormant FOBX's delayed close is finished first")
        .containsSubsequence("closeSrvOpen", "create");
    assertThat(f.nodes(NodeType.SRV_OPEN)).hasSize(1);
    assertThat(srvOpenOf(backup).rawOpenCount()).isEqualTo(1);
  }

  @Test
  void aCloseDelayedSrvOpenIsReusedAndNoLongerCloseDelayed_s6_4_step5_s6_7() {
    FileObject first = f.open(FILE, CreateRequest.read(), ALICE);
    SrvOpenImpl srvOpen = srvOpenOf(first);
    SrvCallImpl srvCall = srvOpen.rawFcb().rawNetRoot().rawSrvCall();
    f.delayedClose(first);
    assertThat(srvCall.numberOfCloseDelayedFiles()).isEqualTo(1);
    assertThat(srvOpen.rawOpenCount()).as("held by the dormant FOBX").isEqualTo(1);

    FileObject again = f.open(FILE, CreateRequest.read(), ALICE);

    assertThat(srvOpenOf(again)).isSameAs(srvOpen);
    assertThat(srvOpen.hasFlag(SrvOpenFlag.CLOSE_DELAYED)).isFalse();
    assertThat(srvCall.numberOfCloseDelayedFiles()).isZero();
    assertThat(mrx.count("create")).isEqualTo(1);
    assertThat(srvOpen.rawOpenCount()).as("the dormant FOBX's and the new handle's").isEqualTo(2);
    assertThat(f.brokenInvariants()).isEmpty();
    // The old FOBX still goes with the scavenger, giving its count back; the reused server open
    // stays open for the new handle.
    f.passScavengerPeriod();
    assertThat(mrx.count("deallocateForFobx")).isEqualTo(1);
    assertThat(mrx.count("closeSrvOpen")).isZero();
    assertThat(srvOpen.rawOpenCount()).isEqualTo(1);
    assertThat(f.brokenInvariants()).isEmpty();
    // The new handle is the SRV_OPEN's last and COLLAPSING is still granted: its close is delayed
    // in turn, and the scavenger finishes it one period later.
    f.close(again);
    assertThat(srvOpen.hasFlag(SrvOpenFlag.CLOSE_DELAYED)).isTrue();
    assertThat(srvCall.numberOfCloseDelayedFiles()).isEqualTo(1);
    assertThat(mrx.count("closeSrvOpen")).isZero();
    f.passScavengerPeriod();
    assertThat(mrx.count("closeSrvOpen")).isEqualTo(1);
    assertThat(f.nodes(NodeType.FCB)).isEmpty();
  }

  @Test
  void aReusedDelayedCloseIsClosedOnTheServerWhenItsDormantFobxGoesLast_s6_7_s6_8() {
    FileObject first = f.open(FILE, CreateRequest.read(), ALICE);
    SrvOpenImpl srvOpen = srvOpenOf(first);
    SrvCallImpl srvCall = srvOpen.rawFcb().rawNetRoot().rawSrvCall();
    f.delayedClose(first);
    FileObject again = f.open(FILE, CreateRequest.read(), ALICE);
    assertThat(srvOpenOf(again)).isSameAs(srvOpen);

    // The new handle goes first: it is not the SRV_OPEN's only open (the dormant FOBX still counts),
    // so its close is not delayed, and the server open stays for the dormant FOBX.
    f.close(again);

    assertThat(srvOpen.hasFlag(SrvOpenFlag.CLOSE_DELAYED)).isFalse();
    assertThat(srvCall.numberOfCloseDelayedFiles()).isZero();
    assertThat(srvOpen.rawOpenCount()).isEqualTo(1);
    assertThat(mrx.count("closeSrvOpen")).isZero();
    assertThat(f.brokenInvariants()).isEmpty();
    // Finishing the dormant FOBX gives back the last count: the SRV_OPEN is closed on the server
    // and the FCB goes (§2.5 order 4).
    f.passScavengerPeriod();
    assertThat(mrx.count("deallocateForFobx")).isEqualTo(2);
    assertThat(mrx.calls()).containsSubsequence("deallocateForFobx", "closeSrvOpen",
        "deallocateForFcb");
    assertThat(mrx.count("closeSrvOpen")).isEqualTo(1);
    assertThat(f.nodes(NodeType.FCB)).isEmpty();
    assertThat(f.brokenInvariants()).isEmpty();
  }

  @Test
  void aPerSrvOpenSharingConflictIsRetriedAfterScavengingDormantFobxs_s6_4_step5() {
    // A delayed close that writes and shares only reading holds the server's share mode.
    FileObject writer = f.open(FILE, CreateRequest.readWrite(), ALICE);
    f.delayedClose(writer);

    FileObject another =
        f.open(FILE, CreateRequest.readWrite().share(ShareAccess.READ, ShareAccess.WRITE), ALICE);

    assertThat(srvOpenOf(another).hasFlag(SrvOpenFlag.CLOSED)).isFalse();
    assertThat(mrx.calls()).containsSubsequence("closeSrvOpen", "create");
    assertThat(f.engine.device.tracer().recent(100_000))
        .anyMatch(e -> e.name().equals("scavengeRelatedFobxs"));
    assertThat(f.nodes(NodeType.SRV_OPEN)).hasSize(1);
  }

  @Test
  void withoutCollapsingAPerSrvOpenSharingConflictDisablesCollapsingAndScavenges_s6_4_step5() {
    mrx.collapsing(Collapsing.OFF);
    FileObject writer = f.open(FILE, CreateRequest.readWrite(), ALICE);
    FcbImpl fcb = srvOpenOf(writer).rawFcb();
    f.delayedClose(writer); // COLLAPSING granted for it

    f.open(FILE, CreateRequest.readWrite().share(ShareAccess.READ, ShareAccess.WRITE), ALICE);

    assertThat(fcb.hasState(FcbState.COLLAPSING)).isFalse();
    assertThat(mrx.calls()).containsSubsequence("closeSrvOpen", "create");
  }

  /**
   * Found when the kit's reference plugin, whose server keeps share modes, answered an OVERWRITE_IF
   * over a delayed close with SHARING_VIOLATION: RDBSS runs the search for every disposition, and
   * its per-SRV_OPEN share check closes the conflicting dormant open before {@code MRxCreate}.
   */
  @ParameterizedTest
  @EnumSource(
      value = CreateDisposition.class,
      names = {"OVERWRITE_IF", "OVERWRITE", "SUPERSEDE", "CREATE"})
  void aConflictingDelayedCloseIsClosedBeforeAnOverwritingCreate_s6_4_step5(
      CreateDisposition disposition) {
    FileObject writer = f.open(FILE, CreateRequest.readWrite(), ALICE); // shares nothing
    FcbImpl fcb = srvOpenOf(writer).rawFcb();
    f.delayedClose(writer);
    mrx.clearCalls();

    Fsd.CreateOutcome outcome = f.create(FILE,
        CreateRequest.readWrite().share(ShareAccess.READ, ShareAccess.WRITE).disposition(disposition),
        ALICE);

    assertThat(mrx.calls()).containsSubsequence("closeSrvOpen", "create");
    assertThat(mrx.count("create")).isEqualTo(1);
    assertThat(mrx.count("shouldTryToCollapseThisOpen"))
        .as("only OPEN and OPEN_IF ask the mini-redirector").isZero();
    assertThat(fcb.hasState(FcbState.COLLAPSING)).isFalse();
    assertThat(outcome.status())
        .isEqualTo(disposition == CreateDisposition.CREATE
            ? NtStatus.OBJECT_NAME_COLLISION : NtStatus.SUCCESS);
    FileObject opened = outcome.fileObject();
    if (opened != null) {
      f.close(opened);
    }
  }

  @Test
  void aCompatibleDelayedCloseStaysOpenAcrossAnOverwritingCreate_s6_4_step5() {
    FileObject first = f.open(FILE, CreateRequest.readWrite().shareAll(), ALICE);
    SrvOpenImpl dormant = srvOpenOf(first);
    f.delayedClose(first);
    mrx.clearCalls();

    FileObject second = f.open(FILE, CreateRequest.readWrite().shareAll().overwriteIf(), ALICE);

    assertThat(mrx.count("closeSrvOpen")).isZero();
    assertThat(srvOpenOf(second)).as("OVERWRITE_IF never collapses").isNotSameAs(dormant);
    assertThat(dormant.hasFlag(SrvOpenFlag.CLOSE_DELAYED)).isTrue();
    f.close(second);
  }

  private long purges() {
    return f.engine.device.tracer().recent(100_000).stream()
        .filter(e -> e.name().equals("purgeFcbInSystemCache")).count();
  }

  @Test
  void aFailedSearchPurgesOnlyAnFcbWithoutOpenHandles_s6_4_step5() {
    FileObject alices = f.open(FILE, CreateRequest.read(), ALICE);
    long before = purges();
    f.open(FILE, CreateRequest.read(), BOB); // Alice's open is no candidate for Bob
    assertThat(purges()).as("Alice's handle keeps her cache").isEqualTo(before);

    f.delayedClose(alices);
    f.close(f.open("\\\\files\\docs\\other.txt", CreateRequest.read(), BOB));
    FileObject first = f.open("\\\\files\\docs\\other.txt", CreateRequest.read(), ALICE);
    assertThat(purges()).as("nothing open on other.txt: the search may purge").isGreaterThan(before);
    f.close(first);
  }

  @Test
  void aReparsePointOptionMismatchEndsTheSearchWithoutScavenging_s6_4_step5() {
    FileObject plain = f.open(FILE, CreateRequest.read(), ALICE);
    SrvOpenImpl delayed = srvOpenOf(plain);
    f.delayedClose(plain);

    FileObject reparse =
        f.open(FILE, CreateRequest.read().withOptions(CreateOption.OPEN_REPARSE_POINT), ALICE);

    assertThat(srvOpenOf(reparse)).isNotSameAs(delayed);
    assertThat(delayed.hasFlag(SrvOpenFlag.CLOSE_DELAYED)).as("left alone").isTrue();
    assertThat(mrx.count("closeSrvOpen")).isZero();
    assertThat(mrx.count("collapseOpen")).isZero();
    // Finish the delayed close the way RDBSS's on-demand scavenging does (it also lets the FCB go
    // once its last handle closes).
    assertThat(new DormantFobxs(f.engine).scavengeForNetRoot(delayed.rawFcb().rawNetRoot()))
        .isTrue();
    assertThat(mrx.count("closeSrvOpen")).isEqualTo(1);
  }

  @Test
  void collapseOpenAnsweringMoreProcessingRequiredOpensAnew_s6_4_step5() {
    FileObject a = f.open(FILE, CreateRequest.read(), ALICE);
    mrx.collapseOpenAnswer(NtStatus.MORE_PROCESSING_REQUIRED);

    FileObject b = f.open(FILE, CreateRequest.read(), ALICE);

    assertThat(mrx.count("collapseOpen")).isEqualTo(1);
    assertThat(srvOpenOf(b)).isNotSameAs(srvOpenOf(a));
    assertThat(b.createInformation()).isEqualTo(CreateInformation.OPENED);
  }

  @Test
  void collapseOpenFailingEndsTheCreateWithItsStatus_s6_4_step5() {
    FileObject a = f.open(FILE, CreateRequest.read(), ALICE);
    mrx.collapseOpenAnswer(NtStatus.ACCESS_DENIED);

    assertThat(f.create(FILE, CreateRequest.read(), ALICE).status())
        .isEqualTo(NtStatus.ACCESS_DENIED);
    assertThat(srvOpenOf(a).rawOpenCount()).isEqualTo(1);
    assertThat(srvOpenOf(a).rawFcb().rawUncleanCount()).isEqualTo(1);
  }

  @Test
  void collapseOpenSucceedingWithoutAFobxIsABugcheck_s6_4_step5() {
    f.open(FILE, CreateRequest.read(), ALICE);
    mrx.collapseOpenAnswer(NtStatus.SUCCESS);

    assertThatThrownBy(() -> f.create(FILE, CreateRequest.read(), ALICE))
        .isInstanceOf(BugCheckError.class)
        .hasMessageContaining("collapseOpen")
        .hasMessageContaining("createNetFobx");
  }
}
