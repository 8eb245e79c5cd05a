package dev.rdbss.core.engine;

import dev.rdbss.api.BugCheckCode;
import dev.rdbss.api.FcbState;
import dev.rdbss.api.LockHoldingState;
import dev.rdbss.api.NtStatus;
import dev.rdbss.api.SrvOpenFlag;
import dev.rdbss.api.observe.TraceEvent;
import dev.rdbss.api.spi.LockScope;
import dev.rdbss.api.spi.MajorFunction;
import dev.rdbss.core.kernel.RxResource;
import dev.rdbss.core.netname.ListCorruptionException;
import dev.rdbss.core.netname.PrefixEntry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The engine of one device: the parts of RDBSS that own object lifetimes, wired together.
 * {@link RdbssService} is the face plugins see; the parts here are what it and the I/O path call.
 */
final class Engine {

  final Device device;
  final Callbacks callbacks;
  final References references;
  final Finalization finalization;
  final Orphaning orphaning;
  final Scavenger scavenger;
  final ForcedTeardown teardown;
  final Lifecycle lifecycle;
  final LowIo lowIo;
  final ChangeNotifications notifications;
  final PageCache cache;
  final Buffering buffering;
  private final Map<Long, NtStatus> orphanFlushFailures = new ConcurrentHashMap<>();

  Engine(Device device) {
    this.device = device;
    this.callbacks = new Callbacks(device);
    this.references = new References(this);
    this.finalization = new Finalization(this);
    this.orphaning = new Orphaning(this);
    this.scavenger = new Scavenger(this, device.descriptor().scavengerTimeout());
    this.teardown = new ForcedTeardown(this);
    this.lifecycle = new Lifecycle(this);
    this.lowIo = new LowIo(this);
    this.notifications = new ChangeNotifications(this);
    this.cache = new PageCache(this);
    this.buffering = new Buffering(this);
  }

  // ------------------------------------------------------------------------ lock preconditions

  void requireNetNameExclusive(String routine, String section) {
    if (!device.netNameLock().isHeldExclusively()) {
      throw device.bugChecks()
          .raise(
              BugCheckCode.RDBSS_FILE_SYSTEM,
              section,
              routine
                  + " requires the netname table lock held exclusively by the caller: wrap the call"
                  + " in try (var exclusive = rdbss.netNameTable().acquireExclusive()) { … }");
    }
  }

  void requireExclusive(RxResource resource, String routine, String section) {
    if (!resource.isHeldExclusively()) {
      throw device.bugChecks()
          .raise(
              BugCheckCode.RDBSS_FILE_SYSTEM,
              section,
              routine + " requires the " + resource.describe() + " lock held exclusively by the caller");
    }
  }

  /** Removes a prefix entry; a double removal is list corruption (§9 pitfall 10). */
  void removePrefix(PrefixEntry<RxNode> entry) {
    try {
      device.prefixTable().remove(entry);
    } catch (ListCorruptionException e) {
      throw device.bugChecks()
          .raise(
              BugCheckCode.KERNEL_SECURITY_CHECK_FAILURE,
              "§9 pitfall 10",
              "netname table corruption: " + e.getMessage());
    }
  }

  // -------------------------------------------------------------------- FCB purge and close

  /**
   * {@code RxPurgeFcb}: flush and purge the FCB's cache, then dereference-and-finalize it with a
   * reference taken for the purpose (§2.4 recursive NET_ROOT finalization). FCB held exclusively;
   * the caller holds the FCB table lock too.
   */
  void purgeFcb(FcbImpl fcb) {
    references.referenceFcb(fcb);
    NtStatus flushed = cache.flushThenPurge(fcb);
    if (!flushed.isSuccess()) {
      recordOrphanFlushFailure(fcb, flushed);
    }
    references.dereferenceFcb(fcb);
    finalization.finalizeNetFcb(fcb, false, false, 1);
  }

  /**
   * {@code RxDereferenceAndFinalizeNetFcb} (§2.3): drop a reference and finalize the FCB if nothing
   * keeps it. FCB held exclusively; takes the FCB table lock with the try-then-reacquire idiom
   * (§3.3), since waiting for it while holding the FCB would break the lock order.
   *
   * @return whether the FCB was freed
   */
  boolean dereferenceAndFinalizeFcb(FcbImpl fcb) {
    requireExclusive(fcb.resource, "dereferenceAndFinalizeNetFcb", "§2.3");
    references.dereferenceFcb(fcb);
    if (fcb.rawOpenCount() != 0 || fcb.rawUncleanCount() != 0 || countOf(fcb) > 1) {
      return false;
    }
    if (fcb.hasState(FcbState.ORPHANED) || !fcb.isInTable()) {
      return finalization.finalizeNetFcb(fcb, false, false, 1);
    }
    RxResource table = fcb.rawNetRoot().fcbTable.lock;
    references.reference(fcb.rawNetRoot());
    try {
      if (!table.tryAcquireExclusive()) {
        fcb.resource.release();
        table.acquireExclusive();
        fcb.resource.acquireExclusive();
      }
      try {
        return fcb.isFreed() || finalization.finalizeNetFcb(fcb, false, false, 1);
      } finally {
        table.release();
      }
    } finally {
      references.dereference(fcb.rawNetRoot(), LockHoldingState.NOT_HELD);
    }
  }

