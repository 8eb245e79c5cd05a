package dev.rdbss.core.engine;

import static dev.rdbss.core.engine.EngineFixture.logon;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rdbss.api.BugCheckError;
import dev.rdbss.api.ConnectionFinalizeLevel;
import dev.rdbss.api.FcbState;
import dev.rdbss.api.NtStatus;
import dev.rdbss.api.SrvOpenFlag;
import dev.rdbss.api.spi.LockScope;
import dev.rdbss.api.spi.WorkQueue;
import dev.rdbss.core.engine.EngineOptions.FcbParentReference;
import dev.rdbss.core.engine.EngineOptions.ForceFinalizeAllVNetRootsUse;
import dev.rdbss.core.engine.EngineOptions.RecursiveNetRootPurge;
import dev.rdbss.core.engine.EngineOptions.SrvCallFinalizationPosting;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The readings on which the sources contradict each other (spec §9 pitfall 19), each tested under
 * both settings: the thread of {@code MRxFinalizeSrvCall} (§2.4), who calls {@code
 * RxForceFinalizeAllVNetRoots} (§4.1), which FCBs a recursive NET_ROOT finalization purges (§2.4),
 * and which object an FCB references (§2.2).
 */
class ContradictoryReadingsTest {

  private final EngineFixture f = new EngineFixture();

  @AfterEach
  void shutDown() {
    f.close();
  }

  private void use(EngineOptions options) {
    f.device.setOptions(options);
  }

  // ------------------------------------------------------------- (a) MRxFinalizeSrvCall's thread

  /** Where and when finalizeSrvCall ran, relative to the release that caused it. */
  private record SrvCallFinalization(Thread thread, boolean beforeReleaseReturned) {}

  /** Releases the test's view on {@code onWorker}'s side and reports finalizeSrvCall's thread. */
  private SrvCallFinalization releaseLastView(boolean onWorker) {
    VNetRootImpl view = f.connect(logon(1), "\\srv", "\\share");
    AtomicReference<Thread> thread = new AtomicReference<>();
    f.mrx.throwsIn = entry -> {
      if (entry.equals("finalizeSrvCall")) {
        thread.set(Thread.currentThread());
      }
      return false;
    };
    AtomicBoolean before = new AtomicBoolean();
    Runnable release = () -> {
      f.release(view);
      before.set(thread.get() != null);
    };
    if (onWorker) {
      f.worker.post(WorkQueue.DELAYED, release);
    } else {
      release.run();
    }
    f.worker.awaitIdle();
    assertThat(thread.get()).as("finalizeSrvCall was called").isNotNull();
    assertThat(f.device.liveObjects()).as("and the SRV_CALL freed").isEmpty();
    return new SrvCallFinalization(thread.get(), before.get());
  }

  @Test
  void finalizeSrvCallIsPostedToTheWorkerFromAnyOtherThread_S_s2_4_pitfall19() {
    SrvCallFinalization fromCaller = releaseLastView(false);
    assertThat(fromCaller.thread().getName()).contains("RDBSS");
    assertThat(fromCaller.thread()).isNotSameAs(Thread.currentThread());
  }

  @Test
  void finalizeSrvCallRunsInlineWhenAlreadyOnTheWorker_S_s2_4_pitfall19() {
    SrvCallFinalization fromWorker = releaseLastView(true);
    assertThat(fromWorker.thread().getName()).contains("RDBSS");
    assertThat(fromWorker.beforeReleaseReturned()).as("inline on the worker").isTrue();
  }

  @Test
  void readAsTheRxFinalizeSrvCallPageFinalizeSrvCallRunsOnTheFinalizingThread_s2_4_pitfall19() {
    use(EngineOptions.DEFAULTS.with(SrvCallFinalizationPosting.WHEN_ON_WORKER));
    SrvCallFinalization fromCaller = releaseLastView(false);
    assertThat(fromCaller.thread()).isSameAs(Thread.currentThread());
    assertThat(fromCaller.beforeReleaseReturned()).isTrue();
  }

  @Test
  void readAsTheRxFinalizeSrvCallPageTheWorkerPostsFinalizeSrvCallToItself_s2_4_pitfall19() {
    use(EngineOptions.DEFAULTS.with(SrvCallFinalizationPosting.WHEN_ON_WORKER));
    SrvCallFinalization fromWorker = releaseLastView(true);
    assertThat(fromWorker.thread().getName()).contains("RDBSS");
    assertThat(fromWorker.beforeReleaseReturned()).as("posted, so after the release").isFalse();
  }

  // ------------------------------------------------------ (b) who calls forceFinalizeAllVNetRoots

