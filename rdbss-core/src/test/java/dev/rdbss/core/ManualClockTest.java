package dev.rdbss.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rdbss.api.spi.RdbssClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The deterministic clock that drives the scavenger in tests (spec §10, §6.8). */
class ManualClockTest {

  private final ManualClock clock = new ManualClock();
  private final List<String> ran = new ArrayList<>();

  @Test
  void startsAtTheDefaultInstantWithNanoTimeZero_s10() {
    assertThat(clock.instant()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
    assertThat(clock.nanoTime()).isZero();
    assertThat(new ManualClock(Instant.EPOCH).instant()).isEqualTo(Instant.EPOCH);
  }

  @Test
  void timeMovesOnlyThroughAdvance_s10() {
    clock.advance(Duration.ofSeconds(10));

    assertThat(clock.nanoTime()).isEqualTo(Duration.ofSeconds(10).toNanos());
    assertThat(clock.instant()).isEqualTo(Instant.parse("2026-01-01T00:00:10Z"));
  }

  @Test
  void advanceRunsDueTasksInDueTimeOrderWithTiesInSchedulingOrder_s6_8() {
    clock.schedule(Duration.ofSeconds(3), () -> ran.add("3s"));
    clock.schedule(Duration.ofSeconds(1), () -> ran.add("1s first"));
    clock.schedule(Duration.ofSeconds(2), () -> ran.add("2s"));
    clock.schedule(Duration.ofSeconds(1), () -> ran.add("1s second"));
    clock.schedule(Duration.ofSeconds(11), () -> ran.add("11s"));

    clock.advance(Duration.ofSeconds(10));

    assertThat(ran).containsExactly("1s first", "1s second", "2s", "3s");
    assertThat(clock.pendingTimers()).isEqualTo(1);
    assertThat(clock.nextDue()).contains(Duration.ofSeconds(1));
  }

  @Test
  void aTaskReadsItsOwnDueTimeWhileRunning_s6_8() {
    AtomicReference<Instant> seenInstant = new AtomicReference<>();
    long[] seenNanos = new long[1];
    clock.schedule(
        Duration.ofMillis(55),
        () -> {
          seenNanos[0] = clock.nanoTime();
          seenInstant.set(clock.instant());
        });

    clock.advance(Duration.ofSeconds(10));

    assertThat(seenNanos[0]).isEqualTo(Duration.ofMillis(55).toNanos());
    assertThat(seenInstant.get()).isEqualTo(Instant.parse("2026-01-01T00:00:00.055Z"));
    assertThat(clock.nanoTime()).isEqualTo(Duration.ofSeconds(10).toNanos());
  }

  @Test
  void aTaskIsDueExactlyAtItsTime_s6_8() {
    RdbssClock.Timer timer = clock.schedule(Duration.ofSeconds(10), () -> ran.add("scavenge"));

    clock.advance(Duration.ofMillis(9_999));
    assertThat(ran).isEmpty();
    assertThat(timer.isDone()).isFalse();
    assertThat(clock.nextDue()).contains(Duration.ofMillis(1));

    clock.advance(Duration.ofMillis(1));
    assertThat(ran).containsExactly("scavenge");
    assertThat(timer.isDone()).isTrue();
    assertThat(clock.pendingTimers()).isZero();
    assertThat(clock.nextDue()).isEmpty();
  }

  @Test
  void aCancelledTaskNeverRuns_s6_8() {
    RdbssClock.Timer timer = clock.schedule(Duration.ofSeconds(1), () -> ran.add("cancelled"));

    assertThat(timer.cancel()).isTrue();
    assertThat(timer.isDone()).isTrue();
    assertThat(clock.pendingTimers()).isZero();
    assertThat(timer.cancel()).isFalse();

    clock.advance(Duration.ofSeconds(5));
    assertThat(ran).isEmpty();
  }

  @Test
  void cancellingATaskThatRanAnswersFalse_s6_8() {
    RdbssClock.Timer timer = clock.schedule(Duration.ZERO, () -> ran.add("ran"));
    clock.advance(Duration.ZERO);

    assertThat(timer.cancel()).isFalse();
    assertThat(ran).containsExactly("ran");
  }

  @Test
  void aTaskMayCancelALaterOneDueInTheSameAdvance_s6_8() {
    RdbssClock.Timer[] later = new RdbssClock.Timer[1];
    clock.schedule(Duration.ofSeconds(1), () -> later[0].cancel());
    later[0] = clock.schedule(Duration.ofSeconds(2), () -> ran.add("later"));

    clock.advance(Duration.ofSeconds(3));

    assertThat(ran).isEmpty();
  }

  @Test
  void aZeroDelayTaskScheduledByARunningTaskRunsWithinTheSameAdvance_s6_8() {
    clock.schedule(
        Duration.ofSeconds(1),
        () -> {
          ran.add("parent@" + clock.nanoTime());
          clock.schedule(Duration.ZERO, () -> ran.add("child@" + clock.nanoTime()));
          clock.schedule(Duration.ofSeconds(1), () -> ran.add("rearmed@" + clock.nanoTime()));
          clock.schedule(Duration.ofSeconds(5), () -> ran.add("too late"));
        });
    clock.schedule(Duration.ofSeconds(1), () -> ran.add("sibling@" + clock.nanoTime()));

    clock.advance(Duration.ofSeconds(2));

    long oneSecond = Duration.ofSeconds(1).toNanos();
    assertThat(ran)
        .containsExactly(
            "parent@" + oneSecond,
            "sibling@" + oneSecond, // scheduled before the child, same due time
            "child@" + oneSecond,
            "rearmed@" + 2 * oneSecond);
    assertThat(clock.pendingTimers()).isEqualTo(1);
  }

  @Test
  void aNegativeDelayCountsAsZero_s10() {
    clock.schedule(Duration.ofSeconds(-5), () -> ran.add("now"));

    assertThat(clock.nextDue()).contains(Duration.ZERO);
    clock.advance(Duration.ZERO);
    assertThat(ran).containsExactly("now");
  }

  @Test
  void anEnormousDelayIsAcceptedAndNeverFiresInPractice_s9() {
    // nfs41 "disables" the scavenger with a 128-year timeout (spec §9 pitfall 10).
    clock.schedule(Duration.ofDays(365L * 128), () -> ran.add("never"));
    clock.schedule(Duration.ofSeconds(Long.MAX_VALUE), () -> ran.add("never either"));

    clock.advance(Duration.ofDays(365));

    assertThat(ran).isEmpty();
    assertThat(clock.pendingTimers()).isEqualTo(2);
  }

  @Test
  void anExceptionFromATaskPropagatesOutOfAdvanceAndLeavesLaterTasksPending_s10() {
    clock.schedule(Duration.ofSeconds(1), () -> ran.add("before"));
    clock.schedule(
        Duration.ofSeconds(2),
        () -> {
          throw new IllegalStateException("scavenger broke");
        });
    clock.schedule(Duration.ofSeconds(3), () -> ran.add("after"));

    assertThatThrownBy(() -> clock.advance(Duration.ofSeconds(10)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("scavenger broke");

    assertThat(ran).containsExactly("before");
    assertThat(clock.nanoTime()).isEqualTo(Duration.ofSeconds(2).toNanos());
    assertThat(clock.pendingTimers()).isEqualTo(1);

    clock.advance(Duration.ofSeconds(1));
    assertThat(ran).containsExactly("before", "after");
  }

  @Test
  void timeNeverGoesBackwards_s10() {
    assertThatThrownBy(() -> clock.advance(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aTaskMustNotAdvanceTheClockItRunsOn_s10() {
    clock.schedule(Duration.ZERO, () -> clock.advance(Duration.ofSeconds(1)));

    assertThatThrownBy(() -> clock.advance(Duration.ZERO))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("must not advance");

    clock.advance(Duration.ofSeconds(1)); // the clock is usable again afterwards
    assertThat(clock.nanoTime()).isEqualTo(Duration.ofSeconds(1).toNanos());
  }
}
