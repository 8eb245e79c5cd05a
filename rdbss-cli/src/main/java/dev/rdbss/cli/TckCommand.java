package dev.rdbss.cli;

import dev.rdbss.tck.TckSubject;
import dev.rdbss.tck.runner.TckReport;
import dev.rdbss.tck.runner.TckRunner;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.module.Configuration;
import java.lang.module.FindException;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.lang.module.ResolutionException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code rdbss tck PLUGIN}: certifies a third-party plugin with the conformance kit, no test code
 * needed (issue 9 point 3, issue 8 point 7). The plugin's jar (or a folder of it and its
 * dependencies) is loaded into its own module layer above the CLI's; the plugin's {@code
 * dev.rdbss.tck.TckSubject}, found through {@code ServiceLoader}, says how to build it and its
 * server; the kit runs through the JUnit platform launcher. The summary table goes to standard
 * output, the JSON report to {@code --report}.
 */
@Command(
    name = "tck",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Runs the conformance kit against a plugin jar (or a folder of the plugin and its"
        + " dependencies) that provides a dev.rdbss.tck.TckSubject.",
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {
      "0:every required rule passes",
      "1:a required rule fails, or the plugin provides no TckSubject or cannot be loaded",
      "2:usage error (unknown option, missing jar or folder)"
    })
final class TckCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "PLUGIN",
      description = "The plugin's jar, or a folder of the plugin and its dependencies.")
  @Nullable Path plugin;

  @Option(names = "--report", paramLabel = "FILE", defaultValue = "rdbss-tck-report.json",
      description = "Where to write the JSON report (default: ${DEFAULT-VALUE}).")
  @Nullable Path report;

  @Option(names = "--no-stochastic",
      description = "Skip the stochastic (seeded random) rules.")
  boolean noStochastic;

  @Option(names = "--seed", paramLabel = "N",
      description = "Replay every rule with this seed (a failure prints the seed it used).")
  @Nullable Long seed;

  @Spec @Nullable CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    CommandLine cmd = commandLine();
    Path from = existing(cmd);
    PrintWriter out = cmd.getOut();
    PrintWriter err = cmd.getErr();
    ModuleLayer layer;
    try {
      layer = load(from);
    } catch (FindException | ResolutionException | java.lang.LayerInstantiationException e) {
      String why = ErrorReporting.describe(e);
      err.println("error: cannot load " + from + ": " + why
          + (why.matches(".*Module (java|jdk)\\.\\S+ not found.*")
              ? " (a JDK module the rdbss launcher did not load: start java with"
                  + " --add-modules ALL-SYSTEM)" : ""));
      err.flush();
      return CommandLine.ExitCode.SOFTWARE;
    }
    List<TckSubject> subjects;
    try {
      subjects = TckRunner.subjects(layer);
    } catch (IllegalStateException e) {
      err.println("error: " + ErrorReporting.describe(e));
      err.flush();
      return CommandLine.ExitCode.SOFTWARE;
    }
    if (subjects.isEmpty()) {
      err.println("error: " + from + " provides no dev.rdbss.tck.TckSubject: declare 'provides"
          + " dev.rdbss.tck.TckSubject with …' (and META-INF/services/dev.rdbss.tck.TckSubject);"
          + " see rdbss-tck/README.md");
      err.flush();
      return CommandLine.ExitCode.SOFTWARE;
    }
    boolean conforms = true;
    Path file = report == null ? Path.of("rdbss-tck-report.json") : report;
    for (int i = 0; i < subjects.size(); i++) {
      TckReport result = TckRunner.run(subjects.get(i),
          new TckRunner.Options(!noStochastic, seed));
      result.printSummary(out);
      Path target = subjects.size() == 1 ? file : numbered(file, i + 1);
      result.writeJson(target);
      out.println("report: " + target);
      out.flush();
      conforms &= result.requiredRulesPassed();
    }
    return conforms ? CommandLine.ExitCode.OK : CommandLine.ExitCode.SOFTWARE;
  }

  /**
   * The plugin's modules in a layer of their own above the CLI's (ARCHITECTURE.md §2).
   *
   * <p>The CLI's own module path already holds the sample plugins and their libraries (smbj,
   * SLF4J, …), which a plugin folder often carries too. Two modules of one name within reach of an
   * automatic module fail resolution ("reads more than one module named …"), so a library the boot
   * layer has is taken from there; the plugin's own modules (a provider, or a {@code TckSubject}
   * in its services files) always come from the folder, so the jar given is the jar certified.
   */
  private static ModuleLayer load(Path from) {
    ModuleFinder folder = ModuleFinder.of(from);
    ModuleLayer boot = ModuleLayer.boot();
    Set<String> roots = folder.findAll().stream()
        .filter(ref -> boot.findModule(ref.descriptor().name()).isEmpty() || isPlugin(ref))
        .map(ModuleReference::descriptor)
        .map(java.lang.module.ModuleDescriptor::name)
        .collect(Collectors.toSet());
    if (folder.findAll().isEmpty()) {
      throw new FindException("no jar or module in " + from);
    }
    ModuleFinder finder = new ModuleFinder() {
      @Override
      public java.util.Optional<ModuleReference> find(String name) {
        return roots.contains(name) ? folder.find(name) : java.util.Optional.empty();
      }

      @Override
      public Set<ModuleReference> findAll() {
        return folder.findAll().stream()
            .filter(ref -> roots.contains(ref.descriptor().name()))
            .collect(Collectors.toSet());
      }
    };
    Configuration config = boot.configuration().resolve(finder, ModuleFinder.of(), roots);
    return boot.defineModulesWithOneLoader(config, ClassLoader.getSystemClassLoader());
  }

  /** Whether a module of the folder is a plugin: a provider, or a subject for the kit. */
  private static boolean isPlugin(ModuleReference ref) {
    boolean provider = ref.descriptor().provides().stream()
        .anyMatch(p -> p.service().equals("dev.rdbss.api.spi.MiniRedirectorProvider"));
    if (provider) {
      return true;
    }
    try (var reader = ref.open()) {
      return reader.find("META-INF/services/" + TckSubject.class.getName()).isPresent();
    } catch (IOException e) {
      return false;
    }
  }

  private static Path numbered(Path file, int n) {
    String name = file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    String numbered = dot < 0 ? name + "-" + n : name.substring(0, dot) + "-" + n
        + name.substring(dot);
    return file.resolveSibling(numbered);
  }

  private Path existing(CommandLine cmd) {
    Path p = plugin;
    if (p == null) {
      throw new ParameterException(cmd, "missing the plugin jar or folder");
    }
    if (!Files.exists(p)) {
      throw new ParameterException(cmd, "plugin not found: " + p);
    }
    return p;
  }

  private CommandLine commandLine() {
    CommandSpec own = spec;
    if (own == null) {
      throw new IllegalStateException("picocli did not inject the command spec");
    }
    return own.commandLine();
  }
}
