package dev.rdbss.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rdbss demo} in process (issue 9 points 1, 4, 5); {@code rdbss-it}'s {@code DemoLaunchTest}
 * runs it as a child process on the real module path. The runtime fails on a leak when it closes.
 */
class DemoCommandTest {

  @TempDir Path tmp;

  @Test
  void theWalkThroughRunsEveryStageAndEndsWithTheSummary_s4_1_s4_2_s4_3() {
    CliRun run = CliRun.of(Runtimes.LEAK_CHECKED, "demo", "--pace", "0", "--color", "never");

    assertThat(run.status()).as(run.err()).isZero();
    assertThat(run.err()).isEmpty();
    assertThat(run.out())
        .contains("[1/" + Demo.STAGES + "] Two users map shares")
        .containsPattern("alice> +net use X: \\\\\\\\files\\\\docs  -> SUCCESS")
        .containsPattern("bob> +read Y:\\\\rdbss-demo\\\\report.txt  -> \"Q3 report, draft 1\"")
        .contains("server restart (device control on \\Device\\SmbSimRedirector)  -> SUCCESS")
        .containsPattern("alice> +write X:\\\\rdbss-demo\\\\report.txt \"Q3 report, draft 2\"  -> SUCCESS")
        .contains("forceFinalizeAllVNetRoots ran 1 time(s) on the share's NET_ROOT")
        .containsPattern("alice> +flush X:\\\\rdbss-demo\\\\report.txt  -> UNEXPECTED_NETWORK_ERROR")
        .containsPattern("bob> +read Y:\\\\rdbss-demo\\\\notes.txt  -> UNEXPECTED_NETWORK_ERROR")
        .containsPattern("\\\\\\\\files\\\\docs +OFFLINE \\(unreachable\\)  pending=1 conflicts=0")
        .containsPattern("alice> +write X:\\\\rdbss-demo\\\\report.txt \"Q3 report, draft 2 \\(written offline\\)\"  -> SUCCESS")
        .containsPattern("bob> +csc pin \\\\\\\\files\\\\docs\\\\rdbss-demo  -> 2 file\\(s\\) pinned")
        .containsPattern("sync \\\\\\\\files\\\\docs \\[4/4\\] \\\\rdbss-demo\\\\todo.txt")
        .contains("\\\\files\\docs: 2 applied, 0 already applied, 1 conflict(s), 0 remaining")
        .contains("conflict: \\rdbss-demo\\report.txt (changed on the server); your version is"
            + " kept as \\rdbss-demo\\report (conflict alice).txt")
        .containsPattern("bob> +read Y:\\\\rdbss-demo\\\\report.txt  -> \"Q3 report, bob's numbers\"")
        .containsPattern("alice> +read X:\\\\rdbss-demo\\\\report \\(conflict alice\\).txt  -> \"Q3 report, draft 2 \\(written offline\\)\"")
        .containsPattern("alice> +net use X: /delete  -> FILES_OPEN")
        .containsPattern("alice> +read X:\\\\rdbss-demo\\\\report.txt \\(orphaned handle\\)  -> UNEXPECTED_NETWORK_ERROR")
        .contains("Statuses seen", "Objects left at unregistration: none", "Demo complete in ");
    // The tree shown has every object type, SRV_CALL to FOBX, under the CSC device.
    assertThat(run.out())
        .contains("\\Device\\CscRedirector", "SRV_CALL#", "NET_ROOT#", "V_NET_ROOT#", "FCB#", "SRV_OPEN#", "FOBX#");
    // Plain output: no escape codes.
    assertThat(run.out()).doesNotContain("\u001b[");
  }

  @Test
  void theWalkThroughIsTheSameEveryTime() {
    CliRun first = CliRun.of(Runtimes.LEAK_CHECKED, "demo", "--pace", "0", "--color", "never");
    CliRun second = CliRun.of(Runtimes.LEAK_CHECKED, "demo", "--pace", "0", "--color", "never");

    assertThat(withoutTiming(second.out())).isEqualTo(withoutTiming(first.out()));
  }

  private static String withoutTiming(String out) {
    return out.replaceAll("Demo complete in \\S+ s\\.", "Demo complete.");
  }

  @Test
  void statusesSeenCountWhatTheTraceRecorded_arch3_5() {
    CliRun run = CliRun.of(Runtimes.LEAK_CHECKED, "demo", "--pace", "0", "--color", "never");

    String statuses = run.out().substring(run.out().indexOf("Statuses seen"));
    Matcher m = Pattern.compile("(?m)^\\s+(\\d+)  ([A-Z_]+)$").matcher(statuses);
    java.util.Map<String, Integer> seen = new java.util.HashMap<>();
    while (m.find()) {
      seen.put(m.group(2), Integer.parseInt(m.group(1)));
    }
    assertThat(seen).containsKeys("SUCCESS", "FILES_OPEN", "UNEXPECTED_NETWORK_ERROR");
    assertThat(seen.get("SUCCESS")).isGreaterThan(seen.get("FILES_OPEN"));
  }

