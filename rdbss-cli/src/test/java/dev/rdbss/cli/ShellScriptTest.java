package dev.rdbss.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rdbss shell --script FILE} (issue 9 point 2): the shell's commands on the embedded server,
 * run without a terminal; the transcript on stdout, a failed command as one {@code error:
 * FILE:LINE:} line on stderr with exit status 1. Every runtime fails on a leak when it closes.
 */
class ShellScriptTest {

  @TempDir Path tmp;

  private CliRun script(String... lines) throws IOException {
    return scriptWith(new String[0], lines);
  }

  private CliRun scriptWith(String[] options, String... lines) throws IOException {
    Path file = tmp.resolve("commands.rdbss");
    Files.write(file, java.util.List.of(lines), StandardCharsets.UTF_8);
    String[] args = new String[options.length + 3];
    args[0] = "shell";
    System.arraycopy(options, 0, args, 1, options.length);
    args[options.length + 1] = "--script";
    args[options.length + 2] = file.toString();
    return CliRun.of(Runtimes.LEAK_CHECKED, args);
  }

  @Test
  void fileCommandsWorkThroughAMappedDrive_s6_5() throws IOException {
    CliRun run =
        script(
            "net use X: \\\\files\\docs",
            "echo hello world > X:\\a.txt",
            "echo second line >> X:\\a.txt",
            "type X:\\a.txt",
            "mkdir X:\\sub",
            "copy X:\\a.txt X:\\sub\\b.txt",
            "ren X:\\sub\\b.txt c.txt",
            "dir X:\\sub",
            "del X:\\a.txt",
            "dir X:\\",
            "net use");

    assertThat(run.status()).as(run.err()).isZero();
    assertThat(run.err()).isEmpty();
    assertThat(run.out())
        .contains("The command completed successfully.")
        .contains("hello world\r\nsecond line\r\n")
        .contains("1 file(s) copied.")
        .containsPattern("(?m)^.* 26 c\\.txt$")
        .doesNotContainPattern("(?m)^.* b\\.txt$")
        .containsPattern("(?m)^X:\\s+\\\\\\\\files\\\\docs$");
    // After del, X:\ lists the directory only.
    String lastDir = run.out().substring(run.out().lastIndexOf("Directory of X:\\"));
    assertThat(lastDir).contains("<DIR>          sub").doesNotContain("a.txt");
  }

  @Test
  void eachCommandIsEchoedAfterItsPromptAsATranscript() throws IOException {
    CliRun run = script("cd \\\\files\\public", "logon bob", "whoami");

    assertThat(run.status()).isZero();
    assertThat(run.outLines())
        .containsSubsequence(
            "alice \\\\files\\docs> cd \\\\files\\public",
            "alice \\\\files\\public> logon bob",
            "now acting as bob",
            "bob \\\\files\\public> whoami",
            "bob");
  }

  @Test
  void aFailedCommandStopsTheScriptWithFileLineAndStatusExitOne_s8() throws IOException {
    CliRun run = script("net use X: \\\\files\\docs", "type X:\\missing.txt", "echo never > X:\\n.txt");

    assertThat(run.status()).isEqualTo(1);
    assertThat(run.errLines())
        .containsExactly(
            "error: "
                + tmp.resolve("commands.rdbss")
                + ":2: X:\\missing.txt: STATUS_OBJECT_NAME_NOT_FOUND (0xC0000034)");
    assertThat(run.out()).doesNotContain("echo never");
    assertThat(run.hasStackTrace()).isFalse();
  }

  @Test
  void keepGoingRunsTheRestAndStillExitsOne() throws IOException {
    CliRun run =
        scriptWith(
            new String[] {"--keep-going"},
            "frobnicate",
            "net use X: \\\\files\\nosuchshare",
            "echo still here");

    assertThat(run.status()).isEqualTo(1);
    assertThat(run.errorLines())
        .hasSize(2)
        .anySatisfy(l -> assertThat(l).endsWith(":1: unknown command 'frobnicate'; type 'help' for the list"))
        .anySatisfy(l -> assertThat(l).contains(":2: net use X: \\\\files\\nosuchshare: STATUS_BAD_NETWORK_NAME"));
    assertThat(run.out()).contains("still here");
  }

  @Test
  void aReadOnlyUserIsDeniedAWrite_s6_4() throws IOException {
    CliRun run =
        script("echo from alice > \\\\files\\public\\p.txt", "logon bob", "type \\\\files\\public\\p.txt",
            "echo from bob > \\\\files\\public\\p.txt");

    assertThat(run.status()).isEqualTo(1);
    assertThat(run.out()).contains("from alice");
    assertThat(run.errorLines()).singleElement().asString().endsWith("STATUS_ACCESS_DENIED (0xC0000022)");
  }

