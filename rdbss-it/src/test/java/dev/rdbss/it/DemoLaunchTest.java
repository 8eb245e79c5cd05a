package dev.rdbss.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rdbss.it.CliProcess.Result;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's run command, {@code rdbss demo}, and the shell's script mode as child processes on
 * the real module path (issue 9 point 7): exit status, output, and a clean standard error (no JVM
 * warning, no stack trace).
 */
class DemoLaunchTest {

  @TempDir Path scratch;

  private Result rdbss(String... args) {
    Result result = CliProcess.run(scratch, args);
    assertThat(result.errLines())
        .as("JVM warnings or stack traces on stderr of%n%s", result)
        .noneMatch(l -> l.startsWith("WARNING:"))
        .noneMatch(l -> l.matches("\\s+at \\S+\\(.*\\)") || l.startsWith("Exception in thread"));
    return result;
  }

  @Test
  @DisplayName("issue 9 §1: the demo runs every stage (CSC offline, sync with a conflict) and exits 0, nothing leaked")
  void demoRunsToTheEndAndExitsZero_s4_1_s4_2() {
    Result r = rdbss("demo", "--pace", "0");

    assertThat(r.status()).as("%s", r).isZero();
    assertThat(r.err()).as("%s", r).isEmpty();
    assertThat(r.out())
        .as("%s", r)
        .contains("rdbss demo: RDBSS with the CSC and SMB sample mini-redirectors, on the embedded simulated server")
        .contains("Two users map shares", "The server drops", "Offline edits", "Reconnect and sync", "Closing summary")
        .contains("forceFinalizeAllVNetRoots ran 1 time(s)", "OFFLINE (unreachable)", "1 conflict(s)")
        .contains("UNEXPECTED_NETWORK_ERROR", "FILES_OPEN")
        .contains("Objects left at unregistration: none")
        .containsPattern("Demo complete in \\d+\\.\\d s\\.");
    // Not a terminal: plain text, no pacing, no colour.
    assertThat(r.out()).doesNotContain("\u001b[");
  }

  @Test
  @DisplayName("issue 9 §4: demo --record writes the trace as JSON lines")
  void demoRecordWritesJsonLines() throws IOException {
    Path trace = scratch.resolve("demo-trace.jsonl");

    Result r = rdbss("demo", "--pace", "0", "--record", trace.toString());

    assertThat(r.status()).as("%s", r).isZero();
    List<String> lines = Files.readAllLines(trace, StandardCharsets.UTF_8);
    assertThat(lines).isNotEmpty().allSatisfy(l -> assertThat(l).startsWith("{\"sequence\":").endsWith("}"));
    assertThat(r.out()).contains("Trace: " + lines.size() + " events in " + trace);
  }

  @Test
  @DisplayName("issue 9 §2, §5: shell --script runs the commands; a failed one is one error line, exit 1")
  void shellScriptRunsAndStopsAtTheFirstFailure() throws IOException {
    Path script =
        Files.writeString(
            scratch.resolve("s.rdbss"),
            "net use X: \\\\files\\docs\necho hi > X:\\hi.txt\ntype X:\\hi.txt\ntype X:\\no.txt\n",
            StandardCharsets.UTF_8);

    Result r = rdbss("shell", "--script", script.toString());

    assertThat(r.status()).as("%s", r).isEqualTo(1);
    assertThat(r.out()).as("%s", r).contains("The command completed successfully.").containsPattern("(?m)^hi\\r?$");
    assertThat(r.errLines())
        .as("%s", r)
        .containsExactly("error: " + script + ":4: X:\\no.txt: STATUS_OBJECT_NAME_NOT_FOUND (0xC0000034)");
  }

  @Test
  @DisplayName("issue 9 §5: an unknown command is one error line and exit 2")
  void anUnknownCommandIsOneLineExitTwo() {
    Result r = rdbss("dmeo");

    assertThat(r.status()).as("%s", r).isEqualTo(2);
    assertThat(r.errorLines()).as("%s", r).singleElement().asString()
        .startsWith("error: unknown command 'dmeo'; the commands are providers, demo, shell, tree");
    assertThat(r.out()).isEmpty();
  }

  @Test
  @DisplayName("issue 9 §4: tree --dot prints a Graphviz graph of the opening scene")
  void treeDotPrintsAGraph() {
    Result r = rdbss("tree", "--dot");

    assertThat(r.status()).as("%s", r).isZero();
    assertThat(r.out()).startsWith("digraph rdbss {").contains("label=\"FOBX #").endsWith("}\n");
  }
}
