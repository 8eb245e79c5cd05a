package dev.rdbss.core.engine;

import java.util.concurrent.CountDownLatch;

/**
 * A low I/O request the mini-redirector answered PENDING (spec §5.2): completed exactly once,
 * by {@code lowIoCompletion} or by RDBSS's timeout, which also releases the FCB on the
 * originating owner's behalf and wakes the waiting caller.
 */
final class PendingLowIo {

  private final CountDownLatch done = new CountDownLatch(1);
  private final Runnable releaseFcb;
  // Guarded by this.
  private int completions;
  private boolean timedOut;

  PendingLowIo(Runnable releaseFcb) {
    this.releaseFcb = releaseFcb;
  }

  /**
   * Records the mini-redirector's completion (or a synchronous answer).
   *
   * @return false if it is not the first: a second completion, or one after the timeout
   */
  boolean complete() {
    synchronized (this) {
      if (++completions != 1) {
        return false;
      }
    }
    releaseFcb.run();
    done.countDown();
    return true;
  }

  /**
   * Ends the request on RDBSS's timeout, running {@code beforeWake} (setting the status) first.
   *
   * @return false when the mini-redirector completed first
   */
  boolean timeOut(Runnable beforeWake) {
    synchronized (this) {
      if (completions != 0) {
        return false;
      }
      completions = 1;
      timedOut = true;
    }
    beforeWake.run();
    releaseFcb.run();
    done.countDown();
    return true;
  }

  synchronized boolean isTimedOut() {
    return timedOut;
  }

  /** Blocks until completed; interruptible. */
  void await() throws InterruptedException {
    done.await();
  }
}
