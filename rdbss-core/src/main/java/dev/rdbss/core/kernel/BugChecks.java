package dev.rdbss.core.kernel;

import dev.rdbss.api.BugCheckCode;
import dev.rdbss.api.BugCheckError;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The one place where bugchecks are raised and recorded (ARCHITECTURE.md §3.3).
 *
 * <p>Windows stops the machine at the first bugcheck; the simulation throws a {@link
 * BugCheckError}, but a throw alone is not enough: it may happen on a plugin's own thread or inside
 * its future and be swallowed there. So every bugcheck is recorded here the moment it is detected,
 * the first one wins ({@link #first()}), and the runtime refuses further work once one exists
 * ({@link #checkAlive()}), as a crashed machine would. Later ones are kept too ({@link #all()}),
 * because a cascade often explains the first.
 *
 * <p>Hooks ({@link #onBugCheck}) run synchronously on the thread that records, so that the dump
 * (object tree, last trace events) shows the state at the moment of the crash rather than after
 * other threads moved on. Thread-safe.
 */
public final class BugChecks {

  private static final System.Logger LOG = System.getLogger(BugChecks.class.getName());

  private final List<BugCheckError> recorded = new ArrayList<>();
  // The same error is often seen twice: raised (and recorded) deep inside a routine, then caught
  // and recorded again by the worker or the dispatcher that called it. It is recorded once.
  private final Set<BugCheckError> seen = Collections.newSetFromMap(new IdentityHashMap<>());
  private final List<Consumer<BugCheckError>> hooks = new CopyOnWriteArrayList<>();
  // Set once, when the first bugcheck is recorded: checkAlive runs on every request, and reading
  // a volatile is cheaper than taking this object's monitor (rdbss-bench found it on the I/O path).
  private volatile boolean crashed;

  /** A machine that has not crashed yet. */
  public BugChecks() {}

  /**
   * Builds a bugcheck, records it and returns it, so that callers write {@code throw
   * bugChecks.raise(…)}.
   *
   * @param code the stop code
   * @param section the spec section broken, such as {@code "§3.3"}
   * @param explanation what happened and what to check
   * @param params up to four bugcheck parameters
   */
  public BugCheckError raise(
      BugCheckCode code, String section, String explanation, long... params) {
    return record(new BugCheckError(code, section, explanation, params));
  }

  /**
   * Records a bugcheck created elsewhere (for example caught from a plugin's thread) and returns
   * it. Recording the same error object again does nothing more.
   */
  public BugCheckError record(BugCheckError error) {
    synchronized (this) {
      if (!seen.add(error)) {
        return error;
      }
      recorded.add(error);
      crashed = true;
    }
    // Outside the lock: a hook may inspect this object, or other locks, without deadlocking.
    for (Consumer<BugCheckError> hook : hooks) {
      try {
        hook.accept(error);
      } catch (RuntimeException | Error hookFailure) {
        // The crash is already recorded; a failing dump must not hide it.
        LOG.log(Level.ERROR, "a bugcheck hook failed while recording " + error.getMessage(),
            hookFailure);
      }
    }
    return error;
  }

  /** The first bugcheck recorded: the one that stopped the machine. */
  public synchronized Optional<BugCheckError> first() {
    return recorded.isEmpty() ? Optional.empty() : Optional.of(recorded.get(0));
  }

  /** Every bugcheck recorded, first one first (a copy). */
  public synchronized List<BugCheckError> all() {
    return List.copyOf(recorded);
  }

  /** Whether a bugcheck has been recorded. */
  public synchronized boolean hasCrashed() {
    return !recorded.isEmpty();
  }

  /**
   * Refuses further work after a bugcheck (ARCHITECTURE.md §3.3).
   *
   * @throws IllegalStateException if a bugcheck has been recorded
   */
  public void checkAlive() {
    if (!crashed) {
      return;
    }
    Optional<BugCheckError> first = first();
    if (first.isPresent()) {
      throw new IllegalStateException(
          "the simulated machine has stopped after a bugcheck: " + first.get().getMessage(),
          first.get());
    }
  }

  /**
   * Registers {@code hook}, run synchronously on the recording thread for every bugcheck recorded
   * from now on. A hook that throws is logged and does not prevent recording or the other hooks.
   */
  public void onBugCheck(Consumer<BugCheckError> hook) {
    hooks.add(Objects.requireNonNull(hook, "hook"));
  }
}
