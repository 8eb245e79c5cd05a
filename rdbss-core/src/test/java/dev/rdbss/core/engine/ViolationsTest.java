package dev.rdbss.core.engine;

import static dev.rdbss.core.engine.BugCheckAssertions.assertBugCheck;
import static dev.rdbss.core.engine.EngineFixture.logon;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rdbss.api.BugCheckCode;
import dev.rdbss.api.BugCheckError;
import dev.rdbss.api.ConnectionFinalizeLevel;
import dev.rdbss.api.ConnectionId;
import dev.rdbss.api.Irql;
import dev.rdbss.api.LockHoldingState;
import dev.rdbss.api.StorageType;
import dev.rdbss.api.object.SrvCall;
import dev.rdbss.api.spi.IrqlScope;
import dev.rdbss.api.spi.LockScope;
import java.util.Set;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The lock and IRQL preconditions of every {@link dev.rdbss.api.spi.Rdbss} routine (spec §3.3 and
 * the section of each routine): a call without the lock the routine needs, or above APC_LEVEL, is a
 * bugcheck citing the section that states the rule, with a message saying what to hold or where to
 * call from. The lock and IRQL cases of finalizeVNetRoot and forceFinalizeAllVNetRoots's lock case
 * are in {@link FinalizationTest} and {@link ForceFinalizeAllVNetRootsTest}.
 */
class ViolationsTest {

  private final EngineFixture f = new EngineFixture();

  @AfterEach
  void shutDown() {
    f.close();
  }

  /** The netname lock rule of §3.3, as the routine's own section states it. */
  private void assertNeedsNetNameLock(ThrowingCallable call, String routine, String section) {
    assertBugCheck(
        call,
        BugCheckCode.RDBSS_FILE_SYSTEM,
        section,
        routine + " requires the netname table lock held exclusively",
        "rdbss.netNameTable().acquireExclusive()");
  }

  /** The call at DISPATCH_LEVEL: IRQL_NOT_LESS_OR_EQUAL with the level and the bound. */
  private void assertApcBound(ThrowingCallable call, String routine, String section) {
    BugCheckError e;
    try (IrqlScope dispatch = f.rdbss.raiseIrql(Irql.DISPATCH_LEVEL)) {
      e =
          assertBugCheck(
              call,
              BugCheckCode.IRQL_NOT_LESS_OR_EQUAL,
              section,
              routine + " called at DISPATCH_LEVEL", "requires IRQL <= APC_LEVEL");
    }
    assertThat(e.parameter(1)).as("the current level").isEqualTo(Irql.DISPATCH_LEVEL.value());
    assertThat(e.parameter(2)).as("the bound").isEqualTo(Irql.APC_LEVEL.value());
  }

  private LockScope netNameExclusive() {
    return f.rdbss.netNameTable().acquireExclusive();
  }

  // ------------------------------------------------------------------------- netname table

  @Test
  void netNameTableLockAndLookupsAboveApcLevelAreBugChecks_s3_3() {
    assertApcBound(() -> f.rdbss.netNameTable().acquireShared(), "netNameTable().acquireShared",
        "§3.3");
    assertApcBound(() -> f.rdbss.netNameTable().acquireExclusive(),
        "netNameTable().acquireExclusive", "§3.3");
    assertApcBound(() -> f.rdbss.netNameTable().lookup("\\\\s\\share"), "netNameTable().lookup",
        "§3.3");
  }

  // ------------------------------------------------------------------- connection creation

  @Test
  void createSrvCallWithoutTheExclusiveNetNameLockIsABugCheck_s3_3_s6_3() {
    assertNeedsNetNameLock(
        () -> f.rdbss.createSrvCall(f.userContext(logon(1)), "\\srv", null, ConnectionId.NONE),
        "createSrvCall", "§6.3");
  }

  @Test
  void createSrvCallUnderTheSharedNetNameLockIsABugCheck_s3_3_s6_3() {
    try (LockScope shared = f.rdbss.netNameTable().acquireShared()) {
      assertNeedsNetNameLock(
          () -> f.rdbss.createSrvCall(f.userContext(logon(1)), "\\srv", null, ConnectionId.NONE),
          "createSrvCall", "§6.3");
    }
  }

