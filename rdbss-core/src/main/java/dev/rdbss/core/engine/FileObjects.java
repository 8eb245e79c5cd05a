package dev.rdbss.core.engine;

import dev.rdbss.api.Condition;
import dev.rdbss.api.FcbState;
import dev.rdbss.api.LockHoldingState;
import dev.rdbss.api.NtStatus;
import dev.rdbss.api.SrvOpenFlag;
import dev.rdbss.api.spi.LockScope;

/**
 * The object bookkeeping of opening, cleaning up and closing a file (spec §6.4 steps 3–6, §6.6,
 * §6.7), without the I/O requests around it: the FCB found or created in the FCB table, a new
 * SRV_OPEN made Good by the mini-redirector's {@code create}, the FOBX, and the counters; cleanup
 * and close in the callback orders of §2.5.
 */
final class FileObjects {

  private final Engine engine;
  private final RdbssService rdbss;

  FileObjects(Engine engine, RdbssService rdbss) {
    this.engine = engine;
    this.rdbss = rdbss;
  }

  /**
   * Opens {@code path} through {@code vNetRoot}: find or create the FCB (§6.4 step 3), create a
   * SRV_OPEN and ask the mini-redirector to open it (step 5), then account the new handle (step 6).
   *
   * @return the FOBX of the new handle, or the status of the failed create
   */
  Result open(RxContextImpl ctx, VNetRootImpl vNetRoot, String path) {
    NetRootImpl netRoot = vNetRoot.rawNetRoot();
    FcbImpl fcb;
    try (LockScope table = netRoot.fcbTable.lock.exclusiveScope()) {
      FcbImpl existing = netRoot.fcbTable.lookup(path).orElse(null);
      if (existing != null) {
        engine.references.referenceFcb(existing);
        fcb = existing;
      } else {
        fcb = (FcbImpl) rdbss.createNetFcb(ctx, vNetRoot, path);
      }
    }
    try (LockScope held = fcb.resource.exclusiveScope()) {
      ctx.setFcb(fcb);
      SrvOpenImpl srvOpen = (SrvOpenImpl) rdbss.createSrvOpen(vNetRoot, fcb);
      ctx.setRelevantSrvOpen(srvOpen);
      NtStatus status =
          engine.callbacks.call(
              "create", srvOpen, () -> engine.device.miniRedirector().create(ctx));
      srvOpen.setOpenStatus(status);
      FobxImpl fobx = ctx.rawFobx();
      if (!status.isSuccess() || fobx == null) {
        srvOpen.condition.transition(Condition.BAD);
        if (fcb.condition.get() != Condition.GOOD) {
          fcb.condition.transition(Condition.BAD);
        }
        if (fobx != null) {
          engine.references.dereference(fobx, LockHoldingState.EXCLUSIVE);
        }
        engine.references.dereference(srvOpen, LockHoldingState.EXCLUSIVE);
        engine.dereferenceAndFinalizeFcb(fcb);
        return new Result(status.isSuccess() ? NtStatus.INTERNAL_ERROR : status, null);
      }
      srvOpen.condition.transition(Condition.GOOD);
      fcb.condition.transition(Condition.GOOD);
      fcb.addOpenCount(1);
      fcb.addUncleanCount(1);
      fcb.setState(FcbState.DELAY_CLOSE, false);
      srvOpen.addOpenCount(1);
      srvOpen.addUncleanFobxCount(1);
      engine.references.dereferenceFcb(fcb); // the lookup's (or creation's) reference
      return new Result(status, fobx);
    }
  }

  /** Cleanup bookkeeping of a handle (§6.6): the unclean counts, then {@code MRxCleanupFobx}. */
  NtStatus cleanup(FobxImpl fobx) {
    SrvOpenImpl srvOpen = fobx.rawSrvOpen();
    FcbImpl fcb = srvOpen.rawFcb();
    try (LockScope held = fcb.resource.exclusiveScope()) {
      fcb.addUncleanCount(-1);
      srvOpen.addUncleanFobxCount(-1);
      RxContextImpl ctx =
          RxContextImpl.internal(engine.device, dev.rdbss.api.spi.MajorFunction.CLEANUP);
      ctx.setFcb(fcb);
      ctx.setFobxInternal(fobx);
      ctx.setRelevantSrvOpen(srvOpen);
      return engine.callbacks.call(
          "cleanupFobx", fobx, () -> engine.device.miniRedirector().cleanupFobx(ctx));
    }
  }

  /**
   * Close of a handle, not delayed (§6.7): the SRV_OPEN is closed on the server when its open count
   * reaches 0, the FOBX reference is dropped under the FCB lock (finalizing it), and the FCB is
   * dereferenced-and-finalized — callback order 3 of §2.5.
   */
  void close(FobxImpl fobx) {
    SrvOpenImpl srvOpen = fobx.rawSrvOpen();
    FcbImpl fcb = srvOpen.rawFcb();
    try (LockScope held = fcb.resource.exclusiveScope()) {
      engine.references.referenceFcb(fcb);
      fcb.addOpenCount(-1);
      srvOpen.addOpenCount(-1);
      if (!srvOpen.hasFlag(SrvOpenFlag.CLOSED)) {
        engine.closeAssociatedSrvOpen(srvOpen, fobx);
      }
      engine.references.dereference(fobx, LockHoldingState.EXCLUSIVE);
      engine.dereferenceAndFinalizeFcb(fcb);
    }
  }

  /**
   * An open's outcome.
   *
   * @param status the create's status
   * @param fobx the new handle's FOBX on success
   */
  record Result(NtStatus status, @org.jspecify.annotations.Nullable FobxImpl fobx) {}
}
