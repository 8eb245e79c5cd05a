package dev.rdbss.core.engine;

import static dev.rdbss.core.engine.EngineFixture.logon;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rdbss.api.BugCheckCode;
import dev.rdbss.api.BugCheckError;
import dev.rdbss.api.FcbState;
import dev.rdbss.api.Irql;
import dev.rdbss.api.NetRootFlag;
import dev.rdbss.api.SrvOpenFlag;
import dev.rdbss.api.spi.IrqlScope;
import dev.rdbss.api.spi.LockScope;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Two-phase finalization (spec §2.4, §2.5, §11). */
class FinalizationTest {

  private final EngineFixture f = new EngineFixture();

  @AfterEach
  void shutDown() {
    f.close();
  }

  @Test
  void finalizeVNetRootRefusesAboveTheFloorUnlessForced_s2_4() {
    VNetRootImpl view = f.connect(logon(1), "\\srv", "\\share");
    try (LockScope exclusive = f.rdbss.netNameTable().acquireExclusive()) {
      assertThat(f.rdbss.finalizeVNetRoot(view, false, false)).isFalse();
      assertThat(view.isUpperFinalizationDone()).isFalse();
    }
  }

  @Test
  void forcedFinalizationRunsTheUpperPhaseOnceAndNeverFreesAReferencedObject_s2_4() {
    VNetRootImpl view = f.connect(logon(1), "\\srv", "\\share");
    try (LockScope exclusive = f.rdbss.netNameTable().acquireExclusive()) {
      assertThat(f.rdbss.finalizeVNetRoot(view, false, true)).as("still referenced").isFalse();
      assertThat(view.isUpperFinalizationDone()).isTrue();
      assertThat(view.isFreed()).isFalse();
      assertThat(f.rdbss.netNameTable().lookupVNetRoot(view.rawName())).as("name gone").isEmpty();
      assertThat(f.rdbss.finalizeVNetRoot(view, false, true)).isFalse();
    }
    assertThat(f.mrx.count("finalizeNetRoot")).as("last view detached, once").isEqualTo(1);
    assertThat(f.mrx.count("finalizeVNetRoot")).as("not freed yet").isZero();
    f.release(view);
    assertThat(view.isFreed()).isTrue();
    assertThat(f.mrx.count("finalizeVNetRoot")).isEqualTo(1);
  }

  @Test
  void lastViewDetachingFiresFinalizeNetRootBeforeFinalizeVNetRoot_s2_5_order5() throws Exception {
    VNetRootImpl view = f.connect(logon(1), "\\srv", "\\share");
    f.release(view);
    f.worker.awaitIdle();
    assertThat(f.mrx.entries())
        .containsSubsequence("finalizeNetRoot", "finalizeVNetRoot", "finalizeSrvCall");
    assertThat(f.device.liveObjects()).isEmpty();
  }

  @Test
  void finalizeSrvCallRunsOnTheRdbssWorkerThread_s2_4() {
    VNetRootImpl view = f.connect(logon(1), "\\srv", "\\share");
    Thread[] thread = new Thread[1];
    f.mrx.throwsIn = entry -> {
      if (entry.equals("finalizeSrvCall")) {
        thread[0] = Thread.currentThread();
      }
      return false;
    };
    f.release(view);
    f.worker.awaitIdle();
    assertThat(thread[0]).isNotNull();
    assertThat(thread[0].getName()).contains("RDBSS");
    assertThat(thread[0]).isNotSameAs(Thread.currentThread());
  }

  @Test
  void freeingASrvCallWhoseContextIsStillSetIsABugCheck_s1_2_pitfall6() {
    f.mrx.clearSrvCallContext = false;
    VNetRootImpl view = f.connect(logon(1), "\\srv", "\\share");
    SrvCallImpl srvCall = view.rawNetRoot().rawSrvCall();
    srvCall.setContext("server connection");
    f.release(view);
    f.worker.awaitIdle();
    assertThat(f.bugChecks.first())
        .hasValueSatisfying(
            e -> {
              assertThat(e.specSection()).isEqualTo("§1.2");
              assertThat(e.getMessage()).contains("context", "finalizeSrvCall");
            });
  }

