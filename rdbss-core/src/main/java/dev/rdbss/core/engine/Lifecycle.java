package dev.rdbss.core.engine;

import dev.rdbss.api.MiniRdrState;
import dev.rdbss.api.NtStatus;
import dev.rdbss.api.observe.TraceEvent;
import dev.rdbss.api.spi.LockScope;
import dev.rdbss.api.spi.MajorFunction;
import dev.rdbss.api.spi.Out;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * The registration lifecycle of a device (spec §5.1): STARTABLE → STARTED → STOP_IN_PROGRESS →
 * STARTABLE, the dispatch gate each state imposes, and {@code RxStartMinirdr} / {@code
 * RxStopMinirdr} with their posting rule: outside the RDBSS worker they answer PENDING with
 * post-to-FSP set, and the request is re-run on the worker.
 */
final class Lifecycle {

  private final Engine engine;
  private volatile MiniRdrState state = MiniRdrState.STARTABLE;
  private final Set<RxContextImpl> inFlight = Collections.newSetFromMap(new IdentityHashMap<>());

  Lifecycle(Engine engine) {
    this.engine = engine;
  }

  MiniRdrState state() {
    return state;
  }

  /**
   * The gate of §5.1 steps 3 and 5 for a request of {@code function}: while STARTABLE only requests
   * on the device itself pass; while stopping only cleanup and close.
   */
  NtStatus admit(MajorFunction function, boolean onDevice) {
    switch (state) {
      case STARTED:
        return NtStatus.SUCCESS;
      case STARTABLE:
        return onDevice ? NtStatus.SUCCESS : NtStatus.REDIRECTOR_NOT_STARTED;
      default:
        return function == MajorFunction.CLEANUP || function == MajorFunction.CLOSE || onDevice
            ? NtStatus.SUCCESS
            : NtStatus.REDIRECTOR_NOT_STARTED;
    }
  }

  /** {@code RxStartMinirdr} (§5.1 step 4). */
  NtStatus start(RxContextImpl ctx, Out<Boolean> postToFsp) {
    if (!engine.device.worker().isWorkerThread()) {
      postToFsp.set(true);
      return NtStatus.PENDING;
    }
    postToFsp.set(false);
    try (LockScope global = engine.device.globalResource().exclusiveScope();
        LockScope names = engine.device.netNameLock().exclusiveScope()) {
      if (state == MiniRdrState.STARTED) {
        return NtStatus.REDIRECTOR_STARTED;
      }
      if (state == MiniRdrState.STOP_IN_PROGRESS) {
        return NtStatus.REDIRECTOR_NOT_STARTED;
      }
      NtStatus status =
          engine.callbacks.call("start", null, () -> engine.device.miniRedirector().start(ctx));
      // An unimplemented start has nothing to initialize (§5.2: a NULL entry is NOT_IMPLEMENTED).
      if (status.isSuccess() || status.equals(NtStatus.NOT_IMPLEMENTED)) {
        state = MiniRdrState.STARTED;
        trace("started", NtStatus.SUCCESS);
        return NtStatus.SUCCESS;
      }
      trace("startFailed", status);
      return status;
    }
  }

  /**
   * {@code RxStopMinirdr} (§5.1 step 5): STOP_IN_PROGRESS, cancel what is in flight and wait for it
   * (at most {@link EngineOptions#stopTimeout()}), {@code MRxStop}, then STARTABLE again; answers
   * REDIRECTOR_HAS_OPEN_HANDLES when FCBs remain. Stopping a device that is not started answers
   * REDIRECTOR_NOT_STARTED (Windows' REDIRECTOR_STOPPED has no published value).
   */
  NtStatus stop(RxContextImpl ctx, Out<Boolean> postToFsp) {
    if (!engine.device.worker().isWorkerThread()) {
      postToFsp.set(true);
      return NtStatus.PENDING;
    }
    postToFsp.set(false);
    try (LockScope global = engine.device.globalResource().exclusiveScope()) {
      if (state != MiniRdrState.STARTED) {
        return NtStatus.REDIRECTOR_NOT_STARTED;
      }
      state = MiniRdrState.STOP_IN_PROGRESS;
      trace("stopping", null);
      for (RxContextImpl request : inFlightNow()) {
        if (request != ctx) {
          request.cancel();
        }
      }
      // Pending change notifications are requests too, parked until something changes.
      engine.notifications.cancelEverything();
      awaitDrained(ctx);
      engine.callbacks.call("stop", null, () -> engine.device.miniRedirector().stop(ctx));
      boolean fcbsRemain =
          engine.device.liveObjects().stream().anyMatch(n -> n instanceof FcbImpl);
      state = MiniRdrState.STARTABLE;
      NtStatus result = fcbsRemain ? NtStatus.REDIRECTOR_HAS_OPEN_HANDLES : NtStatus.SUCCESS;
      trace("stopped", result);
      return result;
    }
  }

  /** Counts a request as in flight until {@link #leave}; stop cancels and waits for these. */
  synchronized void enter(RxContextImpl ctx) {
    inFlight.add(ctx);
  }

  synchronized void leave(RxContextImpl ctx) {
    inFlight.remove(ctx);
    notifyAll();
  }

  private synchronized List<RxContextImpl> inFlightNow() {
    return List.copyOf(inFlight);
  }

  /**
   * Waits until only {@code self} is in flight. A bounded wait in real time: stop is a host
   * request, and a plugin that ignores cancellation must not hang it.
   */
  private synchronized void awaitDrained(RxContextImpl self) {
    long deadline = System.nanoTime() + engine.device.options().stopTimeout().toNanos();
    while (inFlight.stream().anyMatch(c -> c != self)) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        trace("stopTimedOut", null);
        return;
      }
      try {
        wait(left / 1_000_000 + 1);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private void trace(String what, @org.jspecify.annotations.Nullable NtStatus status) {
    engine.device.tracer().record(TraceEvent.Kind.RUNTIME, engine.device.name(), what, null, status,
        "state " + state);
  }
}
