package dev.rdbss.tck.runner;

import java.time.Duration;
import java.util.Objects;

/**
 * One rule's outcome in a {@link TckReport}.
 *
 * @param area the area, such as {@code ConnectionSetup}
 * @param rule the rule's method name, such as {@code required_s5_2_createSrvCallAnswersPending}
 * @param result what happened
 * @param message the failure message (expected / happened / check), the reason of an abort or a
 *     skip, or empty
 * @param duration how long the rule ran
 */
public record RuleResult(String area, String rule, Result result, String message, Duration duration) {

  public RuleResult {
    Objects.requireNonNull(area, "area");
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(result, "result");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(duration, "duration");
  }

  /** How a rule ended. */
  public enum Result {
    /** The plugin follows the rule. */
    PASSED,
    /** The plugin breaks the rule (or the scenario could not run). */
    FAILED,
    /** The rule does not apply: a capability the plugin does not declare, or switched off. */
    ABORTED,
    /** An {@code untested_} rule, reported with its reason. */
    SKIPPED
  }

  /** {@code required}, {@code optional}, {@code stochastic} or {@code untested}: the name's prefix. */
  public String kind() {
    int cut = rule.indexOf('_');
    return cut < 0 ? rule : rule.substring(0, cut);
  }

  /** Whether this rule is required. */
  public boolean required() {
    return kind().equals("required");
  }
}