  @Test
  void aForcedConnectionDeletionFinalizesOnlyItsOwnView_S_s4_1_s4_3_pitfall19() {
    VNetRootImpl alice = f.connect(logon(1), "\\srv", "\\share");
    VNetRootImpl bob = f.connect(logon(2), "\\srv", "\\share");
    FobxImpl bobsFile = f.open(bob, "\\b.txt");

    assertThat(f.rdbss.finalizeConnection(alice.rawNetRoot(), alice,
        ConnectionFinalizeLevel.FORCE_FILES_CLOSED)).isEqualTo(NtStatus.SUCCESS);

    assertThat(alice.isUpperFinalizationDone()).isTrue();
    assertThat(bob.isUpperFinalizationDone()).isFalse();
    assertThat(bobsFile.rawSrvOpen().hasFlag(SrvOpenFlag.ORPHANED)).isFalse();
    f.closeHandle(bobsFile);
    f.release(alice);
    f.release(bob);
    f.worker.awaitIdle(); // finalizeSrvCall is posted to the worker
    assertThat(f.device.liveObjects()).isEmpty();
  }

  @Test
  void readAsInternalAForcedConnectionDeletionFinalizesEveryViewOfTheShare_s4_1_pitfall19() {
    use(EngineOptions.DEFAULTS.with(ForceFinalizeAllVNetRootsUse.INTERNAL));
    VNetRootImpl alice = f.connect(logon(1), "\\srv", "\\share");
    VNetRootImpl bob = f.connect(logon(2), "\\srv", "\\share");
    FobxImpl bobsFile = f.open(bob, "\\b.txt");

    assertThat(f.rdbss.finalizeConnection(alice.rawNetRoot(), alice,
        ConnectionFinalizeLevel.FORCE_FILES_CLOSED)).isEqualTo(NtStatus.SUCCESS);

    assertThat(alice.isUpperFinalizationDone()).isTrue();
    assertThat(bob.isUpperFinalizationDone()).as("bob's view went too").isTrue();
    assertThat(bobsFile.rawSrvOpen().hasFlag(SrvOpenFlag.ORPHANED)).isTrue();
    assertThat(f.mrx.count("finalizeNetRoot")).isEqualTo(1);
    assertThat(f.tracer.recent(1000)).anyMatch(e -> e.name().equals("forceFinalizeAllVNetRoots"));
    f.closeHandle(bobsFile);
    f.release(alice);
    f.release(bob);
    f.worker.awaitIdle(); // finalizeSrvCall is posted to the worker
    assertThat(f.device.liveObjects()).isEmpty();
  }

  @Test
  void readAsInternalAPluginsCallIsAContractViolation_s4_1_pitfall19() {
    use(EngineOptions.DEFAULTS.with(ForceFinalizeAllVNetRootsUse.INTERNAL));
    VNetRootImpl view = f.connect(logon(1), "\\srv", "\\share");
    try (LockScope exclusive = f.rdbss.netNameTable().acquireExclusive()) {
      assertThatThrownBy(() -> f.rdbss.forceFinalizeAllVNetRoots(view.rawNetRoot()))
          .isInstanceOfSatisfying(BugCheckError.class, e -> {
            assertThat(e.specSection()).contains("pitfall 19");
            assertThat(e.getMessage()).contains("finalizeConnection");
          });
    }
  }

  // --------------------------------------------- (c) which FCBs recursive NET_ROOT finalization purges

  /** An FCB with no open, held only by the FCB table's reference, as an idle FCB is (§2.1). */
  private FcbImpl idleFcb(VNetRootImpl view, String path) {
    NetRootImpl netRoot = view.rawNetRoot();
    try (LockScope table = netRoot.fcbTable.lock.exclusiveScope()) {
      FcbImpl fcb = (FcbImpl) f.rdbss.createNetFcb(f.userContext(view.rawLogonId()), view, path);
      f.engine.references.dereferenceFcb(fcb); // the creator's reference
      return fcb;
    }
  }

  /** What §4.2 orphaning does to an FCB left with no usable SRV_OPEN. */
  private static void orphan(FcbImpl fcb) {
    try (LockScope table = fcb.rawNetRoot().fcbTable.lock.exclusiveScope()) {
      fcb.setState(FcbState.ORPHANED, true);
      fcb.rawNetRoot().fcbTable.remove(fcb);
    }
  }

  /** Runs a recursive NET_ROOT finalization and reports which of the two FCBs it freed. */
  private List<Boolean> purgeRecursively(FcbImpl inTable, FcbImpl orphaned) {
    try (LockScope exclusive = f.rdbss.netNameTable().acquireExclusive()) {
      assertThat(f.rdbss.finalizeNetRoot(inTable.rawNetRoot(), true, true))
          .as("a view still holds the NET_ROOT")
          .isFalse();
    }
    return List.of(inTable.isFreed(), orphaned.isFreed());
  }

  @Test
  void recursiveNetRootFinalizationPurgesTheNonOrphanedFcbs_R_s2_4_pitfall19() {
    VNetRootImpl view = f.connect(logon(1), "\\srv", "\\share");
    FcbImpl inTable = idleFcb(view, "\\kept.txt");
    FcbImpl orphaned = idleFcb(view, "\\orphan.txt");
    orphan(orphaned);

    assertThat(purgeRecursively(inTable, orphaned)).containsExactly(true, false);
  }

