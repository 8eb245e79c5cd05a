package dev.rdbss.core.engine;

import dev.rdbss.api.BugCheckCode;
import dev.rdbss.api.Condition;
import dev.rdbss.api.FcbState;
import dev.rdbss.api.FobxFlag;
import dev.rdbss.api.Irql;
import dev.rdbss.api.LockHoldingState;
import dev.rdbss.api.NetRootFlag;
import dev.rdbss.api.SrvCallFlag;
import dev.rdbss.api.SrvOpenFlag;
import dev.rdbss.api.spi.LockScope;
import dev.rdbss.api.spi.WorkQueue;
import dev.rdbss.core.netname.PrefixEntry;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Two-phase finalization of every object type (spec §2.4, §11).
 *
 * <p>Each routine has an <em>upper</em> phase (detach from parents, tables and children; notify the
 * mini-redirector) guarded by a once-only flag, and a <em>free</em> phase that runs only when the
 * count is at the floor. {@code force} skips only the precondition that the count be at the floor
 * before the upper phase; memory that is still referenced is never freed.
 */
final class Finalization {

  private final Engine engine;
  private final Device device;

  Finalization(Engine engine) {
    this.engine = engine;
    this.device = engine.device;
  }

  // ------------------------------------------------------------------------------ SRV_CALL

  /** {@code RxFinalizeSrvCall} (§2.4). Netname lock exclusive. */
  boolean finalizeSrvCall(SrvCallImpl srvCall, boolean force) {
    engine.requireNetNameExclusive("finalizeSrvCall", "§2.4");
    device.irqls().requireAtMost(Irql.APC_LEVEL, "finalizeSrvCall", "§2.4");
    srvCall.alive();
    if (count(srvCall) != 1 && !force) {
      return false;
    }
    if (!srvCall.isUpperFinalizationDone()) {
      removePrefix(srvCall.prefixEntry());
      srvCall.setPrefixEntry(null);
      if (force) {
        srvCall.setFlag(SrvCallFlag.FORCE_FINALIZED, true);
      }
      srvCall.setUpperFinalizationDone();
      boolean forceFlag = srvCall.hasFlag(SrvCallFlag.FORCE_FINALIZED);
      if (device.options().srvCallFinalizationPosting().posts(device.worker().isWorkerThread())) {
        // [S] §2.4: MRxFinalizeSrvCall always runs on the RDBSS system thread, so it is posted from
        // any other thread (the other reading, §9 pitfall 19, posts it from the worker instead). An
        // extra reference keeps the SRV_CALL until the worker has called the plugin, then the
        // worker drops it under the lock, which re-runs this routine and frees the object.
        boolean atFloor = count(srvCall) == 1;
        engine.references.reference(srvCall);
        device
            .worker()
            .post(
                WorkQueue.DELAYED,
                () -> {
                  engine.callbacks.run(
                      "finalizeSrvCall",
                      srvCall,
                      () -> device.miniRedirector().finalizeSrvCall(srvCall, forceFlag));
                  try (LockScope exclusive = device.netNameLock().exclusiveScope()) {
                    engine.references.dereference(srvCall, LockHoldingState.EXCLUSIVE);
                  }
                });
        return atFloor;
      }
      engine.callbacks.run(
          "finalizeSrvCall",
          srvCall,
          () -> device.miniRedirector().finalizeSrvCall(srvCall, forceFlag));
    }
    if (count(srvCall) != 1) {
      return false;
    }
    if (srvCall.rawContext() != null || srvCall.rawContext2() != null) {
      throw device.bugChecks()
          .raise(
              BugCheckCode.RDBSS_FILE_SYSTEM,
              "§1.2",
              "SRV_CALL "
                  + srvCall.rawName()
                  + " is being freed with its context slots still set: the mini-redirector must"
                  + " clear srvCall.setContext(null) and setContext2(null) in finalizeSrvCall (spec"
                  + " §9 pitfall 6)",
              srvCall.serialNumber());
    }
    srvCall.setDomainName(null);
    srvCall.buffering.tearDown();
    free(srvCall);
    return true;
  }

  // ------------------------------------------------------------------------------ NET_ROOT

