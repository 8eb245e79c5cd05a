package dev.rdbss.core;

import dev.rdbss.api.spi.RdbssClock;
import dev.rdbss.core.kernel.ScheduledTask;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Objects;
import java.util.Optional;
import java.util.PriorityQueue;
import org.jspecify.annotations.Nullable;

/**
 * A clock that moves only when told to (spec §10: "a deterministic clock for the scavenger"), so
 * that tests of the scavenger, delayed close and timeouts need no sleep.
 *
 * <p>It starts at a given instant (2026-01-01T00:00:00Z by default) with {@link #nanoTime()} 0.
 * {@link #advance} runs every task due up to the new time on the calling thread, in due-time order
 * (ties in scheduling order), and while a task runs the clock reads that task's due time, as if the
 * timer had fired exactly on time. A task may schedule more: one due within the advance (for
 * example with a zero delay) runs within the same advance. An exception thrown by a task
 * propagates out of {@code advance}, leaving the clock at that task's due time with later tasks
 * still pending, so that a test sees the failure where it happened.
 *
 * <p>Thread-safe for scheduling, cancelling and reading from any thread; one thread advances at a
 * time, and a task must not advance the clock itself.
 */
public final class ManualClock implements RdbssClock {

  /** Where a clock starts unless told otherwise. */
  public static final Instant DEFAULT_START = Instant.parse("2026-01-01T00:00:00Z");

  private final Instant start;
  // Guarded by this.
  private long nowNanos;
  private long nextSequence;
  private @Nullable Thread advancing;
  private final PriorityQueue<Entry> queue =
      new PriorityQueue<>(
          Comparator.<Entry>comparingLong(e -> e.dueNanos).thenComparingLong(e -> e.sequence));

  /** A clock at {@link #DEFAULT_START}. */
  public ManualClock() {
    this(DEFAULT_START);
  }

  /** A clock whose {@link #instant()} starts at {@code start}. */
  public ManualClock(Instant start) {
    this.start = Objects.requireNonNull(start, "start");
  }

  @Override
  public synchronized long nanoTime() {
    return nowNanos;
  }

  @Override
  public synchronized Instant instant() {
    return start.plusNanos(nowNanos);
  }

  @Override
  public Timer schedule(Duration delay, Runnable task) {
    Objects.requireNonNull(task, "task");
    long delayNanos = delay.isNegative() ? 0 : saturatedNanos(delay);
    synchronized (this) {
      long due = nowNanos + Math.min(delayNanos, Long.MAX_VALUE - nowNanos);
      Entry entry = new Entry(task, due, nextSequence++);
      queue.add(entry);
      return entry;
    }
  }

  /**
   * Moves time forward by {@code by}, running every task that falls due on the way.
   *
   * @throws IllegalArgumentException if {@code by} is negative
   * @throws IllegalStateException if called from a task or while another thread advances
   */
  public void advance(Duration by) {
    if (by.isNegative()) {
      throw new IllegalArgumentException("time does not go backwards: " + by);
    }
    long target;
    synchronized (this) {
      if (advancing != null) {
        throw new IllegalStateException(
            "the clock is already being advanced by " + advancing.getName()
                + "; a timer task must not advance the clock it runs on");
      }
      advancing = Thread.currentThread();
      target = nowNanos + Math.min(saturatedNanos(by), Long.MAX_VALUE - nowNanos);
    }
    try {
      Entry next;
      while ((next = pollDue(target)) != null) {
        next.fire(); // outside the lock: a task schedules, cancels and reads the time
      }
      synchronized (this) {
        nowNanos = target;
      }
    } finally {
      synchronized (this) {
        advancing = null;
      }
    }
  }

  /** How many tasks are scheduled and neither run nor cancelled. */
  public synchronized int pendingTimers() {
    return queue.size();
  }

  /** How long until the next pending task is due, or empty if none is scheduled. */
  public synchronized Optional<Duration> nextDue() {
    Entry head = queue.peek();
    return head == null
        ? Optional.empty()
        : Optional.of(Duration.ofNanos(head.dueNanos - nowNanos));
  }

  /** Takes the earliest task due by {@code target} and sets the time to its due time. */
  private synchronized @Nullable Entry pollDue(long target) {
    Entry head = queue.peek();
    if (head == null || head.dueNanos > target) {
      return null;
    }
    queue.poll();
    nowNanos = head.dueNanos;
    return head;
  }

  private synchronized void remove(Entry entry) {
    queue.remove(entry);
  }

  private static long saturatedNanos(Duration duration) {
    try {
      return duration.toNanos();
    } catch (ArithmeticException tooLong) {
      return Long.MAX_VALUE; // nfs41 "disables" the scavenger with a 128-year timeout (§9 p. 10)
    }
  }

  @Override
  public synchronized String toString() {
    return "ManualClock[" + instant() + ", " + queue.size() + " pending]";
  }

  private final class Entry extends ScheduledTask {
    final long dueNanos;
    final long sequence;

    Entry(Runnable task, long dueNanos, long sequence) {
      super(task);
      this.dueNanos = dueNanos;
      this.sequence = sequence;
    }

    @Override
    protected void onCancel() {
      remove(this);
    }
  }
}
