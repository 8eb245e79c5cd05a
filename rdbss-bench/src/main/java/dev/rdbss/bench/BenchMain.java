package dev.rdbss.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs every benchmark group with its baselines in one go and writes the results: JMH's JSON for
 * each group, {@code memory.json}, and {@code results.md}, the Markdown tables of ratios that
 * {@code BENCHMARKS.md} quotes (see there for the command and what each number means).
 *
 * <pre>
 * java -jar rdbss-bench/target/benchmarks.jar [--quick] [--out DIR] [group ...]
 * </pre>
 *
 * Groups: {@code wrapper netname finalize memory smb csc} (default: all). {@code --quick} runs
 * each benchmark once, briefly (one fork, no warmup, one short iteration, small sizes): a check
 * that everything works, not a measurement. Plain JMH stays available for one-off runs:
 * {@code java -cp rdbss-bench/target/benchmarks.jar org.openjdk.jmh.Main -h}.
 */
public final class BenchMain {

  static final List<String> GROUPS = List.of("wrapper", "netname", "memory", "smb", "finalize", "csc");

  /** The JVM options of every forked benchmark JVM. */
  static final String[] FORK_JVM_ARGS = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"};

  private final boolean quick;
  private final Path out;
  private final Report report;

  private BenchMain(boolean quick, Path out) {
    this.quick = quick;
    this.out = out;
    this.report = new Report(quick);
  }