  /** {@code RxFinalizeNetRoot} (§2.4). Netname lock exclusive. */
  boolean finalizeNetRoot(NetRootImpl netRoot, boolean recursive, boolean force) {
    engine.requireNetNameExclusive("finalizeNetRoot", "§2.4");
    device.irqls().requireAtMost(Irql.APC_LEVEL, "finalizeNetRoot", "§2.4");
    netRoot.alive();
    if (netRoot.hasFlag(NetRootFlag.FINALIZATION_IN_PROGRESS)) {
      return false;
    }
    netRoot.setPrivateFlag(NetRootFlag.FINALIZATION_IN_PROGRESS, true);
    boolean freed = false;
    try {
      if (recursive) {
        purgeFcbTable(netRoot);
      }
      if (count(netRoot) != 1) {
        return false; // even when forced (§2.4)
      }
      if (!netRoot.fcbTable.isEmpty()) {
        throw device.bugChecks()
            .raise(
                BugCheckCode.RDBSS_FILE_SYSTEM,
                "§2.4",
                "NET_ROOT " + netRoot.rawName() + " reached its floor with FCBs in its table");
      }
      if (!netRoot.hasFlag(NetRootFlag.NAME_ALREADY_REMOVED)) {
        removePrefix(netRoot.prefixEntry());
        netRoot.setPrefixEntry(null);
        netRoot.setPrivateFlag(NetRootFlag.NAME_ALREADY_REMOVED, true);
      }
      SrvCallImpl srvCall = netRoot.rawSrvCall();
      free(netRoot);
      freed = true;
      engine.references.dereference(srvCall, LockHoldingState.EXCLUSIVE);
      return true;
    } finally {
      if (!freed) {
        // [S] §2.4: ReactOS never clears the flag, so a NET_ROOT refused once could never be
        // finalized again; clear it.
        netRoot.setPrivateFlag(NetRootFlag.FINALIZATION_IN_PROGRESS, false);
      }
    }
  }

  /**
   * Purges the NET_ROOT's FCBs (§2.4 recursive NET_ROOT finalization): by default, as [R], those of
   * its FCB table, which are the non-orphaned ones; read as [D] (§9 pitfall 19), the orphaned ones,
   * which have left the table (§4.2).
   */
  private void purgeFcbTable(NetRootImpl netRoot) {
    try (LockScope table = netRoot.fcbTable.lock.exclusiveScope()) {
      List<FcbImpl> fcbs =
          device.options().recursiveNetRootPurge() == EngineOptions.RecursiveNetRootPurge.ORPHANED
              ? orphanedFcbsOf(netRoot)
              : netRoot.fcbTable.snapshot();
      for (FcbImpl fcb : fcbs) {
        if (fcb.isFreed()) {
          continue;
        }
        try (LockScope held = fcb.resource.exclusiveScope()) {
          engine.purgeFcb(fcb);
        }
      }
    }
  }

  private List<FcbImpl> orphanedFcbsOf(NetRootImpl netRoot) {
    List<FcbImpl> out = new ArrayList<>();
    for (RxNode node : device.liveObjects()) {
      if (node instanceof FcbImpl fcb && fcb.rawNetRoot() == netRoot
          && fcb.hasState(FcbState.ORPHANED) && !fcb.isFreed()) {
        out.add(fcb);
      }
    }
    return out;
  }

  // ---------------------------------------------------------------------------- V_NET_ROOT

  /** {@code RxFinalizeVNetRoot} (§2.4). Netname lock exclusive. */
  boolean finalizeVNetRoot(VNetRootImpl vNetRoot, boolean recursive, boolean force) {
    engine.requireNetNameExclusive("finalizeVNetRoot", "§2.4");
    device.irqls().requireAtMost(Irql.APC_LEVEL, "finalizeVNetRoot", "§2.4");
    vNetRoot.alive();
    if (count(vNetRoot) != 1 && !force) {
      return false;
    }
    NetRootImpl netRoot = vNetRoot.rawNetRoot();
    if (!vNetRoot.isUpperFinalizationDone()) {
      engine.references.reference(netRoot);
      engine.orphaning.orphanSrvOpensOf(vNetRoot);
      boolean last = netRoot.detach(vNetRoot);
      boolean netRootAfterView =
          last
              && count(vNetRoot) == 1
              && device.callbackOrders().alternative(CallbackOrders.Point.NET_ROOT_AFTER_VIEW);
      if (last) {
        // The last view left: the share's name goes, and the plugin hears of it now, possibly
        // before finalizeVNetRoot of the same view (§2.5 order 5, §9 pitfall 7).
        if (!netRoot.hasFlag(NetRootFlag.NAME_ALREADY_REMOVED)) {
          removePrefix(netRoot.prefixEntry());
          netRoot.setPrefixEntry(null);
          netRoot.setPrivateFlag(NetRootFlag.NAME_ALREADY_REMOVED, true);
        }
        netRoot.setUpperFinalizationDone();
        if (!netRootAfterView) {
          callFinalizeNetRoot(netRoot);
        }
      }
      engine.references.dereference(netRoot, LockHoldingState.EXCLUSIVE);
      removePrefix(vNetRoot.prefixEntry());
      vNetRoot.setPrefixEntry(null);
      vNetRoot.setUpperFinalizationDone();
      if (netRootAfterView) {
        // The other permitted order (§9 pitfall 7): the view's own callback first.
        engine.callbacks.run(
            "finalizeVNetRoot",
            vNetRoot,
            () -> device.miniRedirector().finalizeVNetRoot(vNetRoot, false));
        callFinalizeNetRoot(netRoot);
        free(vNetRoot);
        engine.references.dereference(netRoot, LockHoldingState.EXCLUSIVE);
        return true;
      }
    }
    if (count(vNetRoot) != 1) {
      return false; // a nameless zombie until its last reference drops (§4.1 step 4)
    }
    engine.callbacks.run(
        "finalizeVNetRoot",
        vNetRoot,
        () -> device.miniRedirector().finalizeVNetRoot(vNetRoot, false));
    free(vNetRoot);
    engine.references.dereference(netRoot, LockHoldingState.EXCLUSIVE);
    return true;
  }

