package dev.rdbss.core.engine;

import static dev.rdbss.core.engine.EngineFixture.logon;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rdbss.api.Condition;
import dev.rdbss.api.ConnectionId;
import dev.rdbss.api.FcbState;
import dev.rdbss.api.LockHoldingState;
import dev.rdbss.api.NetRootFlag;
import dev.rdbss.api.SrvCallFlag;
import dev.rdbss.api.SrvOpenFlag;
import dev.rdbss.api.object.NetRoot;
import dev.rdbss.api.object.SrvCall;
import dev.rdbss.api.spi.LockScope;
import dev.rdbss.api.spi.WorkQueue;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Each finalize routine called directly (spec §2.4, §11): what it does at the floor, what it
 * refuses above the floor without force, and what force changes. Lock and IRQL violations are in
 * {@link ViolationsTest}; {@link FinalizationTest} has the V_NET_ROOT cases and callback orders.
 */
class FinalizeRoutinesTest {

  private final EngineFixture f = new EngineFixture();

  @AfterEach
  void shutDown() {
    f.close();
  }

  // ------------------------------------------------------------------------------ SRV_CALL

  @Test
  void finalizeSrvCallRefusesAboveTheFloorWithoutForce_s2_4() {
    VNetRootImpl view = f.connect(logon(1), "\\srv", "\\share");
    SrvCallImpl s = view.rawNetRoot().rawSrvCall();
    try (LockScope exclusive = f.rdbss.netNameTable().acquireExclusive()) {
      assertThat(f.rdbss.finalizeSrvCall(s, false)).isFalse();
      assertThat(s.isUpperFinalizationDone()).isFalse();
      assertThat(f.rdbss.netNameTable().lookupSrvCall("\\srv")).containsSame(s);
      f.rdbss.dereference(s, LockHoldingState.EXCLUSIVE);
    }
    f.worker.awaitIdle();
    assertThat(f.mrx.count("finalizeSrvCall")).isZero();
  }

  @Test
  void forcedFinalizeSrvCallRemovesTheNameNowAndFreesOnlyWhenTheLastReferenceGoes_s2_4() {
    VNetRootImpl view = f.connect(logon(1), "\\srv", "\\share");
    SrvCallImpl s = view.rawNetRoot().rawSrvCall();
    try (LockScope exclusive = f.rdbss.netNameTable().acquireExclusive()) {
      assertThat(f.rdbss.finalizeSrvCall(s, true)).as("the NET_ROOT still holds it").isFalse();
      assertThat(s.flags()).contains(SrvCallFlag.FORCE_FINALIZED);
      assertThat(f.rdbss.netNameTable().lookupSrvCall("\\srv")).isEmpty();
    }
    f.worker.awaitIdle();
    assertThat(f.mrx.count("finalizeSrvCall")).as("called at the upper phase").isEqualTo(1);
    assertThat(s.isFreed()).isFalse();
    f.release(view);
    f.worker.awaitIdle();
    assertThat(s.isFreed()).isTrue();
    assertThat(f.mrx.count("finalizeSrvCall")).as("and never again").isEqualTo(1);
    assertThat(f.device.liveObjects()).isEmpty();
  }

  @Test
  void onTheRdbssThreadMRxFinalizeSrvCallRunsInline_s2_4() {
    VNetRootImpl view = f.connect(logon(1), "\\srv", "\\share");
    SrvCallImpl s = view.rawNetRoot().rawSrvCall();
    AtomicLong callsWhenItReturned = new AtomicLong(-1);
    f.rdbss.postToWorker(
        WorkQueue.DELAYED,
        () -> {
          try (LockScope exclusive = f.rdbss.netNameTable().acquireExclusive()) {
            f.rdbss.finalizeSrvCall(s, true);
            callsWhenItReturned.set(f.mrx.count("finalizeSrvCall"));
          }
        });
    f.worker.awaitIdle();
    assertThat(callsWhenItReturned.get()).as("no worker hop needed").isEqualTo(1);
  }

  // ------------------------------------------------------------------------------ NET_ROOT

