package dev.rdbss.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * How errors reach the user: one {@code error: <message>} line on standard error, never a stack
 * trace unless {@code --debug} was given. picocli's defaults print the whole usage help after a
 * mistyped option, and a stack trace after an unexpected exception.
 */
final class ErrorReporting {

  private ErrorReporting() {}

  /** A usage error (exit status 2): the message, picocli's suggestions, and where to find help. */
  static int usageError(ParameterException ex, String[] args) {
    CommandLine cmd = ex.getCommandLine();
    PrintWriter err = cmd.getErr();
    err.println("error: " + ex.getMessage());
    UnmatchedArgumentException.printSuggestions(ex, err);
    err.println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for more information.");
    err.flush();
    return cmd.getCommandSpec().exitCodeOnInvalidInput();
  }

  /** An exception a command did not expect (exit status 1). */
  static int unexpected(Exception ex, CommandLine cmd, boolean debug) {
    PrintWriter err = cmd.getErr();
    err.println("error: " + describe(ex));
    if (debug) {
      ex.printStackTrace(err);
    } else {
      err.println("Run with --debug for the stack trace.");
    }
    err.flush();
    return cmd.getCommandSpec().exitCodeOnExecutionException();
  }

  /** The message of a throwable, or its class when it has none (a bare NullPointerException). */
  static String describe(Throwable t) {
    String message = t.getMessage();
    return message == null || message.isBlank() ? t.toString() : message;
  }
}