  public static void main(String[] args) throws Exception {
    boolean quick = false;
    Path out = Path.of("bench-results");
    Set<String> groups = new LinkedHashSet<>();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--quick":
          quick = true;
          break;
        case "--out":
          out = Path.of(args[++i]);
          break;
        case "-h":
        case "--help":
          System.out.println("usage: java -jar benchmarks.jar [--quick] [--out DIR] [group ...]\n"
              + "groups: " + String.join(" ", GROUPS));
          return;
        default:
          if (!GROUPS.contains(args[i])) {
            throw new IllegalArgumentException("unknown group " + args[i] + "; groups: " + GROUPS);
          }
          groups.add(args[i]);
      }
    }
    if (groups.isEmpty()) {
      groups.addAll(GROUPS);
    }
    Files.createDirectories(out);
    new BenchMain(quick, out).run(groups);
  }

  private void run(Set<String> groups) throws Exception {
    Instant start = Instant.now();
    report.started(loadAverage());
    for (String group : groups) {
      System.out.println("=== " + group + (quick ? " (quick)" : ""));
      try {
        runGroup(group);
      } catch (Exception | Error e) {
        // One group's failure must not cost the others' results.
        e.printStackTrace();
        report.notRun(group, "it failed: " + e);
      }
      report.write(out.resolve("results.md"));
    }
    report.finished(loadAverage(), Duration.between(start, Instant.now()));
    report.write(out.resolve("results.md"));
    System.out.println("results: " + out.toAbsolutePath().resolve("results.md"));
  }

  private void runGroup(String group) throws Exception {
      switch (group) {
        case "wrapper":
          // 5 × 2 s of warm-up: the JIT needs 8–10 s to settle the create/cleanup/close path
          // (2 × 1 s measured a cold open/close at 20× its warm cost; BENCHMARKS.md).
          report.wrapper(jmh("wrapper", WrapperBench.class, b -> b
              .forks(1).warmupIterations(quick ? 0 : 5).measurementIterations(quick ? 1 : 10)
              .warmupTime(TimeValue.seconds(2)).measurementTime(time(1))
              .addProfiler(GCProfiler.class)));
          break;
        case "netname":
          report.netName(jmh("netname", NetNameLookupBench.class, b -> {
            // The GC profiler reports bytes allocated per lookup (gc.alloc.rate.norm).
            b.forks(1).warmupIterations(quick ? 0 : 2).measurementIterations(quick ? 1 : 10)
                .warmupTime(TimeValue.seconds(1)).measurementTime(time(1))
                .addProfiler(GCProfiler.class);
            if (quick) {
              b.param("entries", "10", "1000");
            }
          }));
          break;
        case "finalize":
          report.forceFinalize(finalizeRuns());
          break;
        case "memory":
          memory();
          break;
        case "smb":
          smb();
          break;
        case "csc":
          List<RunResult> csc = new ArrayList<>(jmh("csc-read", CscBench.class,
              "csc_(cached|online)Read", b -> b
              .forks(1).warmupIterations(quick ? 0 : 2).measurementIterations(quick ? 1 : 5)
              .warmupTime(TimeValue.seconds(1)).measurementTime(time(1))));
          // Journaling 10 000 entries offline takes minutes here (each offline write is a
          // durable SQLite transaction): one measured sync per tracing setting.
          csc.addAll(jmh("csc-sync", CscBench.class, "csc_sync", b -> {
            b.forks(1).warmupIterations(0).measurementIterations(1);
            if (quick) {
              b.param("entries", "200");
            }
          }));
          report.csc(csc);
          break;
        default:
          throw new IllegalStateException(group);
      }
  }

  private TimeValue time(int seconds) {
    return quick ? TimeValue.milliseconds(100) : TimeValue.seconds(seconds);
  }

  /** The forced-finalization runs: small sizes need many iterations, large ones few. */
  private List<RunResult> finalizeRuns() throws RunnerException {
    List<RunResult> all = new ArrayList<>();
    if (quick) {
      all.addAll(jmh("finalize", ForceFinalizeBench.class, b -> b.forks(1).warmupIterations(0)
          .measurementIterations(1).param("files", "1", "100").param("views", "1", "100")));
      return all;
    }
    // files, views, warmup iterations, measured iterations, forks
    int[][] plan = {
        {1, 1, 500, 500, 1},
        {100, 0, 200, 200, 1},
        {10_000, 0, 5, 10, 1},
        // Opening 100 000 files before each call costs seconds: few calls, but warmed up, or the
        // measured call pays for compiling the path (a cold call costs twice a warm one).
        {100_000, 0, 2, 3, 1},
    };
    for (int[] p : plan) {
      String[] views = p[1] == 1 ? new String[] {"1"} : new String[] {"1", "100"};
      all.addAll(jmh("finalize-" + p[0], ForceFinalizeBench.class, b -> b
          .param("files", String.valueOf(p[0])).param("views", views)
          .warmupIterations(p[2]).measurementIterations(p[3]).forks(p[4])));
    }
    return all;
  }

  private void memory() throws IOException {
    int n = quick ? 1_000 : 20_000;
    List<HandleFootprint.Result> results = new ArrayList<>();
    for (String tracing : List.of(Tracing.OFF, Tracing.ON)) {
      results.add(HandleFootprint.measure(tracing, n));
    }
    Files.writeString(out.resolve("memory.json"), Report.memoryJson(results));
    report.memory(results);
  }

  private void smb() throws RunnerException {
    Optional<String> why = SambaFixture.unavailableReason();
    if (why.isPresent()) {
      report.notRun("smb", why.get());
      return;
    }
    report.smb(jmh("smb", SmbBench.class, b -> {
      b.forks(1).warmupIterations(quick ? 0 : 1).measurementIterations(quick ? 1 : 5);
      if (quick) {
        b.param("size", String.valueOf(4 << 20));
      }
    }));
  }

  /** Runs one JMH benchmark class with the group's options, writing {@code <name>.json}. */
  private List<RunResult> jmh(String name, Class<?> benchmark,
      java.util.function.Consumer<ChainedOptionsBuilder> options) throws RunnerException {
    return jmh(name, benchmark, ".*", options);
  }

  /** Runs the methods of {@code benchmark} matching {@code methods}, writing {@code <name>.json}. */
  private List<RunResult> jmh(String name, Class<?> benchmark, String methods,
      java.util.function.Consumer<ChainedOptionsBuilder> options) throws RunnerException {
    ChainedOptionsBuilder b = new OptionsBuilder()
        .include("^" + Pattern.quote(benchmark.getName()) + "\\.(" + methods + ")$")
        .jvmArgs(FORK_JVM_ARGS)
        .shouldFailOnError(true)
        .resultFormat(ResultFormatType.JSON)
        .result(out.resolve(name + ".json").toString());
    options.accept(b);
    Collection<RunResult> results = new Runner(b.build()).run();
    return new ArrayList<>(results);
  }

  static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (IOException e) {
      return "unknown";
    }
  }

  static Map<String, String> environment() {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("JVM", System.getProperty("java.vm.name") + " " + System.getProperty("java.vm.version"));
    env.put("cores", String.valueOf(Runtime.getRuntime().availableProcessors()));
    env.put("fork JVM options", String.join(" ", FORK_JVM_ARGS));
    return env;
  }
}
