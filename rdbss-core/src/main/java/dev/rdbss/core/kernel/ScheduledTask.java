package dev.rdbss.core.kernel;

import dev.rdbss.api.spi.RdbssClock;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The state of one timer of either clock ({@link RdbssClock.Timer}): pending, then exactly one of
 * running-then-done or cancelled. The compare-and-set decides a race between the timer firing and
 * a cancel, so {@link #cancel()} answers true only when the task will really never run.
 */
public class ScheduledTask implements RdbssClock.Timer {

  private static final int PENDING = 0;
  private static final int RUNNING = 1;
  private static final int DONE = 2;
  private static final int CANCELLED = 3;

  private final Runnable task;
  private final AtomicInteger state = new AtomicInteger(PENDING);

  protected ScheduledTask(Runnable task) {
    this.task = task;
  }

  /** Runs the task unless it was cancelled; an exception propagates, and the timer is done. */
  public final void fire() {
    if (!state.compareAndSet(PENDING, RUNNING)) {
      return;
    }
    try {
      task.run();
    } finally {
      state.set(DONE);
    }
  }

  /** Whether the task may still run. */
  public final boolean isPending() {
    return state.get() == PENDING;
  }

  @Override
  public boolean cancel() {
    boolean cancelled = state.compareAndSet(PENDING, CANCELLED);
    if (cancelled) {
      onCancel();
    }
    return cancelled;
  }

  /** Lets a clock drop a cancelled task from its queue at once. */
  protected void onCancel() {}

  @Override
  public final boolean isDone() {
    int s = state.get();
    return s == DONE || s == CANCELLED;
  }

  @Override
  public String toString() {
    return "Timer[" + new String[] {"pending", "running", "done", "cancelled"}[state.get()] + "]";
  }
}
