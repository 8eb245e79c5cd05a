package dev.rdbss.cli;

import static dev.rdbss.cli.TestProviders.brokenDescriptor;
import static dev.rdbss.cli.TestProviders.named;
import static dev.rdbss.cli.TestProviders.only;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rdbss.core.RdbssRuntime;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command's contract (issue 3, point 11): the table on stdout, one {@code error:} line per
 * problem on stderr, exit status 0 / 1 / 2, and no stack trace unless {@code --debug}.
 */
class RdbssCliTest {

  private static final Supplier<RdbssRuntime.Builder> NOTHING = TestProviders::only;

  @TempDir Path tmp;

  @AfterEach
  void resetLogging() {
    CliLogging.configure(false, false);
  }

  @Test
  void providersListsEveryProviderAndExitsZero() {
    CliRun run =
        CliRun.of(
            () ->
                only(named("alpha", "\\Device\\AlphaRedirector"), named("beta", "\\Device\\Beta")),
            "providers");

    assertThat(run.status()).isZero();
    assertThat(run.outLines()).hasSize(3);
    assertThat(run.outLines().get(0)).matches("NAME +DEVICE +MODULE +VERSION +LOCATION");
    assertThat(run.outLines().get(1))
        .startsWith("alpha ")
        .contains("\\Device\\AlphaRedirector", "dev.rdbss.cli");
    assertThat(run.outLines().get(2)).startsWith("beta ").contains("\\Device\\Beta");
    assertThat(run.err()).isEmpty();
  }

  @Test
  void settingsFileSetsTheProviderOrderOfTheTable_s6_1() throws IOException {
    Path settings =
        Files.writeString(tmp.resolve("rdbss.properties"), "rdbss.providerOrder=beta\n");

    CliRun run =
        CliRun.of(
            () -> only(named("alpha", "\\Device\\A"), named("beta", "\\Device\\B")),
            "providers",
            "--settings",
            settings.toString());

    assertThat(run.status()).isZero();
    assertThat(run.outLines().get(1)).startsWith("beta ");
    assertThat(run.outLines().get(2)).startsWith("alpha ");
  }

  @Test
  void aProviderThatFailsToLoadIsOneErrorLineTheOthersStayListedAndExitIsOne() {
    CliRun run =
        CliRun.of(
            () -> only(named("alpha", "\\Device\\A"), brokenDescriptor("descriptor blew up")),
            "providers");

    assertThat(run.status()).isEqualTo(1);
    assertThat(run.outLines()).hasSize(2);
    assertThat(run.outLines().get(1)).startsWith("alpha ");
    assertThat(run.errorLines())
        .singleElement()
        .asString()
        .contains(TestProviders.BrokenDescriptor.class.getName(), "descriptor blew up");
    assertThat(run.hasStackTrace()).isFalse();
  }

  @Test
  void debugAddsTheStackTraceUnderTheErrorLine() {
    CliRun run =
        CliRun.of(() -> only(brokenDescriptor("descriptor blew up")), "providers", "--debug");

    assertThat(run.status()).isEqualTo(1);
    assertThat(run.errorLines()).hasSize(1);
    assertThat(run.hasStackTrace()).isTrue();
  }

  @Test
  void clashingProvidersAreBothListedEachConflictIsAnErrorLineAndExitIsOne() {
    CliRun run =
        CliRun.of(
            () ->
                only(
                    named("echo", "\\Device\\EchoRedirector"),
                    named("echo", "\\Device\\EchoRedirector")),
            "providers");

    assertThat(run.status()).isEqualTo(1);
    assertThat(run.outLines()).hasSize(3);
    assertThat(run.outLines().subList(1, 3)).allSatisfy(l -> assertThat(l).startsWith("echo "));
    assertThat(run.errorLines())
        .hasSize(2)
        .anySatisfy(l -> assertThat(l).contains("the name 'echo'"))
        .anySatisfy(l -> assertThat(l).contains("the device name '\\Device\\EchoRedirector'"));
    assertThat(run.hasStackTrace()).isFalse();
  }

  @Test
  void noProviderFoundIsNotAnErrorButSaysWhereToPutPlugins() {
    CliRun run = CliRun.of(NOTHING, "providers");

    assertThat(run.status()).isZero();
    assertThat(run.outLines()).containsExactly("NAME  DEVICE  MODULE  VERSION  LOCATION");
    assertThat(run.errorLines()).isEmpty();
    assertThat(run.err()).contains("--plugin-path");
  }

  @Test
  void anUnknownOptionIsAUsageErrorWithExitTwoAndNoUsageDump() {
    CliRun run = CliRun.of(NOTHING, "providers", "--bogus");

    assertThat(run.status()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.errorLines()).containsExactly("error: Unknown option: '--bogus'");
    assertThat(run.err()).contains("Try 'rdbss providers --help'").doesNotContain("Usage:");
  }

