package dev.rdbss.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code rdbss tree [--dot]} (issue 9 point 4): the live object graph as text or Graphviz DOT. */
class TreeCommandTest {

  @TempDir Path tmp;

  @Test
  void dotHasOneNodePerObjectAndOneEdgePerParentChildPair_s1_1() {
    CliRun run = CliRun.of(Runtimes.LEAK_CHECKED, "tree", "--dot");

    assertThat(run.status()).as(run.err()).isZero();
    String dot = run.out();
    assertThat(dot).startsWith("digraph rdbss {\n").endsWith("}\n");
    for (String type : new String[] {"SRV_CALL", "NET_ROOT", "V_NET_ROOT", "FCB", "SRV_OPEN", "FOBX"}) {
      assertThat(dot).as(type).containsPattern("label=\"" + type + " #\\d+");
    }
    Matcher nodes = Pattern.compile("(?m)^  (n\\d+) \\[label=").matcher(dot);
    int nodeCount = 0;
    while (nodes.find()) {
      nodeCount++;
      // Every object hangs under exactly one parent.
      assertThat(dot).containsPattern("(?m)^  \\w+ -> " + nodes.group(1) + ";$");
    }
    long edges = dot.lines().filter(l -> l.contains(" -> ")).count();
    assertThat(edges).isEqualTo(nodeCount);
    // Two users with a file open each: two FOBXs under two SRV_OPENs of one FCB, plus the folder.
    assertThat(dot.lines().filter(l -> l.contains("label=\"FOBX #"))).hasSize(3);
  }

  @Test
  void textShowsTheSameTreeIndented() {
    CliRun run = CliRun.of(Runtimes.LEAK_CHECKED, "tree");

    assertThat(run.status()).isZero();
    assertThat(run.outLines().get(0)).isEqualTo("\\Device\\CscRedirector");
    assertThat(run.out()).contains("\n\\Device\\SmbSimRedirector\n");
    assertThat(run.out()).containsPattern("(?m)^          FOBX#\\d+ ");
  }

  @Test
  void aScriptSetsUpTheStateAndOutputGoesToAFile() throws IOException {
    Path script = Files.writeString(tmp.resolve("s.rdbss"), "net use X: \\\\files\\public\n");
    Path out = tmp.resolve("tree.dot");

    CliRun run =
        CliRun.of(
            Runtimes.LEAK_CHECKED,
            "tree", "--dot", "--script", script.toString(), "--output", out.toString());

    assertThat(run.status()).as(run.err()).isZero();
    assertThat(run.out()).isEmpty();
    String dot = Files.readString(out, StandardCharsets.UTF_8);
    assertThat(dot).contains("\\\\;X:").contains("\\\\files\\\\public").doesNotContain("FCB #");
  }

  @Test
  void aFailingScriptLineIsOneErrorLineExitOne() throws IOException {
    Path script = Files.writeString(tmp.resolve("bad.rdbss"), "net use X: \\\\nowhere\\docs\n");

    CliRun run = CliRun.of(Runtimes.LEAK_CHECKED, "tree", "--script", script.toString());

    assertThat(run.status()).isEqualTo(1);
    assertThat(run.errorLines())
        .containsExactly(
            "error: " + script + ":1: net use X: \\\\nowhere\\docs: STATUS_BAD_NETWORK_PATH (0xC00000BE)");
  }
}