  @Test
  void colourAlwaysPaintsStatusesAndHeadings() {
    CliRun run = CliRun.of(Runtimes.LEAK_CHECKED, "demo", "--pace", "0", "--color", "always");

    assertThat(run.status()).isZero();
    assertThat(run.out()).contains("\u001b[32mSUCCESS\u001b[0m", "\u001b[1;36m[1/");
  }

  @Test
  void recordWritesEveryTraceEventAsOneJsonObjectPerLine_arch3_5() throws IOException {
    Path trace = tmp.resolve("trace.jsonl");

    CliRun run =
        CliRun.of(Runtimes.LEAK_CHECKED, "demo", "--pace", "0", "--record", trace.toString());

    assertThat(run.status()).as(run.err()).isZero();
    List<String> lines = Files.readAllLines(trace, StandardCharsets.UTF_8);
    assertThat(run.out()).contains("Trace: " + lines.size() + " events in " + trace);
    assertThat(lines).hasSizeGreaterThan(50);
    assertThat(lines).allSatisfy(l -> assertThat(l).matches("\\{\"sequence\":\\d+,.*\\}"));
    long previous = -1;
    for (String line : lines) {
      long sequence = Long.parseLong(line.substring(12, line.indexOf(',')));
      assertThat(sequence).isGreaterThan(previous);
      previous = sequence;
    }
    assertThat(lines)
        .anySatisfy(
            l ->
                assertThat(l)
                    .contains("\"kind\":\"ROUTINE\"", "\"name\":\"finalizeConnection\"")
                    .contains("\"status\":\"FILES_OPEN\""));
    assertThat(lines)
        .anySatisfy(
            l ->
                assertThat(l)
                    .contains("\"name\":\"forceFinalizeAllVNetRoots\"")
                    .contains("\"type\":\"NET_ROOT\"", "\"name\":\"\\\\files\\\\docs\""));
    assertThat(lines).anySatisfy(l -> assertThat(l).contains("\"type\":\"FOBX\""));
    // The trace holds no password of the sample users.
    assertThat(String.join("\n", lines)).doesNotContain("wonderland", "builder");
  }

  @Test
  void anUnreachableServerIsOneErrorLineExitOne_s8() throws IOException {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }

    CliRun run =
        CliRun.of(
            Runtimes.LEAK_CHECKED,
            "demo",
            "--pace",
            "0",
            "--server",
            "smb2://127.0.0.1:" + closedPort,
            "--user",
            "u1:p1",
            "--user",
            "u2:p2");

    assertThat(run.status()).isEqualTo(1);
    assertThat(run.errLines())
        .singleElement()
        .asString()
        .startsWith("error: cannot reach \\\\files on smb2://127.0.0.1:" + closedPort)
        .contains("BAD_NETWORK_PATH");
    assertThat(run.hasStackTrace()).isFalse();
    assertThat(run.err()).doesNotContain("p1", "p2");
  }

  @Test
  void aMalformedServerAddressIsAUsageErrorExitTwo() {
    CliRun run = CliRun.of(Runtimes.LEAK_CHECKED, "demo", "--server", "http://files");

    assertThat(run.status()).isEqualTo(2);
    assertThat(run.errorLines())
        .containsExactly("error: not a server address: 'http://files'; expected smb2://host[:port]");
  }

  @Test
  void aRealServerNeedsTwoUsersAndUsersNeedAServer() {
    CliRun one =
        CliRun.of(Runtimes.LEAK_CHECKED, "demo", "--server", "smb2://h", "--user", "a:secret");
    CliRun noServer = CliRun.of(Runtimes.LEAK_CHECKED, "demo", "--user", "a:secret");
    CliRun malformed =
        CliRun.of(Runtimes.LEAK_CHECKED, "demo", "--server", "smb2://h", "--user", "nocolon");

    assertThat(one.status()).isEqualTo(2);
    assertThat(one.errorLines()).singleElement().asString().contains("--server needs 2 different users");
    assertThat(noServer.status()).isEqualTo(2);
    assertThat(noServer.errorLines()).singleElement().asString().contains("--user needs --server");
    assertThat(malformed.errorLines()).containsExactly("error: --user takes NAME:PASSWORD");
    assertThat(one.err() + noServer.err()).doesNotContain("secret");
  }

  @Test
  void aNegativePaceAndAnUnknownColourAreUsageErrors() {
    assertThat(CliRun.of(Runtimes.LEAK_CHECKED, "demo", "--pace", "-1").status()).isEqualTo(2);
    CliRun colour = CliRun.of(Runtimes.LEAK_CHECKED, "demo", "--color", "sometimes");
    assertThat(colour.status()).isEqualTo(2);
    assertThat(colour.errorLines())
        .containsExactly("error: --color takes auto, always or never, not 'sometimes'");
  }

  @Test
  void recordingIntoAMissingFolderIsAUsageErrorExitTwo() {
    Path missing = tmp.resolve("no/such/folder/trace.jsonl");

    CliRun run = CliRun.of(Runtimes.LEAK_CHECKED, "demo", "--record", missing.toString());

    assertThat(run.status()).isEqualTo(2);
    assertThat(run.errorLines())
        .containsExactly("error: no such folder for --record: " + missing.getParent());
  }
}
