package dev.rdbss.cli;

import dev.rdbss.core.DiscoveredProvider;
import dev.rdbss.core.ProviderConflict;
import dev.rdbss.core.ProviderConflictException;
import dev.rdbss.core.ProviderFailure;
import dev.rdbss.core.RdbssRuntime;
import dev.rdbss.core.RdbssSettings;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code rdbss providers}: lists the mini-redirectors a runtime finds (on the module path, the
 * class path and in a plugin folder), then one {@code error:} line per provider that failed to load
 * and per clash. The table goes to standard output, the errors to standard error, so that the table
 * can be piped while the errors stay visible.
 */
@Command(
    name = "providers",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Lists the mini-redirectors the runtime finds, in provider order.",
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {
      "0:every provider loaded",
      "1:a provider failed to load, or two providers clash",
      "2:usage error (unknown option, missing folder or file)"
    })
final class ProvidersCommand implements Callable<Integer> {

  @Option(
      names = "--plugin-path",
      paramLabel = "DIR",
      description = "A folder of plugin jars, loaded into their own module layer.")
  @Nullable Path pluginPath;

  @Option(
      names = "--settings",
      paramLabel = "FILE",
      description =
          "A .properties file of rdbss.* settings; rdbss.* system properties override it.")
  @Nullable Path settingsFile;

  @Spec @Nullable CommandSpec spec;

  private final Supplier<RdbssRuntime.Builder> runtimes;

  ProvidersCommand(Supplier<RdbssRuntime.Builder> runtimes) {
    this.runtimes = runtimes;
  }

  @Override
  public Integer call() {
    CommandLine cmd = commandLine();
    try (CacheFolder cache = CacheFolder.create()) {
      return list(cmd, cache);
    }
  }

  private Integer list(CommandLine cmd, CacheFolder cache) {
    RdbssRuntime.Builder builder = runtimes.get().settings(settings(cmd, cache));
    if (pluginPath != null) {
      builder.pluginPath(existingFolder(cmd, pluginPath));
    }
    List<DiscoveredProvider> providers;
    List<Problem> problems = new ArrayList<>();
    try (RdbssRuntime runtime = builder.build()) {
      providers = runtime.providers();
      runtime.providerFailures().forEach(f -> problems.add(Problem.of(f)));
    } catch (ProviderConflictException e) {
      // The runtime refuses to start, but the outcome still says what was found and why.
      providers = e.providers();
      e.failures().forEach(f -> problems.add(Problem.of(f)));
      e.conflicts().forEach(c -> problems.add(Problem.of(c)));
    }
    ProviderTable.print(cmd.getOut(), providers);
    report(cmd.getErr(), providers, problems);
    return problems.isEmpty() ? CommandLine.ExitCode.OK : CommandLine.ExitCode.SOFTWARE;
  }

  private static void report(
      PrintWriter err, List<DiscoveredProvider> providers, List<Problem> problems) {
    for (Problem p : problems) {
      err.println("error: " + p.message());
      Throwable cause = p.cause();
      if (cause != null && CliLogging.debug()) {
        cause.printStackTrace(err);
      }
    }
    if (providers.isEmpty() && problems.isEmpty()) {
      err.println("rdbss: no mini-redirectors found; pass --plugin-path DIR (a folder of plugins)");
    }
    err.flush();
  }

  private RdbssSettings settings(CommandLine cmd, CacheFolder cache) {
    // The CSC sample on the CLI's module path needs a cache to load; the user's settings win.
    RdbssSettings.Builder settings =
        RdbssSettings.builder().put(CacheFolder.SETTING, cache.path().toString());
    if (settingsFile != null) {
      if (!Files.exists(settingsFile)) {
        throw new ParameterException(cmd, "settings file not found: " + settingsFile);
      }
      if (!Files.isRegularFile(settingsFile)) {
        throw new ParameterException(cmd, "settings file is not a file: " + settingsFile);
      }
      try {
        settings.load(settingsFile);
      } catch (UncheckedIOException e) {
        // The wrapped IOException says why (no permission, a folder, …).
        throw new ParameterException(cmd, ErrorReporting.describe(e) + ": " + e.getCause(), e);
      }
    }
    return settings.systemProperties().build();
  }

  private static Path existingFolder(CommandLine cmd, Path folder) {
    if (!Files.exists(folder)) {
      throw new ParameterException(cmd, "plugin path not found: " + folder);
    }
    if (!Files.isDirectory(folder)) {
      throw new ParameterException(cmd, "plugin path is not a folder: " + folder);
    }
    return folder;
  }

  private CommandLine commandLine() {
    CommandSpec own = spec;
    if (own == null) {
      throw new IllegalStateException("picocli did not inject the command spec");
    }
    return own.commandLine();
  }

  /** One line to report, and what to print under it with {@code --debug}. */
  private record Problem(String message, @Nullable Throwable cause) {
    static Problem of(ProviderFailure f) {
      return new Problem(f.message(), f.cause());
    }

    static Problem of(ProviderConflict c) {
      return new Problem(c.message(), null);
    }
  }
}
