package dev.rdbss.cli;

import dev.rdbss.core.RdbssRuntime;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.function.Supplier;
import picocli.CommandLine;

/** One in-process run of the command line: exit status and what it printed. */
record CliRun(int status, String out, String err) {

  static CliRun of(Supplier<RdbssRuntime.Builder> runtimes, String... args) {
    CommandLine cli = RdbssCli.commandLine(runtimes);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int status = cli.execute(args);
    return new CliRun(status, out.toString(), err.toString());
  }

  List<String> outLines() {
    return out.lines().toList();
  }

  List<String> errLines() {
    return err.lines().toList();
  }

  /** The lines a command reports as errors. */
  List<String> errorLines() {
    return err.lines().filter(l -> l.startsWith("error: ")).toList();
  }

  /** Whether stderr holds a stack-trace frame. */
  boolean hasStackTrace() {
    return err.lines().anyMatch(l -> l.matches("\\s+at .+\\(.*\\)"));
  }
}
