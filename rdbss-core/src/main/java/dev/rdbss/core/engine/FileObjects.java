package dev.rdbss.core.engine;

import dev.rdbss.api.BugCheckCode;
import dev.rdbss.api.Condition;
import dev.rdbss.api.FcbState;
import dev.rdbss.api.FobxFlag;
import dev.rdbss.api.LockHoldingState;
import dev.rdbss.api.NtStatus;
import dev.rdbss.api.SrvOpenFlag;
import dev.rdbss.api.StorageType;
import dev.rdbss.api.file.AccessMask;
import dev.rdbss.api.file.CreateInformation;
import dev.rdbss.api.file.CreateOption;
import dev.rdbss.api.file.FileInformation;
import dev.rdbss.api.file.NtCreateParameters;
import dev.rdbss.api.observe.TraceEvent;
import dev.rdbss.api.spi.LockScope;
import dev.rdbss.api.spi.MajorFunction;
import dev.rdbss.core.kernel.RxResource;
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
  private final CollapseSearch collapseSearch;

  FileObjects(Engine engine, RdbssService rdbss) {
    this.engine = engine;
    this.rdbss = rdbss;
    this.collapseSearch = new CollapseSearch(engine, new DormantFobxs(engine));
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
      // Step 5: collapse onto an existing SRV_OPEN, or create a new one on the server. The unclean
      // count is raised meanwhile, so that scavenging dormant FOBXs cannot finalize the FCB.
      SrvOpenOutcome made;
      fcb.addUncleanCount(1);
      try {
        made = collapseOrCreateSrvOpen(ctx, fcb, vNetRoot);
      } finally {
        fcb.addUncleanCount(-1);
      }
      SrvOpenImpl srvOpen = made.srvOpen();
      FobxImpl fobx = made.fobx();
      if (srvOpen == null || fobx == null) {
        engine.dereferenceAndFinalizeFcb(fcb);
        return Result.failed(made.status());
      }
      NtStatus status = made.status();
      // Step 6.
      fcb.shareAccess.add(grant);
      fcb.addOpenCount(1);
      fcb.addUncleanCount(1);
      applyInitialBuffering(fcb, srvOpen, parameters);
      fcb.setState(FcbState.DELAY_CLOSE, false);
      srvOpen.addOpenCount(1);
      fobx.setHoldsOpenCount();
      srvOpen.addUncleanFobxCount(1);
      if (parameters.has(CreateOption.NO_INTERMEDIATE_BUFFERING)) {
        // This handle bypasses every cache: the whole FCB stops caching (§6.4 step 6), after its
        // cached writes reached the server.
        srvOpen.setFlag(SrvOpenFlag.DONTUSE_READ_CACHING, true);
        srvOpen.setFlag(SrvOpenFlag.DONTUSE_WRITE_CACHING, true);
        fcb.setState(FcbState.READCACHING, false);
        fcb.setState(FcbState.WRITECACHING, false);
        flushFailed(fcb, engine.cache.flushThenPurge(fcb, fobx, srvOpen));
      }
      // Changes that waited for the FCB run before it is released (§7.3).
      engine.buffering.processPending(fcb);
      engine.references.dereferenceFcb(fcb); // the lookup's (or creation's) reference
      CreateInformation information =
          made.collapsed() ? CreateInformation.OPENED : createInformation(ctx, create, fcb);
      return new Result(status, fobx, information, grant);
    }
  }

  /**
   * What step 5 produced.
   *
   * @param status the create's status
   * @param srvOpen the SRV_OPEN the handle uses, on success
   * @param fobx the handle's FOBX, on success
   * @param collapsed whether an existing SRV_OPEN was reused (the information is FILE_OPENED)
   */
  private record SrvOpenOutcome(
      NtStatus status, @Nullable SrvOpenImpl srvOpen, @Nullable FobxImpl fobx, boolean collapsed) {
    static SrvOpenOutcome failed(NtStatus status) {
      return new SrvOpenOutcome(status, null, null, false);
    }
  }

  /**
   * §6.4 step 5, {@code RxCollapseOrCreateSrvOpen}: the collapse search ({@link CollapseSearch}) for
   * every disposition; on a hit (only OPEN and OPEN_IF can hit), {@code MRxCollapseOpen} once the
   * SRV_OPEN is stable and Good (its stored {@code OpenStatus} otherwise); on a miss, a new
   * SRV_OPEN and {@code MRxCreate}. The search runs for the other dispositions too because, as in
   * RDBSS, it is where a dormant SRV_OPEN (a delayed close) whose server share mode conflicts with
   * the new open is scavenged, and so closed on the server, before {@code MRxCreate} would meet a
   * sharing violation. FCB held exclusively.
   */
  private SrvOpenOutcome collapseOrCreateSrvOpen(
      RxContextImpl ctx, FcbImpl fcb, VNetRootImpl vNetRoot) {
    CollapseSearch.Outcome search = collapseSearch.search(ctx, fcb, vNetRoot);
    SrvOpenImpl found = search.srvOpen();
    if (found != null) {
      SrvOpenOutcome collapsed = collapse(ctx, found);
      if (collapsed != null) {
        return collapsed;
      }
      // MRxCollapseOpen answered MORE_PROCESSING_REQUIRED: not terminating, open anew ([S]).
    } else if (!search.status().equals(NtStatus.NOT_FOUND)) {
      return SrvOpenOutcome.failed(search.status());
    }
    return createSrvOpen(ctx, fcb, vNetRoot);
  }

  /**
   * The collapsed path: information FILE_OPENED, wait until the SRV_OPEN is stable, then {@code
   * MRxCollapseOpen}, which makes the handle's FOBX with {@code createNetFobx}.
   *
   * @return the outcome, or {@code null} when the mini-redirector answered MORE_PROCESSING_REQUIRED
   */
  private @Nullable SrvOpenOutcome collapse(RxContextImpl ctx, SrvOpenImpl srvOpen) {
    ctx.setRelevantSrvOpen(srvOpen);
    ctx.setInformation(CreateInformation.OPENED.value());
    Condition condition;
    try {
      condition = srvOpen.condition.awaitStable();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return SrvOpenOutcome.failed(NtStatus.CANCELLED);
    }
    if (condition != Condition.GOOD) {
      NtStatus stored = srvOpen.rawOpenStatus();
      return SrvOpenOutcome.failed(stored.isError() ? stored : NtStatus.UNSUCCESSFUL);
    }
    NtStatus status =
        engine.callbacks.call(
            "collapseOpen", srvOpen, () -> engine.device.miniRedirector().collapseOpen(ctx));
    FobxImpl fobx = ctx.rawFobx();
    if (status.equals(NtStatus.SUCCESS)) {
      if (fobx == null || fobx.rawSrvOpen() != srvOpen) {
        throw engine.device.bugChecks()
            .raise(
                BugCheckCode.DRIVER_VERIFIER_DETECTED_VIOLATION,
                "§5.2, §11",
                "MiniRedirector.collapseOpen answered SUCCESS for " + srvOpen + " without a FOBX"
                    + " of that SRV_OPEN: a successful collapse calls"
                    + " rdbss.createNetFobx(ctx, ctx.relevantSrvOpen()) and stores the result with"
                    + " ctx.setFobx(...)");
      }
      engine.traceRuntime("collapsed", srvOpen);
      return new SrvOpenOutcome(status, srvOpen, fobx, true);
    }
    if (fobx != null) {
      engine.references.dereference(fobx, LockHoldingState.EXCLUSIVE);
      ctx.clearFobx();
    }
    if (status.equals(NtStatus.MORE_PROCESSING_REQUIRED)) {
      ctx.setRelevantSrvOpen(null);
      ctx.setInformation(0);
      return null;
    }
    return SrvOpenOutcome.failed(status.isError() ? status : NtStatus.UNSUCCESSFUL);
  }

  /**
   * A new SRV_OPEN (§6.4 step 5): {@code RxCreateSrvOpen}, the access and sharing recorded, {@code
   * MRxCreate}; then the SRV_OPEN and FCB conditions, {@code OpenStatus}, the per-SRV_OPEN share
   * access, and for a delete-on-close open {@code COLLAPSING_ENABLED} cleared. A failure drops the
   * SRV_OPEN and any FOBX. REPARSE is not a success here: the handle is not opened.
   */
  private SrvOpenOutcome createSrvOpen(RxContextImpl ctx, FcbImpl fcb, VNetRootImpl vNetRoot) {
    var parameters = ctx.create().parameters();
    SrvOpenImpl srvOpen = (SrvOpenImpl) rdbss.createSrvOpen(vNetRoot, fcb);
    srvOpen.recordCreate(
        parameters.desiredAccess(), parameters.shareAccess(), parameters.createOptionBits());
    ctx.setRelevantSrvOpen(srvOpen);
    NtStatus status =
        engine.callbacks.call(
            "create", srvOpen, () -> engine.device.miniRedirector().create(ctx));
    srvOpen.setOpenStatus(status);
    FobxImpl fobx = ctx.rawFobx();
    boolean succeeded = status.isSuccess() && !status.equals(NtStatus.REPARSE);
    if (succeeded && fobx == null) {
      throw engine.device.bugChecks()
          .raise(
              BugCheckCode.DRIVER_VERIFIER_DETECTED_VIOLATION,
              "§5.2, §11",
              "MiniRedirector.create answered " + status + " for " + fcb + " without a FOBX:"
                  + " a successful create calls rdbss.createNetFobx(ctx, srvOpen) and stores the"
                  + " result with ctx.setFobx(...)");
    }
    if (!succeeded || fobx == null) {
      srvOpen.condition.transition(Condition.BAD);
      if (fcb.condition.get() != Condition.GOOD) {
        fcb.condition.transition(Condition.BAD);
      }
      if (fobx != null) {
        engine.references.dereference(fobx, LockHoldingState.EXCLUSIVE);
        ctx.clearFobx();
      }
      engine.references.dereference(srvOpen, LockHoldingState.EXCLUSIVE);
      return SrvOpenOutcome.failed(status);
    }
    if (parameters.disposition().overwrites()) {
      fcb.zeroSizes();
    }
    srvOpen.condition.transition(Condition.GOOD);
    fcb.addSrvOpenShareAccess(srvOpen);
    if (parameters.has(CreateOption.DELETE_ON_CLOSE)) {
      fcb.setState(FcbState.COLLAPSING, false);
    }
    fcb.condition.transition(Condition.GOOD);
    // Step 5, "complete key association": indications that raced the open now reach it (§7.3).
    engine.buffering.completeKeyAssociation(srvOpen, true);
    return new SrvOpenOutcome(status, srvOpen, fobx, false);
  }

  /**
   * §6.4 step 6: the SRV_OPEN's initial buffering ({@code RxChangeBufferingState(srvOpen, NULL,
   * FALSE)}) when this is the first unclean handle of the FCB on a fresh SRV_OPEN. An open that asks
   * only for attributes is marked NO_BUFFERING_STATE_CHANGE first ([S] for every plugin, what
   * nfs41 8c035a8 does in its own create): it must neither grant nor take caching (§9 pitfall 13).
   */
  private void applyInitialBuffering(
      FcbImpl fcb, SrvOpenImpl srvOpen, NtCreateParameters parameters) {
    if (AccessMask.isAttributeOnly(parameters.desiredAccess())) {
      srvOpen.setFlag(SrvOpenFlag.NO_BUFFERING_STATE_CHANGE, true);
    }
    if (srvOpen.rawOpenCount() == 0
        && fcb.rawUncleanCount() == 1
        && !srvOpen.hasFlag(SrvOpenFlag.NO_BUFFERING_STATE_CHANGE)) {
      rdbss.changeBufferingState(srvOpen, null, false);
    }
  }

  private void flushFailed(FcbImpl fcb, NtStatus flushed) {
    if (!flushed.isSuccess()) {
      engine.device.tracer().record(TraceEvent.Kind.RUNTIME, engine.device.name(),
          "flushFailed", fcb.ref(), flushed, "cached writes kept");
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

  /**
   * Cleanup bookkeeping of a handle (§6.6): cached times and size pushed and the last handle's
   * zero-extend or truncate (§2.5 order 2), the unclean counts, {@code MRxCleanupFobx}, then the
   * cache: flushed, and purged when no handle is left. A failed flush of this handle's data, or one
   * recorded when the FCB was orphaned (§4.2), is this cleanup's status.
   *
   * <p>Delete-on-close: the FOBX's flag is promoted to the FCB ({@code FCB_STATE_DELETE_ON_CLOSE},
   * which the mini-redirector reads). The last unclean handle of such an FCB also takes the FCB
   * table lock, with the try-then-reacquire idiom since the FCB is held (§3.3), and checks again that
   * it is still the last one; it zeroes the cached sizes and, after {@code MRxCleanupFobx}, removes
   * the FCB's name from the table so that a new open of the name gets a new FCB. The file itself is
   * deleted by the mini-redirector, which sees the FCB state at {@code cleanupFobx} or {@code
   * closeSrvOpen}; RDBSS sends no set-information for it. An orphaned handle takes the short path
   * (§4.2): counters and {@code MRxCleanupFobx} only.
   */
  NtStatus cleanup(FobxImpl fobx) {
    SrvOpenImpl srvOpen = fobx.rawSrvOpen();
    FcbImpl fcb = srvOpen.rawFcb();
    RxResource table = fcb.rawNetRoot().fcbTable.lock;
    boolean tableHeld = false;
    fcb.resource.acquireExclusive();
    try {
      boolean orphaned =
          fcb.hasState(FcbState.ORPHANED) || srvOpen.hasFlag(SrvOpenFlag.ORPHANED);
      if (!orphaned && fobx.hasFlag(FobxFlag.DELETE_ON_CLOSE)) {
        fcb.setState(FcbState.DELETE_ON_CLOSE, true);
      }
      boolean deleting =
          !orphaned && fcb.hasState(FcbState.DELETE_ON_CLOSE) && fcb.rawUncleanCount() == 1;
      if (deleting && fcb.isInTable()) {
        if (!table.tryAcquireExclusive()) {
          fcb.resource.release();
          table.acquireExclusive();
          fcb.resource.acquireExclusive();
        }
        tableHeld = true;
        // The FCB was let go meanwhile: another handle may have opened it.
        deleting = fcb.hasState(FcbState.DELETE_ON_CLOSE) && fcb.rawUncleanCount() == 1;
      }
      if (deleting) {
        fcb.zeroSizes();
      }
      if (!orphaned) {
        engine.buffering.processPending(fcb);
        pushCachedAttributes(fcb, srvOpen, fobx);
      }
      fcb.addUncleanCount(-1);
      srvOpen.addUncleanFobxCount(-1);
      RxContextImpl ctx =
          RxContextImpl.internal(engine.device, MajorFunction.CLEANUP);
      ctx.setFcb(fcb);
      ctx.setFobxInternal(fobx);
      ctx.setRelevantSrvOpen(srvOpen);
      NtStatus status = engine.callbacks.call(
          "cleanupFobx", fobx, () -> engine.device.miniRedirector().cleanupFobx(ctx));
      NtStatus cached = orphaned ? orphanFlushStatus(fcb) : flushAtCleanup(fcb, fobx);
      if (deleting && tableHeld) {
        removeName(fcb);
      }
      return cached.isSuccess() ? status : cached;
    } finally {
      fcb.resource.release();
      if (tableHeld) {
        table.release();
      }
    }
  }

  /**
   * {@code RxRemoveNameNetFcb}: takes the FCB out of its NET_ROOT's FCB table (the FCB table and the
   * FCB held exclusively), so that the name resolves to a new FCB and no later open collapses onto
   * this FCB's SRV_OPENs (§6.6, and renames and deletes through set-information). The FCB lives on
   * until its handles are closed.
   */
  void removeName(FcbImpl fcb) {
    engine.requireExclusive(fcb.rawNetRoot().fcbTable.lock, "removeNameNetFcb", "§6.6");
    engine.requireExclusive(fcb.resource, "removeNameNetFcb", "§6.6");
    if (!fcb.hasState(FcbState.NAME_ALREADY_REMOVED) && fcb.rawNetRoot().fcbTable.remove(fcb)) {
      fcb.setState(FcbState.NAME_ALREADY_REMOVED, true);
      engine.traceRuntime("removeNameNetFcb", fcb);
    }
  }

  /**
   * §6.6 / §2.5 order 2, for a disk file that is not being deleted: what this handle changed only in
   * the cache is pushed with {@code MRxSetFileInfoAtCleanup} (times when file-time caching is on,
   * the end of file when file-size caching is on); the last handle then zero-extends a file whose
   * valid data ends before its size, or truncates one marked TRUNCATE_ON_CLOSE.
   */
  private void pushCachedAttributes(FcbImpl fcb, SrvOpenImpl srvOpen, FobxImpl fobx) {
    boolean deleting = fcb.hasState(FcbState.DELETE_ON_CLOSE)
        || fobx.hasFlag(FobxFlag.DELETE_ON_CLOSE);
    if (fcb.storageType() != StorageType.FILE || deleting) {
      return;
    }
    if (fobx.wroteThroughCache() && fcb.hasState(FcbState.FILETIMECACHEING)) {
      setInfoAtCleanup(fcb, srvOpen, fobx, new FileInformation.Basic(
          fcb.creationTime(), fcb.lastAccessTime(), fcb.lastWriteTime(), fcb.changeTime(),
          fcb.fileAttributes()));
    }
    if (fobx.extendedThroughCache() && fcb.hasState(FcbState.FILESIZECACHEING)) {
      setInfoAtCleanup(fcb, srvOpen, fobx,
          new FileInformation.EndOfFile(fcb.fileSize()));
    }
    if (fcb.rawUncleanCount() != 1) {
      return;
    }
    if (fcb.validDataLength() < fcb.fileSize()) {
      RxContextImpl ctx = cleanupContext(fcb, srvOpen, fobx);
      engine.callbacks.run(
          "zeroExtend", fcb, () -> engine.device.miniRedirector().zeroExtend(ctx));
      fcb.setValidDataLength(fcb.fileSize());
    }
    if (fcb.hasState(FcbState.TRUNCATE_ON_CLOSE)) {
      RxContextImpl ctx = cleanupContext(fcb, srvOpen, fobx);
      engine.callbacks.run("truncate", fcb, () -> engine.device.miniRedirector().truncate(ctx));
      fcb.setState(FcbState.TRUNCATE_ON_CLOSE, false);
    }
  }

  private void setInfoAtCleanup(FcbImpl fcb, SrvOpenImpl srvOpen, FobxImpl fobx,
      FileInformation information) {
    RxContextImpl ctx = cleanupContext(fcb, srvOpen, fobx);
    ctx.setInfo(InformationContextImpl.set(information));
    engine.callbacks.run("setFileInfoAtCleanup", fcb,
        () -> engine.device.miniRedirector().setFileInfoAtCleanup(ctx));
  }

  private RxContextImpl cleanupContext(FcbImpl fcb, SrvOpenImpl srvOpen, FobxImpl fobx) {
    RxContextImpl ctx =
        RxContextImpl.internal(engine.device, MajorFunction.CLEANUP);
    ctx.setFcb(fcb);
    ctx.setFobxInternal(fobx);
    ctx.setRelevantSrvOpen(srvOpen);
    return ctx;
  }

  /** §6.6: flush at every cleanup; purge (after the flush) when no handle is left (§7.2 step 4). */
  private NtStatus flushAtCleanup(FcbImpl fcb, FobxImpl fobx) {
    NtStatus flushed = fcb.rawUncleanCount() == 0
        ? engine.cache.flushThenPurge(fcb, fobx, null)
        : engine.cache.flush(fcb, fobx, null);
    flushFailed(fcb, flushed);
    return flushed;
  }

  /** The orphaned FCB's flush failed when it was orphaned: its handles hear of it here (§4.2). */
  private NtStatus orphanFlushStatus(FcbImpl fcb) {
    NtStatus failure = engine.orphanFlushFailure(fcb);
    return failure == null ? NtStatus.SUCCESS : failure;
  }

  /**
   * Close of a handle (§6.7). When the close may be delayed ({@link #mayDelayClose}), the SRV_OPEN
   * is marked CLOSE_DELAYED and keeps its open count, and the FOBX reference is dropped as if the
   * lock were not held, so the FOBX waits (dormant) for the scavenger, which finishes the close one
   * period later — callback order 4 of §2.5 — unless a new open reuses the server open first.
   * Otherwise the SRV_OPEN is closed on the server when its open count reaches 0, the FOBX
   * reference is dropped under the FCB lock (finalizing it) — order 3. Either way the FCB is then
   * dereferenced-and-finalized.
   */
  void close(FobxImpl fobx) {
    SrvOpenImpl srvOpen = fobx.rawSrvOpen();
    FcbImpl fcb = srvOpen.rawFcb();
    try (LockScope held = fcb.resource.exclusiveScope()) {
      engine.buffering.processPending(fcb);
      engine.references.referenceFcb(fcb);
      fcb.addOpenCount(-1);
      if (mayDelayClose(fcb, srvOpen, fobx)) {
        srvOpen.setFlag(SrvOpenFlag.CLOSE_DELAYED, true);
        fobx.setFlag(FobxFlag.MARKED_AS_DORMANT, true);
        engine.traceRuntime("closeDelayed", srvOpen);
        engine.references.dereference(fobx, LockHoldingState.NOT_HELD);
      } else if (engine.countOf(fobx) == 1
          && engine.device.callbackOrders().alternative(
              CallbackOrders.Point.DEALLOCATE_FOBX_FIRST)) {
        // The other permitted order (§2.5 order 4 within a close, §9 pitfall 7): the FOBX goes
        // first, and its upper phase gives back the open count and closes the server open.
        engine.references.dereference(fobx, LockHoldingState.EXCLUSIVE);
      } else {
        if (fobx.releaseOpenCount()) {
          srvOpen.addOpenCount(-1);
        }
        if (!srvOpen.hasFlag(SrvOpenFlag.CLOSED)) {
          engine.closeAssociatedSrvOpen(srvOpen, fobx);
        }
        engine.references.dereference(fobx, LockHoldingState.EXCLUSIVE);
      }
      engine.dereferenceAndFinalizeFcb(fcb);
    }
    // Outside this FCB: the oldest dormant file may belong to another one (lock order, §3.3).
    engine.scavenger.trimDormantFiles();
  }

  /**
   * §6.7: a close is delayed for a non-directory FCB that is neither delete-on-close nor orphaned,
   * with COLLAPSING in its buffering state (which the mini-redirector grants in the SRV_OPEN's
   * buffering flags), when this handle is the SRV_OPEN's last open and collapsing was not disabled
   * on it, and the SRV_CALL's delayed-close count, once incremented, stays below {@code
   * MaximumNumberOfCloseDelayedFiles} (which counts it if so).
   */
  private boolean mayDelayClose(FcbImpl fcb, SrvOpenImpl srvOpen, FobxImpl fobx) {
    if (fcb.storageType() == StorageType.DIRECTORY
        || fcb.hasState(FcbState.DELETE_ON_CLOSE)
        || fobx.hasFlag(FobxFlag.DELETE_ON_CLOSE)
        || fcb.hasState(FcbState.ORPHANED)
        || srvOpen.hasFlag(SrvOpenFlag.ORPHANED)
        || !fcb.hasState(FcbState.COLLAPSING)
        || srvOpen.rawOpenCount() != 1
        || srvOpen.hasFlag(SrvOpenFlag.COLLAPSING_DISABLED)
        || srvOpen.hasFlag(SrvOpenFlag.CLOSED)
        || srvOpen.condition.get() != Condition.GOOD) {
      return false;
    }
    return fcb.rawNetRoot().rawSrvCall().tryAddCloseDelayed();
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
