package dev.rdbss.core.engine;

import static dev.rdbss.core.engine.EngineFixture.logon;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rdbss.api.BugCheckCode;
import dev.rdbss.api.BugCheckError;
import dev.rdbss.api.LockHoldingState;
import dev.rdbss.api.spi.LockScope;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Reference counting (spec §2.1–2.3, §11). */
class ReferenceCountingTest {

  private final EngineFixture f = new EngineFixture();

  @AfterEach
  void shutDown() {
    f.close();
  }

  @Test
  void createdObjectsCarryTheCallersAndTheTablesReferenceAndReferenceTheirParents_s2_1_s2_2() {
    VNetRootImpl view = f.connect(logon(1), "\\srv", "\\share");
    NetRootImpl netRoot = view.rawNetRoot();
    SrvCallImpl srvCall = netRoot.rawSrvCall();
    assertThat(f.count(view)).as("caller + table").isEqualTo(2);
    assertThat(f.count(netRoot)).as("table + one view").isEqualTo(2);
    assertThat(f.count(srvCall)).as("table + one NET_ROOT").isEqualTo(2);
  }

  @Test
  void nonExclusiveDereferenceToTheFloorMarksForTheScavengerWithAnExtraReference_s2_3() {
    VNetRootImpl view = f.connect(logon(1), "\\srv", "\\share");
    f.releaseUnlocked(view);
    assertThat(view.isMarkedForScavenge()).isTrue();
    assertThat(f.count(view)).as("floor 1 + the scavenger's reference").isEqualTo(2);
    assertThat(view.isFreed()).isFalse();
  }

  @Test
  void aNewReferenceResurrectsAMarkedObject_s2_3() {
    VNetRootImpl view = f.connect(logon(1), "\\srv", "\\share");
    f.releaseUnlocked(view);
    f.rdbss.reference(view);
    assertThat(view.isMarkedForScavenge()).isFalse();
    assertThat(f.count(view)).as("table + the new reference").isEqualTo(2);
    f.passScavengerPeriod();
    assertThat(view.isFreed()).as("resurrected, so not scavenged").isFalse();
  }

  @Test
  void exclusiveDereferenceToTheFloorFinalizesAtOnce_s2_3() {
    VNetRootImpl view = f.connect(logon(1), "\\srv", "\\share");
    f.release(view);
    assertThat(view.isFreed()).isTrue();
    assertThat(f.mrx.entries()).containsSubsequence("finalizeNetRoot", "finalizeVNetRoot");
  }

  @Test
  void droppingTheTablesReferenceIsABugCheck_s2_1() {
    VNetRootImpl view = f.connect(logon(1), "\\srv", "\\share");
    NetRootImpl netRoot = view.rawNetRoot();
    assertThatThrownBy(
            () -> {
              // table + view: two dereferences without references of our own.
              f.releaseUnlocked(netRoot);
              f.releaseUnlocked(netRoot);
            })
        .isInstanceOfSatisfying(
            BugCheckError.class,
            e -> {
              assertThat(e.code()).isEqualTo(BugCheckCode.RDBSS_FILE_SYSTEM);
              assertThat(e.specSection()).isEqualTo("§2.1");
              assertThat(e.getMessage()).contains("never taken");
            });
    assertThat(f.bugChecks.hasCrashed()).isTrue();
  }

  @Test
  void aLockHoldingStateThatDoesNotMatchTheLocksHeldIsABugCheck_s11() {
    VNetRootImpl view = f.connect(logon(1), "\\srv", "\\share");
    assertThatThrownBy(() -> f.rdbss.dereference(view, LockHoldingState.EXCLUSIVE))
        .isInstanceOfSatisfying(
            BugCheckError.class,
            e -> {
              assertThat(e.specSection()).isEqualTo("§11");
              assertThat(e.getMessage()).contains("EXCLUSIVE", "NOT_HELD", "netname table lock");
            });
  }

