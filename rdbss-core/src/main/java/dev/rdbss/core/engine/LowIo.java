package dev.rdbss.core.engine;

import dev.rdbss.api.BugCheckCode;
import dev.rdbss.api.NtStatus;
import dev.rdbss.api.observe.TraceEvent;
import dev.rdbss.api.spi.LowIoOperation;
import dev.rdbss.api.spi.LowIoParameters;
import dev.rdbss.api.spi.RdbssClock;
import dev.rdbss.core.kernel.LockOwner;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import java.util.concurrent.CompletableFuture;

/**
 * {@code RxLowIoSubmit} and {@code RxLowIoCompletion} (spec §5.2 "Low I/O"): the FCB is acquired
 * for the request's owner token ({@code ResourceThreadId}), the operation is handed to the
 * mini-redirector, and either it answers synchronously (RDBSS releases the FCB) or it answers
 * PENDING and later calls {@code lowIoCompletion} exactly once, from any thread, which releases the
 * FCB on the owner's behalf and wakes the synchronous caller.
 *
 * <p>Asynchronous callers ({@link #submitAsync}) do not wait; the one RDBSS has is the directory
 * change notification, which may stay pending for as long as nothing changes, so it holds the FCB
 * only while the mini-redirector's entry runs (see {@link #startAsync}).
 *
 * <p>CLEAROUT ({@link #clearOut}) is the simulator's reading of an operation no public source
 * shows RDBSS sending (rdbss-core/README.md, "LOWIO_OP_CLEAROUT"): at a handle's cleanup, when low
 * I/O of that handle is still pending at the mini-redirector, RDBSS asks it to clear those requests
 * out. Requests of a synchronous caller are therefore listed on their FOBX ({@link
 * FobxImpl#hasPendingLowIo}) from their submission until they complete.
 */
final class LowIo {

  private final Engine engine;

  LowIo(Engine engine) {
    this.engine = engine;
  }

  /**
   * Runs one low I/O operation for a synchronous caller.
   *
   * @param exclusive whether the operation needs the FCB exclusively (writes, locks) or shared
   * @return the status; the information is in {@code ctx.information()}
   */
  NtStatus submit(
      RxContextImpl ctx, FcbImpl fcb, LowIoOperation op, LowIoParameters params, boolean exclusive) {
    LockOwner owner = LockOwner.forContext(ctx.id(), ctx);
    if (exclusive) {
      fcb.resource.acquireExclusive(owner);
    } else {
      fcb.resource.acquireShared(owner);
    }
    return run(ctx, fcb, op, params, owner, () -> fcb.resource.release(owner));
  }

  /**
   * Runs one low I/O operation for a caller that already holds the FCB (paging I/O of the page
   * cache, spec §7): nothing is acquired or released here, since the caller's hold covers the
   * request until it completes. The owner the mini-redirector sees is the calling thread.
   */
  NtStatus submitWithFcbHeld(
      RxContextImpl ctx, FcbImpl fcb, LowIoOperation op, LowIoParameters params) {
    engine.requireExclusive(fcb.resource, "paging I/O", "§5.2");
    return run(ctx, fcb, op, params, LockOwner.currentThread(), () -> {});
  }

  private NtStatus run(RxContextImpl ctx, FcbImpl fcb, LowIoOperation op, LowIoParameters params,
      LockOwner owner, Runnable releaseFcb) {
    ctx.setLowIo(new LowIoContextImpl(op, params, owner.token()));
    ctx.setFcb(fcb);
    PendingLowIo pending = new PendingLowIo(releaseFcb);
    ctx.setPendingLowIo(pending);
    // Listed on the handle from submission to completion, so that its cleanup can clear it out.
    FobxImpl fobx = op == LowIoOperation.CLEAROUT ? null : ctx.rawFobx();
    if (fobx != null) {
      fobx.addPendingLowIo(pending);
    }
    try {
      return submitAndAwait(ctx, fcb, op, pending);
    } finally {
      if (fobx != null) {
        fobx.removePendingLowIo(pending);
      }
    }
  }

  /** {@code MRxLowIOSubmit[op]} through the callback guard, on the FCB's behalf. */
  private NtStatus submit(LowIoOperation op, RxContextImpl ctx, FcbImpl fcb) {
    return engine.callbacks.call(
        ENTRY_NAMES[op.ordinal()], fcb, () -> engine.device.miniRedirector().lowIoSubmit(op, ctx));
  }