  @Test
  void createSrvCallAboveApcLevelIsAnIrqlBugCheck_s6_3() {
    try (LockScope exclusive = netNameExclusive()) {
      assertApcBound(
          () -> f.rdbss.createSrvCall(f.userContext(logon(1)), "\\srv", null, ConnectionId.NONE),
          "createSrvCall", "§6.3");
    }
  }

  @Test
  void createSrvCallAtApcLevelIsAllowed_s3_3() {
    try (LockScope exclusive = netNameExclusive();
        IrqlScope apc = f.rdbss.raiseIrql(Irql.APC_LEVEL)) {
      assertThat(f.rdbss.createSrvCall(f.userContext(logon(1)), "\\srv", null, ConnectionId.NONE))
          .isNotNull();
    }
    assertThat(f.bugChecks.hasCrashed()).isFalse();
  }

  private SrvCall srvCall() {
    try (LockScope exclusive = netNameExclusive()) {
      return f.rdbss.createSrvCall(f.userContext(logon(1)), "\\srv", null, ConnectionId.NONE);
    }
  }

  @Test
  void createNetRootWithoutTheExclusiveNetNameLockIsABugCheck_s3_3_s6_3() {
    SrvCall s = srvCall();
    assertNeedsNetNameLock(
        () -> f.rdbss.createNetRoot(s, "\\srv\\share", Set.of(), ConnectionId.NONE),
        "createNetRoot", "§6.3");
  }

  @Test
  void createNetRootAboveApcLevelIsAnIrqlBugCheck_s6_3() {
    SrvCall s = srvCall();
    try (LockScope exclusive = netNameExclusive()) {
      assertApcBound(
          () -> f.rdbss.createNetRoot(s, "\\srv\\share", Set.of(), ConnectionId.NONE),
          "createNetRoot", "§6.3");
    }
  }

  private NetRootImpl netRoot() {
    SrvCall s = srvCall();
    try (LockScope exclusive = netNameExclusive()) {
      return (NetRootImpl) f.rdbss.createNetRoot(s, "\\srv\\share", Set.of(), ConnectionId.NONE);
    }
  }

  @Test
  void createVNetRootWithoutTheExclusiveNetNameLockIsABugCheck_s3_3_s6_3() {
    NetRootImpl n = netRoot();
    assertNeedsNetNameLock(
        () -> f.rdbss.createVNetRoot(
            f.userContext(logon(1)), n, "\\;:1\\srv\\share", "\\;:1", "", ConnectionId.NONE),
        "createVNetRoot", "§6.3");
    assertThat(n.vNetRoots()).as("nothing was linked").isEmpty();
  }

  @Test
  void createVNetRootAboveApcLevelIsAnIrqlBugCheck_s6_3() {
    NetRootImpl n = netRoot();
    try (LockScope exclusive = netNameExclusive()) {
      assertApcBound(
          () -> f.rdbss.createVNetRoot(
              f.userContext(logon(1)), n, "\\;:1\\srv\\share", "\\;:1", "", ConnectionId.NONE),
          "createVNetRoot", "§6.3");
    }
  }

  // ---------------------------------------------------------------------- FCB-side creation

  @Test
  void createNetFcbWithoutTheExclusiveFcbTableLockIsABugCheck_s3_3_s6_4() {
    VNetRootImpl view = f.connect(logon(1), "\\srv", "\\share");
    try (LockScope shared = view.rawNetRoot().fcbTable.lock.sharedScope()) {
      assertBugCheck(
          () -> f.rdbss.createNetFcb(f.userContext(logon(1)), view, "\\a.txt"),
          BugCheckCode.RDBSS_FILE_SYSTEM,
          "§6.4",
          "createNetFcb requires the FCB table \\srv\\share lock held exclusively");
    }
  }

  @Test
  void createNetFcbAboveApcLevelIsAnIrqlBugCheck_s6_4() {
    VNetRootImpl view = f.connect(logon(1), "\\srv", "\\share");
    try (LockScope table = view.rawNetRoot().fcbTable.lock.exclusiveScope()) {
      assertApcBound(
          () -> f.rdbss.createNetFcb(f.userContext(logon(1)), view, "\\a.txt"),
          "createNetFcb", "§6.4");
    }
  }

