package dev.rdbss.core.engine;

import dev.rdbss.api.ConnectionFinalizeLevel;
import dev.rdbss.api.FcbState;
import dev.rdbss.api.Irql;
import dev.rdbss.api.LockHoldingState;
import dev.rdbss.api.NtStatus;
import dev.rdbss.api.StorageType;
import dev.rdbss.api.spi.LockScope;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Forced finalization and connection deletion (spec §4): {@code RxForceFinalizeAllVNetRoots}, the
 * routine a client-side-caching mini-redirector calls to close every file of a share, and
 * {@code RxFinalizeConnection}, the user-facing "net use X: /delete".
 */
final class ForcedTeardown {

  private final Engine engine;
  private final DormantFobxs dormantFobxs;

  ForcedTeardown(Engine engine) {
    this.engine = engine;
    this.dormantFobxs = new DormantFobxs(engine);
  }

  /** {@code RxForceFinalizeAllVNetRoots}, exactly as §4.1 steps 1–5. */
  void forceFinalizeAllVNetRoots(NetRootImpl netRoot) {
    // 1. The exclusive netname lock.
    engine.requireNetNameExclusive("forceFinalizeAllVNetRoots", "§4.1");
    engine.device.irqls().requireAtMost(Irql.APC_LEVEL, "forceFinalizeAllVNetRoots", "§4.1");
    // 2. Our own reference for the duration: detaching the last view starts the NET_ROOT's upper
    // finalization, and the caller's reference must not be the only thing keeping it.
    engine.references.reference(netRoot);
    // 3. A snapshot: each finalization unlinks the view being finalized.
    List<VNetRootImpl> views = netRoot.rawVNetRoots();
    // 4. Views without outstanding references are freed at once; the others stay as nameless
    // zombies until their last reference drops.
    for (VNetRootImpl view : views) {
      if (view.isFreed()) {
        continue;
      }
      // An idle view waiting for the scavenger is held by nothing but the scavenger's mark: take
      // the mark back so that it is freed now, as step 4 asks, not one scavenger period later.
      synchronized (engine.device.scavengerMutex()) {
        if (view.isMarkedForScavenge()) {
          engine.scavenger.unmark(view);
        }
      }
      engine.finalization.finalizeVNetRoot(view, false, true);
    }
    // 5. Drop our reference under the lock: this may finalize the NET_ROOT and then the SRV_CALL.
    engine.references.dereference(netRoot, LockHoldingState.EXCLUSIVE);
  }

  /**
   * {@code RxFinalizeConnection} (§4.3, §11). With a {@code null} view, every view of the NET_ROOT
   * in list order; SUCCESS only if each succeeded, else the first failure.
   */
  NtStatus finalizeConnection(
      NetRootImpl netRoot, @Nullable VNetRootImpl vNetRoot, ConnectionFinalizeLevel level) {
    engine.device.irqls().requireAtMost(Irql.APC_LEVEL, "finalizeConnection", "§4.3");
    if (vNetRoot != null) {
      return finalizeOne(netRoot, vNetRoot, level);
    }
    // The view list is guarded by the netname lock, and a view outside it may be freed at any
    // time (a scavenger pass, another thread's exclusive dereference). So the snapshot is taken,
    // and every view of it finalized, under one exclusive hold; finalizeOne re-acquires the lock
    // recursively. Taken without the lock, the snapshot handed finalizeOne views that had been
    // freed meanwhile (found by EngineConcurrencyTest).
    try (LockScope names = engine.device.netNameLock().exclusiveScope()) {
      NtStatus first = NtStatus.SUCCESS;
      for (VNetRootImpl view : netRoot.rawVNetRoots()) {
        NtStatus status = finalizeOne(netRoot, view, level);
        if (first.isSuccess() && !status.isSuccess()) {
          first = status;
        }
      }
      return first;
    }
  }