  @Test
  void readAsDRecursiveNetRootFinalizationPurgesTheOrphanedFcbs_s2_4_pitfall19() {
    use(EngineOptions.DEFAULTS.with(RecursiveNetRootPurge.ORPHANED));
    VNetRootImpl view = f.connect(logon(1), "\\srv", "\\share");
    FcbImpl inTable = idleFcb(view, "\\kept.txt");
    FcbImpl orphaned = idleFcb(view, "\\orphan.txt");
    orphan(orphaned);

    assertThat(purgeRecursively(inTable, orphaned)).containsExactly(false, true);
  }

  // ------------------------------------------------------------ (d) what an FCB references

  @Test
  void anFcbReferencesTheViewItWasCreatedThrough_R_s2_2_pitfall19() {
    VNetRootImpl view = f.connect(logon(1), "\\srv", "\\share");
    NetRootImpl netRoot = view.rawNetRoot();
    int viewBefore = f.count(view);
    int netRootBefore = f.count(netRoot);
    FcbImpl fcb = idleFcb(view, "\\a.txt");

    assertThat(f.count(view)).isEqualTo(viewBefore + 1);
    assertThat(f.count(netRoot)).isEqualTo(netRootBefore);
    assertThat(ObjectTree.holds(fcb, view)).isTrue();
    assertThat(ObjectTree.holds(fcb, netRoot)).isFalse();
    assertThat(netRoot.rawNumberOfFcbs()).isEqualTo(1);
    assertThat(Invariants.check(f.device, Set.of(), Set.of())).isEmpty();
  }

  @Test
  void readAsDAnFcbReferencesItsNetRoot_s2_2_pitfall19() {
    use(EngineOptions.DEFAULTS.with(FcbParentReference.NET_ROOT));
    VNetRootImpl view = f.connect(logon(1), "\\srv", "\\share");
    NetRootImpl netRoot = view.rawNetRoot();
    int viewBefore = f.count(view);
    int netRootBefore = f.count(netRoot);
    FcbImpl fcb = idleFcb(view, "\\a.txt");

    assertThat(f.count(view)).isEqualTo(viewBefore);
    assertThat(f.count(netRoot)).isEqualTo(netRootBefore + 1);
    assertThat(ObjectTree.holds(fcb, netRoot)).isTrue();
    assertThat(ObjectTree.holds(fcb, view)).isFalse();
    assertThat(fcb.vNetRoot()).as("it still knows the view it was created through").isSameAs(view);
    assertThat(Invariants.check(f.device, Set.of(), Set.of())).isEmpty();
  }

  /**
   * Alice creates the FCB and closes her handle; Bob keeps the file open through his own view.
   * Whether Alice's view can go then depends on what the FCB references.
   */
  private VNetRootImpl aliceLeavesWhileBobKeepsHerFcb(FobxImpl[] bobsFile) {
    VNetRootImpl alice = f.connect(logon(1), "\\srv", "\\share");
    VNetRootImpl bob = f.connect(logon(2), "\\srv", "\\share");
    FobxImpl alicesFile = f.open(alice, "\\shared.txt");
    bobsFile[0] = f.open(bob, "\\shared.txt");
    assertThat(bobsFile[0].rawSrvOpen().rawFcb()).isSameAs(alicesFile.rawSrvOpen().rawFcb());
    f.closeHandle(alicesFile);
    f.release(alice);
    assertThat(Invariants.check(f.device, Set.of(bobsFile[0]), Set.of())).isEmpty();
    return alice;
  }

  @Test
  void anFcbKeepsTheViewItWasCreatedThroughAlive_R_s2_2_pitfall19() {
    FobxImpl[] bobsFile = new FobxImpl[1];
    VNetRootImpl alice = aliceLeavesWhileBobKeepsHerFcb(bobsFile);

    assertThat(alice.isFreed()).as("Bob's FCB still references Alice's view").isFalse();
    assertThat(f.mrx.count("finalizeVNetRoot")).isZero();
    VNetRootImpl bob = bobsFile[0].vNetRoot;
    f.closeHandle(bobsFile[0]);
    f.release(bob);
    f.passScavengerPeriod();
    assertThat(f.device.liveObjects()).isEmpty();
  }

  @Test
  void readAsDAViewGoesAsSoonAsItsOwnOpensDo_s2_2_pitfall19() {
    use(EngineOptions.DEFAULTS.with(FcbParentReference.NET_ROOT));
    FobxImpl[] bobsFile = new FobxImpl[1];
    VNetRootImpl alice = aliceLeavesWhileBobKeepsHerFcb(bobsFile);

    assertThat(alice.isFreed()).as("the FCB references the NET_ROOT, not Alice's view").isTrue();
    assertThat(f.mrx.count("finalizeVNetRoot")).isEqualTo(1);
    VNetRootImpl bob = bobsFile[0].vNetRoot;
    f.closeHandle(bobsFile[0]);
    f.release(bob);
    f.passScavengerPeriod();
    assertThat(f.device.liveObjects()).isEmpty();
  }
}
