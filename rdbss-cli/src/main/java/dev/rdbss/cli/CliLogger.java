package dev.rdbss.cli;

import java.io.PrintStream;
import java.text.MessageFormat;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;
import org.jspecify.annotations.Nullable;

/**
 * Prints a record as one line, {@code rdbss: <level>: <message>}, on standard error; the level
 * filter is {@link CliLogging}'s. A thrown exception is appended to the line as its one-line
 * summary; its stack trace is printed only with {@code --debug}.
 */
final class CliLogger implements System.Logger {

  private final String name;

  CliLogger(String name) {
    this.name = name;
  }

  @Override
  public String getName() {
    return name;
  }

  @Override
  public boolean isLoggable(Level level) {
    return CliLogging.isLoggable(name, level);
  }

  @Override
  public void log(
      Level level,
      @Nullable ResourceBundle bundle,
      @Nullable String msg,
      @Nullable Throwable thrown) {
    if (isLoggable(level)) {
      print(level, localize(bundle, msg), thrown);
    }
  }

  @Override
  public void log(
      Level level,
      @Nullable ResourceBundle bundle,
      @Nullable String format,
      @Nullable Object @Nullable ... params) {
    if (!isLoggable(level)) {
      return;
    }
    String pattern = localize(bundle, format);
    // As java.util.logging does: only a message with parameters is a MessageFormat pattern, so a
    // message without them may contain quotes and braces.
    print(level, params == null || params.length == 0 ? pattern : format(pattern, params), null);
  }

  /** A logger never throws: a malformed pattern is printed as it is, followed by the parameters. */
  private static String format(String pattern, @Nullable Object[] params) {
    try {
      return new MessageFormat(pattern, Locale.ROOT).format(params);
    } catch (IllegalArgumentException e) {
      return pattern + " " + java.util.Arrays.toString(params);
    }
  }

  private static String localize(@Nullable ResourceBundle bundle, @Nullable String msg) {
    if (msg == null) {
      return "";
    }
    if (bundle != null) {
      try {
        return bundle.getString(msg);
      } catch (MissingResourceException e) {
        return msg;
      }
    }
    return msg;
  }

  private static void print(Level level, String text, @Nullable Throwable thrown) {
    StringBuilder line =
        new StringBuilder("rdbss: ")
            .append(level.getName().toLowerCase(Locale.ROOT))
            .append(": ")
            .append(text);
    // Most messages already name their cause; say it once.
    if (thrown != null && !text.contains(String.valueOf(thrown))) {
      line.append(": ").append(thrown);
    }
    PrintStream out = CliLogging.sink();
    // One println per record, so that records of concurrent threads never interleave mid-line.
    out.println(line);
    if (thrown != null && CliLogging.debug()) {
      thrown.printStackTrace(out);
    }
    out.flush();
  }
}
