package dev.rdbss.core.engine;

import dev.rdbss.api.BugCheckCode;
import dev.rdbss.api.NtStatus;
import dev.rdbss.api.observe.TraceEvent;
import dev.rdbss.api.spi.LowIoOperation;
import dev.rdbss.api.spi.LowIoParameters;
import dev.rdbss.api.spi.RdbssClock;
import dev.rdbss.core.kernel.LockOwner;

/**
 * {@code RxLowIoSubmit} and {@code RxLowIoCompletion} (spec §5.2 "Low I/O"): the FCB is acquired
 * for the request's owner token ({@code ResourceThreadId}), the operation is handed to the
 * mini-redirector, and either it answers synchronously (RDBSS releases the FCB) or it answers
 * PENDING and later calls {@code lowIoCompletion} exactly once, from any thread, which releases the
 * FCB on the owner's behalf and wakes the synchronous caller.
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
    LockOwner owner = LockOwner.forContext(ctx.id(), ctx.toString());
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
    NtStatus status;
    try {
      status =
          engine.callbacks.call(
              "lowIoSubmit[" + op + "]",
              fcb,
              () -> engine.device.miniRedirector().lowIoSubmit(op, ctx));
    } catch (RuntimeException | Error e) {
      pending.complete(); // releases the FCB: a crashed plugin must not leave it held
      throw e;
    }
    if (!status.equals(NtStatus.PENDING)) {
      if (!pending.complete()) {
        // The plugin completed through lowIoCompletion and also answered synchronously.
        throw doubleCompletion(ctx, op);
      }
      ctx.setIoStatus(status);
      return status;
    }
    return awaitCompletion(ctx, op, pending);
  }

  private NtStatus awaitCompletion(RxContextImpl ctx, LowIoOperation op, PendingLowIo pending) {
    RdbssClock.Timer timer =
        engine.device.clock().schedule(engine.device.options().ioTimeout(), () -> {
          boolean timedOut = pending.timeOut(() -> {
            ctx.setIoStatus(NtStatus.IO_TIMEOUT);
            ctx.setInformation(0);
          });
          if (timedOut) {
            engine.device.tracer().record(TraceEvent.Kind.RUNTIME, engine.device.name(),
                "lowIoTimedOut", null, NtStatus.IO_TIMEOUT,
                op + " answered PENDING and did not complete within "
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

  /** {@code RxLowIoCompletion}: exactly once per PENDING request. */
  NtStatus complete(RxContextImpl ctx) {
    PendingLowIo pending = ctx.pendingLowIo();
    if (pending == null) {
      throw engine.device.bugChecks()
          .raise(BugCheckCode.DRIVER_VERIFIER_DETECTED_VIOLATION, "§5.2",
              "lowIoCompletion(" + ctx + ") for a request that is not low I/O");
    }
    if (!pending.complete()) {
      if (pending.isTimedOut()) {
        engine.device.tracer().record(TraceEvent.Kind.RUNTIME, engine.device.name(),
            "lateLowIoCompletionIgnored", null, null, ctx + " completed after its timeout");
        return NtStatus.SUCCESS;
      }
      throw doubleCompletion(ctx, ctx.lowIo().operation());
    }
    return NtStatus.SUCCESS;
  }

  private dev.rdbss.api.BugCheckError doubleCompletion(RxContextImpl ctx, LowIoOperation op) {
    return engine.device.bugChecks()
        .raise(BugCheckCode.DRIVER_VERIFIER_DETECTED_VIOLATION, "§5.2",
            "low I/O " + op + " of " + ctx + " completed twice: a request answered PENDING is"
                + " completed by exactly one lowIoCompletion call, and one answered synchronously"
                + " is never passed to lowIoCompletion");
  }
}
