package dev.rdbss.tck.runner;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.rdbss.tck.TckSubject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Runs the whole kit against a subject with the JUnit platform launcher (issue 8 point 7, issue 9
 * point 3): what {@code rdbss tck plugin.jar} does, with no test code.
 *
 * <pre>{@code
 * for (TckSubject subject : TckRunner.subjects(pluginLayer)) {
 *   TckReport report = TckRunner.run(subject, TckRunner.Options.defaults());
 *   report.printSummary(out);
 *   report.writeJson(Path.of("rdbss-tck-report.json"));
 * }
 * }</pre>
 */
public final class TckRunner {

  private static final Object ONE_RUN_AT_A_TIME = new Object();

  private TckRunner() {}

  /**
   * What a run may change: whether the {@code stochastic_} rules run, and a seed to replay.
   *
   * @param stochastic whether to run the stochastic rules
   * @param seed the seed of every rule ({@code -Drdbss.tck.seed}), or null for each rule's own
   */
  public record Options(boolean stochastic, @Nullable Long seed) {
    /** Stochastic rules on, each rule's own seed. */
    public static Options defaults() {
      return new Options(true, null);
    }
  }

  /**
   * The subjects of the modules of {@code layer} itself (not of its parents, so that a plugin
   * loaded next to the same plugin on the host's module path is counted once): those a module
   * {@code provides}, and those listed in a module's {@code META-INF/services/dev.rdbss.tck.TckSubject}
   * (the pattern for plugins that only {@code requires static dev.rdbss.tck}, whose descriptor
   * cannot name the service; see the kit's README).
   *
   * @throws IllegalStateException when a listed class cannot be found or constructed (not public,
   *     not in an exported package, no public no-argument constructor)
   */
  public static List<TckSubject> subjects(ModuleLayer layer) {
    List<TckSubject> found = new ArrayList<>();
    java.util.Set<Class<?>> seen = new java.util.HashSet<>();
    ServiceLoader.load(layer, TckSubject.class).stream()
        .filter(p -> p.type().getModule().getLayer() == layer)
        .forEach(p -> {
          if (seen.add(p.type())) {
            found.add(p.get());
          }
        });
    for (Module module : layer.modules()) {
      for (String name : listedSubjects(module)) {
        Class<?> type = Class.forName(module, name);
        if (type == null || !TckSubject.class.isAssignableFrom(type)) {
          throw new IllegalStateException(module.getName() + " lists " + name + " in "
              + SERVICES_FILE + ", but has no such TckSubject class");
        }
        if (seen.add(type)) {
          found.add(construct(type));
        }
      }
    }
    return found;
  }

  private static final String SERVICES_FILE = "META-INF/services/dev.rdbss.tck.TckSubject";

  private static List<String> listedSubjects(Module module) {
    try (java.io.InputStream in = module.getResourceAsStream(SERVICES_FILE)) {
      if (in == null) {
        return List.of();
      }
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).lines()
          .map(l -> l.replaceAll("#.*", "").strip()).filter(l -> !l.isEmpty()).toList();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot read " + SERVICES_FILE + " of " + module, e);
    }
  }

  private static TckSubject construct(Class<?> type) {
    try {
      return (TckSubject) type.getConstructor().newInstance();
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new IllegalStateException("cannot construct the TckSubject " + type.getName()
          + " of " + type.getModule() + ": it needs a public no-argument constructor in a package"
          + " the module exports (" + e + ")", e);
    }
  }

  /** The subjects {@code loader} finds (module path and class path). */
  public static List<TckSubject> subjects(ClassLoader loader) {
    List<TckSubject> found = new ArrayList<>();
    ServiceLoader.load(TckSubject.class, loader).forEach(found::add);
    return found;
  }

  /** Runs every rule of every area against {@code subject}. */
  public static TckReport run(TckSubject subject, Options options) {
    synchronized (ONE_RUN_AT_A_TIME) {
      String oldStochastic = System.getProperty("rdbss.tck.stochastic");
      String oldSeed = System.getProperty("rdbss.tck.seed");
      System.setProperty("rdbss.tck.stochastic", Boolean.toString(options.stochastic()));
      if (options.seed() != null) {
        System.setProperty("rdbss.tck.seed", Long.toString(options.seed()));
      }
      CertifiedAreas.use(subject);
      long start = System.nanoTime();
      try {
        Collector collector = new Collector();
        LauncherDiscoveryRequestBuilder request = LauncherDiscoveryRequestBuilder.request();
        CertifiedAreas.ALL.forEach(c -> request.selectors(selectClass(c)));
        // The kit's own run: no extensions found on the class path, no reports of JUnit's.
        request.configurationParameter("junit.jupiter.extensions.autodetection.enabled", "false");
        LauncherDiscoveryRequest discovery = request.build();
        Launcher launcher = LauncherFactory.create();
        launcher.execute(discovery, collector);
        return new TckReport(subject.displayName(), collector.results,
            Duration.ofNanos(System.nanoTime() - start));
      } finally {
        CertifiedAreas.use(null);
        restore("rdbss.tck.stochastic", oldStochastic);
        restore("rdbss.tck.seed", oldSeed);
      }
    }
  }

  private static void restore(String key, @Nullable String value) {
    if (value == null) {
      System.clearProperty(key);
    } else {
      System.setProperty(key, value);
    }
  }

  /** Turns launcher events into rule results. */
  private static final class Collector implements TestExecutionListener {
    final List<RuleResult> results = new ArrayList<>();
    private final Map<String, Long> started = new ConcurrentHashMap<>();

    @Override
    public void executionStarted(TestIdentifier test) {
      started.put(test.getUniqueId(), System.nanoTime());
    }

    @Override
    public void executionSkipped(TestIdentifier test, String reason) {
      rule(test).ifPresent(m -> add(m, RuleResult.Result.SKIPPED, reason, Duration.ZERO));
    }

    @Override
    public void executionFinished(TestIdentifier test, TestExecutionResult result) {
      Long t0 = started.remove(test.getUniqueId());
      Duration took = t0 == null ? Duration.ZERO : Duration.ofNanos(System.nanoTime() - t0);
      Optional<MethodSource> m = rule(test);
      if (m.isEmpty()) {
        if (result.getStatus() == TestExecutionResult.Status.FAILED) {
          // A whole area could not run (its class failed): report it against the area.
          String area = test.getDisplayName();
          results.add(new RuleResult(area, "required_area_runs", RuleResult.Result.FAILED,
              result.getThrowable().map(String::valueOf).orElse("failed"), took));
        }
        return;
      }
      RuleResult.Result r;
      switch (result.getStatus()) {
        case SUCCESSFUL:
          r = RuleResult.Result.PASSED;
          break;
        case ABORTED:
          r = RuleResult.Result.ABORTED;
          break;
        default:
          r = RuleResult.Result.FAILED;
      }
      String message = result.getThrowable()
          .map(t -> t.getMessage() == null ? t.toString() : t.getMessage().strip()).orElse("");
      add(m.get(), r, message, took);
    }

    private void add(MethodSource m, RuleResult.Result r, String message, Duration took) {
      String area = m.getClassName().substring(m.getClassName().lastIndexOf('$') + 1);
      results.add(new RuleResult(area, m.getMethodName(), r, message, took));
    }

    private static Optional<MethodSource> rule(TestIdentifier test) {
      return test.getSource().filter(MethodSource.class::isInstance).map(MethodSource.class::cast);
    }
  }
}
