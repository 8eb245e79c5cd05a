package dev.rdbss.core;

import java.util.List;

/**
 * Objects were still alive when a runtime closed or a mini-redirector was unregistered (issue 4
 * point 9), and {@link RdbssSettings#FAIL_ON_LEAK} asked for a failure. Each line names the
 * object's type and name, its reference count and what holds it, which is usually enough to find
 * the handle that was never closed or the reference that was never given back.
 */
public final class LeakException extends IllegalStateException {

  private static final long serialVersionUID = 1L;

  /** The leak lines, one per object. */
  private final List<String> leaks;

  /** A leak report for {@code leaks} (at least one line). */
  public LeakException(List<String> leaks) {
    super(leaks.size() + " RDBSS object(s) leaked:\n  " + String.join("\n  ", leaks));
    this.leaks = List.copyOf(leaks);
  }

  /** One line per leaked object. */
  public List<String> leaks() {
    return leaks;
  }
}