  @Test
  void finalizeNetRootRefusesAboveTheFloorEvenWhenForced_s2_4() {
    VNetRootImpl view = f.connect(logon(1), "\\srv", "\\share");
    NetRootImpl netRoot = view.rawNetRoot();
    try (LockScope exclusive = f.rdbss.netNameTable().acquireExclusive()) {
      assertThat(f.rdbss.finalizeNetRoot(netRoot, false, false)).isFalse();
      assertThat(f.rdbss.finalizeNetRoot(netRoot, false, true)).as("force does not help").isFalse();
      assertThat(netRoot.flags()).doesNotContain(NetRootFlag.FINALIZATION_IN_PROGRESS);
      NetRoot byName = f.rdbss.netNameTable().lookupNetRoot("\\srv\\share").orElseThrow();
      assertThat(byName).isSameAs(netRoot);
      f.rdbss.dereference(byName, LockHoldingState.EXCLUSIVE);
    }
    assertThat(f.mrx.count("finalizeNetRoot")).isZero();
  }

  @Test
  void aNetRootThatNeverHadAViewIsFreedAtItsFloorWithoutMRxFinalizeNetRoot_s2_4() {
    try (LockScope exclusive = f.rdbss.netNameTable().acquireExclusive()) {
      SrvCall s = f.rdbss.createSrvCall(f.userContext(logon(1)), "\\srv", null, ConnectionId.NONE);
      NetRoot n = f.rdbss.createNetRoot(s, "\\srv\\share", Set.of(), ConnectionId.NONE);
      f.rdbss.dereference(s, LockHoldingState.EXCLUSIVE);
      // The creator's reference is the last one above the table's: the exclusive dereference
      // finalizes at once (§2.3), which removes the name and releases the SRV_CALL.
      f.rdbss.dereference(n, LockHoldingState.EXCLUSIVE);
      assertThat(((NetRootImpl) n).isFreed()).isTrue();
      assertThat(f.rdbss.netNameTable().lookupNetRoot("\\srv\\share")).isEmpty();
    }
    f.worker.awaitIdle();
    assertThat(f.mrx.entries())
        .as("MRxFinalizeNetRoot only fires when a last view detaches (§2.4)")
        .containsExactly("finalizeSrvCall");
    assertThat(f.device.liveObjects()).isEmpty();
  }

  /** An FCB in the table with no opens and only the table's reference. */
  private FcbImpl idleFcb(VNetRootImpl view, String path) {
    try (LockScope table = view.rawNetRoot().fcbTable.lock.exclusiveScope()) {
      FcbImpl fcb = (FcbImpl) f.rdbss.createNetFcb(f.userContext(logon(1)), view, path);
      f.rdbss.dereferenceNetFcb(fcb);
      return fcb;
    }
  }

  @Test
  void recursiveNetRootFinalizationPurgesTheIdleFcbsOfItsTable_s2_4() {
    VNetRootImpl view = f.connect(logon(1), "\\srv", "\\share");
    NetRootImpl netRoot = view.rawNetRoot();
    FcbImpl fcb = idleFcb(view, "\\a.txt");
    try (LockScope exclusive = f.rdbss.netNameTable().acquireExclusive()) {
      assertThat(f.rdbss.finalizeNetRoot(netRoot, false, false)).isFalse();
      assertThat(fcb.isFreed()).as("not recursive: the table is left alone").isFalse();
      assertThat(f.rdbss.finalizeNetRoot(netRoot, true, false)).as("the view holds it").isFalse();
    }
    assertThat(fcb.isFreed()).isTrue();
    assertThat(f.mrx.entries()).containsExactly("deallocateForFcb");
    assertThat(netRoot.numberOfFcbs()).isZero();
  }

  // ----------------------------------------------------------------------------------- FCB

