package dev.rdbss.core.engine;

import dev.rdbss.api.BugCheckCode;
import dev.rdbss.api.Condition;
import dev.rdbss.api.spi.WorkQueue;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * An {@code RX_BLOCK_CONDITION} with its transition-wait list (spec §1.3).
 *
 * <p>Setting a condition replaces it atomically under the condition mutex (a leaf: nothing is
 * acquired while holding it, ARCHITECTURE.md §3.3), detaches the wait list, wakes the synchronous
 * waiters and re-posts the asynchronous ones to the RDBSS worker, as {@code RxUpdateCondition} does.
 * Waiting on an unstable condition blocks a synchronous caller until it is stable; an asynchronous
 * caller is queued and told to answer PENDING.
 */
final class BlockCondition {

  private final Device device;
  private Condition condition;
  /** Created at the first asynchronous waiter: most conditions never have one (rdbss-bench). */
  private @Nullable List<Runnable> asyncWaiters;

  BlockCondition(Device device, Condition initial) {
    this.device = device;
    this.condition = initial;
  }

  /** The current condition. */
  synchronized Condition get() {
    return condition;
  }

  /** Moves to InTransition (only from a state nobody waits on). */
  synchronized void enterTransition() {
    condition = Condition.IN_TRANSITION;
  }

  /**
   * Sets a stable or closing condition and releases every waiter (§1.3).
   *
   * @throws dev.rdbss.api.BugCheckError when asked to set InTransition this way
   */
  void transition(Condition next) {
    if (next == Condition.IN_TRANSITION) {
      throw device.bugChecks()
          .raise(
              BugCheckCode.RDBSS_FILE_SYSTEM,
              "§1.3",
              "a condition is never updated to InTransition; use enterTransition before the work");
    }
    List<Runnable> resumed;
    synchronized (this) {
      condition = next;
      resumed = asyncWaiters == null ? List.of() : asyncWaiters;
      asyncWaiters = null;
      notifyAll();
    }
    for (Runnable r : resumed) {
      device.worker().post(WorkQueue.CRITICAL, r);
    }
  }

  /**
   * Waits until the condition is stable, for an asynchronous caller (§1.3); a synchronous caller
   * uses {@link #awaitStable()}.
   *
   * @param resumeWhenStable what to run on the RDBSS worker once the condition is stable (for a
   *     request, re-posting it)
   * @return the stable condition, or {@code null} when the caller was queued (it answers PENDING)
   */
  @Nullable Condition awaitStable(Runnable resumeWhenStable) {
    synchronized (this) {
      if (condition.isStable()) {
        return condition;
      }
      if (asyncWaiters == null) {
        asyncWaiters = new ArrayList<>();
      }
      asyncWaiters.add(resumeWhenStable);
      return null;
    }
  }

  /** Blocks the calling thread until the condition is stable, and returns it (§1.3). */
  synchronized Condition awaitStable() throws InterruptedException {
    while (!condition.isStable()) {
      wait();
    }
    return condition;
  }

  @Override
  public synchronized String toString() {
    return condition.toString();
  }
}
