package dev.rdbss.cli;

import dev.rdbss.core.RdbssRuntime;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
 * {@code rdbss demo}: the walk-through a new user runs first ({@link Demo}), on the embedded
 * simulated server with no setup, or on a real one with {@code --server smb2://host:port}.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Walks through RDBSS with the sample plugins: two users map shares, edit files, the server"
          + " drops, they reconnect; then the object tree, counters and statuses seen."
    },
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {
      "0:the walk-through completed and nothing leaked",
      "1:a step failed (an unreachable server, an unexpected status, a leak)",
      "2:usage error (unknown option, malformed server address)"
    })
final class DemoCommand implements Callable<Integer> {

  /** The pause after each step on an interactive terminal: the walk-through then takes a minute. */
  static final Duration HUMAN_PACE = Duration.ofMillis(900);

  @Option(
      names = "--record",
      paramLabel = "FILE",
      description = "Writes every trace event to FILE as JSON lines.")
  @Nullable Path record;

  @Option(
      names = "--pace",
      paramLabel = "MILLIS",
      description =
          "Pause after each step, in milliseconds (default: "
              + "900 on an interactive terminal, 0 otherwise).")
  @Nullable Long paceMillis;

  @Option(
      names = "--color",
      paramLabel = "WHEN",
      description = "auto (default: on a terminal, not under CI), always or never.",
      defaultValue = "auto")
  String color = "auto";

  @Mixin MachineOptions machineOptions = new MachineOptions();

  @Spec @Nullable CommandSpec spec;

  private final Supplier<RdbssRuntime.Builder> runtimes;

  DemoCommand(Supplier<RdbssRuntime.Builder> runtimes) {
    this.runtimes = runtimes;
  }

  @Override
  public Integer call() {
    CommandLine cmd = commandLine();
    Style style = style(cmd);
    Duration pace = pace(cmd);
    if (record != null && record.getParent() != null && !Files.isDirectory(record.getParent())) {
      throw new ParameterException(cmd, "no such folder for --record: " + record.getParent());
    }
    PrintWriter out = cmd.getOut();
    long started = System.nanoTime();
    try (Machine machine = machineOptions.build(cmd, runtimes, 2);
        TraceRecorder recorder = record == null ? null : openRecorder(record)) {
      TraceStats stats = new TraceStats();
      machine.runtime().observation().addTraceListener(stats);
      if (recorder != null) {
        machine.runtime().observation().addTraceListener(recorder);
      }
      String where =
          machine.isEmbedded()
              ? "on the embedded simulated server \\\\files"
              : "on " + machine.address().orElseThrow();
      Demo demo = new Demo(machine, new Narrator(out, style, pace, Demo.STAGES), out, stats, where);
      try {
        demo.run();
      } catch (Demo.DemoFailure e) {
        demo.closeLeftovers();
        out.flush();
        PrintWriter err = cmd.getErr();
        err.println("error: " + e.getMessage());
        err.flush();
        return CommandLine.ExitCode.SOFTWARE;
      } finally {
        if (recorder != null) {
          machine.runtime().observation().removeTraceListener(recorder);
        }
      }
      out.println();
      out.println(
          style.good("Demo complete")
              + String.format(" in %.1f s.", (System.nanoTime() - started) / 1e9)
              + (recorder == null ? "" : " Trace: " + recorder.written() + " events in " + record + "."));
      out.flush();
      return CommandLine.ExitCode.OK;
    }
  }

  private static TraceRecorder openRecorder(Path file) {
    try {
      return TraceRecorder.open(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the trace to " + file + ": " + e.getMessage(), e);
    }
  }

  private Style style(CommandLine cmd) {
    switch (color) {
      case "auto":
        return Style.forThisProcess();
      case "always":
        return Style.coloured();
      case "never":
        return Style.plain();
      default:
        throw new ParameterException(
            cmd, "--color takes auto, always or never, not '" + color + "'");
    }
  }

  private Duration pace(CommandLine cmd) {
    if (paceMillis == null) {
      return System.console() != null ? HUMAN_PACE : Duration.ZERO;
    }
    if (paceMillis < 0) {
      throw new ParameterException(cmd, "--pace must not be negative: " + paceMillis);
    }
    return Duration.ofMillis(paceMillis);
  }

  private CommandLine commandLine() {
    CommandSpec own = spec;
    if (own == null) {
      throw new IllegalStateException("picocli did not inject the command spec");
    }
    return own.commandLine();
  }
}