  private void callFinalizeNetRoot(NetRootImpl netRoot) {
    engine.callbacks.run(
        "finalizeNetRoot", netRoot, () -> device.miniRedirector().finalizeNetRoot(netRoot, false));
  }

  // ----------------------------------------------------------------------------------- FCB

  /** {@code RxFinalizeNetFcb} (§2.4, §11). FCB exclusive, and the FCB table exclusive. */
  boolean finalizeNetFcb(FcbImpl fcb, boolean recursive, boolean force, int referenceCount) {
    device.irqls().requireAtMost(Irql.APC_LEVEL, "finalizeNetFcb", "§2.4");
    fcb.alive();
    engine.requireExclusive(fcb.resource, "finalizeNetFcb", "§2.4");
    if (fcb.isInTable()) {
      engine.requireExclusive(fcb.rawNetRoot().fcbTable.lock, "finalizeNetFcb", "§2.4");
    }
    if (force) {
      throw device.bugChecks()
          .raise(
              BugCheckCode.RDBSS_FILE_SYSTEM,
              "§2.4",
              "finalizeNetFcb must be called with force = false (RDBSS asserts it)");
    }
    if (recursive) {
      for (SrvOpenImpl srvOpen : fcb.rawSrvOpens()) {
        finalizeSrvOpen(srvOpen, true, false);
      }
    } else if (fcb.rawOpenCount() != 0 || fcb.rawUncleanCount() != 0) {
      return false;
    }
    if (count(fcb) > Math.max(1, referenceCount)) {
      return false;
    }
    if (!fcb.isUpperFinalizationDone()) {
      if (!fcb.hasState(FcbState.ORPHANED) && !fcb.hasState(FcbState.NAME_ALREADY_REMOVED)) {
        fcb.rawNetRoot().fcbTable.remove(fcb);
        fcb.setState(FcbState.NAME_ALREADY_REMOVED, true);
      }
      fcb.setUpperFinalizationDone();
    }
    // [S] (noted in the issue): the FCB table's reference is the floor, as for every
    // table-resident object (§2.1); the free phase consumes it.
    if (count(fcb) != 1) {
      return false;
    }
    engine.callbacks.call(
        "deallocateForFcb", fcb, () -> device.miniRedirector().deallocateForFcb(fcb));
    fcb.rawNetRoot().addFcbs(-1);
    RxNode parent = fcb.referencedParent();
    fcb.rawVNetRoot().members.remove(fcb);
    free(fcb);
    // Without the netname lock: the view (or, read as [D], the NET_ROOT) is marked for the
    // scavenger rather than finalized, which is what caches idle connections (§2.4, §6.8 "Idle
    // connections").
    engine.references.dereference(parent, LockHoldingState.NOT_HELD);
    return true;
  }

  // ------------------------------------------------------------------------------ SRV_OPEN

  /** {@code RxFinalizeSrvOpen} (§2.4). FCB exclusive. */
  boolean finalizeSrvOpen(SrvOpenImpl srvOpen, boolean recursive, boolean force) {
    device.irqls().requireAtMost(Irql.APC_LEVEL, "finalizeSrvOpen", "§2.4");
    srvOpen.alive();
    FcbImpl fcb = srvOpen.rawFcb();
    engine.requireExclusive(fcb.resource, "finalizeSrvOpen", "§2.4");
    if (recursive) {
      for (FobxImpl fobx : srvOpen.rawFobxs()) {
        finalizeNetFobx(fobx, true, force);
      }
    }
    if (count(srvOpen) != 0 && !force) {
      return false;
    }
    boolean closedOrNotGood =
        srvOpen.condition.get() != Condition.GOOD || srvOpen.hasFlag(SrvOpenFlag.CLOSED);
    if (!srvOpen.isUpperFinalizationDone() && (closedOrNotGood || count(srvOpen) == 0)) {
      upperFinalizeSrvOpen(srvOpen);
    }
    if (count(srvOpen) != 0) {
      return false;
    }
    fcb.unlinkSrvOpen(srvOpen);
    if (srvOpen.embeddedInFcb) {
      fcb.setState(FcbState.SRVOPEN_USED, false);
    }
    free(srvOpen);
    engine.references.dereferenceFcb(fcb);
    return true;
  }

