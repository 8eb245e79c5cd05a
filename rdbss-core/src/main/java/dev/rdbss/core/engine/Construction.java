package dev.rdbss.core.engine;

import dev.rdbss.api.BugCheckCode;
import dev.rdbss.api.NtStatus;
import dev.rdbss.api.observe.TraceEvent;
import dev.rdbss.api.spi.RdbssClock;
import dev.rdbss.api.spi.RxContext;
import dev.rdbss.api.spi.WorkQueue;
import org.jspecify.annotations.Nullable;

/**
 * The asynchronous creation contract of {@code createSrvCall} and {@code createVNetRoot} (spec
 * §5.2, §9 pitfall 1), enforced: the entry runs on the RDBSS worker (pitfall 4) and must answer
 * PENDING; the mini-redirector then completes exactly once, from any thread, before or after the
 * entry returns. RDBSS finishes the construction on its worker once completed. A second completion
 * and a non-PENDING answer are bugchecks naming the rule; no completion within {@link
 * EngineOptions#creationTimeout()} (on the runtime's clock) finishes the construction as failed
 * with BAD_NETWORK_PATH, and a completion arriving after that is ignored.
 */
abstract class Construction {

  private enum State {
    CALLING,
    COMPLETED,
    TIMED_OUT,
    FINISHED
  }

  protected final Engine engine;
  protected final RxContextImpl rxContext;
  private final String entry;
  // Guarded by this.
  private State state = State.CALLING;
  private int completions;
  private boolean timedOut;
  private RdbssClock.@Nullable Timer timer;

  Construction(Engine engine, String entry, RxContextImpl rxContext) {
    this.engine = engine;
    this.entry = entry;
    this.rxContext = rxContext;
  }

  /** The context of the request that caused the construction. */
  public final RxContext rxContext() {
    return rxContext;
  }

  /** Whether the mini-redirector has completed (in time or not). */
  public final synchronized boolean isCompleted() {
    return completions > 0;
  }

  /** Whether RDBSS gave up on the construction: the timeout passed or the request was cancelled. */
  public final boolean isCancelled() {
    return isTimedOut() || rxContext.isCancelled();
  }

  /** Calls the entry on the RDBSS worker, with the timeout armed. */
  final void start() {
    synchronized (this) {
      timer = engine.device.clock().schedule(engine.device.options().creationTimeout(), this::timeOut);
    }
    engine.device.worker().post(WorkQueue.DELAYED, this::call);
  }

  private void call() {
    NtStatus answer = engine.callbacks.call(entry, subject(), this::invokeEntry);
    if (!answer.equals(NtStatus.PENDING)) {
      throw engine.device
          .bugChecks()
          .raise(
              BugCheckCode.DRIVER_VERIFIER_DETECTED_VIOLATION,
              "§5.2, §9 pitfall 1",
              "MiniRedirector."
                  + entry
                  + " answered "
                  + answer
                  + " for "
                  + subject()
                  + ": it must answer PENDING and report the outcome through its callback"
                  + " context's complete(...), exactly once, even for an immediate failure");
    }
  }

  /**
   * The mini-redirector's completion. Bugchecks on a second one; ignores one that comes after the
   * timeout (the construction already failed).
   */
  final void completed(String what) {
    synchronized (this) {
      completions++;
      if (completions > 1) {
        throw engine.device
            .bugChecks()
            .raise(
                BugCheckCode.DRIVER_VERIFIER_DETECTED_VIOLATION,
                "§5.2, §9 pitfall 1",
                what
                    + " called twice for "
                    + subject()
                    + ": the callback of MiniRedirector."
                    + entry
                    + " must be called exactly once");
      }
      if (timedOut) {
        engine
            .device
            .tracer()
            .record(TraceEvent.Kind.RUNTIME, engine.device.name(), "lateCompletionIgnored",
                subject().ref(), null, entry + " completed after the creation timeout");
        return;
      }
      state = State.COMPLETED;
      if (timer != null) {
        timer.cancel();
      }
    }
    engine.device.worker().post(WorkQueue.CRITICAL, this::finishOnce);
  }

  private void timeOut() {
    synchronized (this) {
      if (state != State.CALLING) {
        return;
      }
      state = State.TIMED_OUT;
      timedOut = true;
    }
    engine
        .device
        .tracer()
        .record(TraceEvent.Kind.RUNTIME, engine.device.name(), "creationTimedOut", subject().ref(),
            NtStatus.BAD_NETWORK_PATH,
            entry + " did not call back within " + engine.device.options().creationTimeout());
    engine.device.worker().post(WorkQueue.CRITICAL, this::finishOnce);
  }

  private void finishOnce() {
    boolean failed;
    synchronized (this) {
      if (state == State.FINISHED) {
        return;
      }
      failed = state == State.TIMED_OUT;
      state = State.FINISHED;
    }
    finish(failed);
  }

  /** Whether RDBSS gave up waiting (the timeout passed). */
  final synchronized boolean isTimedOut() {
    return timedOut;
  }


  /** The object being built, for messages and the trace. */
  abstract RxNode subject();

  /** Calls the mini-redirector's entry. */
  abstract NtStatus invokeEntry();

  /**
   * Finishes on the RDBSS worker: transitions the objects and drops the construction's references.
   *
   * @param timedOut whether the mini-redirector never completed
   */
  abstract void finish(boolean timedOut);
}
