package dev.rdbss.minirdr.smb;

import dev.rdbss.api.spi.RdbssClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A manual clock for the sample's tests (plugins may not use core's ManualClock): time moves only
 * in {@link #advance}, which runs the tasks that fall due, in order, on the calling thread.
 */
public final class TestClock implements RdbssClock {

  private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

  private long now;
  private long sequence;
  private final List<Task> tasks = new ArrayList<>();

  @Override
  public synchronized long nanoTime() {
    return now;
  }

  @Override
  public synchronized Instant instant() {
    return START.plusNanos(now);
  }

  @Override
  public synchronized Timer schedule(Duration delay, Runnable task) {
    Task t = new Task(now + Math.max(0, delay.toNanos()), sequence++, task);
    tasks.add(t);
    return t;
  }

  /** Moves time on by {@code by}, running every task due by then. */
  public void advance(Duration by) {
    long target;
    synchronized (this) {
      target = now + by.toNanos();
    }
    while (true) {
      Task next;
      synchronized (this) {
        next =
            tasks.stream()
                .filter(t -> !t.done && t.due <= target)
                .min(Comparator.<Task>comparingLong(t -> t.due).thenComparingLong(t -> t.sequence))
                .orElse(null);
        if (next == null) {
          now = target;
          tasks.removeIf(t -> t.done);
          return;
        }
        now = Math.max(now, next.due);
        next.done = true;
      }
      next.task.run();
    }
  }

  private final class Task implements Timer {
    final long due;
    final long sequence;
    final Runnable task;
    boolean done;

    Task(long due, long sequence, Runnable task) {
      this.due = due;
      this.sequence = sequence;
      this.task = task;
    }

    @Override
    public boolean cancel() {
      synchronized (TestClock.this) {
        if (done) {
          return false;
        }
        done = true;
        return true;
      }
    }

    @Override
    public boolean isDone() {
      return done;
    }
  }
}