  private void upperFinalizeSrvOpen(SrvOpenImpl srvOpen) {
    FcbImpl fcb = srvOpen.rawFcb();
    if (!fcb.hasState(FcbState.ORPHANED)) {
      // Called for every finalized SRV_OPEN that is closed or failed, not only forced ones (§2.4).
      engine.callbacks.call(
          "forceClosed", srvOpen, () -> device.miniRedirector().forceClosed(srvOpen));
    }
    fcb.unlinkSrvOpen(srvOpen);
    fcb.removeSrvOpenShareAccess(srvOpen); // one that was never closed (forced, §2.4)
    fcb.rawNetRoot().addSrvOpens(-1);
    VNetRootImpl vNetRoot = srvOpen.rawVNetRoot();
    if (vNetRoot != null) {
      vNetRoot.members.remove(srvOpen);
    }
    srvOpen.clearVNetRoot();
    srvOpen.setUpperFinalizationDone();
    // Its queued buffering changes go, and a key association a failed create left open ends
    // (§7.3). Their references are taken back without finalizing: the caller re-checks the count.
    engine.buffering.purgeRequests(srvOpen, false);
    if (vNetRoot != null) {
      engine.references.dereference(vNetRoot, LockHoldingState.NOT_HELD);
    }
  }

  // ---------------------------------------------------------------------------------- FOBX

  /** {@code RxFinalizeNetFobx} (§2.4). FCB exclusive. */
  boolean finalizeNetFobx(FobxImpl fobx, boolean recursive, boolean force) {
    device.irqls().requireAtMost(Irql.APC_LEVEL, "finalizeNetFobx", "§2.4");
    fobx.alive();
    SrvOpenImpl srvOpen = fobx.rawSrvOpen();
    FcbImpl fcb = srvOpen.rawFcb();
    engine.requireExclusive(fcb.resource, "finalizeNetFobx", "§2.4");
    if (count(fobx) != 0 && !force) {
      return false;
    }
    if (!fobx.isUpperFinalizationDone()) {
      srvOpen.unlinkFobx(fobx);
      fobx.setUpperFinalizationDone();
      engine.callbacks.call(
          "deallocateForFobx", fobx, () -> device.miniRedirector().deallocateForFobx(fobx));
      // A handle whose close was delayed still counts in its SRV_OPEN's OpenCount: it gives it back
      // now, so that the SRV_OPEN is closed on the server (§6.7, §2.5 order 4).
      if (fobx.releaseOpenCount()) {
        srvOpen.addOpenCount(-1);
      }
      if (!srvOpen.hasFlag(SrvOpenFlag.CLOSED)) {
        engine.closeAssociatedSrvOpen(srvOpen, fobx);
      }
    }
    if (count(fobx) != 0) {
      return false;
    }
    switch (fobx.slot) {
      case FCB -> fcb.setState(FcbState.FOBX_USED, false);
      case SRV_OPEN -> srvOpen.setFlag(SrvOpenFlag.FOBX_USED, false);
      case NONE -> { }
    }
    fobx.vNetRoot.addFobxs(-1);
    fobx.setFlag(FobxFlag.MARKED_AS_DORMANT, false);
    free(fobx);
    engine.references.dereference(srvOpen, LockHoldingState.EXCLUSIVE);
    return true;
  }

  // ---------------------------------------------------------------------------------- shared

  private int count(RxNode node) {
    synchronized (device.scavengerMutex()) {
      return node.count();
    }
  }

  private void removePrefix(@Nullable PrefixEntry<RxNode> entry) {
    if (entry != null && entry.isInTable()) {
      engine.removePrefix(entry);
    }
  }

  /** The free phase proper: the object is gone; every later use is a use-after-free bugcheck. */
  private void free(RxNode node) {
    synchronized (device.scavengerMutex()) {
      if (node.isMarkedForScavenge()) {
        engine.scavenger.unmark(node);
      }
      node.addCount(-node.count());
    }
    node.markFreed();
    device.untrack(node);
    engine.traceRuntime("free", node);
  }
}
