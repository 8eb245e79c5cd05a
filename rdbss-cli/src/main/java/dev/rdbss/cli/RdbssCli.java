package dev.rdbss.cli;

import dev.rdbss.core.RdbssRuntime;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The {@code rdbss} command: the entry point of the CLI module.
 *
 * <p>Exit status: 0 on success, 1 when the command ran and found a problem (a plugin that failed to
 * load, two that clash, an unexpected error), 2 on a usage error. Errors go to standard error as
 * {@code error: <message>} lines; stack traces only with {@code --debug}.
 */
@Command(
    name = "rdbss",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    synopsisSubcommandLabel = "COMMAND",
    description = "Runs simulated RDBSS mini-redirectors (network redirector plugins).",
    commandListHeading = "%nCommands:%n",
    footer = {"", "Run 'rdbss COMMAND --help' for a command's options."})
public final class RdbssCli implements Callable<Integer> {

  @Option(
      names = "--verbose",
      scope = ScopeType.INHERIT,
      description = "Also print informational log messages, such as each provider found.")
  boolean verbose;

  @Option(
      names = "--debug",
      scope = ScopeType.INHERIT,
      description = "Print debug log messages and the stack trace of every error.")
  boolean debug;

  @Spec @Nullable CommandSpec spec;

  private RdbssCli() {}

  /** Runs the command and exits with its status. */
  public static void main(String[] args) {
    System.exit(commandLine(RdbssRuntime::builder).execute(args));
  }

  /**
   * The command line, with its subcommands and error handling.
   *
   * @param runtimes makes the builder of every runtime a command starts; tests hand in one that
   *     adds providers directly instead of searching the module path
   */
  static CommandLine commandLine(Supplier<RdbssRuntime.Builder> runtimes) {
    RdbssCli root = new RdbssCli();
    CommandLine cli = new CommandLine(root);
    // Subcommands before the handlers: picocli hands its settings only to the subcommands it
    // already has.
    cli.addSubcommand(new ProvidersCommand(runtimes));
    cli.addSubcommand(new DemoCommand(runtimes));
    cli.addSubcommand(new ShellCommand(runtimes));
    cli.addSubcommand(new TreeCommand(runtimes));
    cli.addSubcommand(new TckCommand());
    cli.addSubcommand(new CommandLine.HelpCommand());
    cli.setParameterExceptionHandler(ErrorReporting::usageError);
    cli.setExecutionExceptionHandler(
        (ex, commandLine, parseResult) -> ErrorReporting.unexpected(ex, commandLine, root.debug));
    cli.setExecutionStrategy(
        parseResult -> {
          // The log level must be known before a command builds a runtime: the core logs while
          // discovering providers.
          CliLogging.configure(root.verbose, root.debug);
          return new CommandLine.RunLast().execute(parseResult);
        });
    return cli;
  }

  /** {@code rdbss} without a command: a usage error. */
  @Override
  public Integer call() {
    CommandSpec own = spec;
    if (own == null) {
      throw new IllegalStateException("picocli did not inject the command spec");
    }
    throw new ParameterException(own.commandLine(), "missing a command, such as 'providers'");
  }
}
