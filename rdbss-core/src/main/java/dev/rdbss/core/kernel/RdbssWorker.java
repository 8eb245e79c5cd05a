package dev.rdbss.core.kernel;

import dev.rdbss.api.BugCheckCode;
import dev.rdbss.api.BugCheckError;
import dev.rdbss.api.spi.WorkQueue;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The RDBSS system thread: "the RDBSS process" of spec §2.4, §5.1 and §9 pitfall 4, where
 * {@code MRxFinalizeSrvCall}, start/stop and posted requests run. Modelled as one dedicated daemon
 * thread with the three queues of {@code RxPostToWorkerThread} (spec §10): a hyper-critical task
 * runs before a critical one, a critical one before a delayed one, and each queue is FIFO.
 *
 * <p>A task that throws does not kill the thread, because Windows would not survive it either and
 * the dump should say why: a {@link BugCheckError} is recorded as it is; any other exception or
 * error becomes {@code SYSTEM_THREAD_EXCEPTION_NOT_HANDLED} (0x7E) naming it. Either way the worker
 * stays alive, and the runtime, seeing the bugcheck, refuses new work.
 *
 * <p>{@link #awaitIdle()} lets tests and shutdown wait without sleeping: each task carries the
 * sequence number of the post it descends from (a task posted by a task on this thread inherits
 * its parent's), and a waiter waits until no task with a number up to its own is queued or running.
 */
public final class RdbssWorker {

  private final String name;
  private final BugChecks bugChecks;
  private final Thread thread;

  // Guarded by this.
  private final Map<WorkQueue, ArrayDeque<Item>> queues = new EnumMap<>(WorkQueue.class);
  private final TreeMap<Long, Integer> outstanding = new TreeMap<>(); // generation -> tasks
  private long nextGeneration;
  private long completed;
  private boolean shutdown;
  private @Nullable Item running;

  /**
   * Starts the worker thread, named {@code "RDBSS worker (" + name + ")"}.
   *
   * @param name what the worker serves, for the thread name and messages
   * @param bugChecks where failures of tasks are recorded
   */
  public RdbssWorker(String name, BugChecks bugChecks) {
    this.name = Objects.requireNonNull(name, "name");
    this.bugChecks = Objects.requireNonNull(bugChecks, "bugChecks");
    for (WorkQueue queue : WorkQueue.values()) {
      queues.put(queue, new ArrayDeque<>());
    }
    thread = new Thread(this::runLoop, "RDBSS worker (" + name + ")");
    thread.setDaemon(true); // a runtime that was not closed must not keep the JVM alive
    thread.start();
  }

  /**
   * {@code RxPostToWorkerThread}: queues {@code task} on {@code queue}.
   *
   * @throws IllegalStateException after {@link #shutdown()}
   */
  public void post(WorkQueue queue, Runnable task) {
    Objects.requireNonNull(queue, "queue");
    Objects.requireNonNull(task, "task");
    synchronized (this) {
      if (shutdown) {
        throw new IllegalStateException("the RDBSS worker (" + name + ") has shut down");
      }
      Item current = running;
      // Work posted by a task belongs to that task's generation, so that awaitIdle() also waits
      // for the follow-up work a task posts while it runs.
      long generation =
          current != null && Thread.currentThread() == thread
              ? current.generation
              : nextGeneration++;
      Objects.requireNonNull(queues.get(queue)).addLast(new Item(queue, task, generation));
      outstanding.merge(generation, 1, Integer::sum);
      notifyAll();
    }
  }

  /** Whether the caller runs on this worker's thread ("in the RDBSS process"). */
  public boolean isWorkerThread() {
    return Thread.currentThread() == thread;
  }

  /**
   * Waits until every task posted before the call, and every task those posted meanwhile, has
   * run (or was dropped by {@link #shutdown()}). Not interruptible in effect: an interrupt ends the
   * wait with an {@link IllegalStateException} and is kept on the thread.
   *
   * @throws IllegalStateException if called on the worker thread, which would wait for itself
   */
  public void awaitIdle() {
    awaitGenerations(null);
  }

  /**
   * {@link #awaitIdle()} bounded by {@code timeout}.
   *
   * @return whether the worker became idle in time
   */
  public boolean awaitIdle(Duration timeout) {
    return awaitGenerations(Objects.requireNonNull(timeout, "timeout"));
  }

  /** Stops taking work: drops queued tasks, lets a running one finish, and joins the thread. */
  public void shutdown() {
    synchronized (this) {
      if (!shutdown) {
        shutdown = true;
        for (ArrayDeque<Item> queue : queues.values()) {
          for (Item dropped : queue) {
            settle(dropped);
          }
          queue.clear();
        }
        notifyAll();
      }
    }
    if (Thread.currentThread() == thread) {
      return; // the loop ends after this task returns
    }
    boolean interrupted = false;
    while (thread.isAlive()) {
      try {
        thread.join();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /** Whether {@link #shutdown()} was called. */
  public synchronized boolean isShutdown() {
    return shutdown;
  }

  /** Blocks until {@link #shutdown()} has been called: lets tests order events without sleeping. */
  synchronized void awaitShutdownRequested() throws InterruptedException {
    while (!shutdown) {
      wait();
    }
  }

  /** How many tasks have run to completion or failed. */
  public synchronized long completedTasks() {
    return completed;
  }

  /** The worker's name. */
  public String name() {
    return name;
  }

  @Override
  public synchronized String toString() {
    return "RdbssWorker[" + name + ", " + completed + " done"
        + (shutdown ? ", shut down]" : "]");
  }

  // ----------------------------------------------------------------------------------- internals

  /** Waits until no task of a generation before the call is outstanding; null: no timeout. */
  private boolean awaitGenerations(@Nullable Duration timeout) {
    if (Thread.currentThread() == thread) {
      throw new IllegalStateException(
          "awaitIdle called on the RDBSS worker (" + name + ") itself, which would wait for"
              + " itself forever");
    }
    long deadline = timeout == null ? 0 : System.nanoTime() + timeout.toNanos();
    synchronized (this) {
      long horizon = nextGeneration - 1;
      while (!outstanding.isEmpty() && outstanding.firstKey() <= horizon) {
        try {
          if (timeout == null) {
            wait();
          } else {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
              return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while waiting for the RDBSS worker", e);
        }
      }
      return true;
    }
  }

  private void runLoop() {
    Item item;
    while ((item = take()) != null) {
      try {
        item.task.run();
      } catch (BugCheckError bugCheck) {
        bugChecks.record(bugCheck);
      } catch (Throwable unexpected) { // a sneaky checked exception must not kill the thread
        bugChecks.record(
            new BugCheckError(
                BugCheckCode.SYSTEM_THREAD_EXCEPTION_NOT_HANDLED,
                "§10",
                unexpected.getClass().getName() + " escaped a task on the " + item.queue
                    + " queue of the RDBSS worker (" + name + "): " + unexpected.getMessage()
                    + ". A posted task must handle its own exceptions and report failures as an"
                    + " NtStatus.",
                unexpected));
      } finally {
        Thread.interrupted(); // an interrupt a task left behind must not reach the next one
        finish(item);
      }
    }
  }

  /** The next task by queue priority, or null once shut down. */
  private synchronized @Nullable Item take() {
    while (!shutdown) {
      for (ArrayDeque<Item> queue : queues.values()) { // EnumMap iterates in priority order
        Item next = queue.pollFirst();
        if (next != null) {
          running = next;
          return next;
        }
      }
      try {
        wait();
      } catch (InterruptedException e) {
        // Only shutdown() ends the loop; it sets the flag and notifies.
      }
    }
    return null;
  }

  private synchronized void finish(Item item) {
    running = null;
    completed++;
    settle(item);
  }

  /** Removes a task from the outstanding set and wakes waiters. Caller holds the monitor. */
  private void settle(Item item) {
    outstanding.computeIfPresent(item.generation, (g, n) -> n == 1 ? null : n - 1);
    notifyAll();
  }

  private static final class Item {
    final WorkQueue queue;
    final Runnable task;
    final long generation;

    Item(WorkQueue queue, Runnable task, long generation) {
      this.queue = queue;
      this.task = task;
      this.generation = generation;
    }
  }
}