  @Test
  void finalizationWithoutTheExclusiveNetNameLockIsABugCheck_s2_4() {
    VNetRootImpl view = f.connect(logon(1), "\\srv", "\\share");
    assertThatThrownBy(() -> f.rdbss.finalizeVNetRoot(view, false, true))
        .isInstanceOfSatisfying(
            BugCheckError.class,
            e -> assertThat(e.getMessage()).contains("finalizeVNetRoot", "exclusively"));
  }

  @Test
  void finalizationAboveApcLevelIsAnIrqlBugCheck_s2_4() {
    VNetRootImpl view = f.connect(logon(1), "\\srv", "\\share");
    try (LockScope exclusive = f.rdbss.netNameTable().acquireExclusive();
        IrqlScope dispatch = f.rdbss.raiseIrql(Irql.DISPATCH_LEVEL)) {
      assertThatThrownBy(() -> f.rdbss.finalizeVNetRoot(view, false, true))
          .isInstanceOfSatisfying(
              BugCheckError.class,
              e -> assertThat(e.code()).isEqualTo(BugCheckCode.IRQL_NOT_LESS_OR_EQUAL));
    }
  }

  @Test
  void netRootRefusedOnceCanBeFinalizedLater_s2_4_S() {
    VNetRootImpl view = f.connect(logon(1), "\\srv", "\\share");
    NetRootImpl netRoot = view.rawNetRoot();
    try (LockScope exclusive = f.rdbss.netNameTable().acquireExclusive()) {
      assertThat(f.rdbss.finalizeNetRoot(netRoot, true, true)).as("a view holds it").isFalse();
      assertThat(netRoot.hasFlag(NetRootFlag.FINALIZATION_IN_PROGRESS)).isFalse();
    }
    f.release(view);
    assertThat(netRoot.isFreed()).isTrue();
  }

  @Test
  void closeCallsTheMiniRedirectorInOrder3_s2_5() {
    VNetRootImpl view = f.connect(logon(1), "\\srv", "\\share");
    FobxImpl fobx = f.open(view, "\\a.txt");
    f.mrx.clear();
    f.closeHandle(fobx);
    assertThat(f.mrx.entries())
        .containsExactly(
            "cleanupFobx", "closeSrvOpen", "deallocateForFobx", "forceClosed", "deallocateForFcb");
  }

  @Test
  void freeFcbMarksItsViewForTheScavengerAndTheIdleChainGoesInOnePass_s6_8() {
    VNetRootImpl view = f.connect(logon(1), "\\srv", "\\share");
    FobxImpl fobx = f.open(view, "\\a.txt");
    f.releaseUnlocked(view); // UNC access: the create path does not keep the view
    f.closeHandle(fobx);
    assertThat(view.isMarkedForScavenge()).isTrue();
    f.mrx.clear();
    f.passScavengerPeriod();
    assertThat(f.mrx.entries())
        .containsExactly("finalizeNetRoot", "finalizeVNetRoot", "finalizeSrvCall");
    assertThat(f.device.liveObjects()).isEmpty();
  }

  @Test
  void finalizeNetFcbWithForceIsABugCheck_s2_4() {
    VNetRootImpl view = f.connect(logon(1), "\\srv", "\\share");
    FobxImpl fobx = f.open(view, "\\a.txt");
    FcbImpl fcb = fobx.rawSrvOpen().rawFcb();
    try (LockScope table = fcb.rawNetRoot().fcbTable.lock.exclusiveScope();
        LockScope held = fcb.resource.exclusiveScope()) {
      assertThatThrownBy(() -> f.rdbss.finalizeNetFcb(fcb, false, true, 1))
          .isInstanceOf(BugCheckError.class)
          .hasMessageContaining("force = false");
    }
  }