  private FcbImpl fcb(VNetRootImpl view) {
    try (LockScope table = view.rawNetRoot().fcbTable.lock.exclusiveScope()) {
      return (FcbImpl) f.rdbss.createNetFcb(f.userContext(logon(1)), view, "\\a.txt");
    }
  }

  @Test
  void createSrvOpenWithoutTheFcbLockIsABugCheck_s3_3_s6_4() {
    VNetRootImpl view = f.connect(logon(1), "\\srv", "\\share");
    FcbImpl fcb = fcb(view);
    assertBugCheck(
        () -> f.rdbss.createSrvOpen(view, fcb),
        BugCheckCode.RDBSS_FILE_SYSTEM,
        "§6.4",
        "createSrvOpen requires the FCB \\srv\\share\\a.txt lock held exclusively");
  }

  @Test
  void createSrvOpenAboveApcLevelIsAnIrqlBugCheck_s6_4() {
    VNetRootImpl view = f.connect(logon(1), "\\srv", "\\share");
    FcbImpl fcb = fcb(view);
    try (LockScope held = fcb.resource.exclusiveScope()) {
      assertApcBound(() -> f.rdbss.createSrvOpen(view, fcb), "createSrvOpen", "§6.4");
    }
  }

  private SrvOpenImpl srvOpen(VNetRootImpl view, FcbImpl fcb) {
    try (LockScope held = fcb.resource.exclusiveScope()) {
      return (SrvOpenImpl) f.rdbss.createSrvOpen(view, fcb);
    }
  }

  @Test
  void createNetFobxWithoutTheFcbLockIsABugCheck_s3_3_s11() {
    VNetRootImpl view = f.connect(logon(1), "\\srv", "\\share");
    SrvOpenImpl o = srvOpen(view, fcb(view));
    assertBugCheck(
        () -> f.rdbss.createNetFobx(f.userContext(logon(1)), o),
        BugCheckCode.RDBSS_FILE_SYSTEM,
        "§11",
        "createNetFobx requires the FCB \\srv\\share\\a.txt lock held exclusively");
    assertThat(o.fobxs()).isEmpty();
  }

  @Test
  void createNetFobxAboveApcLevelIsAnIrqlBugCheck_s11() {
    VNetRootImpl view = f.connect(logon(1), "\\srv", "\\share");
    FcbImpl fcb = fcb(view);
    SrvOpenImpl o = srvOpen(view, fcb);
    try (LockScope held = fcb.resource.exclusiveScope()) {
      assertApcBound(
          () -> f.rdbss.createNetFobx(f.userContext(logon(1)), o), "createNetFobx", "§11");
    }
  }

  @Test
  void finishFcbInitializationAboveApcLevelIsAnIrqlBugCheck_s11() {
    VNetRootImpl view = f.connect(logon(1), "\\srv", "\\share");
    FcbImpl fcb = fcb(view);
    assertApcBound(
        () -> f.rdbss.finishFcbInitialization(fcb, StorageType.FILE, null),
        "finishFcbInitialization", "§11");
    assertThat(fcb.storageType()).as("nothing was set").isEqualTo(StorageType.UNKNOWN);
  }

  @Test
  void setSrvCallDomainNameAboveApcLevelIsAnIrqlBugCheck_s11() {
    SrvCall s = srvCall();
    assertApcBound(() -> f.rdbss.setSrvCallDomainName(s, "CORP"), "setSrvCallDomainName", "§11");
    assertThat(s.domainName()).isNull();
  }

  // ---------------------------------------------------------------------------- finalization

  @Test
  void finalizeSrvCallWithoutTheExclusiveNetNameLockIsABugCheck_s2_4() {
    VNetRootImpl view = f.connect(logon(1), "\\srv", "\\share");
    SrvCallImpl s = view.rawNetRoot().rawSrvCall();
    assertNeedsNetNameLock(() -> f.rdbss.finalizeSrvCall(s, true), "finalizeSrvCall", "§2.4");
    assertThat(s.isUpperFinalizationDone()).isFalse();
  }

