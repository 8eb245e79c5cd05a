package dev.rdbss.cli;

import dev.rdbss.api.spi.RdbssClock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The real clock for the CLI's machine. The runtime has one of its own, but the simulated network
 * must exist, on the same clock, before the runtime is built: both sample plugins (CSC and SMB)
 * are handed the one network their servers live on.
 */
final class WallClock implements RdbssClock, AutoCloseable {

  private final ScheduledThreadPoolExecutor timer;

  WallClock() {
    timer =
        new ScheduledThreadPoolExecutor(
            1,
            r -> {
              Thread t = new Thread(r, "rdbss-cli-timer");
              t.setDaemon(true); // a timer never keeps the command alive
              return t;
            });
    timer.setRemoveOnCancelPolicy(true);
    timer.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
  }

  @Override
  public long nanoTime() {
    return System.nanoTime();
  }

  @Override
  public Instant instant() {
    return Instant.now();
  }

  @Override
  public Timer schedule(Duration delay, Runnable task) {
    long nanos = Math.max(0, delay.toNanos());
    ScheduledFuture<?> future = timer.schedule(task, nanos, TimeUnit.NANOSECONDS);
    return new Timer() {
      @Override
      public boolean cancel() {
        return future.cancel(false);
      }

      @Override
      public boolean isDone() {
        return future.isDone();
      }
    };
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
