package dev.rdbss.core.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rdbss.api.NtStatus;
import dev.rdbss.api.observe.TraceEvent;
import dev.rdbss.api.observe.TraceListener;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The trace behind {@code trace N}, the bugcheck dump and the TCK's listeners (ARCHITECTURE.md
 * §3.5): a bounded ring of the latest events, nesting depth per thread, synchronous listeners that
 * cannot lose an event, and an off switch.
 */
class TracerTest {

  private final AtomicLong clock = new AtomicLong();

  private static void routine(Tracer tracer, String name) {
    try (Tracer.Call call = tracer.begin()) {
      call.record(TraceEvent.Kind.ROUTINE, "dev", name, null, 1, 2, NtStatus.SUCCESS, "");
    }
  }

  @Test
  void theRingKeepsTheLatestEventsOldestFirst() {
    Tracer tracer = new Tracer(clock::incrementAndGet, 3);
    for (int i = 1; i <= 5; i++) {
      routine(tracer, "r" + i);
    }
    assertThat(tracer.recent(10)).extracting(TraceEvent::name).containsExactly("r3", "r4", "r5");
    assertThat(tracer.recent(2)).extracting(TraceEvent::name).containsExactly("r4", "r5");
    assertThat(tracer.lastSequence()).as("sequence numbers keep counting").isEqualTo(5);
    assertThat(tracer.recent(10)).extracting(TraceEvent::nanoTime).isSorted();
  }

  @Test
  void aRingNeedsRoomForOneEvent() {
    assertThatThrownBy(() -> new Tracer(clock::get, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aCallInsideACallIsOneLevelDeeperAndClosingRestoresTheDepth() {
    Tracer tracer = new Tracer(clock::get, 100);
    try (Tracer.Call outer = tracer.begin()) {
      routine(tracer, "inner");
      tracer.record(TraceEvent.Kind.RUNTIME, "dev", "runtime", null, null, "inside outer");
      outer.record(TraceEvent.Kind.CALLBACK, "dev", "outer", null, -1, -1, null, "");
    }
    routine(tracer, "after");
    assertThat(tracer.recent(10))
        .extracting(e -> e.name() + "@" + e.depth())
        .containsExactly("inner@1", "runtime@1", "outer@0", "after@0");
  }

  @Test
  void aThrowingListenerLosesNoEventAndOtherListenersStillHearIt() {
    Tracer tracer = new Tracer(clock::get, 100);
    List<String> heard = new CopyOnWriteArrayList<>();
    tracer.addListener(e -> {
      throw new IllegalStateException("listener bug");
    });
    TraceListener recorder = e -> heard.add(e.name());
    tracer.addListener(recorder);
    routine(tracer, "first");
    tracer.removeListener(recorder);
    routine(tracer, "second");
    assertThat(heard).containsExactly("first");
    assertThat(tracer.recent(10)).extracting(TraceEvent::name).containsExactly("first", "second");
  }

  @Test
  void switchedOffNothingIsRecordedButCallsStillNest() {
    Tracer tracer = new Tracer(clock::get, 100);
    tracer.setEnabled(false);
    assertThat(tracer.isEnabled()).isFalse();
    try (Tracer.Call outer = tracer.begin()) {
      routine(tracer, "unseen");
    }
    tracer.setEnabled(true);
    routine(tracer, "seen");
    assertThat(tracer.recent(10))
        .singleElement()
        .satisfies(e -> {
          assertThat(e.name()).isEqualTo("seen");
          assertThat(e.depth()).isZero();
          assertThat(e.thread()).isEqualTo(Thread.currentThread().getName());
        });
  }
}