  @Test
  void finalizeSrvCallAboveApcLevelIsAnIrqlBugCheck_s2_4() {
    VNetRootImpl view = f.connect(logon(1), "\\srv", "\\share");
    SrvCallImpl s = view.rawNetRoot().rawSrvCall();
    try (LockScope exclusive = netNameExclusive()) {
      assertApcBound(() -> f.rdbss.finalizeSrvCall(s, true), "finalizeSrvCall", "§2.4");
    }
  }

  @Test
  void finalizeNetRootWithoutTheExclusiveNetNameLockIsABugCheck_s2_4() {
    VNetRootImpl view = f.connect(logon(1), "\\srv", "\\share");
    assertNeedsNetNameLock(
        () -> f.rdbss.finalizeNetRoot(view.rawNetRoot(), true, true), "finalizeNetRoot", "§2.4");
  }

  @Test
  void finalizeNetRootAboveApcLevelIsAnIrqlBugCheck_s2_4() {
    VNetRootImpl view = f.connect(logon(1), "\\srv", "\\share");
    try (LockScope exclusive = netNameExclusive()) {
      assertApcBound(
          () -> f.rdbss.finalizeNetRoot(view.rawNetRoot(), true, true), "finalizeNetRoot", "§2.4");
    }
  }

  @Test
  void finalizeNetFcbWithoutTheFcbLockIsABugCheck_s2_4() {
    VNetRootImpl view = f.connect(logon(1), "\\srv", "\\share");
    FcbImpl fcb = fcb(view);
    try (LockScope table = view.rawNetRoot().fcbTable.lock.exclusiveScope()) {
      assertBugCheck(
          () -> f.rdbss.finalizeNetFcb(fcb, false, false, 1),
          BugCheckCode.RDBSS_FILE_SYSTEM,
          "§2.4",
          "finalizeNetFcb requires the FCB \\srv\\share\\a.txt lock held exclusively");
    }
  }

  @Test
  void finalizeNetFcbOfATableResidentFcbWithoutTheFcbTableLockIsABugCheck_s2_4() {
    VNetRootImpl view = f.connect(logon(1), "\\srv", "\\share");
    FcbImpl fcb = fcb(view);
    try (LockScope held = fcb.resource.exclusiveScope()) {
      assertBugCheck(
          () -> f.rdbss.finalizeNetFcb(fcb, false, false, 1),
          BugCheckCode.RDBSS_FILE_SYSTEM,
          "§2.4",
          "finalizeNetFcb requires the FCB table \\srv\\share lock held exclusively");
    }
  }

  @Test
  void finalizeNetFcbAboveApcLevelIsAnIrqlBugCheck_s2_4() {
    VNetRootImpl view = f.connect(logon(1), "\\srv", "\\share");
    FcbImpl fcb = fcb(view);
    try (LockScope table = view.rawNetRoot().fcbTable.lock.exclusiveScope();
        LockScope held = fcb.resource.exclusiveScope()) {
      assertApcBound(() -> f.rdbss.finalizeNetFcb(fcb, false, false, 1), "finalizeNetFcb", "§2.4");
    }
  }

  @Test
  void finalizeSrvOpenWithoutTheFcbLockIsABugCheck_s2_4() {
    VNetRootImpl view = f.connect(logon(1), "\\srv", "\\share");
    SrvOpenImpl o = srvOpen(view, fcb(view));
    assertBugCheck(
        () -> f.rdbss.finalizeSrvOpen(o, false, true),
        BugCheckCode.RDBSS_FILE_SYSTEM,
        "§2.4",
        "finalizeSrvOpen requires the FCB \\srv\\share\\a.txt lock held exclusively");
    assertThat(o.isUpperFinalizationDone()).isFalse();
  }

  @Test
  void finalizeSrvOpenAboveApcLevelIsAnIrqlBugCheck_s2_4() {
    VNetRootImpl view = f.connect(logon(1), "\\srv", "\\share");
    FcbImpl fcb = fcb(view);
    SrvOpenImpl o = srvOpen(view, fcb);
    try (LockScope held = fcb.resource.exclusiveScope()) {
      assertApcBound(() -> f.rdbss.finalizeSrvOpen(o, false, true), "finalizeSrvOpen", "§2.4");
    }
  }

