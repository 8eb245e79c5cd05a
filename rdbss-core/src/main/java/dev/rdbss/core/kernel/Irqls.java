package dev.rdbss.core.kernel;

import dev.rdbss.api.BugCheckCode;
import dev.rdbss.api.Irql;
import dev.rdbss.api.spi.IrqlScope;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;

/**
 * The simulated interrupt request level of each thread (ARCHITECTURE.md §3.3, spec §3.3).
 *
 * <p>A thread starts at {@link Irql#PASSIVE_LEVEL}. {@link #raise} pushes a level for a scope, and
 * closing the scope pops it, as {@code KeRaiseIrql}/{@code KeLowerIrql} pairs do. The rules Windows
 * enforces become bugchecks here: raising to a lower level is {@code IRQL_NOT_GREATER_OR_EQUAL};
 * closing scopes out of order or on another thread is a Driver Verifier violation (the IRQL belongs
 * to the processor the thread runs on, so another thread cannot lower it); calling a routine above
 * its bound ({@link #requireAtMost}) is {@code IRQL_NOT_LESS_OR_EQUAL}.
 *
 * <p>Bugcheck parameters: 1 the current level, 2 the requested level or bound.
 */
public final class Irqls {

  private final BugChecks bugChecks;
  // Each thread's open scopes, innermost last. Only the owning thread touches its deque, so it
  // needs no locking; a scope closed on another thread is rejected before touching it.
  private final ThreadLocal<Deque<Scope>> scopes = ThreadLocal.withInitial(ArrayDeque::new);

  /** IRQLs whose violations are recorded in {@code bugChecks}. */
  public Irqls(BugChecks bugChecks) {
    this.bugChecks = Objects.requireNonNull(bugChecks, "bugChecks");
  }

  /** The calling thread's level ({@link Irql#PASSIVE_LEVEL} for a thread that never raised). */
  public Irql current() {
    Scope innermost = scopes.get().peekLast();
    return innermost == null ? Irql.PASSIVE_LEVEL : innermost.level;
  }

  /**
   * Raises the calling thread's level to {@code level} until the returned scope is closed. Raising
   * to the current level is allowed (Windows allows it too); raising to a lower one is a bugcheck.
   */
  public IrqlScope raise(Irql level) {
    Objects.requireNonNull(level, "level");
    Irql previous = current();
    if (!previous.isAtMost(level)) {
      throw bugChecks.raise(
          BugCheckCode.IRQL_NOT_GREATER_OR_EQUAL,
          "§3.3",
          "raiseIrql(" + level + ") called at " + previous + "; a raise must not lower the level."
              + " Close the scope that raised it instead.",
          previous.value(),
          level.value());
    }
    Scope scope = new Scope(Thread.currentThread(), scopes.get(), previous, level);
    scope.stack.addLast(scope);
    return scope;
  }

  /**
   * Checks that the calling thread runs at most at {@code bound}, as a routine documented
   * "IRQL &lt;= bound" requires.
   *
   * @param routine the routine being called, as the plugin author knows it
   * @param section the spec section that bounds it, such as {@code "§2.4"}
   */
  public void requireAtMost(Irql bound, String routine, String section) {
    Irql level = current();
    if (!level.isAtMost(bound)) {
      throw bugChecks.raise(
          BugCheckCode.IRQL_NOT_LESS_OR_EQUAL,
          section,
          routine + " called at " + level + "; it requires IRQL <= " + bound + " (" + section
              + ")",
          level.value(),
          bound.value());
    }
  }

  /** One raise; knows its thread so that a close elsewhere is caught rather than corrupting. */
  private final class Scope implements IrqlScope {
    private final Thread thread;
    private final Deque<Scope> stack;
    private final Irql previous;
    private final Irql level;
    private boolean closed; // only read and written by the raising thread

    Scope(Thread thread, Deque<Scope> stack, Irql previous, Irql level) {
      this.thread = thread;
      this.stack = stack;
      this.previous = previous;
      this.level = level;
    }

    @Override
    public Irql previous() {
      return previous;
    }

    @Override
    public void close() {
      Thread caller = Thread.currentThread();
      if (caller != thread) {
        throw bugChecks.raise(
            BugCheckCode.DRIVER_VERIFIER_DETECTED_VIOLATION,
            "§3.3",
            "an IRQL scope raised to " + level + " on thread " + thread.getName()
                + " was closed on thread " + caller.getName()
                + "; the IRQL belongs to the raising thread, which must lower it itself.",
            level.value(),
            previous.value());
      }
      if (closed) {
        return;
      }
      if (stack.peekLast() != this) {
        Scope innermost = Objects.requireNonNull(stack.peekLast());
        throw bugChecks.raise(
            BugCheckCode.DRIVER_VERIFIER_DETECTED_VIOLATION,
            "§3.3",
            "IRQL scopes closed out of order: the scope raising " + previous + " -> " + level
                + " was closed while the later scope raising " + innermost.previous + " -> "
                + innermost.level + " is still open. Close scopes in reverse order of raising"
                + " (try-with-resources does).",
            level.value(),
            innermost.level.value());
      }
      stack.removeLast();
      closed = true;
    }

    @Override
    public String toString() {
      return "IrqlScope[" + previous + " -> " + level + " on " + thread.getName()
          + (closed ? ", closed]" : "]");
    }
  }
}
