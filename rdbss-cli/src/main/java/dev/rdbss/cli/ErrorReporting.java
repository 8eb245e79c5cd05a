package dev.rdbss.cli;

import java.io.PrintWriter;
import java.util.List;
import org.jspecify.annotations.Nullable;
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
    String unknownCommand = unknownCommand(ex, cmd);
    if (unknownCommand != null) {
      err.println(
          "error: unknown command '"
              + unknownCommand
              + "'; the commands are "
              + String.join(", ", cmd.getSubcommands().keySet()));
    } else {
      err.println("error: " + ex.getMessage());
    }
    UnmatchedArgumentException.printSuggestions(ex, err);
    err.println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for more information.");
    err.flush();
    return cmd.getCommandSpec().exitCodeOnInvalidInput();
  }

  /**
   * The word given where a command name belongs ({@code rdbss dmeo}), or null: picocli reports it
   * as an "unmatched argument", which does not tell the user what went wrong.
   */
  private static @Nullable String unknownCommand(ParameterException ex, CommandLine cmd) {
    if (!(ex instanceof UnmatchedArgumentException) || cmd.getSubcommands().isEmpty()) {
      return null;
    }
    List<String> unmatched = ((UnmatchedArgumentException) ex).getUnmatched();
    if (unmatched.isEmpty() || unmatched.get(0).startsWith("-")) {
      return null;
    }
    // Only when nothing of this command was matched before it: a word after a subcommand's own
    // arguments is not a command name.
    return cmd.getParseResult() == null || cmd.getParseResult().expandedArgs().indexOf(unmatched.get(0)) == 0
        ? unmatched.get(0)
        : null;
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
