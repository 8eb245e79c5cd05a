package dev.rdbss.cli;

import dev.rdbss.api.NtStatus;
import java.io.PrintWriter;
import java.time.Duration;

/**
 * Prints the demo: stage headings, each user's action with the status it got, and notes. With a
 * pace, it pauses after each action so that a person can follow; tests and CI run with none.
 */
final class Narrator {

  private final PrintWriter out;
  private final Style style;
  private final Duration pace;
  private final int stages;
  private int stage;

  Narrator(PrintWriter out, Style style, Duration pace, int stages) {
    this.out = out;
    this.style = style;
    this.pace = pace;
    this.stages = stages;
  }

  Style style() {
    return style;
  }

  void title(String text) {
    out.println(style.heading(text));
    out.flush();
  }

  void stage(String text) {
    stage++;
    out.println();
    out.println(style.heading("[" + stage + "/" + stages + "] " + text));
    out.flush();
  }

  /** {@code alice> net use X: \\files\docs  SUCCESS}, then the pause. */
  void action(String who, String what, NtStatus status) {
    out.println(
        "  "
            + style.command(String.format("%-6s", who + ">"))
            + " "
            + what
            + "  "
            + style.dim("->")
            + " "
            + style.status(status));
    out.flush();
    pause();
  }

  /** An action whose result is not a status: {@code bob> type Y:\report.txt  "Q3: draft"}. */
  void action(String who, String what, String result) {
    out.println(
        "  " + style.command(String.format("%-6s", who + ">")) + " " + what + "  " + style.dim("->")
            + " " + result);
    out.flush();
    pause();
  }

  /** An explanation of what just happened inside RDBSS. */
  void note(String text) {
    out.println("         " + style.dim(text));
    out.flush();
  }

  /** A block of lines (a tree, a table), indented. */
  void block(String text) {
    text.lines().forEach(l -> out.println("    " + l));
    out.flush();
    pause();
  }

  void line(String text) {
    out.println(text);
    out.flush();
  }

  private void pause() {
    if (pace.isZero()) {
      return;
    }
    try {
      Thread.sleep(pace.toMillis()); // pacing for a human reader only; never in tests (--pace 0)
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
