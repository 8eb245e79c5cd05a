package dev.rdbss.api.observe;

import java.util.List;
import java.util.Optional;

/**
 * The observation surface of a runtime (ARCHITECTURE.md §3.5): the trace, object-tree snapshots and
 * the bugcheck dump. Everything a test, the TCK or the CLI needs to see inside, and nothing that
 * lets it change state.
 */
public interface Observation {

  /** Registers a listener for every future event. */
  void addTraceListener(TraceListener listener);

  /** Removes a listener. */
  void removeTraceListener(TraceListener listener);

  /** The last {@code count} events (at most the runtime's trace buffer), oldest first. */
  List<TraceEvent> recentEvents(int count);

  /** A snapshot of every live object. */
  ObjectTreeSnapshot snapshot();

  /** The dump of the bugcheck that stopped the runtime, if one did. */
  Optional<BugCheckDump> bugCheck();
}