  @Test
  void finalizeNetFobxWithoutTheFcbLockIsABugCheck_s2_4() {
    VNetRootImpl view = f.connect(logon(1), "\\srv", "\\share");
    FobxImpl fobx = f.open(view, "\\a.txt");
    assertBugCheck(
        () -> f.rdbss.finalizeNetFobx(fobx, false, true),
        BugCheckCode.RDBSS_FILE_SYSTEM,
        "§2.4",
        "finalizeNetFobx requires the FCB \\srv\\share\\a.txt lock held exclusively");
    assertThat(fobx.isUpperFinalizationDone()).isFalse();
  }

  @Test
  void finalizeNetFobxAboveApcLevelIsAnIrqlBugCheck_s2_4() {
    VNetRootImpl view = f.connect(logon(1), "\\srv", "\\share");
    FobxImpl fobx = f.open(view, "\\a.txt");
    try (LockScope held = fobx.rawSrvOpen().rawFcb().resource.exclusiveScope()) {
      assertApcBound(() -> f.rdbss.finalizeNetFobx(fobx, false, true), "finalizeNetFobx", "§2.4");
    }
  }

  @Test
  void forceFinalizeAllVNetRootsAboveApcLevelIsAnIrqlBugCheck_s4_1() {
    VNetRootImpl view = f.connect(logon(1), "\\srv", "\\share");
    try (LockScope exclusive = netNameExclusive()) {
      assertApcBound(
          () -> f.rdbss.forceFinalizeAllVNetRoots(view.rawNetRoot()),
          "forceFinalizeAllVNetRoots", "§4.1");
    }
    assertThat(view.isUpperFinalizationDone()).isFalse();
  }

  @Test
  void finalizeConnectionAboveApcLevelIsAnIrqlBugCheck_s4_3() {
    VNetRootImpl view = f.connect(logon(1), "\\srv", "\\share");
    assertApcBound(
        () -> f.rdbss.finalizeConnection(
            view.rawNetRoot(), view, ConnectionFinalizeLevel.FORCE_FILES_CLOSED),
        "finalizeConnection", "§4.3");
  }

  @Test
  void finalizeConnectionWithAViewOfAnotherShareIsAViolation_s4_3() {
    VNetRootImpl view = f.connect(logon(1), "\\srv", "\\share");
    VNetRootImpl other = f.connect(logon(1), "\\srv", "\\other");
    assertBugCheck(
        () -> f.rdbss.finalizeConnection(
            view.rawNetRoot(), other, ConnectionFinalizeLevel.NO_FORCE),
        BugCheckCode.DRIVER_VERIFIER_DETECTED_VIOLATION,
        "§4.3",
        "finalizeConnection", "does not view that NET_ROOT");
  }

  // ---------------------------------------------------------------------- reference counting

  @Test
  void referenceAboveApcLevelIsAnIrqlBugCheck_s3_3() {
    VNetRootImpl view = f.connect(logon(1), "\\srv", "\\share");
    int count = f.count(view);
    assertApcBound(() -> f.rdbss.reference(view), "reference", "§3.3");
    assertThat(f.count(view)).isEqualTo(count);
  }

  @Test
  void dereferenceAboveApcLevelIsAnIrqlBugCheck_s3_3() {
    VNetRootImpl view = f.connect(logon(1), "\\srv", "\\share");
    assertApcBound(
        () -> f.rdbss.dereference(view, LockHoldingState.NOT_HELD), "dereference", "§3.3");
  }

  @Test
  void referenceNetFcbAboveApcLevelIsAnIrqlBugCheck_s3_3() {
    VNetRootImpl view = f.connect(logon(1), "\\srv", "\\share");
    FcbImpl fcb = fcb(view);
    assertApcBound(() -> f.rdbss.referenceNetFcb(fcb), "referenceNetFcb", "§3.3");
    assertThat(f.count(fcb)).as("not counted").isEqualTo(2);
  }

  @Test
  void dereferenceNetFcbAboveApcLevelIsAnIrqlBugCheck_s3_3() {
    VNetRootImpl view = f.connect(logon(1), "\\srv", "\\share");
    FcbImpl fcb = fcb(view);
    assertApcBound(() -> f.rdbss.dereferenceNetFcb(fcb), "dereferenceNetFcb", "§3.3");
    assertThat(f.count(fcb)).as("not counted").isEqualTo(2);
  }