  @Test
  void aMissingPluginFolderIsAUsageErrorWithExitTwo() {
    Path missing = tmp.resolve("no-such-folder");

    CliRun run = CliRun.of(NOTHING, "providers", "--plugin-path", missing.toString());

    assertThat(run.status()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.errorLines()).containsExactly("error: plugin path not found: " + missing);
  }

  @Test
  void aPluginPathThatIsAFileIsAUsageErrorWithExitTwo() throws IOException {
    Path file = Files.writeString(tmp.resolve("plugin.jar"), "not a folder");

    CliRun run = CliRun.of(NOTHING, "providers", "--plugin-path", file.toString());

    assertThat(run.status()).isEqualTo(2);
    assertThat(run.errorLines()).containsExactly("error: plugin path is not a folder: " + file);
  }

  @Test
  void aMissingSettingsFileIsAUsageErrorWithExitTwo() {
    Path missing = tmp.resolve("missing.properties");

    CliRun run = CliRun.of(NOTHING, "providers", "--settings", missing.toString());

    assertThat(run.status()).isEqualTo(2);
    assertThat(run.errorLines()).containsExactly("error: settings file not found: " + missing);
  }

  @Test
  void aSettingsPathThatIsAFolderIsAUsageErrorWithExitTwo() {
    CliRun run = CliRun.of(NOTHING, "providers", "--settings", tmp.toString());

    assertThat(run.status()).isEqualTo(2);
    assertThat(run.errorLines()).containsExactly("error: settings file is not a file: " + tmp);
  }

  @Test
  void noCommandIsAUsageErrorWithExitTwo() {
    CliRun run = CliRun.of(NOTHING);

    assertThat(run.status()).isEqualTo(2);
    assertThat(run.errorLines()).singleElement().asString().contains("missing a command");
  }

  @Test
  void anUnexpectedFailureIsOneErrorLineWithExitOneAndNoStackTrace() {
    Supplier<RdbssRuntime.Builder> broken =
        () -> {
          throw new IllegalStateException("runtime exploded");
        };

    CliRun run = CliRun.of(broken, "providers");

    assertThat(run.status()).isEqualTo(1);
    assertThat(run.errorLines()).containsExactly("error: runtime exploded");
    assertThat(run.hasStackTrace()).isFalse();
    assertThat(run.err()).contains("--debug");
  }

  @Test
  void anUnexpectedFailureShowsItsStackTraceWithDebug() {
    Supplier<RdbssRuntime.Builder> broken =
        () -> {
          throw new IllegalStateException("runtime exploded");
        };

    CliRun run = CliRun.of(broken, "--debug", "providers");

    assertThat(run.status()).isEqualTo(1);
    assertThat(run.hasStackTrace()).isTrue();
  }

  @Test
  void versionNamesTheWrapperVersionAndTheJavaRuntime() {
    CliRun run = CliRun.of(NOTHING, "--version");

    assertThat(run.status()).isZero();
    assertThat(run.outLines())
        .containsExactly(
            "rdbss " + RdbssRuntime.version(),
            "Java "
                + Runtime.version()
                + " ("
                + System.getProperty("java.vendor")
                + ", "
                + System.getProperty("java.home")
                + ")");
  }

  @Test
  void helpListsTheProvidersCommand() {
    CliRun run = CliRun.of(NOTHING, "--help");

    assertThat(run.status()).isZero();
    assertThat(run.out()).contains("Usage: rdbss").containsPattern("(?m)^\\s+providers\\s+\\S");
  }

  @Test
  void verboseSwitchesOnInfoLoggingBeforeTheRuntimeIsBuiltWhereverItIsGiven() {
    boolean[] seenWhileBuilding = new boolean[2];
    CliRun.of(
        () -> {
          seenWhileBuilding[0] = CliLogging.isLoggable("dev.rdbss.core.X", Level.INFO);
          return only();
        },
        "providers",
        "--verbose");
    CliLogging.configure(false, false);
    CliRun.of(
        () -> {
          seenWhileBuilding[1] = CliLogging.isLoggable("dev.rdbss.core.X", Level.INFO);
          return only();
        },
        "--verbose",
        "providers");

    assertThat(seenWhileBuilding).containsExactly(true, true);
  }

  @Test
  void withoutVerboseInfoLoggingIsOffWhileTheRuntimeIsBuilt() {
    CliLogging.configure(true, false);
    boolean[] seen = new boolean[1];

    CliRun.of(
        () -> {
          seen[0] = CliLogging.isLoggable("dev.rdbss.core.X", Level.INFO);
          return only();
        },
        "providers");

    assertThat(seen[0]).isFalse();
    assertThat(CliLogging.isLoggable("dev.rdbss.core.X", Level.WARNING)).isTrue();
  }
}
