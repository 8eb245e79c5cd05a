package dev.rdbss.tck.selftest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rdbss.tck.runner.RuleResult;
import dev.rdbss.tck.runner.TckReport;
import dev.rdbss.tck.runner.TckRunner;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runner behind {@code rdbss tck} (issue 8 point 7): the whole kit through the launcher, a
 * summary table and a JSON report, the verdict from the required rules.
 */
class TckRunnerTest {

  @AfterEach
  void correctPluginAgain() {
    ReferenceSubject.faults = EnumSet.noneOf(Fault.class);
  }

  @Test
  void runsEveryAreaAndReportsAPassingPlugin(@TempDir Path dir) throws Exception {
    TckReport report = TckRunner.run(new ReferenceSubject(),
        new TckRunner.Options(false, null));
    assertThat(report.requiredRulesPassed()).isTrue();
    assertThat(report.results()).hasSizeGreaterThanOrEqualTo(60);
    assertThat(report.results().stream().map(RuleResult::area).distinct())
        .containsExactly("ConnectionSetup", "CreateAndCollapse", "CleanupAndClose",
            "Finalization", "BufferingAndOplocks", "LowIoAndLocks", "Lifecycle");
    assertThat(report.results()).filteredOn(r -> r.kind().equals("stochastic"))
        .allMatch(r -> r.result() == RuleResult.Result.ABORTED);
    assertThat(report.results()).filteredOn(r -> r.kind().equals("untested"))
        .allMatch(r -> r.result() == RuleResult.Result.SKIPPED && r.message().contains("untested"));

    StringWriter table = new StringWriter();
    report.printSummary(new PrintWriter(table));
    assertThat(table.toString()).contains("AREA", "ConnectionSetup", "total",
        "PASSED: every required rule holds");

    Path json = dir.resolve("out/report.json");
    report.writeJson(json);
    String text = Files.readString(json, StandardCharsets.UTF_8);
    assertThat(text).contains("\"requiredRulesPassed\": true",
        "\"rule\": \"required_s5_2_createSrvCallAnswersPending\"", "\"result\": \"PASSED\"",
        "\"durationMillis\": ");
  }

  @Test
  void aBrokenRequiredRuleFailsTheVerdictWithItsMessage() {
    ReferenceSubject.faults = EnumSet.of(Fault.KEEPS_SRV_CALL_CONTEXT);
    TckReport report = TckRunner.run(new ReferenceSubject(), new TckRunner.Options(false, 7L));
    assertThat(report.requiredRulesPassed()).isFalse();
    assertThat(report.failures()).extracting(RuleResult::rule)
        .contains("required_s9_p6_finalizeSrvCallClearsContexts");
    StringWriter table = new StringWriter();
    report.printSummary(new PrintWriter(table));
    assertThat(table.toString()).contains("FAILED Finalization.required_s9_p6",
        "check in the plugin:");
    assertThat(report.toJson()).contains("\"result\": \"FAILED\"", "\\n  expected: ");
  }
}
