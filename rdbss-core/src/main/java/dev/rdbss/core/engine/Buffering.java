package dev.rdbss.core.engine;

import dev.rdbss.api.BugCheckCode;
import dev.rdbss.api.Condition;
import dev.rdbss.api.FcbState;
import dev.rdbss.api.Irql;
import dev.rdbss.api.LockHoldingState;
import dev.rdbss.api.NtStatus;
import dev.rdbss.api.SrvOpenFlag;
import dev.rdbss.api.observe.TraceEvent;
import dev.rdbss.api.spi.LockScope;
import dev.rdbss.api.spi.MajorFunction;
import dev.rdbss.api.spi.WorkQueue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Buffering state and oplocks (spec §7): {@code RxChangeBufferingState} (§7.2) and the processing
 * of the server's indications through each SRV_CALL's {@link BufferingManager} (§7.3).
 *
 * <p>When an indication is processed: the FCB gets {@code BUFFERING_STATE_CHANGE_PENDING} and the
 * change runs the next time someone holds the FCB exclusively on the I/O path (create, read, write,
 * flush, cleanup, close check the flag first, as Windows' release of the FCB does), or on the RDBSS
 * worker, which only <em>tries</em> to take the FCB: the worker must never wait for a lock whose
 * holder may be waiting for the worker (a low I/O completion posted to it). An indication the worker
 * cannot process moves to the last-chance list and is retried one timer tick later.
 */
final class Buffering {

  /** What {@code computeNewBufferingState}'s out value starts as; never a valid answer (§9 pitfall 12). */
  private static final Set<FcbState> SENTINEL =
      Collections.unmodifiableSet(EnumSet.of(FcbState.DELETE_ON_CLOSE, FcbState.ORPHANED));

  /** The timer granularity of §6.8: how soon a last-chance indication is tried again. */
  private static final Duration RETRY = Duration.ofMillis(55);

  /** What no sharers at all grants when the state is not computed (§7.2 step 3). */
  private static final Set<FcbState> NO_SHARERS_GRANT;

  static {
    EnumSet<FcbState> all = EnumSet.copyOf(FcbState.BUFFERING_MASK);
    all.remove(FcbState.COLLAPSING);
    all.remove(FcbState.OPENSHARING);
    NO_SHARERS_GRANT = Collections.unmodifiableSet(all);
  }

  private final Engine engine;

  Buffering(Engine engine) {
    this.engine = engine;
  }

  // ------------------------------------------------------------------ §7.2 the change itself

  /**
   * {@code RxChangeBufferingState(srvOpen, mrxContext, computeNewState)}, steps 1–6 of §7.2. FCB held
   * exclusively by the caller.
   *
   * @return SUCCESS; a failed flush is recorded in the trace ([S] §7.2)
   */
  NtStatus change(SrvOpenImpl srvOpen, @Nullable Object mrxContext, boolean computeNewState) {
    FcbImpl fcb = srvOpen.rawFcb();
    engine.requireExclusive(fcb.resource, "changeBufferingState", "§7.2");
    Set<FcbState> old = bufferingBits(fcb);
    // 1.
    fcb.setState(FcbState.BUFFERSTATE_CHANGING, true);
    Set<FcbState> next;
    try {
      // 2.
      next = computeNewState ? compute(srvOpen, mrxContext) : copy(srvOpen.bufferingFlags());
      // 3.
      if (!computeNewState && fcb.shareAccess.sharesNothing()) {
        next.addAll(NO_SHARERS_GRANT);
      }
      if (fcb.outstandingLockOperationsCount() != 0) {
        next.remove(FcbState.LOCK_BUFFERING);
      }
      if (fcb.hasState(FcbState.DISABLE_LOCAL_BUFFERING)) {
        next.clear();
      }
      // 4. Losing write caching flushes; losing read caching, no handle left or a pending delete
      // purges — after a flush, since a purge never drops a write the user saw succeed.
      NtStatus flushed = NtStatus.SUCCESS;
      if (old.contains(FcbState.WRITECACHING) && !next.contains(FcbState.WRITECACHING)) {
        flushed = engine.cache.flush(fcb, null, srvOpen);
      }
      if ((old.contains(FcbState.READCACHING) && !next.contains(FcbState.READCACHING))
          || fcb.rawUncleanCount() == 0
          || fcb.hasState(FcbState.DELETE_ON_CLOSE)) {
        NtStatus purged = engine.cache.flushThenPurge(fcb, null, srvOpen);
        if (flushed.isSuccess()) {
          flushed = purged;
        }
      }
      if (!flushed.isSuccess()) {
        trace("bufferingChangeFlushFailed", fcb, flushed,
            "cached writes kept; the change proceeds with buffering reduced (§7.2 [S])");
      }
      // 5. Acknowledge the server, or close an open nobody uses any more instead.
      if (computeNewState
          && srvOpen.hasFlag(SrvOpenFlag.BUFFERING_STATE_CHANGE_PENDING)
          && !srvOpen.rawFobxs().isEmpty()) {
        if (srvOpen.hasFlag(SrvOpenFlag.CLOSE_DELAYED)) {
          trace("closeDelayedOpenOnBreak", srvOpen, null,
              "an oplock break on an unused (close-delayed) open closes it instead of acknowledging");
          engine.closeDelayedSrvOpenOnBreak(srvOpen);
        } else {
          RxContextImpl ctx = RxContextImpl.internal(engine.device, MajorFunction.FILE_SYSTEM_CONTROL);
          ctx.setFcb(fcb);
          ctx.setRelevantSrvOpen(srvOpen);
          engine.callbacks.run(
              "completeBufferingStateChangeRequest",
              srvOpen,
              () -> engine.device.miniRedirector()
                  .completeBufferingStateChangeRequest(ctx, srvOpen, mrxContext));
        }
      }
      // 6.
      for (FcbState bit : FcbState.BUFFERING_MASK) {
        fcb.setState(bit, next.contains(bit));
      }
      if (computeNewState && !srvOpen.isFreed()) {
        srvOpen.setBufferingFlags(next);
      }
    } finally {
      fcb.setState(FcbState.BUFFERSTATE_CHANGING, false);
    }
    if (!next.contains(FcbState.FILETIMECACHEING)) {
      fcb.setState(FcbState.TIME_AND_SIZE_ALREADY_SET, false);
    }
    trace("bufferingState", fcb, null, old + " -> " + next);
    return NtStatus.SUCCESS;
  }

  /** §7.2 step 2: ask the mini-redirector; a failure means no buffering at all. */
  private Set<FcbState> compute(SrvOpenImpl srvOpen, @Nullable Object mrxContext) {
    OutParameter<Set<FcbState>> out = new OutParameter<>(SENTINEL);
    NtStatus status =
        engine.callbacks.call(
            "computeNewBufferingState",
            srvOpen,
            () -> engine.device.miniRedirector().computeNewBufferingState(srvOpen, mrxContext, out));
    if (!status.isSuccess()) {
      return EnumSet.noneOf(FcbState.class);
    }
    if (!out.isSet() || out.get() == SENTINEL) {
      throw engine.device.bugChecks()
          .raise(
              BugCheckCode.DRIVER_VERIFIER_DETECTED_VIOLATION,
              "§7.2 step 2, §9 pitfall 12",
              "MiniRedirector.computeNewBufferingState answered " + status + " for " + srvOpen
                  + " without setting newBufferingState: RDBSS pre-filled the out value with a"
                  + " sentinel and found it untouched. Call newBufferingState.set(...) on every"
                  + " path that answers SUCCESS (nfs41 assigned it only in debug builds), or"
                  + " answer a failure status to drop all buffering");
    }
    Set<FcbState> answer = out.get();
    for (FcbState f : answer) {
      if (!f.isBufferingFlag()) {
        throw engine.device.bugChecks()
            .raise(
                BugCheckCode.DRIVER_VERIFIER_DETECTED_VIOLATION,
                "§7.1",
                "MiniRedirector.computeNewBufferingState answered " + f + " for " + srvOpen
                    + ": a buffering state holds only the nine *_ENABLED bits of"
                    + " FcbState.BUFFERING_MASK");
      }
    }
    return copy(answer);
  }

  private static Set<FcbState> bufferingBits(FcbImpl fcb) {
    EnumSet<FcbState> bits = EnumSet.noneOf(FcbState.class);
    for (FcbState bit : FcbState.BUFFERING_MASK) {
      if (fcb.hasState(bit)) {
        bits.add(bit);
      }
    }
    return bits;
  }

  private static Set<FcbState> copy(Set<FcbState> flags) {
    return flags.isEmpty() ? EnumSet.noneOf(FcbState.class) : EnumSet.copyOf(flags);
  }

  // ------------------------------------------------------------------ key association (§6.4)

  /** §6.4 step 5 "start key association", when the SRV_OPEN is created. */
  void startKeyAssociation(SrvOpenImpl srvOpen) {
    managerOf(srvOpen).startKeyAssociation(srvOpen);
  }

  /**
   * §6.4 step 5 "complete key association": for a Good SRV_OPEN with a key, indications that raced
   * the open are now mapped to it (they are processed before the FCB is released, see
   * {@link #processPending}); when no open is outstanding any more, unmatched ones are dropped.
   * Idempotent: the second call for a SRV_OPEN does nothing.
   */
  void completeKeyAssociation(SrvOpenImpl srvOpen, boolean good) {
    BufferingManager.Association done;
    BufferingManager manager = managerOf(srvOpen);
    synchronized (manager) {
      done = manager.completeKeyAssociation(srvOpen, good);
      for (BufferingManager.Request r : done.accepted()) {
        accept(java.util.Objects.requireNonNull(r.srvOpen()));
      }
    }
    for (BufferingManager.Request r : done.accepted()) {
      trace("bufferingIndicationAccepted", srvOpen, null,
          "key " + r.key() + " arrived before the open completed (§7.3)");
    }
    for (BufferingManager.Request r : done.discarded()) {
      trace("bufferingIndicationDiscarded", null, null,
          "key " + r.key() + " matches no open and no open is outstanding (§7.3)");
    }
  }

  /** Mapped to {@code srvOpen}: the request's reference (§2.2) and the pending flags. Monitor held. */
  private void accept(SrvOpenImpl srvOpen) {
    engine.references.reference(srvOpen);
    srvOpen.setFlag(SrvOpenFlag.BUFFERING_STATE_CHANGE_PENDING, true);
    srvOpen.rawFcb().setState(FcbState.BUFFERING_STATE_CHANGE_PENDING, true);
  }

  // ---------------------------------------------------------------- §7.3 indications

  /** {@code RxIndicateChangeOfBufferingState}: by the server's key. Any IRQL up to DISPATCH. */
  void indicateByKey(SrvCallImpl srvCall, Object key, @Nullable Object mrxContext) {
    BufferingManager manager = srvCall.buffering;
    BufferingManager.Queued queued;
    synchronized (manager) {
      List<BufferingManager.Request> mapped = new ArrayList<>();
      queued = manager.queueByKey(key, mrxContext, mapped);
      for (BufferingManager.Request r : mapped) {
        accept(java.util.Objects.requireNonNull(r.srvOpen()));
      }
    }
    switch (queued) {
      case MAPPED -> postProcessing(srvCall);
      case HELD -> trace("bufferingIndicationHeld", srvCall, null,
          "key " + key + " is not associated yet; an open is outstanding (§7.3)");
      case DISCARDED -> trace("bufferingIndicationDiscarded", srvCall, null,
          "key " + key + " matches no open and no open is outstanding (§7.3)");
    }
  }

  /**
   * {@code RxIndicateChangeOfBufferingStateForSrvOpen}: the SRV_OPEN is known. A SRV_OPEN that is
   * closed, being finalized or freed is not an error: the indication is discarded (§9 pitfall 16).
   * Processed at once when the caller holds the FCB exclusively below DISPATCH_LEVEL, else queued.
   */
  void indicateForSrvOpen(
      SrvCallImpl srvCall, SrvOpenImpl srvOpen, Object key, @Nullable Object mrxContext) {
    BufferingManager manager = srvCall.buffering;
    boolean queued = false;
    synchronized (manager) {
      // Checked under the manager's monitor: a close sets CLOSED before it purges the queue under
      // the same monitor, so a request is either refused here or purged there.
      if (!srvOpen.isFreed()
          && !srvOpen.isUpperFinalizationDone()
          && !srvOpen.hasFlag(SrvOpenFlag.CLOSED)
          && srvOpen.rawFcb().rawNetRoot().rawSrvCall() == srvCall) {
        manager.queueForSrvOpen(srvOpen, key, mrxContext);
        accept(srvOpen);
        queued = true;
      }
    }
    if (!queued) {
      trace("bufferingIndicationDiscarded", null, null,
          "the SRV_OPEN #" + srvOpen.serialNumber() + " is closed or finalized (§9 pitfall 16)");
      return;
    }
    FcbImpl fcb = srvOpen.rawFcb();
    boolean passive = engine.device.irqls().current().compareTo(Irql.APC_LEVEL) <= 0;
    // Not inside a change already running, nor during the open's own create: the create applies
    // the initial state first and then what waited (§6.4 step 6).
    if (passive
        && fcb.resource.isHeldExclusively()
        && !fcb.hasState(FcbState.BUFFERSTATE_CHANGING)
        && srvOpen.condition.get() == Condition.GOOD) {
      processPending(fcb);
    } else {
      postProcessing(srvCall);
    }
  }

  /**
   * Runs the indications queued for SRV_OPENs of {@code fcb}, oldest first. FCB held exclusively by
   * the caller; called where Windows would run them, before the FCB is released.
   */
  void processPending(FcbImpl fcb) {
    if (!fcb.hasState(FcbState.BUFFERING_STATE_CHANGE_PENDING)) {
      return;
    }
    engine.requireExclusive(fcb.resource, "processing a buffering change", "§7.3");
    BufferingManager manager = fcb.rawNetRoot().rawSrvCall().buffering;
    BufferingManager.Request r;
    while ((r = manager.takeNextFor(fcb)) != null) {
      SrvOpenImpl srvOpen = java.util.Objects.requireNonNull(r.srvOpen());
      try {
        if (!srvOpen.isUpperFinalizationDone() && !srvOpen.hasFlag(SrvOpenFlag.CLOSED)) {
          change(srvOpen, r.mrxContext(), true);
        }
      } finally {
        if (!manager.hasRequestsFor(srvOpen)) {
          srvOpen.setFlag(SrvOpenFlag.BUFFERING_STATE_CHANGE_PENDING, false);
        }
        // The request's reference (§2.2); the creation reference or a FOBX still holds it.
        engine.references.dereference(srvOpen, LockHoldingState.EXCLUSIVE);
      }
    }
    if (!manager.hasRequestsFor(fcb)) {
      fcb.setState(FcbState.BUFFERING_STATE_CHANGE_PENDING, false);
    }
  }

  private void postProcessing(SrvCallImpl srvCall) {
    try {
      engine.device.worker().post(WorkQueue.CRITICAL, () -> processOnWorker(srvCall));
    } catch (IllegalStateException shutDown) {
      // The runtime is going away; the queued requests go with their SRV_OPENs.
    }
  }

  /** The worker's turn (§7.3): each FCB it can have at once now, the others later. */
  private void processOnWorker(SrvCallImpl srvCall) {
    BufferingManager manager = srvCall.buffering;
    for (FcbImpl fcb : manager.fcbsWithRequests()) {
      Optional<LockScope> held = fcb.resource.tryExclusiveScope();
      if (held.isEmpty()) {
        manager.moveToLastChance(fcb);
        if (manager.armRetry()) {
          engine.device.clock().schedule(RETRY, () -> {
            manager.retryFired();
            postProcessing(srvCall);
          });
        }
        continue;
      }
      try (LockScope scope = held.get()) {
        if (!fcb.isFreed()) {
          processPending(fcb);
        }
      }
    }
  }

  /**
   * At a SRV_OPEN's close (§6.7) or finalization (§2.4): its queued indications are purged and its
   * key association ends. {@code dropReferences} drops each request's reference under the FCB lock;
   * finalization passes false and takes the counts back itself, since it re-checks the count next.
   */
  void purgeRequests(SrvOpenImpl srvOpen, boolean dropReferences) {
    BufferingManager manager = managerOf(srvOpen);
    List<BufferingManager.Request> removed;
    synchronized (manager) {
      removed = manager.purge(srvOpen);
    }
    completeKeyAssociation(srvOpen, false);
    srvOpen.setFlag(SrvOpenFlag.BUFFERING_STATE_CHANGE_PENDING, false);
    if (removed.isEmpty()) {
      return;
    }
    srvOpen.setFlag(SrvOpenFlag.BUFFERING_STATE_CHANGE_REQUESTS_PURGED, true);
    for (int i = 0; i < removed.size(); i++) {
      if (dropReferences) {
        engine.references.dereference(srvOpen, LockHoldingState.EXCLUSIVE);
      } else {
        synchronized (engine.device.scavengerMutex()) {
          srvOpen.addCount(-1);
        }
      }
    }
    FcbImpl fcb = srvOpen.rawFcb();
    if (!manager.hasRequestsFor(fcb)) {
      fcb.setState(FcbState.BUFFERING_STATE_CHANGE_PENDING, false);
    }
  }

  private static BufferingManager managerOf(SrvOpenImpl srvOpen) {
    return srvOpen.rawFcb().rawNetRoot().rawSrvCall().buffering;
  }

  private void trace(String what, @Nullable RxNode node, @Nullable NtStatus status, String detail) {
    engine.device
        .tracer()
        .record(TraceEvent.Kind.RUNTIME, engine.device.name(), what,
            node == null ? null : node.ref(), status, detail);
  }
}
