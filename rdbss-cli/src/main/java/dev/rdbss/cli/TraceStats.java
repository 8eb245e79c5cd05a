package dev.rdbss.cli;

import dev.rdbss.api.NtStatus;
import dev.rdbss.api.observe.TraceEvent;
import dev.rdbss.api.observe.TraceListener;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The demo's closing counters, gathered from the trace as it happens: how often each RDBSS routine
 * and each mini-redirector callback ran, and every status answered, with counts.
 */
final class TraceStats implements TraceListener {

  /** A name and how often it was seen. */
  record Count(String name, long count) {}

  private final Map<String, LongAdder> routines = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> callbacks = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> hostRequests = new ConcurrentHashMap<>();
  private final Map<NtStatus, LongAdder> statuses = new ConcurrentHashMap<>();
  private final LongAdder events = new LongAdder();
  // (sequence, name) of every routine and callback, for "how often since" questions.
  private final java.util.concurrent.ConcurrentLinkedQueue<Count> calls =
      new java.util.concurrent.ConcurrentLinkedQueue<>();

  @Override
  public void onEvent(TraceEvent e) {
    events.increment();
    switch (e.kind()) {
      case ROUTINE:
        count(routines, e.name());
        calls.add(new Count(e.name(), e.sequence()));
        break;
      case CALLBACK:
        count(callbacks, e.name());
        break;
      case HOST_REQUEST:
        count(hostRequests, e.name());
        break;
      default:
        break;
    }
    NtStatus status = e.status();
    if (status != null) {
      statuses.computeIfAbsent(status, s -> new LongAdder()).increment();
    }
  }

  private static void count(Map<String, LongAdder> into, String name) {
    into.computeIfAbsent(name, n -> new LongAdder()).increment();
  }

  long events() {
    return events.sum();
  }

  /** The RDBSS routines, most frequent first. */
  List<Count> routines() {
    return sorted(routines);
  }

  /** The mini-redirector callbacks, most frequent first. */
  List<Count> callbacks() {
    return sorted(callbacks);
  }

  /** The host requests, most frequent first. */
  List<Count> hostRequests() {
    return sorted(hostRequests);
  }

  /** Every status seen, most frequent first. */
  List<Count> statuses() {
    List<Count> list = new ArrayList<>();
    statuses.forEach((s, n) -> list.add(new Count(s.name(), n.sum())));
    list.sort(ORDER);
    return list;
  }

  /** How often the routine {@code name} ran after trace sequence {@code sequence}. */
  long callsSince(long sequence, String name) {
    return calls.stream().filter(c -> c.count() > sequence && c.name().equals(name)).count();
  }

  /** How often {@code name} ran as a routine or callback. */
  long calls(String name) {
    LongAdder r = routines.get(name);
    LongAdder c = callbacks.get(name);
    return (r == null ? 0 : r.sum()) + (c == null ? 0 : c.sum());
  }

  private static final Comparator<Count> ORDER =
      Comparator.comparingLong(Count::count).reversed().thenComparing(Count::name);

  private static List<Count> sorted(Map<String, LongAdder> map) {
    List<Count> list = new ArrayList<>();
    map.forEach((k, v) -> list.add(new Count(k, v.sum())));
    list.sort(ORDER);
    return list;
  }
}