  @Test
  void sharedIsNotExclusive_s11() {
    VNetRootImpl view = f.connect(logon(1), "\\srv", "\\share");
    try (LockScope shared = f.rdbss.netNameTable().acquireShared()) {
      assertThatThrownBy(() -> f.rdbss.dereference(view, LockHoldingState.EXCLUSIVE))
          .isInstanceOf(BugCheckError.class)
          .hasMessageContaining("SHARED");
    }
  }

  @Test
  void fcbReferencesOnlyCountAndNeverFinalize_s2_3() {
    VNetRootImpl view = f.connect(logon(1), "\\srv", "\\share");
    FobxImpl fobx = f.open(view, "\\a.txt");
    FcbImpl fcb = fobx.rawSrvOpen().rawFcb();
    int before = f.count(fcb);
    assertThat(f.rdbss.referenceNetFcb(fcb)).isEqualTo(before + 1);
    assertThat(f.rdbss.dereferenceNetFcb(fcb)).isEqualTo(before);
    f.closeHandle(fobx);
    assertThat(fcb.isFreed()).isTrue();
  }

  @Test
  void usingAFreedObjectIsABugCheckNamingIt() {
    VNetRootImpl view = f.connect(logon(1), "\\srv", "\\share");
    f.release(view);
    assertThatThrownBy(view::name)
        .isInstanceOfSatisfying(
            BugCheckError.class,
            e -> {
              assertThat(e.code()).isEqualTo(BugCheckCode.RDBSS_FILE_SYSTEM);
              assertThat(e.getMessage()).contains("use after free", "V_NET_ROOT", "\\srv\\share");
            });
  }

  @Test
  void afterABugCheckTheRuntimeRefusesFurtherWork() {
    VNetRootImpl view = f.connect(logon(1), "\\srv", "\\share");
    assertThatThrownBy(() -> f.rdbss.dereference(view, LockHoldingState.EXCLUSIVE))
        .isInstanceOf(BugCheckError.class);
    assertThatThrownBy(() -> f.rdbss.reference(view))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("bugcheck");
  }
  @Test
  void dereferencingASrvOpenPastZeroIsABugCheckAndLeavesTheCount_s2_1() {
    VNetRootImpl view = f.connect(logon(1), "\\srv", "\\share");
    FcbImpl fcb;
    SrvOpenImpl srvOpen;
    try (LockScope table = view.rawNetRoot().fcbTable.lock.exclusiveScope()) {
      fcb = (FcbImpl) f.rdbss.createNetFcb(f.userContext(logon(1)), view, "\\a.txt");
    }
    try (LockScope held = fcb.resource.exclusiveScope()) {
      srvOpen = (SrvOpenImpl) f.rdbss.createSrvOpen(view, fcb);
    }
    f.rdbss.dereference(srvOpen, LockHoldingState.NOT_HELD);
    assertThatThrownBy(() -> f.rdbss.dereference(srvOpen, LockHoldingState.NOT_HELD))
        .isInstanceOfSatisfying(
            BugCheckError.class,
            e -> {
              assertThat(e.specSection()).isEqualTo("§2.1");
              assertThat(e.getMessage()).contains("below its floor of 0", "never taken");
            });
    assertThat(f.count(srvOpen)).isZero();
  }

  @Test
  void dereferenceNetFcbBelowTheTablesReferenceIsABugCheck_s2_3() {
    VNetRootImpl view = f.connect(logon(1), "\\srv", "\\share");
    FcbImpl fcb;
    try (LockScope table = view.rawNetRoot().fcbTable.lock.exclusiveScope()) {
      fcb = (FcbImpl) f.rdbss.createNetFcb(f.userContext(logon(1)), view, "\\a.txt");
    }
    assertThat(f.rdbss.dereferenceNetFcb(fcb)).isEqualTo(1);
    assertThatThrownBy(() -> f.rdbss.dereferenceNetFcb(fcb))
        .isInstanceOfSatisfying(
            BugCheckError.class,
            e -> {
              assertThat(e.code()).isEqualTo(BugCheckCode.RDBSS_FILE_SYSTEM);
              assertThat(e.specSection()).isEqualTo("§2.3");
              assertThat(e.getMessage()).contains("below 1, the FCB table's reference");
            });
    assertThat(f.count(fcb)).isEqualTo(1);
  }
}
