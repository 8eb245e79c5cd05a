package dev.rdbss.core.engine;

import dev.rdbss.api.BugCheckCode;
import dev.rdbss.api.BugCheckError;
import dev.rdbss.api.NtStatus;
import dev.rdbss.api.observe.ObjectRef;
import dev.rdbss.api.observe.TraceEvent;
import dev.rdbss.core.trace.Tracer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Calls into the mini-redirector: every dispatch entry goes through here, so each call is traced and
 * an unchecked exception escaping a plugin becomes bugcheck 0x7E naming the entry (ARCHITECTURE.md
 * §3.3), never a half-updated RDBSS.
 */
final class Callbacks {

  private final Device device;

  Callbacks(Device device) {
    this.device = device;
  }

  /** Calls an entry that answers a status. A {@code null} answer is a contract violation. */
  NtStatus call(String entry, @Nullable RxNode about, Supplier<NtStatus> body) {
    NtStatus status = invoke(entry, about, body);
    if (status == null) {
      throw device.bugChecks()
          .raise(
              BugCheckCode.DRIVER_VERIFIER_DETECTED_VIOLATION,
              "§5.2",
              "MiniRedirector." + entry + " returned null; every entry answers an NtStatus");
    }
    return status;
  }

  /** Calls an entry whose result Windows ignores. */
  void run(String entry, @Nullable RxNode about, Runnable body) {
    invoke(
        entry,
        about,
        () -> {
          body.run();
          return null;
        });
  }

  /** Calls an entry that answers a value (for example {@code extractNetRootName}). */
  <T> T get(String entry, @Nullable RxNode about, Supplier<T> body) {
    T value = invoke(entry, about, body);
    if (value == null) {
      throw device.bugChecks()
          .raise(
              BugCheckCode.DRIVER_VERIFIER_DETECTED_VIOLATION,
              "§5.2",
              "MiniRedirector." + entry + " returned null");
    }
    return value;
  }

  private <T> @Nullable T invoke(String entry, @Nullable RxNode about, Supplier<T> body) {
    try (Tracer.Call call = device.tracer().begin()) {
      // Taken before the call: the plugin may free the object (a finalize entry).
      ObjectRef ref = about == null || !call.isRecording() ? null : about.ref();
      T result;
      try {
        result = body.get();
      } catch (BugCheckError e) {
        // Raised (and recorded) by a routine the plugin called: already explained.
        throw e;
      } catch (RuntimeException | Error e) {
        throw device.bugChecks()
            .record(
                new BugCheckError(
                BugCheckCode.SYSTEM_THREAD_EXCEPTION_NOT_HANDLED,
                "§5.2",
                e.getClass().getName()
                    + " escaped MiniRedirector."
                    + entry
                    + (about == null ? "" : " (on " + about + ")")
                    + ": "
                    + e.getMessage()
                    + ". A mini-redirector reports failures as NtStatus values; it never lets an"
                    + " exception reach RDBSS.",
                e));
      }
      call.record(
          TraceEvent.Kind.CALLBACK,
          device.name(),
          entry,
          ref,
          -1,
          -1,
          result instanceof NtStatus s ? s : null,
          "");
      return result;
    }
  }
}
