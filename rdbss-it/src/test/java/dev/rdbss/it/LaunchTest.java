package dev.rdbss.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rdbss.it.CliProcess.Result;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The only test that proves the module descriptors (ARCHITECTURE.md §2: "at least one test launches
 * the real program as a child process on a real module path"). Surefire opens test packages and
 * adds ALL-MODULE-PATH (java-stack.md §3.1), hiding a missing {@code opens}, {@code requires} or
 * {@code provides}; a plain {@code java --module-path lib --module dev.rdbss.cli/…} does not.
 *
 * <p>Every run also checks standard error for JVM warnings (Unsafe, illegal access, restricted
 * methods) and stack traces, which users must not see.
 */
class LaunchTest {

  private static final String ECHO_JAR_PREFIX = "rdbss-test-plugin-echo-";

  /**
   * The sample plugins the CLI ships on its own module path (its demo and shell run them), so every
   * runtime that searches the module path lists them before the plugin folder's (spec §6.1 order:
   * module path first). Listing them here also proves they load on a real module path.
   */
  private static final List<String> BUILT_IN = List.of("csc", "smb");

  /** The table's rows for the built-in samples, which a test about a plugin folder sets aside. */
  private static List<String> pluginRows(Result r) {
    return r.outLines().stream()
        .skip(1)
        .filter(l -> BUILT_IN.stream().noneMatch(name -> l.startsWith(name + " ")))
        .toList();
  }

  @TempDir Path scratch;

  private Result rdbss(String... args) {
    Result result = CliProcess.run(scratch, args);
    assertThat(result.errLines())
        .as("JVM warnings on stderr of%n%s", result)
        .noneMatch(l -> l.startsWith("WARNING:"));
    return result;
  }

  private static void assertNoStackTrace(Result result) {
    assertThat(result.errLines())
        .as("stack trace on stderr of%n%s", result)
        .noneMatch(l -> l.matches("\\s+at \\S+\\(.*\\)") || l.startsWith("Exception in thread"));
  }

  @Test
  @DisplayName(
      "ARCHITECTURE.md §2, issue 3 §11: --version names the wrapper version and the Java runtime")
  void versionPrintsTheWrapperVersionAndJava_arch2() {
    Result r = rdbss("--version");

    assertThat(r.status()).as("%s", r).isZero();
    assertThat(r.outLines()).as("%s", r).hasSize(2);
    assertThat(r.outLines().get(0))
        .isEqualTo("rdbss " + System.getProperty("rdbss.it.version", "0.1.0-SNAPSHOT"));
    assertThat(r.outLines().get(1)).startsWith("Java " + Runtime.version() + " (");
    assertThat(r.err()).as("%s", r).isEmpty();
  }

  @Test
  @DisplayName(
      "issue 3 §11: --help lists the providers command (picocli can read the opened command"
          + " classes)")
  void helpListsTheProvidersCommand_arch2() {
    Result r = rdbss("--help");

    assertThat(r.status()).as("%s", r).isZero();
    assertThat(r.out()).contains("Usage: rdbss").containsPattern("(?m)^\\s+providers\\s+\\S");
    assertThat(r.err()).as("%s", r).isEmpty();
  }

  @Test
  @DisplayName(
      "ARCHITECTURE.md §2: a plugin folder becomes a module layer and its provider is listed with"
          + " module and jar")
  void providersListsTheEchoPluginFromItsFolder_arch2() {
    Path folder = BuiltJars.pluginFolder("echo");
    Path echoJar = BuiltJars.jar(folder, ECHO_JAR_PREFIX);

    Result r = rdbss("providers", "--plugin-path", folder.toString());

    assertThat(r.status()).as("%s", r).isZero();
    assertThat(r.outLines()).as("%s", r).hasSize(2 + BUILT_IN.size());
    assertThat(r.outLines().get(0)).matches("NAME +DEVICE +MODULE +VERSION +LOCATION");
    assertThat(r.outLines().get(1).split(" {2,}"))
        .as("the CSC sample, from the CLI's module path: %s", r)
        .containsExactly(
            "csc",
            "\\Device\\CscRedirector",
            "dev.rdbss.minirdr.csc",
            System.getProperty("rdbss.it.version", "0.1.0-SNAPSHOT"),
            BuiltJars.jar(BuiltJars.lib(), "minirdr-sample-csc-").toString());
    assertThat(r.outLines().get(2).split(" {2,}"))
        .as("the SMB sample, from the CLI's module path: %s", r)
        .containsExactly(
            "smb",
            "\\Device\\SmbSimRedirector",
            "dev.rdbss.minirdr.smb",
            System.getProperty("rdbss.it.version", "0.1.0-SNAPSHOT"),
            BuiltJars.jar(BuiltJars.lib(), "minirdr-sample-smb-").toString());
    assertThat(pluginRows(r)).as("%s", r).hasSize(1);
    assertThat(pluginRows(r).get(0).split(" {2,}"))
        .as("%s", r)
        .containsExactly(
            "echo",
            "\\Device\\EchoRedirector",
            "dev.rdbss.testplugin.echo",
            System.getProperty("rdbss.it.version", "0.1.0-SNAPSHOT"),
            echoJar.toString());
    // Nothing at all on stderr: no JVM warning, and the core's INFO lines stay hidden by default.
    assertThat(r.err()).as("%s", r).isEmpty();
  }

  @Test
  @DisplayName(
      "ARCHITECTURE.md §4: the CLI binds System.Logger; --verbose shows the core's INFO lines")
  void verboseShowsTheCoresInfoLinesThroughTheCliLogger_arch4() {
    Path folder = BuiltJars.pluginFolder("echo");

    Result r = rdbss("providers", "--verbose", "--plugin-path", folder.toString());

    assertThat(r.status()).as("%s", r).isZero();
    assertThat(r.errLines())
        .as("%s", r)
        .hasSize(1 + BUILT_IN.size())
        .allSatisfy(l -> assertThat(l).startsWith("rdbss: info: found mini-redirector '"))
        .anySatisfy(
            l ->
                assertThat(l)
                    .startsWith("rdbss: info: found mini-redirector 'echo'")
                    .contains(BuiltJars.jar(folder, ECHO_JAR_PREFIX).getFileName().toString()));
  }

  @Test
  @DisplayName(
      "issue 3 §11: a provider that cannot be constructed is one error line (class, jar, cause),"
          + " the others load, exit 1")
  void aProviderThatCannotBeConstructedIsReportedAndTheOthersStillLoad_arch2() {
    Path folder = BuiltJars.pluginFolder("failing");
    Path failingJar = BuiltJars.jar(folder, "rdbss-test-plugin-failing-");

    Result r = rdbss("providers", "--plugin-path", folder.toString());

    assertThat(r.status()).as("%s", r).isEqualTo(1);
    assertThat(pluginRows(r)).as("%s", r).singleElement().asString()
        .startsWith("echo ").contains(ECHO_JAR_PREFIX);
    assertThat(r.errorLines())
        .as("%s", r)
        .singleElement()
        .asString()
        .contains(
            "dev.rdbss.testplugin.failing.FailingProvider",
            failingJar.getFileName().toString(),
            "failing test plugin: backend unavailable");
    assertThat(r.errLines()).as("only the error line: %s", r).hasSize(1);
    assertNoStackTrace(r);
  }

  @Test
  @DisplayName("issue 3 §11: --debug adds the cause's stack trace, which normal runs never show")
  void debugAddsTheStackTraceOfTheFailure() {
    Result r =
        rdbss(
            "providers", "--debug", "--plugin-path", BuiltJars.pluginFolder("failing").toString());

    assertThat(r.status()).as("%s", r).isEqualTo(1);
    assertThat(r.err())
        .contains("java.lang.IllegalStateException: failing test plugin: backend unavailable")
        .containsPattern("(?m)^\\s+at dev\\.rdbss\\.testplugin\\.failing");
  }

  @Test
  @DisplayName(
      "ARCHITECTURE.md §2, spec §3.1: two plugins named echo are refused, each clash naming both"
          + " jars, exit 1")
  void clashingPluginsAreRefusedNamingBothJars_arch2() {
    Path folder = BuiltJars.pluginFolder("clash");
    String echoJar = BuiltJars.jar(folder, ECHO_JAR_PREFIX).getFileName().toString();
    String clashingJar =
        BuiltJars.jar(folder, "rdbss-test-plugin-clashing-").getFileName().toString();

    Result r = rdbss("providers", "--plugin-path", folder.toString());

    assertThat(r.status()).as("%s", r).isEqualTo(1);
    assertThat(pluginRows(r)).as("both are listed: %s", r).hasSize(2);
    assertThat(r.errorLines())
        .as("%s", r)
        .hasSize(2)
        .allSatisfy(l -> assertThat(l).contains(echoJar, clashingJar))
        .anySatisfy(l -> assertThat(l).contains("the name 'echo'"))
        .anySatisfy(l -> assertThat(l).contains("the device name '\\Device\\EchoRedirector'"));
    assertNoStackTrace(r);
  }

  @Test
  @DisplayName("issue 3 §11: an unknown option is a usage error, exit 2")
  void anUnknownOptionExitsTwo() {
    Result r = rdbss("providers", "--no-such-option");

    assertThat(r.status()).as("%s", r).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.errorLines())
        .as("%s", r)
        .containsExactly("error: Unknown option: '--no-such-option'");
    assertNoStackTrace(r);
  }

  @Test
  @DisplayName("issue 3 §11: a missing plugin folder is a usage error, exit 2")
  void aMissingPluginFolderExitsTwo() {
    Path missing = scratch.resolve("no-plugins-here");

    Result r = rdbss("providers", "--plugin-path", missing.toString());

    assertThat(r.status()).as("%s", r).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.errorLines())
        .as("%s", r)
        .containsExactly("error: plugin path not found: " + missing);
    assertNoStackTrace(r);
  }
}