  /**
   * {@code RxCloseAssociatedSrvOpen} (§6.7): when the SRV_OPEN's open count has reached 0, close it
   * on the server (not for orphaned opens, §4.2), mark it CLOSED, remove its per-SRV_OPEN share
   * access, invalidate its key, end its delayed-close accounting, purge its queued buffering changes
   * and drop its creation reference.
   * FCB held exclusively.
   */
  void closeAssociatedSrvOpen(SrvOpenImpl srvOpen, @Nullable FobxImpl fobx) {
    if (srvOpen.rawOpenCount() == 0) {
      closeSrvOpenNow(srvOpen, fobx);
    }
  }

  /**
   * §7.2 step 5: an oplock break on a close-delayed SRV_OPEN closes it instead of acknowledging.
   * Its open count is that of its dormant handles only (a new handle would have cleared
   * CLOSE_DELAYED), which give it back when the scavenger finishes them. FCB held exclusively.
   */
  void closeDelayedSrvOpenOnBreak(SrvOpenImpl srvOpen) {
    if (srvOpen.hasFlag(SrvOpenFlag.CLOSE_DELAYED)) {
      closeSrvOpenNow(srvOpen, null);
    }
  }

  private void closeSrvOpenNow(SrvOpenImpl srvOpen, @Nullable FobxImpl fobx) {
    if (srvOpen.hasFlag(SrvOpenFlag.CLOSED)) {
      return;
    }
    FcbImpl fcb = srvOpen.rawFcb();
    boolean orphaned =
        srvOpen.hasFlag(SrvOpenFlag.ORPHANED) || fcb.hasState(FcbState.ORPHANED);
    if (!orphaned && srvOpen.condition.get() == dev.rdbss.api.Condition.GOOD) {
      RxContextImpl ctx = RxContextImpl.internal(device, MajorFunction.CLOSE);
      ctx.setFcb(fcb);
      ctx.setRelevantSrvOpen(srvOpen);
      if (fobx != null) {
        ctx.setFobxInternal(fobx);
      }
      callbacks.call("closeSrvOpen", srvOpen, () -> device.miniRedirector().closeSrvOpen(ctx));
    }
    srvOpen.setFlag(SrvOpenFlag.CLOSED, true);
    fcb.removeSrvOpenShareAccess(srvOpen);
    if (srvOpen.hasFlag(SrvOpenFlag.CLOSE_DELAYED)) {
      srvOpen.setFlag(SrvOpenFlag.CLOSE_DELAYED, false);
      fcb.rawNetRoot().rawSrvCall().addCloseDelayed(-1);
    }
    // CLOSED first, then the purge under the buffering manager's monitor: an indication racing
    // the close is either refused (it sees CLOSED) or purged here (§7.3).
    buffering.purgeRequests(srvOpen, true);
    srvOpen.invalidateKey();
    references.dereference(srvOpen, LockHoldingState.EXCLUSIVE);
  }

  // ---------------------------------------------------------------------------- observation

  void recordOrphanFlushFailure(FcbImpl fcb, NtStatus status) {
    orphanFlushFailures.put(fcb.serialNumber(), status);
    device
        .tracer()
        .record(
            TraceEvent.Kind.RUNTIME,
            device.name(),
            "flushFailed",
            fcb.ref(),
            status,
            "dirty data kept; reported at the handle's cleanup");
  }

  /** The flush failure recorded for an FCB during orphaning, if any (reported at cleanup, §4.2). */
  @Nullable NtStatus orphanFlushFailure(FcbImpl fcb) {
    return orphanFlushFailures.get(fcb.serialNumber());
  }

  void traceRuntime(String what, @Nullable RxNode node) {
    if (!device.tracer().isEnabled()) {
      return; // not even the object's reference (forced finalization records one per file)
    }
    device
        .tracer()
        .record(TraceEvent.Kind.RUNTIME, device.name(), what, node == null ? null : node.ref(), null, "");
  }

  int countOf(RxNode node) {
    synchronized (device.scavengerMutex()) {
      return node.count();
    }
  }
}