  @Test
  void finalizeNetFcbRefusesWhileHandlesAreOpen_s2_4() {
    VNetRootImpl view = f.connect(logon(1), "\\srv", "\\share");
    FobxImpl fobx = f.open(view, "\\a.txt");
    FcbImpl fcb = fobx.rawSrvOpen().rawFcb();
    try (LockScope table = fcb.rawNetRoot().fcbTable.lock.exclusiveScope();
        LockScope held = fcb.resource.exclusiveScope()) {
      assertThat(f.rdbss.finalizeNetFcb(fcb, false, false, 1)).isFalse();
      assertThat(fcb.isUpperFinalizationDone()).isFalse();
    }
  }

  @Test
  void fobxTakesTheFcbSlotThenTheSrvOpenSlotThenIsAllocated_s11() {
    VNetRootImpl view = f.connect(logon(1), "\\srv", "\\share");
    FobxImpl first = f.open(view, "\\a.txt");
    SrvOpenImpl srvOpen = first.rawSrvOpen();
    FcbImpl fcb = srvOpen.rawFcb();
    assertThat(srvOpen.embeddedInFcb).isTrue();
    FobxImpl second;
    FobxImpl third;
    try (LockScope held = fcb.resource.exclusiveScope()) {
      second = (FobxImpl) f.rdbss.createNetFobx(f.userContext(logon(1)), srvOpen);
      third = (FobxImpl) f.rdbss.createNetFobx(f.userContext(logon(1)), srvOpen);
    }
    assertThat(List.of(first.slot, second.slot, third.slot))
        .containsExactly(FobxImpl.Slot.FCB, FobxImpl.Slot.SRV_OPEN, FobxImpl.Slot.NONE);
    assertThat(view.rawNumberOfFobxs()).isEqualTo(3);
    try (LockScope held = fcb.resource.exclusiveScope()) {
      f.rdbss.dereference(second, dev.rdbss.api.LockHoldingState.EXCLUSIVE);
    }
    assertThat(second.isFreed()).isTrue();
    assertThat(srvOpen.hasFlag(SrvOpenFlag.FOBX_USED)).as("freeing clears the used flag").isFalse();
    try (LockScope held = fcb.resource.exclusiveScope()) {
      FobxImpl fourth = (FobxImpl) f.rdbss.createNetFobx(f.userContext(logon(1)), srvOpen);
      assertThat(fourth.slot).isEqualTo(FobxImpl.Slot.SRV_OPEN);
      f.rdbss.dereference(fourth, dev.rdbss.api.LockHoldingState.EXCLUSIVE);
      f.rdbss.dereference(third, dev.rdbss.api.LockHoldingState.EXCLUSIVE);
    }
    f.closeHandle(first);
    assertThat(fcb.isFreed()).isTrue();
    assertThat(view.rawNumberOfFobxs()).isZero();
    assertThat(fcb.hasState(FcbState.FOBX_USED)).isFalse();
  }

  @Test
  void anExceptionEscapingACallbackIsBugCheck0x7ENamingIt_s3_3() {
    VNetRootImpl view = f.connect(logon(1), "\\srv", "\\share");
    FobxImpl fobx = f.open(view, "\\a.txt");
    f.mrx.throwsIn = "closeSrvOpen"::equals;
    f.files.cleanup(fobx);
    assertThatThrownBy(() -> f.files.close(fobx))
        .isInstanceOfSatisfying(
            BugCheckError.class,
            e -> {
              assertThat(e.code()).isEqualTo(BugCheckCode.SYSTEM_THREAD_EXCEPTION_NOT_HANDLED);
              assertThat(e.getMessage()).contains("MiniRedirector.closeSrvOpen", "injected");
              assertThat(e.getCause()).isInstanceOf(IllegalStateException.class);
            });
  }
}
