package dev.rdbss.api.observe;

import dev.rdbss.api.BugCheckError;
import java.util.List;
import java.util.Objects;

/**
 * What the runtime keeps after a bugcheck (ARCHITECTURE.md §3.3): the error, the object tree at the
 * moment it was detected, and the last trace events before it.
 *
 * @param error the bugcheck
 * @param thread the thread that detected it
 * @param objectTree the objects alive at that moment
 * @param lastEvents the last trace events, oldest first
 */
public record BugCheckDump(
    BugCheckError error, String thread, ObjectTreeSnapshot objectTree, List<TraceEvent> lastEvents) {

  public BugCheckDump {
    Objects.requireNonNull(error, "error");
    Objects.requireNonNull(thread, "thread");
    Objects.requireNonNull(objectTree, "objectTree");
    lastEvents = List.copyOf(lastEvents);
  }
}
