package dev.rdbss.tck;

/**
 * A rule's verdict on a plugin (issue 8 point 2): what was expected, what happened, and what to
 * check in the plugin, one per line, so that the report says it all without a stack trace.
 */
public final class TckFailure extends AssertionError {

  private static final long serialVersionUID = 1L;

  TckFailure(String rule, String expected, String happened, String check, Throwable cause) {
    super(message(rule, expected, happened, check), cause);
  }

  TckFailure(String rule, String expected, String happened, String check) {
    super(message(rule, expected, happened, check));
  }

  private static String message(String rule, String expected, String happened, String check) {
    return rule + "\n  expected: " + expected + "\n  happened: " + happened
        + "\n  check in the plugin: " + check;
  }
}
