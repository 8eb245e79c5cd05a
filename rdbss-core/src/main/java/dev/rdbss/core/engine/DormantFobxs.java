package dev.rdbss.core.engine;

import dev.rdbss.api.NtStatus;
import dev.rdbss.api.spi.LockScope;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The on-demand scavenging RDBSS does on the create and set-information paths (spec §6.8): a FOBX
 * whose last reference was dropped without its FCB lock waits for the scavenger ("dormant"; a
 * delayed close leaves its FOBX so, §6.7). Such FOBXs keep their SRV_OPEN open on the server, which
 * can make the server refuse a new open, a rename or a delete, and can offer a stale SRV_OPEN for
 * collapsing; these helpers finalize them now instead of one scavenger period later.
 *
 * <ul>
 *   <li>{@link #scavengeRelated} is {@code RxScavengeRelatedFobxs(fcb)}: the dormant FOBXs of one
 *       FCB. The caller may hold that FCB (its resource is recursive for the owner).
 *   <li>{@link #scavengeForNetRoot} is {@code RxScavengeFobxsForNetRoot} together with {@code
 *       RxPurgeRelatedFobxs}: every dormant FOBX of a NET_ROOT, each FCB's cache flushed and purged
 *       first. The caller holds no FCB: each FCB is taken in turn.
 *   <li>{@link #purgeRelated} is {@code RxPurgeRelatedFobxs} as a mini-redirector calls it.
 * </ul>
 *
 * <p>Each finishes a FOBX the one way a delayed close is finished ({@link
 * Scavenger#finalizeMarkedFobx}), as do the scavenger's pass and a forced connection deletion
 * ({@link ForcedTeardown}, §4.3 step 3).
 */
final class DormantFobxs {

  private final Engine engine;

  DormantFobxs(Engine engine) {
    this.engine = engine;
  }

  /**
   * {@code RxScavengeRelatedFobxs}: finalizes the dormant FOBXs of {@code fcb}'s SRV_OPENs.
   *
   * @return whether any FOBX was finalized (the collapse search is worth retrying, §6.4 step 5)
   */
  boolean scavengeRelated(FcbImpl fcb) {
    List<FobxImpl> dormant = new ArrayList<>();
    for (SrvOpenImpl srvOpen : fcb.rawSrvOpens()) {
      for (FobxImpl fobx : srvOpen.rawFobxs()) {
        if (isDormant(fobx)) {
          dormant.add(fobx);
        }
      }
    }
    boolean any = finalize(dormant);
    if (any) {
      engine.traceRuntime("scavengeRelatedFobxs", fcb);
    }
    return any;
  }

  /**
   * {@code RxPurgeRelatedFobxs(netRoot, …, ATTEMPT_FINALIZE_ON_PURGE)} then {@code
   * RxScavengeFobxsForNetRoot}: flushes and purges the cache of each FCB of {@code netRoot} that has
   * a dormant FOBX, then finalizes every dormant FOBX of the NET_ROOT. No FCB may be held by the
   * caller (two FCBs are never held at once here).
   *
   * @return whether any FOBX was finalized
   */
  boolean scavengeForNetRoot(NetRootImpl netRoot) {
    List<FobxImpl> dormant = dormantOf(netRoot, null);
    flushThenPurge(dormant);
    boolean any = finalize(dormant);
    engine.traceRuntime(any ? "scavengeFobxsForNetRoot" : "scavengeFobxsForNetRootFoundNone",
        netRoot);
    return any;
  }

  /**
   * {@code RxPurgeRelatedFobxs(netRoot, ctx, attemptFinalization, purgingFcb)} as a mini-redirector
   * calls it (spec §6.8, §7.2 step 4): serialized per NET_ROOT, it takes the dormant FOBXs of the
   * NET_ROOT (with {@code purgingFcb}, only those of that FCB and of the FCBs {@code
   * MRxAreFilesAliased} says are the same file), flushes each of their FCBs' cache and purges it,
   * and, when asked, finalizes the dormant FOBXs whose FCB was purged. A flush that fails leaves its
   * data cached: that FCB counts as not purged, and its FOBXs stay dormant (no acknowledged write is
   * dropped, §7.2). No FCB may be held by the caller.
   *
   * @return SUCCESS when at least one FCB was purged, UNSUCCESSFUL when nothing could be
   */
  NtStatus purgeRelated(
      NetRootImpl netRoot, boolean attemptFinalization, @Nullable FcbImpl purgingFcb) {
    synchronized (netRoot.purgeSerialization) {
      List<FobxImpl> dormant = dormantOf(netRoot, purgingFcb);
      Set<FcbImpl> purged = flushThenPurge(dormant);
      if (attemptFinalization) {
        List<FobxImpl> finalizable = new ArrayList<>();
        for (FobxImpl fobx : dormant) {
          if (purged.contains(fobx.rawSrvOpen().rawFcb())) {
            finalizable.add(fobx);
          }
        }
        finalize(finalizable);
      }
      return purged.isEmpty() ? NtStatus.UNSUCCESSFUL : NtStatus.SUCCESS;
    }
  }

  /**
   * The dormant FOBXs of {@code netRoot}; with {@code purgingFcb}, only those of that FCB and of the
   * FCBs the mini-redirector says are aliases of it ({@code MRxAreFilesAliased}: note its inverted
   * sense, MORE_PROCESSING_REQUIRED means "the same file", §5.2).
   */
  private List<FobxImpl> dormantOf(NetRootImpl netRoot, @Nullable FcbImpl purgingFcb) {
    List<FobxImpl> dormant = new ArrayList<>();
    for (RxNode node : engine.device.liveObjects()) {
      if (node instanceof FobxImpl fobx
          && !fobx.isFreed()
          && fobx.rawSrvOpen().rawFcb().rawNetRoot() == netRoot
          && isDormant(fobx)
          && (purgingFcb == null || related(fobx.rawSrvOpen().rawFcb(), purgingFcb))) {
        dormant.add(fobx);
      }
    }
    return dormant;
  }

  private boolean related(FcbImpl fcb, FcbImpl purgingFcb) {
    if (fcb == purgingFcb) {
      return true;
    }
    NtStatus aliased = engine.callbacks.call("areFilesAliased", fcb,
        () -> engine.device.miniRedirector().areFilesAliased(fcb, purgingFcb));
    return aliased.equals(NtStatus.MORE_PROCESSING_REQUIRED);
  }

  /**
   * Flushes, then purges, the cache of each FCB of {@code dormant}, one FCB at a time (§7.2 step 4:
   * a purge flushes first and never drops a write the user saw succeed).
   *
   * @return the FCBs whose cache is now empty
   */
  private Set<FcbImpl> flushThenPurge(List<FobxImpl> dormant) {
    Set<FcbImpl> fcbs = new LinkedHashSet<>();
    dormant.forEach(fobx -> fcbs.add(fobx.rawSrvOpen().rawFcb()));
    Set<FcbImpl> purged = new LinkedHashSet<>();
    for (FcbImpl fcb : fcbs) {
      if (fcb.isFreed()) {
        continue;
      }
      try (LockScope held = fcb.resource.exclusiveScope()) {
        NtStatus flushed = engine.cache.flushThenPurge(fcb);
        if (flushed.isSuccess()) {
          purged.add(fcb);
        } else {
          engine.recordOrphanFlushFailure(fcb, flushed);
        }
      }
    }
    return purged;
  }

  private boolean isDormant(FobxImpl fobx) {
    synchronized (engine.device.scavengerMutex()) {
      return fobx.isMarkedForScavenge();
    }
  }

  /**
   * Finishes each FOBX that is still dormant when its FCB is taken, the way the scavenger does
   * ({@link Scavenger#finalizeMarkedFobx}): the FOBX gives back the open count it held for its
   * delayed close, the SRV_OPEN is closed on the server when that was its last, and the FCB is
   * dereferenced-and-finalized. An FCB the caller holds (the create's own) is kept by the caller's
   * reference and raised unclean count.
   */
  private boolean finalize(List<FobxImpl> dormant) {
    boolean any = false;
    for (FobxImpl fobx : dormant) {
      if (engine.scavenger.finalizeMarkedFobx(fobx)) {
        any = true;
      }
    }
    return any;
  }

  /**
   * Whether the collapse search may purge {@code fcb}'s cache ({@code RxIsOkToPurgeFcb}, §6.4 step
   * 5): only when none of its SRV_OPENs has a handle open, i.e. what is left are delayed closes. A
   * purge under other users' open handles would throw away the cache they are working with for the
   * sake of a search.
   */
  static boolean isOkToPurge(@Nullable FcbImpl fcb) {
    if (fcb == null) {
      return false;
    }
    for (SrvOpenImpl srvOpen : fcb.rawSrvOpens()) {
      if (srvOpen.rawOpenCount() != 0) {
        return false;
      }
    }
    return true;
  }
}
