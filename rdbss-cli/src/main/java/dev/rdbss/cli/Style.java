package dev.rdbss.cli;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * How the command colours its output: ANSI colours on an interactive terminal, plain text when the
 * output is a pipe or a file, under CI ({@code CI=true}), with {@code NO_COLOR} set, or on a dumb
 * terminal. Logs and test transcripts must stay greppable, so plain is the default whenever in
 * doubt.
 */
final class Style {

  private static final String RESET = "\u001b[0m";

  private final boolean colour;

  private Style(boolean colour) {
    this.colour = colour;
  }

  /** No colour at all. */
  static Style plain() {
    return new Style(false);
  }

  /** Colours, whatever the output is. */
  static Style coloured() {
    return new Style(true);
  }

  /**
   * Colours only where a person reads the output live.
   *
   * @param interactive whether standard output is a terminal ({@code System.console() != null})
   */
  static Style detect(Map<String, String> environment, boolean interactive) {
    return new Style(
        interactive
            && !truthy(environment.get("CI"))
            && !environment.containsKey("NO_COLOR")
            && !"dumb".equals(environment.get("TERM")));
  }

  /** The choice for this process. */
  static Style forThisProcess() {
    return detect(System.getenv(), System.console() != null);
  }

  private static boolean truthy(@Nullable String value) {
    return value != null
        && !value.isEmpty()
        && !value.equalsIgnoreCase("false")
        && !value.equals("0");
  }

  /** Whether this style emits escape codes. */
  boolean isColoured() {
    return colour;
  }

  String heading(String s) {
    return paint("1;36", s);
  }

  String command(String s) {
    return paint("1", s);
  }

  String good(String s) {
    return paint("32", s);
  }

  String bad(String s) {
    return paint("31", s);
  }

  String warn(String s) {
    return paint("33", s);
  }

  String dim(String s) {
    return paint("2", s);
  }

  String object(String s) {
    return paint("35", s);
  }

  /** A status name, green for success, yellow for information and warnings, red for errors. */
  String status(dev.rdbss.api.NtStatus status) {
    String text = status.name();
    if (status.isSuccess()) {
      return good(text);
    }
    return status.isError() ? bad(text) : warn(text);
  }

  private String paint(String code, String s) {
    return colour ? "\u001b[" + code + "m" + s + RESET : s;
  }

  @Override
  public String toString() {
    return colour ? "Style[colour]" : "Style[plain]";
  }
}
