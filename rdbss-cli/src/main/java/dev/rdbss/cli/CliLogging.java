package dev.rdbss.cli;

import dev.rdbss.core.RdbssRuntime;
import java.io.PrintStream;
import java.lang.System.Logger.Level;

/**
 * How much of the process's {@link System.Logger} output the command shows. A static switch,
 * because the JDK creates the logger finder itself (through {@code ServiceLoader}) before any
 * command runs; a command sets it from {@code --verbose} and {@code --debug} before it builds a
 * runtime.
 *
 * <ul>
 *   <li>By default WARNING and above, so that the core's INFO lines ("found mini-redirector …") do
 *       not clutter a listing that already shows the same facts.
 *   <li>With {@code --verbose}, INFO too.
 *   <li>With {@code --debug}, everything down to DEBUG, with stack traces.
 * </ul>
 *
 * <p>Records of the core's provider discovery are shown only with {@code --verbose}, whatever the
 * level: every command reports the discovery outcome itself, as {@code error:} lines, and the same
 * failure printed twice reads like two failures.
 */
final class CliLogging {


  private static volatile boolean verbose;
  private static volatile boolean debug;
  private static volatile PrintStream sink = System.err;

  private CliLogging() {}

  /** Sets the switches; called by a command before it builds a runtime. */
  static void configure(boolean verbose, boolean debug) {
    CliLogging.verbose = verbose;
    CliLogging.debug = debug;
  }

  /** Whether stack traces are shown ({@code --debug}). */
  static boolean debug() {
    return debug;
  }

  /** Where log lines go; System.err unless a test replaces it. */
  static PrintStream sink() {
    return sink;
  }

  /** Replaces the sink; for tests. */
  static void sink(PrintStream stream) {
    sink = stream;
  }

  /** Whether a record of {@code level} from the logger {@code name} is shown. */
  static boolean isLoggable(String name, Level level) {
    if (level == Level.OFF) {
      return false;
    }
    if (!verbose && name.equals(RdbssRuntime.DISCOVERY_LOGGER)) {
      return false;
    }
    Level threshold = debug ? Level.DEBUG : verbose ? Level.INFO : Level.WARNING;
    return level.getSeverity() >= threshold.getSeverity();
  }
}
