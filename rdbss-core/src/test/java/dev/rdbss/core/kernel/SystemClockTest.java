package dev.rdbss.core.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rdbss.api.spi.RdbssClock;
import dev.rdbss.core.SystemClock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The real clock: one daemon timer thread, failures logged (spec §6.8, ARCHITECTURE.md §4). */
class SystemClockTest {

  private final SystemClock clock = new SystemClock();

  @AfterEach
  void close() {
    clock.close();
  }

  @Test
  void readsSystemTime_s10() {
    Instant before = Instant.now();
    long nanos = clock.nanoTime();

    assertThat(clock.instant()).isAfterOrEqualTo(before);
    assertThat(clock.nanoTime()).isGreaterThanOrEqualTo(nanos);
  }

  @Test
  void runsDueTasksOnTheDaemonTimerThread_s6_8() throws Exception {
    AtomicReference<Thread> ranOn = new AtomicReference<>();
    CountDownLatch ran = new CountDownLatch(1);

    RdbssClock.Timer timer =
        clock.schedule(
            Duration.ZERO,
            () -> {
              ranOn.set(Thread.currentThread());
              ran.countDown();
            });

    assertThat(ran.await(KernelFixture.TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
    assertThat(ranOn.get().getName()).isEqualTo("rdbss-timer");
    assertThat(ranOn.get().isDaemon()).isTrue();
    assertThat(timer.cancel()).isFalse();
  }

  @Test
  void aCancelledTaskNeverRuns_s6_8() {
    RdbssClock.Timer timer = clock.schedule(Duration.ofHours(1), () -> {});

    assertThat(timer.cancel()).isTrue();
    assertThat(timer.isDone()).isTrue();
    assertThat(timer.cancel()).isFalse();
  }

  @Test
  void aFailingTaskIsLoggedAndTheTimerThreadGoesOn_s10() throws Exception {
    CountDownLatch next = new CountDownLatch(1);
    clock.schedule(
        Duration.ZERO,
        () -> {
          throw new IllegalStateException("expected by the test: a broken timer task");
        });
    clock.schedule(Duration.ZERO, next::countDown);

    assertThat(next.await(KernelFixture.TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void schedulingAfterCloseIsRefused_s10() {
    clock.close();

    assertThatThrownBy(() -> clock.schedule(Duration.ZERO, () -> {}))
        .isInstanceOf(IllegalStateException.class);
  }
}
