package dev.rdbss.minirdr.csc;

import dev.rdbss.api.LockHoldingState;
import dev.rdbss.api.NtStatus;
import dev.rdbss.api.object.NetRoot;
import dev.rdbss.api.spi.LockScope;
import dev.rdbss.api.spi.Rdbss;
import dev.rdbss.api.spi.WorkQueue;
import dev.rdbss.minirdr.smb.client.SmbClient;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Online/offline transitions of a cached share (issue 7 point 2, spec §4.1, §4.2): the pattern
 * {@code RxForceFinalizeAllVNetRoots} exists for.
 *
 * <p>Every transition runs on the RDBSS worker and does the same three steps: take the netname
 * table lock exclusively; look the share's NET_ROOT up (the lookup references it) and call {@code
 * forceFinalizeAllVNetRoots} on it, then give the reference back with the lock still held; release
 * the lock. RDBSS orphans every SRV_OPEN of every view of the share (their requests now answer
 * UNEXPECTED_NETWORK_ERROR, cleanup and close still work, §4.2), removes the names, and the next
 * open builds a fresh NET_ROOT and V_NET_ROOT, which {@link CscMiniRedirector#createVNetRoot}
 * builds in the share's new mode. The new mode is set before the lock is released, so no open can
 * slip in between in the old one.
 *
 * <p>Why the worker: a transport error is seen inside an I/O call, which RDBSS runs with the file's
 * FCB held; the netname lock comes before FCBs in the lock order (ARCHITECTURE.md §3.3), so taking
 * it there would be a lock-order violation (and a deadlock with a thread that holds the netname
 * lock and waits for that FCB to orphan it). {@link #postOffline} hands the transition to the
 * worker instead; the I/O call answers and releases its FCB.
 *
 * <p>Transitions run only on the RDBSS worker, a single thread, so two never overlap (the
 * worker's queue orders them) and none needs a lock of its own besides RDBSS's.
 *
 * <p>Going online also replays the journal (issue 7 point 3), in two passes: the bulk first,
 * outside the lock, while the share is still offline; then, under the lock and after the offline
 * handles were closed, whatever they wrote meanwhile, so that no online open sees the server
 * before the cache's changes are on it. If the server vanishes during either pass the share stays
 * (or turns) offline and the probe keeps looking.
 */
final class Transitions {

  private static final System.Logger LOG = System.getLogger(Transitions.class.getName());

  /** The statuses with which the transport says the server cannot be reached (now). */
  private static final Set<NtStatus> UNREACHABLE =
      Set.of(
          NtStatus.CONNECTION_DISCONNECTED,
          NtStatus.CONNECTION_RESET,
          NtStatus.CONNECTION_REFUSED,
          NtStatus.NETWORK_NAME_DELETED,
          NtStatus.IO_TIMEOUT,
          NtStatus.BAD_NETWORK_PATH,
          NtStatus.HOST_UNREACHABLE,
          NtStatus.NETWORK_UNREACHABLE);

  private final Rdbss rdbss;
  private final SmbClient client;
  private final Synchronizer synchronizer;
  private final Duration probeInterval;

  Transitions(Rdbss rdbss, SmbClient client, Synchronizer synchronizer, Duration probeInterval) {
    this.rdbss = rdbss;
    this.client = client;
    this.synchronizer = synchronizer;
    this.probeInterval = probeInterval;
  }

  /** Whether {@code status} says the server is unreachable (a reason to go offline). */
  static boolean isUnreachable(NtStatus status) {
    return UNREACHABLE.contains(status);
  }

  /** The result of going online: a status and, on success, what the sync did. */
  record Outcome(NtStatus status, SyncReport report) {}

  /**
   * Posts an offline transition to the RDBSS worker (a transition detected inside an I/O call,
   * whose thread holds an FCB). Several I/O calls failing at once post several; all but the first
   * find the share already offline and do nothing.
   */
  void postOffline(ShareState share, ModeCause cause) {
    if (share.mode() == ShareMode.OFFLINE) {
      return;
    }
    NtStatus posted = rdbss.postToWorker(WorkQueue.CRITICAL, () -> goOffline(share, cause));
    if (!posted.isSuccess()) {
      LOG.log(System.Logger.Level.DEBUG, "runtime stopping: {0} stays {1}", share.unc(), share.mode());
    }
  }

  /**
   * Takes the share offline now (on the worker, or on any thread that holds no RDBSS lock). An
   * unreachable server arms the probe; a requested offline does not (the user brings it back).
   */
  void goOffline(ShareState share, ModeCause cause) {
    if (share.mode() == ShareMode.OFFLINE) {
      if (cause == ModeCause.REQUESTED) {
        share.setMode(ShareMode.OFFLINE, cause); // the user's word outranks the probe
        share.cancelProbe();
      }
      return;
    }
    switchMode(share, ShareMode.OFFLINE, cause);
    if (cause == ModeCause.UNREACHABLE) {
      armProbe(share);
    }
  }

  /**
   * Brings the share online if its server answers: sync outside the lock, then the transition and
   * the last sync pass under it.
   *
   * @return SUCCESS with the merged sync report, or the status that kept the share offline
   */
  Outcome goOnline(ShareState share, ModeCause cause) {
    {
      NtStatus reached = CscMiniRedirector.await(
          client.probe(share.server()).handle((s, e) -> s != null ? s : NtStatus.UNEXPECTED_NETWORK_ERROR));
      if (!reached.isSuccess()) {
        return stayOffline(share, reached);
      }
      if (share.mode() == ShareMode.ONLINE) {
        Synchronizer.Result only = synchronizer.sync(share);
        return new Outcome(only.status(), only.report());
      }
      Synchronizer.Result first = synchronizer.sync(share);
      if (!first.status().isSuccess()) {
        return stayOffline(share, first.status());
      }
      Synchronizer.Result last;
      try (LockScope exclusive = rdbss.netNameTable().acquireExclusive()) {
        share.setMode(ShareMode.ONLINE, cause);
        share.cancelProbe();
        forceFinalize(share);
        last = synchronizer.sync(share);
        if (!last.status().isSuccess()) {
          // Gone again during the last pass: no online view exists yet, so no second finalization.
          share.setMode(ShareMode.OFFLINE, ModeCause.UNREACHABLE);
        }
      }
      if (!last.status().isSuccess()) {
        armProbe(share);
        return new Outcome(last.status(), first.report());
      }
      return new Outcome(NtStatus.SUCCESS, merge(first.report(), last.report()));
    }
  }

  private Outcome stayOffline(ShareState share, NtStatus why) {
    if (share.mode() == ShareMode.OFFLINE && share.cause() != ModeCause.REQUESTED) {
      armProbe(share);
    }
    return new Outcome(why, new SyncReport(share.unc(), 0, 0, List.of(), 0));
  }

  /** Changes the mode under the netname lock and closes every handle of the share (§4.1). */
  private void switchMode(ShareState share, ShareMode mode, ModeCause cause) {
    try (LockScope exclusive = rdbss.netNameTable().acquireExclusive()) {
      share.setMode(mode, cause);
      forceFinalize(share);
    }
    LOG.log(System.Logger.Level.INFO, "{0} is now {1} ({2})", share.unc(), mode, cause);
  }

  /**
   * The CSC pattern of spec §4.1: with the netname lock held exclusively, a referenced NET_ROOT
   * from a lookup, {@code forceFinalizeAllVNetRoots}, and the reference given back while the lock
   * is still held (which may finalize the NET_ROOT at once). No NET_ROOT: nothing is open.
   */
  private void forceFinalize(ShareState share) {
    Optional<NetRoot> netRoot = rdbss.netNameTable().lookupNetRoot(share.netRootName());
    if (netRoot.isEmpty()) {
      return;
    }
    NetRoot n = netRoot.get();
    try {
      rdbss.forceFinalizeAllVNetRoots(n);
    } finally {
      rdbss.dereference(n, LockHoldingState.EXCLUSIVE);
    }
  }

  /**
   * Arms the probe (once): after {@code probeInterval} on the runtime's clock the worker asks the
   * server whether it answers, and brings the share online if so, else arms it again.
   */
  void armProbe(ShareState share) {
    share.armProbe(() -> rdbss.clock().schedule(probeInterval, () -> {
      share.probe(null);
      // A timer task must not block (RdbssClock): the probe itself runs on the worker.
      rdbss.postToWorker(WorkQueue.DELAYED, () -> probe(share));
    }));
  }

  private void probe(ShareState share) {
    if (share.mode() != ShareMode.OFFLINE || share.cause() == ModeCause.REQUESTED) {
      return;
    }
    Outcome outcome = goOnline(share, ModeCause.PROBE);
    LOG.log(System.Logger.Level.DEBUG, "probe of {0}: {1}", share.unc(), outcome.status());
  }

  private static SyncReport merge(SyncReport a, SyncReport b) {
    List<SyncReport.SyncConflict> conflicts = new java.util.ArrayList<>(a.conflicts());
    conflicts.addAll(b.conflicts());
    return new SyncReport(a.share(), a.applied() + b.applied(),
        a.alreadyApplied() + b.alreadyApplied(), conflicts, b.remaining());
  }
}
