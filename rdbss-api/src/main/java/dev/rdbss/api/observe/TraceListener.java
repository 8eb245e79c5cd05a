package dev.rdbss.api.observe;

/**
 * Receives trace events as they are recorded, on the thread that made the call. A listener must be
 * quick and must not call back into the runtime; an exception it throws is logged and dropped.
 */
@FunctionalInterface
public interface TraceListener {

  /** One event. */
  void onEvent(TraceEvent event);
}
