package dev.rdbss.core;

import dev.rdbss.api.spi.RdbssClock;
import dev.rdbss.core.kernel.ScheduledTask;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The real clock (see {@link RdbssClock}): system time, and one daemon thread named {@value
 * #THREAD_NAME} that runs timer tasks when they fall due, one at a time, as the kernel's timer DPCs
 * would. A task that throws is logged through {@link System.Logger} and the thread goes on: one
 * broken timer must not stop the scavenger of every other share. {@link #close()} stops the thread;
 * tasks not yet run never run.
 *
 * <p>The runtime makes one when its builder is given no clock. A host that needs the clock before
 * the runtime exists (a simulated network its plugins share, as the CLI builds) makes its own,
 * passes it to {@link RdbssRuntime.Builder#clock}, and closes it after the runtime.
 */
public final class SystemClock implements RdbssClock, AutoCloseable {

  /** The name of the timer thread. */
  public static final String THREAD_NAME = "rdbss-timer";

  private static final System.Logger LOG = System.getLogger(SystemClock.class.getName());

  private final ScheduledThreadPoolExecutor timers;

  /** A clock with its timer thread (started on the first schedule). */
  public SystemClock() {
    timers =
        new ScheduledThreadPoolExecutor(
            1,
            runnable -> {
              Thread thread = new Thread(runnable, THREAD_NAME);
              thread.setDaemon(true); // a forgotten clock must not keep the JVM alive
              return thread;
            });
    timers.setRemoveOnCancelPolicy(true);
    timers.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
  }

  @Override
  public long nanoTime() {
    return System.nanoTime();
  }

  @Override
  public Instant instant() {
    return Instant.now();
  }

  /**
   * Schedules {@code task} on the timer thread.
   *
   * @throws IllegalStateException after {@link #close()}
   */
  @Override
  public Timer schedule(Duration delay, Runnable task) {
    Objects.requireNonNull(task, "task");
    long nanos;
    try {
      nanos = Math.max(0, delay.toNanos());
    } catch (ArithmeticException tooLong) {
      nanos = Long.MAX_VALUE;
    }
    SystemTimer timer = new SystemTimer(task);
    try {
      timer.future.set(timers.schedule(timer::fireLogged, nanos, TimeUnit.NANOSECONDS));
    } catch (RejectedExecutionException closed) {
      throw new IllegalStateException("the clock is closed", closed);
    }
    return timer;
  }

  /** Stops the timer thread; pending tasks never run. */
  @Override
  public void close() {
    timers.shutdownNow();
  }

  private static final class SystemTimer extends ScheduledTask {
    final AtomicReference<Future<?>> future = new AtomicReference<>();

    SystemTimer(Runnable task) {
      super(task);
    }

    void fireLogged() {
      try {
        fire();
      } catch (RuntimeException | Error e) {
        LOG.log(Level.ERROR, "a timer task failed; the timer thread goes on", e);
      }
    }

    @Override
    protected void onCancel() {
      Future<?> scheduled = future.get();
      if (scheduled != null) {
        scheduled.cancel(false); // frees the executor's queue slot; the state already says no
      }
    }
  }
}