  @Test
  void finalizeNetFcbFreesAnIdleFcbAtTheTablesReference_s2_4() {
    VNetRootImpl view = f.connect(logon(1), "\\srv", "\\share");
    NetRootImpl netRoot = view.rawNetRoot();
    int viewCount = f.count(view);
    FcbImpl fcb = idleFcb(view, "\\a.txt");
    try (LockScope table = netRoot.fcbTable.lock.exclusiveScope();
        LockScope held = fcb.resource.exclusiveScope()) {
      assertThat(f.rdbss.finalizeNetFcb(fcb, false, false, 1)).isTrue();
      assertThat(netRoot.fcbTable.lookup("\\a.txt")).isEmpty();
    }
    assertThat(fcb.isFreed()).isTrue();
    assertThat(f.mrx.entries()).containsExactly("deallocateForFcb");
    assertThat(netRoot.numberOfFcbs()).isZero();
    assertThat(f.count(view)).as("the FCB's reference on its view is gone").isEqualTo(viewCount);
  }

  @Test
  void theReferenceCountArgumentAllowsTheUpperPhaseButNeverAFreeAboveTheFloor_s11() {
    VNetRootImpl view = f.connect(logon(1), "\\srv", "\\share");
    NetRootImpl netRoot = view.rawNetRoot();
    FcbImpl fcb = idleFcb(view, "\\a.txt");
    f.rdbss.referenceNetFcb(fcb); // the caller's own, legitimately outstanding reference
    try (LockScope table = netRoot.fcbTable.lock.exclusiveScope();
        LockScope held = fcb.resource.exclusiveScope()) {
      assertThat(f.rdbss.finalizeNetFcb(fcb, false, false, 1)).isFalse();
      assertThat(fcb.isUpperFinalizationDone()).as("2 references > 1 allowed").isFalse();

      assertThat(f.rdbss.finalizeNetFcb(fcb, false, false, 2)).as("still referenced").isFalse();
      assertThat(fcb.isUpperFinalizationDone()).isTrue();
      assertThat(fcb.state()).contains(FcbState.NAME_ALREADY_REMOVED);
      assertThat(netRoot.fcbTable.lookup("\\a.txt")).as("the name resolves anew").isEmpty();

      assertThat(f.rdbss.dereferenceNetFcb(fcb)).isEqualTo(1);
      assertThat(fcb.isFreed()).as("the count-only pair never finalizes (§2.3)").isFalse();
      assertThat(f.rdbss.finalizeNetFcb(fcb, false, false, 1)).isTrue();
    }
    assertThat(f.mrx.count("deallocateForFcb")).isEqualTo(1);
  }

  @Test
  void recursiveFcbFinalizationFinalizesItsSrvOpensFirst_s2_4() {
    VNetRootImpl view = f.connect(logon(1), "\\srv", "\\share");
    NetRootImpl netRoot = view.rawNetRoot();
    FcbImpl fcb = idleFcb(view, "\\a.txt");
    SrvOpenImpl srvOpen;
    try (LockScope held = fcb.resource.exclusiveScope()) {
      srvOpen = (SrvOpenImpl) f.rdbss.createSrvOpen(view, fcb);
    }
    // Without the FCB lock a SRV_OPEN at 0 is neither finalized nor marked (§2.3).
    f.rdbss.dereference(srvOpen, LockHoldingState.NOT_HELD);
    assertThat(srvOpen.isFreed()).isFalse();
    assertThat(srvOpen.isMarkedForScavenge()).isFalse();
    try (LockScope table = netRoot.fcbTable.lock.exclusiveScope();
        LockScope held = fcb.resource.exclusiveScope()) {
      assertThat(f.rdbss.finalizeNetFcb(fcb, false, false, 1)).as("the SRV_OPEN holds it")
          .isFalse();
      assertThat(f.rdbss.finalizeNetFcb(fcb, true, false, 1)).isTrue();
    }
    assertThat(srvOpen.isFreed()).isTrue();
    assertThat(fcb.isFreed()).isTrue();
    assertThat(f.mrx.entries()).containsExactly("forceClosed", "deallocateForFcb");
  }

  // ------------------------------------------------------------------------------ SRV_OPEN

  private SrvOpenImpl srvOpen(VNetRootImpl view, FcbImpl fcb) {
    try (LockScope held = fcb.resource.exclusiveScope()) {
      return (SrvOpenImpl) f.rdbss.createSrvOpen(view, fcb);
    }
  }

