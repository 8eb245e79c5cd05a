package dev.rdbss.core.engine;

import dev.rdbss.api.Condition;
import dev.rdbss.api.FcbState;
import dev.rdbss.api.LockHoldingState;
import dev.rdbss.api.NtStatus;
import dev.rdbss.api.SrvOpenFlag;
import dev.rdbss.api.file.CreateInformation;
import dev.rdbss.api.observe.TraceEvent;
import dev.rdbss.api.spi.LockScope;
import org.jspecify.annotations.Nullable;

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
   * Opens {@code path} through {@code vNetRoot} (§6.4 steps 3–6): find or create the FCB in the
   * NET_ROOT's FCB table, check share access against the FCB's handles, create a SRV_OPEN and ask
   * the mini-redirector to open it, then account the new handle. {@code ctx} carries the create
   * part (parameters) and receives the FCB, SRV_OPEN and FOBX.
   *
   * @return the FOBX of the new handle and what the create did, or the status of the failed create
   */
  Result open(RxContextImpl ctx, VNetRootImpl vNetRoot, String path) {
    CreateContextImpl create = (CreateContextImpl) ctx.create();
    var parameters = create.parameters();
    ShareAccessCounts.Grant grant =
        ShareAccessCounts.Grant.of(parameters.desiredAccess(), parameters.shareAccess());
    FcbImpl fcb = findOrCreateFcb(ctx, vNetRoot, path);
    try (LockScope held = fcb.resource.exclusiveScope()) {
      ctx.setFcb(fcb);
      // Step 4: an FCB with handles checks the new open's access and sharing against them.
      if (fcb.rawOpenCount() > 0) {
        NtStatus sharing = fcb.shareAccess.check(grant);
        if (!sharing.isSuccess()) {
          engine.dereferenceAndFinalizeFcb(fcb);
          return Result.failed(sharing);
        }
      }
      // Step 5: a new SRV_OPEN (collapsing onto an existing one is the I/O path's choice).
      SrvOpenImpl srvOpen = (SrvOpenImpl) rdbss.createSrvOpen(vNetRoot, fcb);
      srvOpen.recordCreate(
          parameters.desiredAccess(), parameters.shareAccess(), parameters.createOptionBits());
      ctx.setRelevantSrvOpen(srvOpen);
      NtStatus status =
          engine.callbacks.call(
              "create", srvOpen, () -> engine.device.miniRedirector().create(ctx));
      srvOpen.setOpenStatus(status);
      FobxImpl fobx = ctx.rawFobx();
      if (status.isSuccess() && fobx == null) {
        throw engine.device.bugChecks()
            .raise(
                dev.rdbss.api.BugCheckCode.DRIVER_VERIFIER_DETECTED_VIOLATION,
                "§5.2, §11",
                "MiniRedirector.create answered " + status + " for " + fcb + " without a FOBX:"
                    + " a successful create calls rdbss.createNetFobx(ctx, srvOpen) and stores the"
                    + " result with ctx.setFobx(...)");
      }
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
        return Result.failed(status);
      }
      if (parameters.disposition().overwrites()) {
        fcb.zeroSizes();
      }
      srvOpen.condition.transition(Condition.GOOD);
      fcb.condition.transition(Condition.GOOD);
      // Step 6.
      fcb.shareAccess.add(grant);
      fcb.addOpenCount(1);
      fcb.addUncleanCount(1);
      fcb.setState(FcbState.DELAY_CLOSE, false);
      srvOpen.addOpenCount(1);
      srvOpen.addUncleanFobxCount(1);
      engine.references.dereferenceFcb(fcb); // the lookup's (or creation's) reference
      return new Result(status, fobx, createInformation(ctx, create, fcb), grant);
    }
  }

  /**
   * §6.4 step 3, {@code RxFindOrCreateFcb}: look the path up with the FCB table shared; on a miss
   * take it exclusively, look again (the table may have changed), and create the FCB. The FCB is
   * returned with a reference for the caller.
   */
  private FcbImpl findOrCreateFcb(RxContextImpl ctx, VNetRootImpl vNetRoot, String path) {
    NetRootImpl netRoot = vNetRoot.rawNetRoot();
    try (LockScope shared = netRoot.fcbTable.lock.sharedScope()) {
      FcbImpl existing = netRoot.fcbTable.lookup(path).orElse(null);
      if (existing != null) {
        engine.references.referenceFcb(existing);
        return existing;
      }
    }
    try (LockScope table = netRoot.fcbTable.lock.exclusiveScope()) {
      FcbImpl existing = netRoot.fcbTable.lookup(path).orElse(null);
      if (existing != null) {
        engine.references.referenceFcb(existing);
        return existing;
      }
      return (FcbImpl) rdbss.createNetFcb(ctx, vNetRoot, path);
    }
  }

  /**
   * What the create did, from the context field RDBSS prefers or from the information field the
   * documentation names (§6.4 step 5, §9 pitfall 14); a mismatch between the two is traced.
   */
  private CreateInformation createInformation(
      RxContextImpl ctx, CreateContextImpl create, FcbImpl fcb) {
    CreateInformation returned = create.returnedCreateInformation();
    CreateInformation fromIrp = null;
    long information = ctx.information();
    for (CreateInformation c : CreateInformation.values()) {
      if (c.value() == information) {
        fromIrp = c;
      }
    }
    if (returned != null && fromIrp != null && information != 0 && returned != fromIrp) {
      engine.device.tracer().record(TraceEvent.Kind.RUNTIME, engine.device.name(),
          "createInformationMismatch", fcb.ref(), null,
          "create reported " + returned + " in the context but " + fromIrp
              + " in the information field; RDBSS uses the context's (§9 pitfall 14)");
    }
    if (returned != null) {
      return returned;
    }
    return fromIrp != null ? fromIrp : CreateInformation.OPENED;
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
   * @param createInformation what the create did, on success
   * @param shareAccess what the handle counts in its FCB's share access, removed at cleanup
   */
  record Result(
      NtStatus status,
      @Nullable FobxImpl fobx,
      @Nullable CreateInformation createInformation,
      ShareAccessCounts.@Nullable Grant shareAccess) {

    static Result failed(NtStatus status) {
      return new Result(status, null, null, null);
    }
  }
}
