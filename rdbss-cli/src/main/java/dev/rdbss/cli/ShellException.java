package dev.rdbss.cli;

/**
 * A shell command that failed for a reason the user can act on (a status, a bad path, a missing
 * argument). The shell prints its message as one {@code error:} line; never a stack trace.
 */
final class ShellException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  ShellException(String message) {
    super(message);
  }
}
