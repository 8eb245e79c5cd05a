package dev.rdbss.core.engine;

import dev.rdbss.api.FcbState;
import dev.rdbss.api.NtStatus;
import dev.rdbss.api.SrvOpenFlag;
import dev.rdbss.api.spi.LockScope;

/**
 * What forced V_NET_ROOT finalization does to open files (spec §4.2, [S]): for each FCB of the
 * NET_ROOT, every SRV_OPEN of the view is marked orphaned; dirty cached data of the FCB is flushed to
 * the mini-redirector before the cache is purged (a write the user saw succeed is never dropped);
 * an FCB left with no usable SRV_OPEN is orphaned too and leaves the FCB table, so the name resolves
 * to a new FCB. {@code MRxCloseSrvOpen} is not called for orphaned opens; cleanup and close of their
 * handles still arrive later.
 */
final class Orphaning {

  private final Engine engine;

  Orphaning(Engine engine) {
    this.engine = engine;
  }

  /**
   * Orphans the SRV_OPENs of {@code vNetRoot} across the FCBs of its NET_ROOT (§2.4, §4.2).
   *
   * <p>Of the NET_ROOT's FCBs, in the table or not (an FCB a delete removed from the table may still
   * hold opens of the view), only those the view's index names are visited: the others hold no
   * SRV_OPEN of the view and were not created through it, so {@link #orphan} would do nothing to
   * them. Visiting them anyway cost views × FCBs for a whole share ({@link ViewMembers}).
   */
  void orphanSrvOpensOf(VNetRootImpl vNetRoot) {
    NetRootImpl netRoot = vNetRoot.rawNetRoot();
    try (LockScope table = netRoot.fcbTable.lock.exclusiveScope()) {
      for (FcbImpl fcb : vNetRoot.members.fcbsToVisit(vNetRoot)) {
        try (LockScope held = fcb.resource.exclusiveScope()) {
          orphan(fcb, vNetRoot);
        }
      }
    }
  }

  private void orphan(FcbImpl fcb, VNetRootImpl vNetRoot) {
    boolean orphanedAny = false;
    boolean usableLeft = false;
    for (SrvOpenImpl srvOpen : fcb.rawSrvOpens()) {
      if (srvOpen.rawVNetRoot() == vNetRoot && !srvOpen.hasFlag(SrvOpenFlag.ORPHANED)) {
        srvOpen.setFlag(SrvOpenFlag.ORPHANED, true);
        orphanedAny = true;
      } else if (!srvOpen.hasFlag(SrvOpenFlag.ORPHANED)) {
        usableLeft = true;
      }
    }
    if (orphanedAny) {
      NtStatus flushed = engine.cache.flushThenPurge(fcb);
      if (!flushed.isSuccess()) {
        engine.recordOrphanFlushFailure(fcb, flushed);
      }
      if (!usableLeft && !fcb.hasState(FcbState.ORPHANED)) {
        fcb.setState(FcbState.ORPHANED, true);
        fcb.rawNetRoot().fcbTable.remove(fcb);
      }
      engine.traceRuntime("orphanFcb", fcb);
    } else if (fcb.rawVNetRoot() == vNetRoot
        && fcb.rawSrvOpens().isEmpty()
        && fcb.rawOpenCount() == 0
        && fcb.rawUncleanCount() == 0
        && fcb.isInTable()) {
      // An FCB created through this view with nothing open holds the view only by its creation
      // reference: finalize it now, so that a view without open files is freed at once (§4.1 step
      // 4) rather than kept by an idle FCB.
      engine.finalization.finalizeNetFcb(fcb, false, false, 1);
    }
  }
}