  @Test
  void dereferenceOfASrvOpenClaimingTheFcbLockItDoesNotHoldIsABugCheck_s11() {
    VNetRootImpl view = f.connect(logon(1), "\\srv", "\\share");
    SrvOpenImpl o = srvOpen(view, fcb(view));
    assertBugCheck(
        () -> f.rdbss.dereference(o, LockHoldingState.EXCLUSIVE),
        BugCheckCode.RDBSS_FILE_SYSTEM,
        "§11",
        "claims the FCB lock is EXCLUSIVE but the caller holds it NOT_HELD",
        "pass the state you really hold");
    assertThat(o.isFreed()).isFalse();
  }

  @Test
  void dereferenceOfAFobxClaimingNotHeldWhileHoldingTheFcbLockIsABugCheck_s11() {
    VNetRootImpl view = f.connect(logon(1), "\\srv", "\\share");
    FobxImpl fobx = f.open(view, "\\a.txt");
    try (LockScope held = fobx.rawSrvOpen().rawFcb().resource.exclusiveScope()) {
      assertBugCheck(
          () -> f.rdbss.dereference(fobx, LockHoldingState.NOT_HELD),
          BugCheckCode.RDBSS_FILE_SYSTEM,
          "§11",
          "claims the FCB lock is NOT_HELD but the caller holds it EXCLUSIVE");
    }
  }

  // ------------------------------------------------------------------ tables and scavenging

  @Test
  void netNameLookupsWithoutTheLockAreABugCheck_s3_3() {
    f.connect(logon(1), "\\srv", "\\share");
    assertBugCheck(
        () -> f.rdbss.netNameTable().lookupNetRoot("\\srv\\share"),
        BugCheckCode.RDBSS_FILE_SYSTEM,
        "§3.3",
        "needs the netname table lock held shared or exclusively",
        "rdbss.netNameTable().acquireShared()");
  }

  @Test
  void scavengeAllFobxsAboveApcLevelIsAnIrqlBugCheck_s3_3() {
    assertApcBound(f.rdbss::scavengeAllFobxs, "scavengeAllFobxs", "§3.3");
  }

  @Test
  void purgeRelatedFobxsAboveApcLevelIsAnIrqlBugCheck_s3_3() {
    VNetRootImpl view = f.connect(logon(1), "\\srv", "\\share");
    assertApcBound(
        () -> f.rdbss.purgeRelatedFobxs(view.rawNetRoot(), f.userContext(logon(1)), true, null),
        "purgeRelatedFobxs", "§3.3");
  }

  // --------------------------------------------------------------------- objects and kernel

  @Test
  void anObjectOfAnotherDeviceIsAViolation_s3_1() {
    try (EngineFixture other = new EngineFixture()) {
      VNetRootImpl foreign = other.connect(logon(1), "\\srv", "\\share");
      assertBugCheck(
          () -> f.rdbss.reference(foreign),
          BugCheckCode.DRIVER_VERIFIER_DETECTED_VIOLATION,
          "§3.1",
          "reference was given an object that this device's RDBSS did not create");
      assertThat(other.bugChecks.hasCrashed()).as("the other device is untouched").isFalse();
    }
  }

  @Test
  void aRoutineCalledWithAFreedObjectIsAUseAfterFreeBugCheck_s2_4() {
    VNetRootImpl view = f.connect(logon(1), "\\srv", "\\share");
    SrvCallImpl s = view.rawNetRoot().rawSrvCall();
    f.release(view);
    f.worker.awaitIdle();
    assertThat(s.isFreed()).isTrue();
    assertBugCheck(
        () -> f.rdbss.setSrvCallDomainName(s, "CORP"),
        BugCheckCode.RDBSS_FILE_SYSTEM,
        "§2.4",
        "use after free", "SRV_CALL \\srv", "reference the object while it needs it");
  }

  @Test
  void raisingTheIrqlToALowerLevelIsABugCheck_s3_3() {
    try (IrqlScope dispatch = f.rdbss.raiseIrql(Irql.DISPATCH_LEVEL)) {
      assertBugCheck(
          () -> f.rdbss.raiseIrql(Irql.APC_LEVEL),
          BugCheckCode.IRQL_NOT_GREATER_OR_EQUAL,
          "§3.3",
          "must not lower the level");
    }
  }
}