  @Test
  void finalizeSrvOpenAtZeroRunsBothPhasesAndReleasesFcbAndView_s2_4() {
    VNetRootImpl view = f.connect(logon(1), "\\srv", "\\share");
    FcbImpl fcb = idleFcb(view, "\\a.txt");
    int viewCount = f.count(view);
    SrvOpenImpl o = srvOpen(view, fcb);
    f.rdbss.dereference(o, LockHoldingState.NOT_HELD);
    try (LockScope held = fcb.resource.exclusiveScope()) {
      assertThat(f.rdbss.finalizeSrvOpen(o, false, false)).isTrue();
    }
    assertThat(o.isFreed()).isTrue();
    assertThat(fcb.srvOpens()).isEmpty();
    assertThat(fcb.hasState(FcbState.SRVOPEN_USED)).as("the embedded slot is free").isFalse();
    assertThat(fcb.referenceCount()).as("only the table's").isEqualTo(1);
    assertThat(view.rawNetRoot().numberOfSrvOpens()).isZero();
    assertThat(f.count(view)).isEqualTo(viewCount);
    assertThat(f.mrx.entries()).as("a failed (never Good) open is force-closed")
        .containsExactly("forceClosed");
  }

  @Test
  void finalizeSrvOpenRefusesAReferencedOneWithoutForce_s2_4() {
    VNetRootImpl view = f.connect(logon(1), "\\srv", "\\share");
    FcbImpl fcb = idleFcb(view, "\\a.txt");
    SrvOpenImpl o = srvOpen(view, fcb);
    try (LockScope held = fcb.resource.exclusiveScope()) {
      assertThat(f.rdbss.finalizeSrvOpen(o, false, false)).isFalse();
    }
    assertThat(o.isUpperFinalizationDone()).isFalse();
    assertThat(fcb.srvOpens()).containsExactly(o);
    assertThat(f.mrx.entries()).isEmpty();
  }

  @Test
  void forcedFinalizationOfASrvOpenThatIsNotGoodDetachesItAtOnceAndFreesItLater_s2_4() {
    VNetRootImpl view = f.connect(logon(1), "\\srv", "\\share");
    FcbImpl fcb = idleFcb(view, "\\a.txt");
    SrvOpenImpl o = srvOpen(view, fcb);
    try (LockScope held = fcb.resource.exclusiveScope()) {
      assertThat(f.rdbss.finalizeSrvOpen(o, false, true)).as("still referenced").isFalse();
      assertThat(o.isUpperFinalizationDone()).isTrue();
      assertThat(o.vNetRoot()).as("its view is released in the upper phase").isNull();
      assertThat(fcb.srvOpens()).isEmpty();
      assertThat(view.rawNetRoot().numberOfSrvOpens()).isZero();
      assertThat(f.rdbss.finalizeSrvOpen(o, false, true)).isFalse();
      f.rdbss.dereference(o, LockHoldingState.EXCLUSIVE);
    }
    assertThat(o.isFreed()).isTrue();
    assertThat(f.mrx.entries()).as("the upper phase ran once").containsExactly("forceClosed");
  }

  @Test
  void forceDoesNotDetachAGoodSrvOpenThatIsStillOpen_s2_4() {
    VNetRootImpl view = f.connect(logon(1), "\\srv", "\\share");
    FobxImpl handle = f.open(view, "\\a.txt");
    SrvOpenImpl o = handle.rawSrvOpen();
    f.mrx.clear();
    try (LockScope held = o.rawFcb().resource.exclusiveScope()) {
      assertThat(f.rdbss.finalizeSrvOpen(o, false, true)).isFalse();
    }
    assertThat(o.isUpperFinalizationDone())
        .as("the upper phase waits for a Good open until it is closed or unreferenced")
        .isFalse();
    assertThat(o.condition()).isEqualTo(Condition.GOOD);
    assertThat(f.mrx.entries()).isEmpty();
    f.closeHandle(handle);
    assertThat(o.isFreed()).isTrue();
  }

  // ---------------------------------------------------------------------------------- FOBX

