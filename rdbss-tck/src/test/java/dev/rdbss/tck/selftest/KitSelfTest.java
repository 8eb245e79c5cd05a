package dev.rdbss.tck.selftest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import dev.rdbss.api.spi.Capability;
import dev.rdbss.tck.BufferingAndOplocksRules;
import dev.rdbss.tck.CleanupAndCloseRules;
import dev.rdbss.tck.ConnectionSetupRules;
import dev.rdbss.tck.CreateAndCollapseRules;
import dev.rdbss.tck.FinalizationRules;
import dev.rdbss.tck.LifecycleRules;
import dev.rdbss.tck.LowIoAndLocksRules;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/**
 * The kit tested by its own rules (issue 8 point 6), as the Reactive Streams TCK tests itself: the
 * correct reference plugin passes every rule, and each deliberate fault is caught by the rule meant
 * for it, with a message that says what was expected, what happened and what to check.
 */
class KitSelfTest {

  static final List<Class<?>> AREAS = List.of(ReferenceConnectionSetup.class,
      ReferenceCreateAndCollapse.class, ReferenceCleanupAndClose.class,
      ReferenceFinalization.class, ReferenceBufferingAndOplocks.class,
      ReferenceLowIoAndLocks.class, ReferenceLifecycle.class);

  static final List<Class<?>> RULES = List.of(ConnectionSetupRules.class,
      CreateAndCollapseRules.class, CleanupAndCloseRules.class, FinalizationRules.class,
      BufferingAndOplocksRules.class, LowIoAndLocksRules.class, LifecycleRules.class);

  private final Set<Capability> allCapabilities = ReferenceSubject.capabilities;

  @AfterEach
  void correctPluginAgain() {
    ReferenceSubject.faults = EnumSet.noneOf(Fault.class);
    ReferenceSubject.capabilities = allCapabilities;
  }

  private static EngineExecutionResults run(Stream<? extends org.junit.platform.engine.DiscoverySelector> selectors) {
    return EngineTestKit.engine("junit-jupiter")
        .selectors(selectors.toArray(org.junit.platform.engine.DiscoverySelector[]::new))
        .configurationParameter("junit.jupiter.extensions.autodetection.enabled", "false")
        .execute();
  }

  private static Set<String> ruleNames(String prefix) {
    return RULES.stream().flatMap(r -> Arrays.stream(r.getMethods())).map(Method::getName)
        .filter(n -> n.startsWith(prefix)).collect(Collectors.toCollection(TreeSet::new));
  }

  private static String describe(Event e) {
    TestExecutionResult r = e.getPayload(TestExecutionResult.class).orElseThrow();
    return e.getTestDescriptor().getDisplayName() + ": "
        + r.getThrowable().map(Throwable::getMessage).orElse("");
  }

  @Test
  void correctReferencePluginPassesEveryRule() {
    EngineExecutionResults results = run(AREAS.stream().map(c -> selectClass(c)));
    var tests = results.testEvents();
    assertThat(tests.failed().stream().map(KitSelfTest::describe).toList()).isEmpty();
    assertThat(tests.aborted().stream().map(KitSelfTest::describe).toList()).isEmpty();
    assertThat(tests.skipped().count()).isEqualTo(ruleNames("untested_").size());
    assertThat(tests.succeeded().count()).isEqualTo(ruleNames("required_").size()
        + ruleNames("optional_").size() + ruleNames("stochastic_").size());
  }

  @Test
  void atLeastSixtyRulesAndOneFaultForEveryRequiredRule() {
    Set<String> all = ruleNames("");
    assertThat(all.size()).isGreaterThanOrEqualTo(60);
    Set<String> faulted = Arrays.stream(Fault.values()).map(f -> f.rule)
        .filter(r -> r.startsWith("required_")).collect(Collectors.toCollection(TreeSet::new));
    assertThat(faulted).isEqualTo(ruleNames("required_"));
    Map<String, Long> perRule = Arrays.stream(Fault.values())
        .collect(Collectors.groupingBy(f -> f.rule, Collectors.counting()));
    assertThat(perRule.values()).allMatch(n -> n == 1);
  }

  @ParameterizedTest
  @EnumSource(Fault.class)
  void eachFaultIsCaughtByItsRuleWithAHelpfulMessage(Fault fault) {
    ReferenceSubject.faults = EnumSet.of(fault);
    Class<?> area = AREAS.stream().filter(fault.area::isAssignableFrom).findFirst().orElseThrow();
    EngineExecutionResults results = run(Stream.of(selectMethod(area, fault.rule)));
    List<Event> failed = results.testEvents().failed().list();
    assertThat(failed).as("%s should fail %s", fault, fault.rule).hasSize(1);
    String message = failed.get(0).getPayload(TestExecutionResult.class).orElseThrow()
        .getThrowable().orElseThrow().getMessage();
    assertThat(message)
        .contains(fault.rule)
        .contains("expected: ")
        .contains("happened: ")
        .contains("check in the plugin: ")
        .contains(fault.fragment);
  }

  @Test
  void optionalRulesAreAbortedWithoutTheirCapability() {
    ReferenceSubject.capabilities = EnumSet.noneOf(Capability.class);
    EngineExecutionResults results = run(AREAS.stream().map(c -> selectClass(c)));
    Set<String> aborted = results.testEvents().aborted().stream()
        .map(e -> e.getTestDescriptor().getDisplayName().replace("()", ""))
        .collect(Collectors.toCollection(TreeSet::new));
    Set<String> gated = ruleNames("optional_");
    gated.remove("optional_s9_p4_creationRunsOnRdbssThread"); // needs no capability
    assertThat(aborted).containsAll(gated);
    assertThat(results.testEvents().failed().stream().map(KitSelfTest::describe).toList())
        .isEmpty();
  }

  @Test
  void stochasticRulesCanBeSwitchedOffAndUntestedOnesAreSkippedWithTheirReason() {
    System.setProperty("rdbss.tck.stochastic", "false");
    try {
      EngineExecutionResults results = run(AREAS.stream().map(c -> selectClass(c)));
      Set<String> aborted = results.testEvents().aborted().stream()
          .map(e -> e.getTestDescriptor().getDisplayName().replace("()", ""))
          .collect(Collectors.toSet());
      assertThat(aborted).containsAll(ruleNames("stochastic_"));
      Map<String, String> reasons = results.testEvents().skipped().stream().collect(
          Collectors.toMap(e -> e.getTestDescriptor().getDisplayName().replace("()", ""),
              e -> e.getPayload(String.class).orElse("")));
      assertThat(reasons.keySet()).isEqualTo(ruleNames("untested_"));
      assertThat(reasons.values()).allMatch(r -> r.startsWith("untested: ") && r.length() > 40);
    } finally {
      System.clearProperty("rdbss.tck.stochastic");
    }
  }
}
