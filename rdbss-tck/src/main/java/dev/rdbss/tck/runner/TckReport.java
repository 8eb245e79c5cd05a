package dev.rdbss.tck.runner;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
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

  private static final JsonFactory JSON = new JsonFactory();

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
    StringWriter text = new StringWriter();
    try (JsonGenerator json = JSON.createGenerator(text)) {
      // Two-space indents, one member per line, "name": value (as jq prints it).
      DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
      json.setPrettyPrinter(new DefaultPrettyPrinter()
          .withSeparators(Separators.createDefaultInstance()
              .withObjectFieldValueSpacing(Separators.Spacing.AFTER))
          .withObjectIndenter(indenter)
          .withArrayIndenter(indenter));
      json.writeStartObject();
      json.writeStringField("kit", "rdbss-tck");
      json.writeStringField("subject", subject);
      json.writeBooleanField("requiredRulesPassed", requiredRulesPassed());
      json.writeNumberField("durationMillis", duration.toMillis());
      json.writeArrayFieldStart("rules");
      for (RuleResult r : results) {
        json.writeStartObject();
        json.writeStringField("area", r.area());
        json.writeStringField("rule", r.rule());
        json.writeStringField("kind", r.kind());
        json.writeStringField("result", r.result().name());
        json.writeStringField("message", r.message());
        json.writeNumberField("durationMillis", r.duration().toMillis());
        json.writeEndObject();
      }
      json.writeEndArray();
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a StringWriter does not fail
    }
    return text.append('\n').toString();
  }

  /** Writes {@link #toJson()} to {@code file} (UTF-8), creating its folder. */
  public void writeJson(Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.writeString(file, toJson(), StandardCharsets.UTF_8);
  }
}
