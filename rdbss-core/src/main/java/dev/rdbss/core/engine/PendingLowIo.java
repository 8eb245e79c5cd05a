package dev.rdbss.core.engine;

import dev.rdbss.api.NtStatus;
import java.util.function.Consumer;

/**
 * A low I/O request on its way through the mini-redirector (spec §5.2): over exactly once, by the
 * mini-redirector's completion (its synchronous answer or one {@code lowIoCompletion}) or by RDBSS
 * itself (the I/O timeout of a synchronous caller, the cancellation of a pending notification at
 * cleanup or connection deletion, §4.3 step 1). Whichever ends it releases the FCB on the
 * originating owner's behalf (when the request still holds it), wakes a waiting caller and tells an
 * asynchronous one.
 *
 * <p>The mini-redirector completes at most once: a completion after RDBSS ended the request is
 * late and harmless (the plugin could not know), a second completion of its own is a contract
 * violation.
 */
final class PendingLowIo {

  /** What a completion by the mini-redirector amounts to. */
  enum Completion {
    /** It ended the request. */
    FIRST,
    /** RDBSS had ended the request already (timeout, cancellation): ignored. */
    LATE,
    /** The mini-redirector completed twice. */
    DUPLICATE
  }

  private final Runnable releaseFcb;
  private final Consumer<NtStatus> onDone;
  // Guarded by this.
  private int completions;
  private boolean ended;
  private boolean timedOut;
  // Set once the request is over and its FCB released: what await() waits for. The monitor's
  // wait/notifyAll rather than a CountDownLatch, since most requests end synchronously and never
  // wait (one object fewer per low I/O request, rdbss-bench read4k).
  private boolean done;

  PendingLowIo(Runnable releaseFcb) {
    this(releaseFcb, status -> {});
  }

  /**
   * @param releaseFcb releases the FCB on the owner's behalf; runs once, when the request ends
   * @param onDone receives the final status when the request ends (asynchronous callers)
   */
  PendingLowIo(Runnable releaseFcb, Consumer<NtStatus> onDone) {
    this.releaseFcb = releaseFcb;
    this.onDone = onDone;
  }

  /**
   * Records the mini-redirector's completion (a synchronous answer or {@code lowIoCompletion}).
   *
   * @param status the status it completed with
   */
  Completion complete(NtStatus status) {
    synchronized (this) {
      completions++;
      if (completions > 1) {
        return Completion.DUPLICATE;
      }
      if (ended) {
        return Completion.LATE;
      }
      ended = true;
    }
    finish(status);
    return Completion.FIRST;
  }

  /**
   * Ends the request on RDBSS's behalf, running {@code beforeWake} (setting the context's status)
   * first.
   *
   * @param timeout whether the end is the I/O timeout of a waiting caller
   * @return false when the request was over already
   */
  boolean end(NtStatus status, boolean timeout, Runnable beforeWake) {
    synchronized (this) {
      if (ended) {
        return false;
      }
      ended = true;
      timedOut = timeout;
    }
    beforeWake.run();
    finish(status);
    return true;
  }

  private void finish(NtStatus status) {
    releaseFcb.run();
    synchronized (this) {
      done = true;
      notifyAll();
    }
    onDone.accept(status);
  }

  synchronized boolean isEnded() {
    return ended;
  }

  synchronized boolean isTimedOut() {
    return timedOut;
  }

  /** Blocks until the request is over; interruptible. */
  synchronized void await() throws InterruptedException {
    while (!done) {
      wait();
    }
  }
}