  @Test
  void netUseWithAnExplicitUserUsesThatUsersRights_s6_5() throws IOException {
    CliRun run =
        script(
            "echo x > \\\\files\\public\\q.txt",
            "net use Q: \\\\files\\public /user:bob",
            "type Q:\\q.txt",
            "echo y > Q:\\q.txt");

    assertThat(run.status()).isEqualTo(1);
    assertThat(run.errorLines()).singleElement().asString().contains(":4: ").contains("ACCESS_DENIED");
  }

  @Test
  void deletingADriveWithAnOpenFileNeedsForce_s4_3() throws IOException {
    CliRun run =
        scriptWith(
            new String[] {"--keep-going"},
            "net use X: \\\\files\\docs",
            "echo kept open > X:\\o.txt",
            "open X:\\o.txt",
            "net use X: /delete",
            "net use X: /delete /force",
            "net use");

    assertThat(run.errorLines())
        .singleElement()
        .asString()
        .endsWith(":4: net use X: /delete: STATUS_FILES_OPEN (0xC0000107)");
    assertThat(run.out()).contains("X: was deleted successfully.", "There are no entries in the list.");
  }

  @Test
  void treeShowsEveryObjectTypeFromSrvCallToFobxWithCountsAndConditions_s1_5() throws IOException {
    CliRun run = script("net use X: \\\\files\\docs", "echo t > X:\\t.txt", "open X:\\t.txt", "tree");

    assertThat(run.status()).as(run.err()).isZero();
    assertThat(run.out())
        .containsPattern("(?m)^  SRV_CALL#\\d+ \\\\files  refs=\\d+ GOOD")
        .containsPattern("(?m)^    NET_ROOT#\\d+ \\\\files\\\\docs  refs=\\d+ GOOD .*numberOfFcbs=1")
        .containsPattern("(?m)^      V_NET_ROOT#\\d+ \\\\;X:\\d+\\\\files\\\\docs  refs=\\d+ GOOD .*numberOfFobxs=1")
        .containsPattern("(?m)^      FCB#\\d+ \\\\files\\\\docs\\\\t\\.txt  refs=\\d+ GOOD openCount=1 uncleanCount=1")
        .containsPattern("(?m)^        SRV_OPEN#\\d+ .* GOOD openCount=1")
        .containsPattern("(?m)^          FOBX#\\d+ \\\\files\\\\docs\\\\t\\.txt  refs=1");
  }

  @Test
  void treeDotIsAGraphWithAnEdgeFromEachParent() throws IOException {
    CliRun run = script("net use X: \\\\files\\docs", "echo t > X:\\t.txt", "open X:\\t.txt", "tree --dot");

    assertThat(run.status()).isZero();
    String dot = run.out().substring(run.out().indexOf("digraph rdbss {"));
    assertThat(dot)
        .contains("device0 [shape=folder, label=\"\\\\Device\\\\CscRedirector\"];")
        .contains("device1 [shape=folder, label=\"\\\\Device\\\\SmbSimRedirector\"];");
    assertThat(dot).containsPattern("device0 -> n\\d+;");
    assertThat(dot).containsPattern("(?s)n(\\d+) \\[label=\"FOBX #\\1.*?\\];");
  }

  @Test
  void traceShowsTheLastEventsOfTheRuntime_arch3_5() throws IOException {
    CliRun run = script("net use X: \\\\files\\docs", "trace 3");

    assertThat(run.status()).isZero();
    String afterTrace = run.out().substring(run.out().indexOf("> trace 3"));
    assertThat(afterTrace.lines().skip(1).toList()).hasSize(3);
    assertThat(afterTrace).containsPattern("(?m)^\\d+ .*(netUse|create)");
  }

  @Test
  void aServerDisconnectFaultFailsTheNextRequestAndTheCscSampleServesTheFileOffline_s8_s4_1()
      throws IOException {
    CliRun run =
        scriptWith(
            new String[] {"--keep-going"},
            "net use X: \\\\files\\docs",
            "echo before > X:\\f.txt",
            "server fault disconnect 1",
            "type X:\\f.txt",
            "type X:\\f.txt",
            "csc status X:");

    assertThat(run.out()).contains("the connection to \\\\files drops at request 1 from now");
    assertThat(run.errorLines()).singleElement().asString().contains(":4: ").contains("CONNECTION_DISCONNECTED");
    assertThat(run.out()).containsPattern("(?m)> type X:\\\\f\\.txt\\R+before");
    assertThat(run.out()).containsPattern("\\\\\\\\files\\\\docs +OFFLINE \\(unreachable\\)");
  }

  @Test
  void aFailingPathFaultAnswersTheGivenStatusUntilCleared() throws IOException {
    CliRun run =
        scriptWith(
            new String[] {"--keep-going"},
            "server fault fail docs bad.txt ACCESS_DENIED",
            "type \\\\files\\docs\\bad.txt",
            "server fault clear",
            "echo data > \\\\files\\docs\\bad.txt",
            "type \\\\files\\docs\\bad.txt");

    assertThat(run.errorLines()).singleElement().asString().contains(":2: ").contains("ACCESS_DENIED");
    assertThat(run.out()).contains("no faults on \\\\files").containsPattern("(?m)^data\\r?$");
  }

