package dev.rdbss.cli;

import dev.rdbss.api.observe.ObjectTreeSnapshot;
import dev.rdbss.core.RdbssRuntime;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code rdbss tree}: the live object graph of the simulated machine after a shell script (or,
 * without one, after the demo's opening: two users with mapped drives and open files), as indented
 * text or, with {@code --dot}, as Graphviz DOT.
 *
 * <pre>
 * rdbss tree --dot | dot -Tsvg &gt; tree.svg
 * rdbss tree --dot --script setup.rdbss --output tree.dot
 * </pre>
 */
@Command(
    name = "tree",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Prints the live object tree (SRV_CALL ... FOBX with counts and conditions), after running"
          + " a shell script or, without one, the demo's opening scene."
    },
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {
      "0:the tree was written",
      "1:a command of the script failed",
      "2:usage error (unknown option, missing script file)"
    })
final class TreeCommand implements Callable<Integer> {

  @Option(names = "--dot", description = "Writes Graphviz DOT instead of text.")
  boolean dot;

  @Option(
      names = "--script",
      paramLabel = "FILE",
      description = "Shell commands to run first (as 'rdbss shell --script' runs them).")
  @Nullable Path script;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FILE",
      description = "Writes to FILE instead of standard output.")
  @Nullable Path output;

  @Mixin MachineOptions machineOptions = new MachineOptions();

  @Spec @Nullable CommandSpec spec;

  private final Supplier<RdbssRuntime.Builder> runtimes;

  TreeCommand(Supplier<RdbssRuntime.Builder> runtimes) {
    this.runtimes = runtimes;
  }

  @Override
  public Integer call() {
    CommandLine cmd = commandLine();
    List<String> lines = script == null ? null : ShellCommand.readScript(cmd, script);
    try (Machine machine = machineOptions.build(cmd, runtimes, lines == null ? 2 : 1)) {
      // The script's own output is not the tree: it is dropped, its errors are not.
      Shell shell = new Shell(machine, new PrintWriter(new StringWriter()), Style.plain());
      try {
        return run(cmd, machine, shell, lines);
      } finally {
        shell.logoffAll();
      }
    }
  }

  private int run(CommandLine cmd, Machine machine, Shell shell, @Nullable List<String> lines) {
    {
      if (lines == null) {
        lines = openingScene(machine);
      }
      for (int i = 0; i < lines.size(); i++) {
        Shell.Result r = shell.execute(lines.get(i));
        if (r.outcome() == Shell.Outcome.FAILED) {
          String where = script == null ? "opening scene" : script.toString();
          cmd.getErr().println("error: " + where + ":" + (i + 1) + ": " + r.error());
          cmd.getErr().flush();
          return CommandLine.ExitCode.SOFTWARE;
        }
        if (r.outcome() == Shell.Outcome.EXIT) {
          break;
        }
      }
      ObjectTreeSnapshot snapshot = machine.runtime().observation().snapshot();
      String text = dot ? TreeView.dot(snapshot) : TreeView.text(snapshot, Style.plain());
      if (output == null) {
        cmd.getOut().print(text);
        cmd.getOut().flush();
      } else {
        write(output, text);
      }
      return CommandLine.ExitCode.OK;
    }
  }

  /** Two users, mapped drives and open files: what {@code tree} shows without a script. */
  static List<String> openingScene(Machine machine) {
    String unc = "\\\\" + Machine.SERVER + "\\" + machine.shares().get(0);
    return List.of(
        "net use X: " + unc,
        "echo Q3 report, draft 1 > X:\\report.txt",
        "open X:\\report.txt",
        "logon " + machine.users().get(1),
        "net use Y: " + unc,
        "open Y:\\report.txt",
        "mkdir Y:\\archive",
        "open Y:\\archive");
  }

  private static void write(Path file, String text) {
    try {
      Files.writeString(file, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  private CommandLine commandLine() {
    CommandSpec own = spec;
    if (own == null) {
      throw new IllegalStateException("picocli did not inject the command spec");
    }
    return own.commandLine();
  }
}