  @Test
  void finalizeNetFobxRefusesAReferencedFobxWithoutForce_s2_4() {
    VNetRootImpl view = f.connect(logon(1), "\\srv", "\\share");
    FobxImpl handle = f.open(view, "\\a.txt");
    f.mrx.clear();
    try (LockScope held = handle.rawSrvOpen().rawFcb().resource.exclusiveScope()) {
      assertThat(f.rdbss.finalizeNetFobx(handle, false, false)).isFalse();
    }
    assertThat(handle.isUpperFinalizationDone()).isFalse();
    assertThat(handle.rawSrvOpen().fobxs()).containsExactly(handle);
    assertThat(f.mrx.entries()).isEmpty();
    f.closeHandle(handle);
  }

  @Test
  void forcedFinalizeNetFobxDetachesItButTheOpenHandleStillClosesNormally_s2_4() {
    VNetRootImpl view = f.connect(logon(1), "\\srv", "\\share");
    FobxImpl handle = f.open(view, "\\a.txt");
    SrvOpenImpl o = handle.rawSrvOpen();
    f.mrx.clear();
    try (LockScope held = o.rawFcb().resource.exclusiveScope()) {
      assertThat(f.rdbss.finalizeNetFobx(handle, false, true)).isFalse();
    }
    assertThat(handle.isUpperFinalizationDone()).isTrue();
    assertThat(o.fobxs()).isEmpty();
    // The FOBX's upper phase gives back the open count its handle had not yet given back
    // ("open count decremented", §11), so its only SRV_OPEN is closed on the server now.
    assertThat(o.hasFlag(SrvOpenFlag.CLOSED)).as("its last open went with the FOBX").isTrue();
    assertThat(f.mrx.entries()).containsExactly("deallocateForFobx", "closeSrvOpen");

    f.closeHandle(handle);
    assertThat(handle.isFreed()).isTrue();
    assertThat(f.mrx.entries())
        .containsExactly(
            "deallocateForFobx", "closeSrvOpen", "cleanupFobx", "forceClosed", "deallocateForFcb");
  }

  @Test
  void theUpperPhaseOfTheLastFobxClosesItsSrvOpenOnceNoOpenRemains_s2_4() {
    VNetRootImpl view = f.connect(logon(1), "\\srv", "\\share");
    FcbImpl fcb = idleFcb(view, "\\a.txt");
    SrvOpenImpl o = srvOpen(view, fcb);
    FobxImpl fobx;
    try (LockScope held = fcb.resource.exclusiveScope()) {
      fobx = (FobxImpl) f.rdbss.createNetFobx(f.userContext(logon(1)), o);
      o.condition.transition(Condition.GOOD); // as a successful MRxCreate leaves it
      o.setKey("server handle 7");
      assertThat(f.rdbss.finalizeNetFobx(fobx, false, true)).isFalse();
      assertThat(o.hasFlag(SrvOpenFlag.CLOSED)).isTrue();
      assertThat(o.key()).as("invalidated when closed (§5.2)").isNull();
      f.rdbss.dereference(fobx, LockHoldingState.EXCLUSIVE);
    }
    assertThat(fobx.isFreed()).isTrue();
    assertThat(o.isFreed()).isTrue();
    assertThat(f.mrx.entries())
        .as("the order of a scavenged close, §2.5 order 4")
        .containsExactly("deallocateForFobx", "closeSrvOpen", "forceClosed");
  }
  @Test
  void recursiveForcedSrvOpenFinalizationForcesItsFobxsToo_s2_4() {
    VNetRootImpl view = f.connect(logon(1), "\\srv", "\\share");
    FobxImpl handle = f.open(view, "\\a.txt");
    SrvOpenImpl o = handle.rawSrvOpen();
    f.mrx.clear();
    try (LockScope held = o.rawFcb().resource.exclusiveScope()) {
      assertThat(f.rdbss.finalizeSrvOpen(o, true, true)).isFalse();
    }
    assertThat(handle.isUpperFinalizationDone()).as("its FOBX was detached").isTrue();
    // The handle's open count went with its FOBX (§11), so the SRV_OPEN was closed on the server
    // and finalized: its FOBX first, then the SRV_OPEN itself.
    assertThat(o.isUpperFinalizationDone()).isTrue();
    assertThat(f.mrx.entries()).containsExactly("deallocateForFobx", "closeSrvOpen", "forceClosed");
    f.closeHandle(handle);
    assertThat(o.isFreed()).isTrue();
  }
}