  // The traced entry names, "lowIoSubmit[READ]" and so on, made once rather than per request.
  private static final String[] ENTRY_NAMES = entryNames();

  private static String[] entryNames() {
    LowIoOperation[] ops = LowIoOperation.values();
    String[] names = new String[ops.length];
    for (LowIoOperation op : ops) {
      names[op.ordinal()] = "lowIoSubmit[" + op + "]";
    }
    return names;
  }

  private NtStatus submitAndAwait(
      RxContextImpl ctx, FcbImpl fcb, LowIoOperation op, PendingLowIo pending) {
    NtStatus status;
    try {
      status = submit(op, ctx, fcb);
    } catch (RuntimeException | Error e) {
      // Releases the FCB: a crashed plugin must not leave it held.
      pending.end(NtStatus.UNSUCCESSFUL, false, () -> {});
      throw e;
    }
    if (!status.equals(NtStatus.PENDING)) {
      if (pending.complete(status) != PendingLowIo.Completion.FIRST) {
        // The plugin completed through lowIoCompletion and also answered synchronously.
        throw doubleCompletion(ctx, op);
      }
      ctx.setIoStatus(status);
      return status;
    }
    return awaitCompletion(ctx, op.toString(), pending);
  }

  /**
   * {@code LOWIO_OP_CLEAROUT}, the simulator's reading ([S], rdbss-core/README.md): at the cleanup
   * of a handle whose low I/O the mini-redirector still holds (submitted, not completed),
   * RDBSS asks the mini-redirector to clear those requests out, that is to complete them now (with
   * CANCELLED, typically) through {@code lowIoCompletion}. This is the part of {@code IRP_MJ_CLEANUP}'s
   * duty (complete the handle's queued requests) that RDBSS cannot do alone: change notifications
   * it ends itself (§6.6), but reads, writes, locks and controls in flight are the
   * mini-redirector's. RDBSS holds no lock for it, since the requests it clears out may hold the
   * FCB. Answered like any low I/O, synchronously or PENDING then {@code lowIoCompletion}; its
   * status is not the cleanup's. A mini-redirector without the entry (NOT_IMPLEMENTED) lets the
   * requests finish on their own, and the cleanup then waits for the FCB as before.
   *
   * @return null when the handle has no request pending at the mini-redirector (nothing is sent)
   */
  @Nullable NtStatus clearOut(RxContextImpl ctx, FcbImpl fcb, FobxImpl fobx) {
    if (!fobx.hasPendingLowIo()) {
      return null;
    }
    return run(ctx, fcb, LowIoOperation.CLEAROUT, new LowIoParameters.None(),
        LockOwner.forContext(ctx.id(), ctx.toString()), () -> {});
  }

  /**
   * Waits for the mini-redirector to complete a request it answered PENDING, at most {@link
   * EngineOptions#ioTimeout()} on the runtime's clock (then IO_TIMEOUT; never a hang).
   */
  NtStatus awaitCompletion(RxContextImpl ctx, String what, PendingLowIo pending) {
    RdbssClock.Timer timer =
        engine.device.clock().schedule(engine.device.options().ioTimeout(), () -> {
          boolean timedOut = pending.end(NtStatus.IO_TIMEOUT, true, () -> {
            ctx.setIoStatus(NtStatus.IO_TIMEOUT);
            ctx.setInformation(0);
          });
          if (timedOut) {
            engine.device.tracer().record(TraceEvent.Kind.RUNTIME, engine.device.name(),
                "lowIoTimedOut", null, NtStatus.IO_TIMEOUT,
                what + " answered PENDING and did not complete within "
                    + engine.device.options().ioTimeout());
          }
        });
    try {
      pending.await();
    } catch (InterruptedException e) {
      // The caller went away (§9 pitfall 4): the request stays pending and completes harmlessly.
      Thread.currentThread().interrupt();
      return NtStatus.CANCELLED;
    } finally {
      timer.cancel();
    }
    return pending.isTimedOut() ? NtStatus.IO_TIMEOUT : ctx.ioStatus();
  }

  /**
   * Runs one low I/O operation for an asynchronous caller: {@link #prepareAsync} then {@link
   * #startAsync}.
   */
  CompletableFuture<NtStatus> submitAsync(
      RxContextImpl ctx, FcbImpl fcb, LowIoOperation op, LowIoParameters params) {
    CompletableFuture<NtStatus> result = prepareAsync(ctx, fcb, op, params);
    startAsync(ctx, fcb);
    return result;
  }

