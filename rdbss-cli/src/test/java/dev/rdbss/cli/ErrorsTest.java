package dev.rdbss.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 9 point 5: an unknown command, a bad path or option, an unreachable server (see {@link
 * DemoCommandTest}) each give one clear {@code error:} line and a non-zero exit status; a stack
 * trace only with {@code --debug}.
 */
class ErrorsTest {

  @TempDir Path tmp;

  @AfterEach
  void resetLogging() {
    CliLogging.configure(false, false);
  }

  @Test
  void anUnknownCommandNamesTheCommandsThatExistExitTwo() {
    CliRun run = CliRun.of(Runtimes.LEAK_CHECKED, "dmeo");

    assertThat(run.status()).isEqualTo(2);
    assertThat(run.errorLines())
        .containsExactly("error: unknown command 'dmeo'; the commands are providers, demo, shell, tree, tck, help");
    assertThat(run.out()).isEmpty();
  }

  @Test
  void anExtraArgumentAfterACommandIsNotCalledAnUnknownCommand() {
    CliRun run = CliRun.of(Runtimes.LEAK_CHECKED, "demo", "extra");

    assertThat(run.status()).isEqualTo(2);
    assertThat(run.errorLines()).containsExactly("error: Unmatched argument at index 1: 'extra'");
  }

  @Test
  void anUnknownOptionOfASubcommandIsOneLineExitTwo() {
    CliRun run = CliRun.of(Runtimes.LEAK_CHECKED, "shell", "--scirpt", "x");

    assertThat(run.status()).isEqualTo(2);
    assertThat(run.errorLines()).hasSize(1).first().asString().startsWith("error: Unknown options: '--scirpt'");
  }

  @Test
  void anUnwritableRecordFileIsOneLineExitOneAndTheStackTraceOnlyWithDebug() {
    // A folder cannot be opened as a file: the failure happens when the demo starts writing.
    CliRun run = CliRun.of(Runtimes.LEAK_CHECKED, "demo", "--pace", "0", "--record", tmp.toString());
    CliRun debug =
        CliRun.of(Runtimes.LEAK_CHECKED, "--debug", "demo", "--pace", "0", "--record", tmp.toString());

    assertThat(run.status()).isEqualTo(1);
    assertThat(run.errorLines())
        .singleElement()
        .asString()
        .startsWith("error: cannot write the trace to " + tmp);
    assertThat(run.hasStackTrace()).isFalse();
    assertThat(debug.status()).isEqualTo(1);
    assertThat(debug.hasStackTrace()).isTrue();
  }
}
