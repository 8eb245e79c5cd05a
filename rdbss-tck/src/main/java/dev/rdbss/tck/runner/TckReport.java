package dev.rdbss.tck.runner;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The outcome of a kit run against one subject (issue 8 point 7): a summary table for people and
 * a JSON report (rule, result, message, duration) for machines.
 *
 * @param subject the subject's display name
 * @param results every rule, in the order they ran
 * @param duration the whole run
 */
public record TckReport(String subject, List<RuleResult> results, Duration duration) {

  public TckReport {
    Objects.requireNonNull(subject, "subject");
    results = List.copyOf(results);
    Objects.requireNonNull(duration, "duration");
  }

  /** Whether every required rule ran and passed: the plugin conforms. */
  public boolean requiredRulesPassed() {
    List<RuleResult> required = results.stream().filter(RuleResult::required).toList();
    return !required.isEmpty()
        && required.stream().allMatch(r -> r.result() == RuleResult.Result.PASSED);
  }

  /** The rules that failed. */
  public List<RuleResult> failures() {
    return results.stream().filter(r -> r.result() == RuleResult.Result.FAILED).toList();
  }

  private long count(@Nullable String area, @Nullable String kind,
      RuleResult.@Nullable Result result) {
    return results.stream()
        .filter(r -> area == null || r.area().equals(area))
        .filter(r -> kind == null || r.kind().equals(kind))
        .filter(r -> result == null || r.result() == result)
        .count();
  }

  /**
   * A table, one line per area: required rules passed of their number, optional rules passed and
   * not applicable, stochastic rules passed, untested rules; then each failure with its message.
   */
  public void printSummary(PrintWriter out) {
    Map<String, Boolean> areas = new LinkedHashMap<>();
    results.forEach(r -> areas.put(r.area(), Boolean.TRUE));
    String format = "%-22s %10s %10s %14s %11s %9s%n";
    out.printf("rdbss-tck: %s%n%n", subject);
    out.printf(format, "AREA", "REQUIRED", "OPTIONAL", "(NOT APPLIED)", "STOCHASTIC", "UNTESTED");
    List<@Nullable String> names = new ArrayList<>(areas.keySet());
    names.add(null); // the totals
    for (@Nullable String area : names) {
      out.printf(format, area == null ? "total" : area,
          count(area, "required", RuleResult.Result.PASSED) + "/" + count(area, "required", null),
          count(area, "optional", RuleResult.Result.PASSED) + "/" + count(area, "optional", null),
          count(area, "optional", RuleResult.Result.ABORTED),
          count(area, "stochastic", RuleResult.Result.PASSED) + "/"
              + count(area, "stochastic", null),
          count(area, "untested", null));
    }
    out.println();
    for (RuleResult f : failures()) {
      out.printf("FAILED %s.%s%n", f.area(), f.rule());
      f.message().lines().forEach(l -> out.println("    " + l));
    }
    out.printf("%s in %.1f s: %s%n", requiredRulesPassed()
            ? "PASSED: every required rule holds" : "FAILED: " + failures().size()
            + " rule(s) broken", duration.toMillis() / 1000.0,
        count(null, null, RuleResult.Result.PASSED) + " passed, "
            + count(null, null, RuleResult.Result.FAILED) + " failed, "
            + count(null, null, RuleResult.Result.ABORTED) + " not applied, "
            + count(null, null, RuleResult.Result.SKIPPED) + " untested");
    out.flush();
  }

  /** The report as JSON: the subject, the verdict, and each rule's result, message and duration. */
  public String toJson() {
    StringBuilder sb = new StringBuilder();
    sb.append("{\n  \"kit\": \"rdbss-tck\",\n  \"subject\": ").append(quote(subject))
        .append(",\n  \"requiredRulesPassed\": ").append(requiredRulesPassed())
        .append(",\n  \"durationMillis\": ").append(duration.toMillis())
        .append(",\n  \"rules\": [");
    for (int i = 0; i < results.size(); i++) {
      RuleResult r = results.get(i);
      sb.append(i == 0 ? "\n" : ",\n")
          .append("    {\"area\": ").append(quote(r.area()))
          .append(", \"rule\": ").append(quote(r.rule()))
          .append(", \"kind\": ").append(quote(r.kind()))
          .append(", \"result\": ").append(quote(r.result().name()))
          .append(", \"message\": ").append(quote(r.message()))
          .append(", \"durationMillis\": ").append(r.duration().toMillis())
          .append('}');
    }
    return sb.append("\n  ]\n}\n").toString();
  }

  /** Writes {@link #toJson()} to {@code file} (UTF-8), creating its folder. */
  public void writeJson(Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.writeString(file, toJson(), StandardCharsets.UTF_8);
  }

  static String quote(String s) {
    StringBuilder sb = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"':
          sb.append("\\\"");
          break;
        case '\\':
          sb.append("\\\\");
          break;
        case '\n':
          sb.append("\\n");
          break;
        case '\r':
          sb.append("\\r");
          break;
        case '\t':
          sb.append("\\t");
          break;
        default:
          if (c < 0x20) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
      }
    }
    return sb.append('"').toString();
  }
}