  /**
   * Readies an asynchronous request without handing it to the mini-redirector yet, so that the
   * caller can list it where cleanup and connection deletion find it ({@link #cancel}) before the
   * mini-redirector sees it: a cancellation can then never miss it.
   *
   * @return completes with the final status: the mini-redirector's (synchronous answer or {@code
   *     lowIoCompletion}) or the one RDBSS ended the request with
   */
  CompletableFuture<NtStatus> prepareAsync(
      RxContextImpl ctx, FcbImpl fcb, LowIoOperation op, LowIoParameters params) {
    LockOwner owner = LockOwner.forContext(ctx.id(), ctx);
    ctx.setLowIo(new LowIoContextImpl(op, params, owner.token()));
    ctx.setFcb(fcb);
    CompletableFuture<NtStatus> result = new CompletableFuture<>();
    // Nothing to release at the end: startAsync holds the FCB only while the entry runs.
    ctx.setPendingLowIo(new PendingLowIo(() -> {}, result::complete));
    return result;
  }

  /**
   * Hands a prepared asynchronous request to the mini-redirector, unless it was cancelled already.
   * The FCB is held shared, for the request's owner, only while the entry runs: a notification is
   * queued by the mini-redirector and may wait for days, and Windows does not keep the directory's
   * FCB acquired meanwhile (the request sits in RDBSS's list of active contexts, where cleanup and
   * connection deletion find it, not under the FCB). The completion therefore releases nothing.
   */
  void startAsync(RxContextImpl ctx, FcbImpl fcb) {
    PendingLowIo pending = Objects.requireNonNull(ctx.pendingLowIo(), "prepareAsync first");
    if (pending.isEnded()) {
      return; // cancelled before it reached the mini-redirector
    }
    LowIoOperation op = ctx.lowIo().operation();
    LockOwner owner = LockOwner.forContext(ctx.id(), ctx);
    fcb.resource.acquireShared(owner);
    NtStatus status;
    try {
      status = submit(op, ctx, fcb);
    } finally {
      fcb.resource.release(owner);
    }
    if (!status.equals(NtStatus.PENDING)) {
      ctx.setIoStatus(status);
      if (pending.complete(status) == PendingLowIo.Completion.DUPLICATE) {
        throw doubleCompletion(ctx, op);
      }
    }
  }

  /**
   * Ends a pending asynchronous request on RDBSS's behalf ({@code RxCancelNotifyChangeDirectory
   * Requests…}): the caller sees {@code status}, then the mini-redirector's cancel routine runs, so
   * that it can drop the request; its completion, if it still sends one, is ignored.
   *
   * @return false when the request was over already
   */
  boolean cancel(RxContextImpl ctx, NtStatus status) {
    PendingLowIo pending = ctx.pendingLowIo();
    if (pending == null || !pending.end(status, false, () -> ctx.setIoStatus(status))) {
      return false;
    }
    engine.callbacks.run("cancelRoutine", ctx.rawFobx(), ctx::cancel);
    return true;
  }

  /** {@code RxLowIoCompletion}: exactly once per PENDING request. */
  NtStatus complete(RxContextImpl ctx) {
    PendingLowIo pending = ctx.pendingLowIo();
    if (pending == null) {
      throw engine.device.bugChecks()
          .raise(BugCheckCode.DRIVER_VERIFIER_DETECTED_VIOLATION, "§5.2",
              "lowIoCompletion(" + ctx + ") for a request that is not low I/O");
    }
    switch (pending.complete(ctx.ioStatus())) {
      case FIRST:
        return NtStatus.SUCCESS;
      case LATE:
        engine.device.tracer().record(TraceEvent.Kind.RUNTIME, engine.device.name(),
            "lateLowIoCompletionIgnored", null, null,
            ctx + " completed after RDBSS ended it (timeout or cancellation)");
        return NtStatus.SUCCESS;
      default:
        throw doubleCompletion(ctx, ctx.lowIo().operation());
    }
  }

  private dev.rdbss.api.BugCheckError doubleCompletion(RxContextImpl ctx, LowIoOperation op) {
    return engine.device.bugChecks()
        .raise(BugCheckCode.DRIVER_VERIFIER_DETECTED_VIOLATION, "§5.2",
            "low I/O " + op + " of " + ctx + " completed twice: a request answered PENDING is"
                + " completed by exactly one lowIoCompletion call, and one answered synchronously"
                + " is never passed to lowIoCompletion");
  }
}
