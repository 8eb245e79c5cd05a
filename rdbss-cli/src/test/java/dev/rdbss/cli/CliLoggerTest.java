package dev.rdbss.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The process's {@link System.Logger} binding: one line per record, filtered by the CLI's switches.
 */
class CliLoggerTest {

  private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
  private final System.Logger core = new CliLogger("dev.rdbss.core.RdbssSettings");

  @BeforeEach
  void capture() {
    CliLogging.sink(new PrintStream(captured, true, StandardCharsets.UTF_8));
    CliLogging.configure(false, false);
  }

  @AfterEach
  void restore() {
    CliLogging.sink(System.err);
    CliLogging.configure(false, false);
  }

  private String printed() {
    return captured.toString(StandardCharsets.UTF_8);
  }

  @Test
  void theJdkUsesTheCliLoggerFinderThroughTheModulesProvidesClause() {
    assertThat(System.LoggerFinder.getLoggerFinder()).isInstanceOf(CliLoggerFinder.class);
    assertThat(System.getLogger("anything")).isInstanceOf(CliLogger.class);
  }

  @Test
  void aWarningIsOneLineWithTheLevelAndTheFormattedMessage() {
    core.log(Level.WARNING, "ignoring setting {0}", "rdbss.plugin.smb.password");

    assertThat(printed())
        .isEqualTo(
            "rdbss: warning: ignoring setting rdbss.plugin.smb.password" + System.lineSeparator());
  }

  @Test
  void infoIsShownOnlyWithVerbose() {
    core.log(Level.INFO, "hidden");
    CliLogging.configure(true, false);
    core.log(Level.INFO, "shown");

    assertThat(printed()).isEqualTo("rdbss: info: shown" + System.lineSeparator());
  }

  @Test
  void debugIsShownOnlyWithDebug() {
    core.log(Level.DEBUG, "hidden");
    CliLogging.configure(true, false);
    core.log(Level.DEBUG, "still hidden");
    CliLogging.configure(false, true);
    core.log(Level.DEBUG, "shown");

    assertThat(printed()).isEqualTo("rdbss: debug: shown" + System.lineSeparator());
  }

  @Test
  void discoveryRecordsAreShownOnlyWithVerboseBecauseTheCommandReportsThemItself() {
    System.Logger discovery = new CliLogger(dev.rdbss.core.RdbssRuntime.DISCOVERY_LOGGER);
    discovery.log(Level.ERROR, "provider failed");
    CliLogging.configure(false, true);
    discovery.log(Level.ERROR, "provider failed with --debug");
    CliLogging.configure(true, false);
    discovery.log(Level.ERROR, "provider failed with --verbose");

    assertThat(printed())
        .isEqualTo("rdbss: error: provider failed with --verbose" + System.lineSeparator());
  }

  @Test
  void aThrowableIsSummarizedOnTheLineAndItsStackTraceShownOnlyWithDebug() {
    core.log(Level.WARNING, "could not close a plugin class loader", new IOException("disk gone"));

    assertThat(printed())
        .isEqualTo(
            "rdbss: warning: could not close a plugin class loader: java.io.IOException: disk gone"
                + System.lineSeparator());

    captured.reset();
    CliLogging.configure(false, true);
    core.log(Level.WARNING, "could not close a plugin class loader", new IOException("disk gone"));

    assertThat(printed().lines()).hasSizeGreaterThan(1);
    assertThat(printed().lines().skip(1)).anySatisfy(l -> assertThat(l).matches("\\s+at .+"));
  }

  @Test
  void aThrowableTheMessageAlreadyNamesIsNotRepeated() {
    IllegalStateException cause = new IllegalStateException("backend missing");
    core.log(Level.ERROR, "provider could not be constructed: " + cause, cause);

    assertThat(printed())
        .isEqualTo(
            "rdbss: error: provider could not be constructed: java.lang.IllegalStateException:"
                + " backend missing"
                + System.lineSeparator());
  }

  @Test
  void aMessageWithoutParametersIsPrintedLiterallyNotAsAPattern() {
    core.log(Level.WARNING, "it's {weird}");

    assertThat(printed()).isEqualTo("rdbss: warning: it's {weird}" + System.lineSeparator());
  }

  @Test
  void aMalformedPatternIsPrintedRatherThanThrown() {
    core.log(Level.WARNING, "unbalanced {0", "x");

    assertThat(printed()).isEqualTo("rdbss: warning: unbalanced {0 [x]" + System.lineSeparator());
  }

  @Test
  void offIsNeverLoggable() {
    CliLogging.configure(true, true);

    assertThat(core.isLoggable(Level.OFF)).isFalse();
  }
}
