package dev.rdbss.cli;

import dev.rdbss.core.RdbssRuntime;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.MalformedInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.DefaultParser;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code rdbss shell}: an interactive session on the simulated machine (JLine: line editing, tab
 * completion, history), or {@code --script FILE} to run the same commands without a terminal.
 *
 * <p>A script echoes each command after its prompt, as a transcript, and stops at the first command
 * that fails, with exit status 1; that line's {@code error:} names the file and line.
 */
@Command(
    name = "shell",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "An interactive Windows-like shell on the simulated machine: net use, dir, type, copy, del,"
          + " mkdir, ren, tree, trace, server fault ... ('help' lists them).",
    },
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {
      "0:the session ended normally, or every command of the script succeeded",
      "1:a command of the script failed (the script stops there unless --keep-going)",
      "2:usage error (unknown option, missing script file)"
    })
final class ShellCommand implements Callable<Integer> {

  /** Opens the terminal of an interactive session; tests hand in a dumb one over streams. */
  @FunctionalInterface
  interface TerminalFactory {
    Terminal open() throws IOException;
  }

  @Option(
      names = "--script",
      paramLabel = "FILE",
      description = "Runs the commands of FILE, one a line, instead of reading a terminal.")
  @Nullable Path script;

  @Option(
      names = "--keep-going",
      description = "With --script: runs the commands after a failed one too (exit status 1 still).")
  boolean keepGoing;

  @Option(
      names = "--history",
      paramLabel = "FILE",
      description = "Where the interactive history is kept (default: ~/.rdbss_history).")
  @Nullable Path history;

  @Mixin MachineOptions machineOptions = new MachineOptions();

  @Spec @Nullable CommandSpec spec;

  private final Supplier<RdbssRuntime.Builder> runtimes;
  private final TerminalFactory terminals;

  ShellCommand(Supplier<RdbssRuntime.Builder> runtimes) {
    this(runtimes, () -> TerminalBuilder.builder().name("rdbss").system(true).build());
  }

  ShellCommand(Supplier<RdbssRuntime.Builder> runtimes, TerminalFactory terminals) {
    this.runtimes = runtimes;
    this.terminals = terminals;
  }

  @Override
  public Integer call() throws IOException {
    CommandLine cmd = commandLine();
    List<String> lines = script == null ? null : readScript(cmd, script);
    try (Machine machine = machineOptions.build(cmd, runtimes, 1)) {
      if (lines != null) {
        return runScript(machine, lines, cmd.getOut(), Style.forThisProcess());
      }
      try (Terminal terminal = terminals.open()) {
        return interactive(machine, terminal);
      }
    }
  }

  private int runScript(Machine machine, List<String> lines, PrintWriter out, Style style) {
    Shell shell = new Shell(machine, out, style);
    int status = CommandLine.ExitCode.OK;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.isBlank()) {
        continue;
      }
      out.println(style.dim(shell.prompt()) + line);
      Shell.Result result = shell.execute(line);
      if (result.outcome() == Shell.Outcome.EXIT) {
        break;
      }
      if (result.outcome() == Shell.Outcome.FAILED) {
        out.flush();
        PrintWriter err = commandLine().getErr();
        err.println("error: " + script + ":" + (i + 1) + ": " + result.error());
        err.flush();
        status = CommandLine.ExitCode.SOFTWARE;
        if (!keepGoing) {
          break;
        }
      }
    }
    shell.logoffAll();
    out.flush();
    return status;
  }

  private int interactive(Machine machine, Terminal terminal) {
    boolean dumb = Terminal.TYPE_DUMB.equals(terminal.getType())
        || Terminal.TYPE_DUMB_COLOR.equals(terminal.getType());
    Style style = dumb ? Style.plain() : Style.forThisProcess();
    PrintWriter out = terminal.writer();
    Shell shell = new Shell(machine, out, style);
    Path historyFile =
        history != null ? history : Path.of(System.getProperty("user.home"), ".rdbss_history");
    LineReader reader =
        LineReaderBuilder.builder()
            .terminal(terminal)
            .appName("rdbss")
            .completer(new ShellCompleter(shell))
            .parser(windowsPathParser())
            .variable(LineReader.HISTORY_FILE, historyFile)
            .build();
    out.println("rdbss shell on " + (machine.isEmbedded() ? "the embedded server \\\\files" : "\\\\files")
        + "; 'help' lists the commands, 'exit' leaves.");
    out.flush();
    while (true) {
      String line;
      try {
        line = reader.readLine(shell.prompt());
      } catch (UserInterruptException e) {
        continue;
      } catch (EndOfFileException e) {
        break;
      }
      Shell.Result result = shell.execute(line);
      if (result.outcome() == Shell.Outcome.EXIT) {
        break;
      }
      if (result.outcome() == Shell.Outcome.FAILED) {
        out.println(style.bad("error: ") + result.error());
        out.flush();
      }
    }
    shell.logoffAll();
    try {
      reader.getHistory().save();
    } catch (IOException e) {
      commandLine().getErr().println("rdbss: warning: cannot save the history to " + historyFile
          + ": " + e.getMessage());
    }
    out.flush();
    return CommandLine.ExitCode.OK;
  }

  /**
   * JLine's default parser takes a backslash as an escape, so {@code dir X:\} would wait for a
   * continuation line and {@code \\files} would lose a backslash. Windows paths need it literal.
   */
  static DefaultParser windowsPathParser() {
    DefaultParser parser = new DefaultParser();
    parser.setEscapeChars(new char[0]);
    return parser;
  }

  static List<String> readScript(CommandLine cmd, Path file) {
    if (!Files.exists(file)) {
      throw new ParameterException(cmd, "script not found: " + file);
    }
    if (!Files.isRegularFile(file)) {
      throw new ParameterException(cmd, "script is not a file: " + file);
    }
    try {
      return Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (MalformedInputException e) {
      throw new ParameterException(cmd, "script is not UTF-8 text: " + file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the script " + file + ": " + e.getMessage(), e);
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
