package dev.rdbss.tck;

import dev.rdbss.api.BugCheckError;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.opentest4j.TestAbortedException;

/**
 * What every area's verification shares (issue 8 points 1, 2): the subject, one fresh fixture and
 * runtime per rule, the naming scheme and the switches.
 *
 * <ul>
 *   <li>{@code required_…}: must pass.
 *   <li>{@code optional_…}: runs only when the plugin declares the capability; otherwise it is
 *       aborted (an assumption), never failed.
 *   <li>{@code stochastic_…}: seeded random runs; {@code -Drdbss.tck.stochastic=false} or {@link
 *       #skipStochasticRules()} switches them off, {@code -Drdbss.tck.seed=N} replays a seed.
 *   <li>{@code untested_…}: present so that the list is complete, reported as skipped with the
 *       reason.
 * </ul>
 *
 * <p>Plugin authors do not extend this class directly but one class per area.
 */
@ExtendWith(TckVerification.RuleExtension.class)
public abstract class TckVerification {

  private @Nullable Harness harness;
  private String rule = "";
  private String check = "";

  TckVerification() {}

  /** The plugin under test; called once per rule. */
  protected abstract TckSubject subject();

  /**
   * Whether to skip the {@code stochastic_} rules (default: only when {@code
   * -Drdbss.tck.stochastic=false}).
   */
  protected boolean skipStochasticRules() {
    return !Boolean.parseBoolean(System.getProperty("rdbss.tck.stochastic", "true"));
  }

  @BeforeEach
  final void nameTheRule(TestInfo info) {
    Method m = info.getTestMethod().orElseThrow();
    TckRule meta = ruleOf(m);
    rule = m.getName() + " (" + (meta == null ? "" : meta.spec()) + ")";
    check = meta == null ? "" : meta.check();
  }

  @AfterEach
  final void closeTheRule() throws Exception {
    Harness h = harness;
    harness = null;
    if (h != null) {
      try {
        h.closeRuntime("the rule's scenario");
      } finally {
        h.close();
      }
    }
  }

  /** The rule's world, started on first use. */
  final Harness h() {
    if (harness == null) {
      harness = start(Map.of());
    }
    return harness;
  }

  /** The rule's world with extra runtime settings; the first call of the rule. */
  final Harness h(Map<String, String> settings) {
    if (harness != null) {
      throw new IllegalStateException("the rule already started its runtime");
    }
    harness = start(settings);
    return harness;
  }

  /**
   * A further world for rules that compare runs (callback orders, readings): the caller closes it
   * with {@link Harness#closeRuntime} and {@link Harness#close}.
   */
  final Harness another(Map<String, String> settings) {
    return start(settings);
  }

  private Harness start(Map<String, String> settings) {
    try {
      return new Harness(subject(), rule, check, seed(), settings);
    } catch (TckFailure f) {
      throw f;
    } catch (Exception e) {
      throw new TckFailure(rule, "the subject starts its fixture and the runtime registers the"
          + " plugin", "it threw " + e, "TckSubject.start and the provider's create", e);
    }
  }

  /** The rule's seed: {@code -Drdbss.tck.seed} or one fixed per rule, so runs repeat. */
  final long seed() {
    String fixed = System.getProperty("rdbss.tck.seed");
    if (fixed != null) {
      return Long.parseLong(fixed.trim());
    }
    return 0x5EEDL * 31 + rule.hashCode();
  }

  final void stochastic() {
    Assumptions.assumeFalse(skipStochasticRules(),
        "stochastic rules are switched off (rdbss.tck.stochastic=false)");
  }

  final String rule() {
    return rule;
  }

  static @Nullable TckRule ruleOf(Method m) {
    TckRule meta = m.getAnnotation(TckRule.class);
    if (meta != null) {
      return meta;
    }
    // The annotation sits on the kit's method; a subclass may override it without repeating it.
    for (Class<?> c = m.getDeclaringClass().getSuperclass(); c != null; c = c.getSuperclass()) {
      try {
        TckRule inherited = c.getDeclaredMethod(m.getName()).getAnnotation(TckRule.class);
        if (inherited != null) {
          return inherited;
        }
      } catch (NoSuchMethodException e) {
        // keep looking further up
      }
    }
    return null;
  }

  /**
   * Reports {@code untested_} rules as skipped with their reason, and turns whatever escapes a
   * rule (a bugcheck, an exception from the plugin) into a verdict that names the rule and what to
   * check.
   */
  static final class RuleExtension implements ExecutionCondition, TestExecutionExceptionHandler {

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
      Optional<Method> m = context.getTestMethod();
      if (m.isPresent() && m.get().getName().startsWith("untested_")) {
        TckRule meta = ruleOf(m.get());
        return ConditionEvaluationResult.disabled(
            "untested: " + (meta == null ? "" : meta.check()));
      }
      return ConditionEvaluationResult.enabled("a rule");
    }

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable thrown)
        throws Throwable {
      if (thrown instanceof TckFailure || thrown instanceof TestAbortedException
          || thrown instanceof AssertionError) {
        throw thrown;
      }
      TckVerification v = (TckVerification) context.getRequiredTestInstance();
      String what = thrown instanceof BugCheckError
          ? "RDBSS bugchecked: " + thrown.getMessage()
          : "the scenario threw " + thrown;
      List<String> notes = new ArrayList<>();
      Harness h = v.harness;
      if (h != null && !(thrown instanceof BugCheckError)) {
        h.runtime.observation().bugCheck()
            .ifPresent(d -> notes.add("; RDBSS bugchecked: " + d.error().getMessage()));
      }
      throw new TckFailure(v.rule, "the scenario runs without a contract violation",
          what + String.join("", notes), v.check, thrown);
    }
  }
}
