package dev.rdbss.core.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rdbss.api.BugCheckCode;
import dev.rdbss.api.BugCheckError;
import dev.rdbss.api.spi.WorkQueue;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The RDBSS system thread and its three queues (spec §10, §2.4, §9 pitfall 4). */
class RdbssWorkerTest {

  private final BugChecks bugChecks = new BugChecks();
  private final RdbssWorker worker = new RdbssWorker("test", bugChecks);
  private final List<String> ran = new CopyOnWriteArrayList<>();

  @AfterEach
  void shutdown() {
    worker.shutdown();
  }

  @Test
  void hyperCriticalRunsBeforeCriticalBeforeDelayedAndEachQueueIsFifo_s10() throws Exception {
    CountDownLatch blocked = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    worker.post(
        WorkQueue.DELAYED,
        () -> {
          blocked.countDown();
          awaitLatch(release);
          ran.add("first");
        });
    assertThat(blocked.await(KernelFixture.TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();

    worker.post(WorkQueue.DELAYED, () -> ran.add("delayed 1"));
    worker.post(WorkQueue.CRITICAL, () -> ran.add("critical 1"));
    worker.post(WorkQueue.HYPER_CRITICAL, () -> ran.add("hyper 1"));
    worker.post(WorkQueue.DELAYED, () -> ran.add("delayed 2"));
    worker.post(WorkQueue.CRITICAL, () -> ran.add("critical 2"));
    worker.post(WorkQueue.HYPER_CRITICAL, () -> ran.add("hyper 2"));
    release.countDown();
    worker.awaitIdle();

    assertThat(ran)
        .containsExactly(
            "first", "hyper 1", "hyper 2", "critical 1", "critical 2", "delayed 1", "delayed 2");
    assertThat(worker.completedTasks()).isEqualTo(7);
  }

  @Test
  void tasksRunOnOneNamedDaemonThread_s9_4() {
    AtomicReference<Thread> thread = new AtomicReference<>();
    AtomicReference<Boolean> isWorker = new AtomicReference<>();
    worker.post(
        WorkQueue.CRITICAL,
        () -> {
          thread.set(Thread.currentThread());
          isWorker.set(worker.isWorkerThread());
        });
    worker.awaitIdle();

    assertThat(thread.get().getName()).isEqualTo("RDBSS worker (test)");
    assertThat(thread.get().isDaemon()).isTrue();
    assertThat(isWorker.get()).isTrue();
    assertThat(worker.isWorkerThread()).isFalse();
  }

  @Test
  void awaitIdleAlsoWaitsForWorkThatTasksPostMeanwhile_s10() {
    worker.post(
        WorkQueue.DELAYED,
        () -> {
          ran.add("parent");
          worker.post(
              WorkQueue.DELAYED,
              () -> {
                ran.add("child");
                worker.post(WorkQueue.DELAYED, () -> ran.add("grandchild"));
              });
        });

    worker.awaitIdle();

    assertThat(ran).containsExactly("parent", "child", "grandchild");
  }

  @Test
  void awaitIdleOnTheWorkerThreadIsRefusedRatherThanDeadlocking_s10() {
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    worker.post(
        WorkQueue.CRITICAL,
        () -> {
          try {
            worker.awaitIdle();
          } catch (IllegalStateException e) {
            thrown.set(e);
          }
        });
    worker.awaitIdle();

    assertThat(thrown.get())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("wait for itself");
  }

  @Test
  void awaitIdleWithATimeoutAnswersFalseWhileATaskIsBlocked_s10() {
    CountDownLatch release = new CountDownLatch(1);
    worker.post(WorkQueue.CRITICAL, () -> awaitLatch(release));

    assertThat(worker.awaitIdle(Duration.ofMillis(1))).isFalse();

    release.countDown();
    assertThat(worker.awaitIdle(Duration.ofSeconds(KernelFixture.TIMEOUT_SECONDS))).isTrue();
  }

  @Test
  void aBugCheckThrownByATaskIsRecordedAndTheWorkerStaysAlive_s10() {
    worker.post(
        WorkQueue.DELAYED,
        () -> {
          throw new BugCheckError(BugCheckCode.RDBSS_FILE_SYSTEM, "§2.4", "expected by the test");
        });
    worker.post(WorkQueue.DELAYED, () -> ran.add("still alive"));
    worker.awaitIdle();

    assertThat(bugChecks.first())
        .hasValueSatisfying(e -> assertThat(e.code()).isEqualTo(BugCheckCode.RDBSS_FILE_SYSTEM));
    assertThat(bugChecks.all()).hasSize(1);
    assertThat(ran).containsExactly("still alive");
    assertThat(worker.completedTasks()).isEqualTo(2);
  }

  @Test
  void aBugCheckRaisedThroughBugChecksInATaskIsRecordedOnce_s10() {
    worker.post(
        WorkQueue.DELAYED,
        () -> {
          throw bugChecks.raise(BugCheckCode.RDBSS_FILE_SYSTEM, "§2.4", "expected by the test");
        });
    worker.awaitIdle();

    assertThat(bugChecks.all()).hasSize(1);
  }

  @Test
  void anUncheckedExceptionBecomesSystemThreadExceptionNotHandled_s10() {
    IllegalStateException failure = new IllegalStateException("plugin state broke");
    worker.post(
        WorkQueue.CRITICAL,
        () -> {
          throw failure;
        });
    worker.post(WorkQueue.CRITICAL, () -> ran.add("still alive"));
    worker.awaitIdle();

    BugCheckError recorded = bugChecks.first().orElseThrow();
    assertThat(recorded.code()).isEqualTo(BugCheckCode.SYSTEM_THREAD_EXCEPTION_NOT_HANDLED);
    assertThat(recorded.code().code()).isEqualTo(0x7E);
    assertThat(recorded.specSection()).isEqualTo("§10");
    assertThat(recorded).hasCause(failure);
    assertThat(recorded.explanation())
        .contains("java.lang.IllegalStateException")
        .contains("plugin state broke")
        .contains("CRITICAL");
    assertThat(ran).containsExactly("still alive");
  }

  @Test
  void anErrorIsRecordedTooAndTheWorkerStaysAlive_s10() {
    worker.post(
        WorkQueue.HYPER_CRITICAL,
        () -> {
          throw new AssertionError("expected by the test");
        });
    worker.post(WorkQueue.HYPER_CRITICAL, () -> ran.add("still alive"));
    worker.awaitIdle();

    assertThat(bugChecks.first().orElseThrow().code())
        .isEqualTo(BugCheckCode.SYSTEM_THREAD_EXCEPTION_NOT_HANDLED);
    assertThat(ran).containsExactly("still alive");
  }

  @Test
  void shutdownLetsTheRunningTaskFinishAndRunsNothingMore_s10() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    AtomicReference<Thread> workerThread = new AtomicReference<>();
    worker.post(
        WorkQueue.CRITICAL,
        () -> {
          workerThread.set(Thread.currentThread());
          started.countDown();
          try {
            worker.awaitShutdownRequested(); // still running when shutdown() is called
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          ran.add("running");
        });
    worker.post(WorkQueue.CRITICAL, () -> ran.add("queued"));
    assertThat(started.await(KernelFixture.TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();

    worker.shutdown(); // returns once the running task has finished and the thread has ended

    assertThat(ran).containsExactly("running");
    assertThat(workerThread.get().isAlive()).isFalse();
    assertThat(worker.isShutdown()).isTrue();
    assertThat(worker.completedTasks()).isEqualTo(1);
    worker.awaitIdle(); // nothing left to wait for: the queued task was dropped
    assertThatThrownBy(() -> worker.post(WorkQueue.DELAYED, () -> {}))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("shut down");
  }

  @Test
  void shutdownTwiceAndFromTheWorkerItselfIsHarmless_s10() {
    worker.post(WorkQueue.DELAYED, worker::shutdown);
    worker.awaitIdle();
    worker.shutdown();

    assertThat(worker.isShutdown()).isTrue();
  }

  private static void awaitLatch(CountDownLatch latch) {
    try {
      if (!latch.await(KernelFixture.TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the test never released the latch");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
