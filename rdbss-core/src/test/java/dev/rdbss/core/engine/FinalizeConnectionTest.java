package dev.rdbss.core.engine;

import static dev.rdbss.core.engine.EngineFixture.logon;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rdbss.api.ConnectionFinalizeLevel;
import dev.rdbss.api.NtStatus;
import dev.rdbss.api.SrvOpenFlag;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code RxFinalizeConnection}: "net use X: /delete" (spec §4.3, §11, §9 pitfalls 8 and 9). */
class FinalizeConnectionTest {

  private final EngineFixture f = new EngineFixture();

  @AfterEach
  void shutDown() {
    f.close();
  }

  /** What the first tree-connect open takes (§6.5): the extra connection reference. */
  private void treeConnect(VNetRootImpl view) {
    f.rdbss.reference(view);
    view.setAdditionalReferenceForDeleteFsctlTaken(1);
  }

  @Test
  void unforcedWithAnOpenFileAnswersFilesOpenAndChangesNothing_s4_3_pitfall9() {
    VNetRootImpl view = f.connect(logon(1), "\\srv", "\\share");
    treeConnect(view);
    FobxImpl open = f.open(view, "\\a.txt");
    NtStatus status =
        f.rdbss.finalizeConnection(view.rawNetRoot(), view, ConnectionFinalizeLevel.NO_FORCE);
    assertThat(status).isEqualTo(NtStatus.FILES_OPEN);
    assertThat(view.isUpperFinalizationDone()).isFalse();
    assertThat(view.additionalReferenceForDeleteFsctlTaken()).as("kept on failure").isEqualTo(1);
    assertThat(open.rawSrvOpen().hasFlag(SrvOpenFlag.ORPHANED)).isFalse();
    f.closeHandle(open);
  }

  @Test
  void forcedSucceedsOrphansTheFilesAndDropsTheConnectionReference_s4_3() {
    VNetRootImpl view = f.connect(logon(1), "\\srv", "\\share");
    treeConnect(view);
    FobxImpl open = f.open(view, "\\a.txt");
    NtStatus status =
        f.rdbss.finalizeConnection(
            view.rawNetRoot(), view, ConnectionFinalizeLevel.FORCE_FILES_CLOSED);
    assertThat(status).isEqualTo(NtStatus.SUCCESS);
    assertThat(open.rawSrvOpen().hasFlag(SrvOpenFlag.ORPHANED)).isTrue();
    assertThat(view.additionalReferenceForDeleteFsctlTaken()).isZero();
    f.closeHandle(open);
  }

  @Test
  void level0xFFDoesNotForceButDropsTheConnectionReference_s4_3_s11() {
    VNetRootImpl view = f.connect(logon(1), "\\srv", "\\share");
    treeConnect(view);
    FobxImpl open = f.open(view, "\\a.txt");
    NtStatus status =
        f.rdbss.finalizeConnection(
            view.rawNetRoot(), view, ConnectionFinalizeLevel.NO_FORCE_DROP_CONNECTION_REFERENCE);
    assertThat(status).isEqualTo(NtStatus.FILES_OPEN);
    assertThat(open.rawSrvOpen().hasFlag(SrvOpenFlag.ORPHANED)).as("not forced").isFalse();
    assertThat(view.additionalReferenceForDeleteFsctlTaken()).as("dropped anyway").isZero();
    f.closeHandle(open);
  }

  @Test
  void withNoOpenFileUnforcedSucceedsAndTheMappingGoes_s4_3() {
    VNetRootImpl view = f.connect(logon(1), "\\srv", "\\share");
    treeConnect(view);
    f.closeHandle(f.open(view, "\\a.txt"));
    f.releaseUnlocked(view); // the handle's lookup reference
    NtStatus status =
        f.rdbss.finalizeConnection(view.rawNetRoot(), view, ConnectionFinalizeLevel.NO_FORCE);
    assertThat(status).isEqualTo(NtStatus.SUCCESS);
    f.passScavengerPeriod();
    assertThat(f.device.liveObjects()).isEmpty();
  }

  @Test
  void aNullViewRunsForEveryViewAndAnswersTheFirstFailure_s11() {
    VNetRootImpl alice = f.connect(logon(1), "\\srv", "\\share");
    VNetRootImpl bob = f.connect(logon(2), "\\srv", "\\share");
    FobxImpl bobs = f.open(bob, "\\b.txt");
    NtStatus status =
        f.rdbss.finalizeConnection(alice.rawNetRoot(), null, ConnectionFinalizeLevel.NO_FORCE);
    assertThat(status).isEqualTo(NtStatus.FILES_OPEN);
    assertThat(alice.isConnectionFinalizationDone()).as("alice's part ran").isTrue();
    f.closeHandle(bobs);
  }
  @Test
  void delayedClosesDoNotKeepTheConnectionInUse_s4_3_step3_pitfall8() {
    VNetRootImpl view = f.connect(logon(1), "\\srv", "\\share");
    treeConnect(view);
    FobxImpl fobx = f.open(view, "\\a.txt");
    f.files.cleanup(fobx);
    f.closeDelayed(fobx);
    SrvCallImpl srvCall = view.rawNetRoot().rawSrvCall();
    f.mrx.clear();

    NtStatus status =
        f.rdbss.finalizeConnection(view.rawNetRoot(), view, ConnectionFinalizeLevel.NO_FORCE);

    assertThat(status).as("a dormant FOBX is not an open file").isEqualTo(NtStatus.SUCCESS);
    assertThat(fobx.isFreed()).isTrue();
    assertThat(f.mrx.entries())
        .containsExactly("deallocateForFobx", "closeSrvOpen", "forceClosed", "deallocateForFcb");
    assertThat(srvCall.numberOfCloseDelayedFiles()).isZero();
    assertThat(view.isConnectionFinalizationDone()).isTrue();
    assertThat(view.additionalReferenceForDeleteFsctlTaken()).isZero();
    f.release(view);
    f.worker.awaitIdle();
    assertThat(f.device.liveObjects()).isEmpty();
  }
}
