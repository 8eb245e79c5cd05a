package dev.rdbss.api.spi;

import java.time.Duration;
import java.time.Instant;

/**
 * The time source and timer service of the runtime ({@link Rdbss#clock()}): the scavenger's period
 * (spec §6.8, default 10 s, from the plugin's {@code ScavengerTimeout}), the delayed-close window,
 * creation callbacks that time out, and a plugin's own timers (a CSC probe, injected latency).
 * The host chooses it: the real clock by default, or a manual clock that moves only when a test
 * says so (ARCHITECTURE.md §4, spec §10: "provide a deterministic clock for the scavenger"). A
 * plugin that schedules on this clock instead of sleeping is testable without waiting.
 */
public interface RdbssClock {

  /** A monotonic time in nanoseconds, for measuring intervals (like {@link System#nanoTime()}). */
  long nanoTime();

  /** The wall-clock time, for timestamps shown to people (trace events, file times). */
  Instant instant();

  /**
   * Runs {@code task} once, {@code delay} from now (a negative delay counts as zero), on the
   * clock's timer thread (the real clock) or inside the call that advances a manual clock. A task
   * must be short and must not block: post longer work to the RDBSS worker.
   */
  Timer schedule(Duration delay, Runnable task);

  /** A scheduled task: a kernel timer armed once ({@code KeSetTimer}). */
  interface Timer {

    /**
     * Cancels the task if it has not started yet.
     *
     * @return whether this call prevented it from running (false if it already ran, is running,
     *     or was cancelled before)
     */
    boolean cancel();

    /** Whether the task has finished running or was cancelled. */
    boolean isDone();
  }
}