  private NtStatus finalizeOne(
      NetRootImpl netRoot, VNetRootImpl vNetRoot, ConnectionFinalizeLevel level) {
    boolean force = level.forcesFilesClosed();
    // 1. The view's pending change notifications (RxCancelNotifyChangeDirectoryRequestsFor
    // VNetRoot(view, Level)). At FALSE none is cancelled and FILES_OPEN is the answer at once.
    // [R] hands Level itself to the cancel routine as its "force" flag, and 0xFF is non-zero: at
    // TRUE and at 0xFF they complete with CANCELLED and the routine goes on.
    if (engine.notifications.pendingFor(vNetRoot) > 0) {
      if (level == ConnectionFinalizeLevel.NO_FORCE) {
        return NtStatus.FILES_OPEN;
      }
      engine.notifications.cancelFor(vNetRoot);
    }
    // 2. The netname lock, a reference on the NET_ROOT, the FCB table lock.
    try (LockScope names = engine.device.netNameLock().exclusiveScope()) {
      // The caller holds a reference on the view, or (null view) took it from the NET_ROOT's list
      // under this lock: a freed view here is a use after free, never silently "finalized".
      vNetRoot.alive();
      engine.references.reference(netRoot);
      try {
        int uncleanFiles = 0;
        boolean connectionInUse = false;
        try (LockScope table = netRoot.fcbTable.lock.exclusiveScope()) {
          // 3. The FCBs created through this view.
          if (!vNetRoot.isConnectionFinalizationDone()) {
            for (FcbImpl fcb : netRoot.fcbTable.snapshot()) {
              if (fcb.isFreed() || fcb.rawVNetRoot() != vNetRoot) {
                continue;
              }
              if (fcb.rawUncleanCount() > 0 && !force) {
                connectionInUse = true;
                if (fcb.storageType() != StorageType.DIRECTORY) {
                  uncleanFiles++;
                }
                continue;
              }
              try (LockScope held = fcb.resource.exclusiveScope()) {
                fcb.setState(FcbState.COLLAPSING, false);
                // §4.3 step 3: dormant FOBXs (delayed closes) finish the scavenger's way (§6.8).
                dormantFobxs.scavengeRelated(fcb);
                if (!fcb.isFreed()) {
                  engine.purgeFcb(fcb);
                }
              }
            }
            if (vNetRoot.rawNumberOfFobxs() == 0) {
              vNetRoot.setConnectionFinalizationDone();
            }
          }
        }
        // 4. Forced: the view's upper finalization (orphaning its opens, §4.2). Read as internal
        // (§4.1, §9 pitfall 19), RDBSS cancels the connection with RxForceFinalizeAllVNetRoots,
        // which finalizes every view of the share.
        int fobxs = vNetRoot.rawNumberOfFobxs();
        boolean extraReference = vNetRoot.additionalReferenceForDeleteFsctlTaken() > 0;
        if (force && !vNetRoot.isFreed()) {
          if (engine.device.options().forceFinalizeAllVNetRootsUse()
              == EngineOptions.ForceFinalizeAllVNetRootsUse.INTERNAL) {
            engine.traceRuntime("forceFinalizeAllVNetRoots", netRoot);
            forceFinalizeAllVNetRoots(netRoot);
          } else {
            engine.finalization.finalizeVNetRoot(vNetRoot, false, true);
          }
        }
        // 5. The result.
        NtStatus status;
        if (force) {
          status = uncleanFiles > 0 ? NtStatus.FILES_OPEN : NtStatus.SUCCESS;
        } else {
          status = (connectionInUse || fobxs > 0) ? NtStatus.FILES_OPEN : NtStatus.SUCCESS;
        }
        // 6. The tree-connect's extra reference: dropped on success, and always for 0xFF.
        if ((level.dropsConnectionReference() || status.isSuccess())
            && extraReference
            && !vNetRoot.isFreed()) {
          vNetRoot.setAdditionalReferenceForDeleteFsctlTaken(0);
          engine.references.dereference(vNetRoot, LockHoldingState.EXCLUSIVE);
        }
        return status;
      } finally {
        // 7. Release in reverse order; the NET_ROOT's reference under the lock.
        engine.references.dereference(netRoot, LockHoldingState.EXCLUSIVE);
      }
    }
  }
}