  @Test
  void aServerRestartTakesTheCachedShareOfflineAndItsFilesStayReadable_s4_1_s8() throws IOException {
    CliRun run =
        scriptWith(
            new String[] {"--keep-going"},
            "echo survives > \\\\files\\docs\\r.txt",
            "open \\\\files\\docs\\r.txt",
            "server restart",
            "close 1",
            "type \\\\files\\docs\\r.txt",
            "type \\\\files\\docs\\r.txt",
            "csc online \\\\files\\docs",
            "type \\\\files\\docs\\r.txt");

    assertThat(run.out()).contains("restarted", "[1] closed");
    // The open that meets the dead connection fails and the CSC sample goes offline; the next
    // one is served from its cache, and after 'csc online' from the server again.
    assertThat(run.errorLines()).singleElement().asString().contains(":5: ").contains("CONNECTION_DISCONNECTED");
    assertThat(run.out().split("(?m)^survives\\r?$", -1)).hasSize(3);
    assertThat(run.out()).contains("\\\\files\\docs: 0 applied");
  }

  @Test
  void cscCommandsTakeAShareOfflineJournalEditsAndSyncThemBack_s4_1() throws IOException {
    CliRun run =
        script(
            "net use X: \\\\files\\docs",
            "echo online > X:\\a.txt",
            "csc status",
            "csc pin X:\\a.txt",
            "csc offline X:",
            "echo written offline > X:\\b.txt",
            "type X:\\a.txt",
            "csc status X:",
            "csc online",
            "csc status \\\\files\\docs",
            "type X:\\b.txt");

    assertThat(run.status()).as(run.err()).isZero();
    assertThat(run.out())
        .containsPattern("(?m)^\\\\\\\\files\\\\docs +ONLINE .*pending=0 conflicts=0$")
        .contains("1 file(s) pinned under \\\\files\\docs\\a.txt")
        .containsPattern("(?m)^\\\\\\\\files\\\\docs +OFFLINE \\(requested\\)")
        .containsPattern("(?m)^\\\\\\\\files\\\\docs +OFFLINE \\(requested\\)  pending=[1-9]")
        .containsPattern("(?m)^\\\\\\\\files\\\\docs: [1-9]\\d* applied, 0 already applied, 0 conflict\\(s\\), 0 remaining$")
        .containsPattern("(?m)^\\\\\\\\files\\\\docs +ONLINE .*pending=0")
        .contains("written offline");
    // Plain output: the sync's progress is one line per replayed entry.
    assertThat(run.out()).containsPattern("(?m)^ +sync \\\\\\\\files\\\\docs \\[1/\\d+\\] \\\\b\\.txt");
  }

  @Test
  void cscCommandsReportWhatTheyCannotDo() throws IOException {
    CliRun run =
        scriptWith(
            new String[] {"--keep-going"},
            "csc offline \\\\nowhere\\x",
            "csc frobnicate",
            "csc online Q:",
            "csc");

    assertThat(run.errorLines())
        .hasSize(4)
        .anySatisfy(l -> assertThat(l).contains(":1: csc offline \\\\nowhere\\x: STATUS_"))
        .anySatisfy(l -> assertThat(l).contains(":2: unknown csc command 'frobnicate'"))
        .anySatisfy(l -> assertThat(l).contains(":3: Q: is not mapped"))
        .anySatisfy(l -> assertThat(l).contains(":4: usage: csc status"));
  }

  @Test
  void aMissingScriptIsAUsageErrorExitTwo() {
    Path missing = tmp.resolve("nope.rdbss");

    CliRun run = CliRun.of(Runtimes.LEAK_CHECKED, "shell", "--script", missing.toString());

    assertThat(run.status()).isEqualTo(2);
    assertThat(run.errorLines()).containsExactly("error: script not found: " + missing);
  }

  @Test
  void badArgumentsAreOneErrorLineEach() throws IOException {
    CliRun run =
        scriptWith(
            new String[] {"--keep-going"},
            "ren X:\\a.txt sub\\b.txt",
            "trace many",
            "net use X:",
            "server fault fail docs x NO_SUCH_STATUS",
            "type \\nohost.txt",
            "logon mallory");

    assertThat(run.errorLines())
        .hasSize(6)
        .anySatisfy(l -> assertThat(l).endsWith("ren takes a new name, not a path: 'sub\\b.txt'"))
        .anySatisfy(l -> assertThat(l).endsWith("trace needs a number: 'many'"))
        .anySatisfy(l -> assertThat(l).contains(":3: usage: net use"))
        .anySatisfy(l -> assertThat(l).endsWith("no status named 'NO_SUCH_STATUS'"))
        .anySatisfy(l -> assertThat(l).contains("has no server or drive"))
        .anySatisfy(l -> assertThat(l).contains("no user named 'mallory'"));
    assertThat(run.hasStackTrace()).isFalse();
  }
}
