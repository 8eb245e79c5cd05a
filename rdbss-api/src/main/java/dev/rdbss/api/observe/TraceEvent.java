package dev.rdbss.api.observe;

import dev.rdbss.api.NtStatus;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One traced call (ARCHITECTURE.md §3.5): an RDBSS routine, a mini-redirector callback, or a request
 * of the host API. Events are recorded when the call returns, so a call made inside another appears
 * before it; {@link #depth()} gives the nesting on that thread.
 *
 * <p>Traces never contain credentials.
 *
 * @param sequence a number increasing across the whole runtime, in recording order
 * @param nanoTime the runtime clock's reading when the call returned
 * @param thread the name of the calling thread
 * @param kind what was called
 * @param device the device name of the mini-redirector concerned, or empty
 * @param name the Java name of the routine or callback, e.g. {@code forceFinalizeAllVNetRoots}
 * @param object the object the call was about, if any
 * @param countBefore the object's reference count before the call (-1 if none)
 * @param countAfter the object's reference count after the call (-1 if none or freed)
 * @param status the status answered, if the call answers one
 * @param depth nesting of traced calls on the thread, 0 for the outermost
 * @param detail a short free-form note (arguments, the outcome of a boolean routine)
 */
public record TraceEvent(
    long sequence,
    long nanoTime,
    String thread,
    Kind kind,
    String device,
    String name,
    @Nullable ObjectRef object,
    int countBefore,
    int countAfter,
    @Nullable NtStatus status,
    int depth,
    String detail) {

  public TraceEvent {
    Objects.requireNonNull(thread, "thread");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(device, "device");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(detail, "detail");
  }

  /** What kind of call an event records. */
  public enum Kind {
    /** A routine of {@code Rdbss} (what RDBSS does), called by a plugin or by RDBSS itself. */
    ROUTINE,
    /** An entry of {@code MiniRedirector} (what RDBSS asks the plugin to do). */
    CALLBACK,
    /** A request of the host API ({@code open}, {@code read}, {@code netUse}, …). */
    HOST_REQUEST,
    /** Something the runtime did on its own: registration, scavenger passes, a bugcheck. */
    RUNTIME
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    sb.append(sequence).append(' ').append("  ".repeat(Math.max(0, depth)));
    sb.append(kind == Kind.CALLBACK ? "MRx." : "").append(name);
    if (object != null) {
      sb.append(' ').append(object);
    }
    if (countBefore >= 0 || countAfter >= 0) {
      sb.append(" refs ").append(countBefore).append("->").append(countAfter);
    }
    if (status != null) {
      sb.append(" = ").append(status);
    }
    if (!detail.isEmpty()) {
      sb.append(" (").append(detail).append(')');
    }
    return sb.toString();
  }
}
