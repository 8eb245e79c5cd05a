package dev.rdbss.tck;

import dev.rdbss.api.BugCheckError;
import dev.rdbss.api.LockHoldingState;
import dev.rdbss.api.NodeType;
import dev.rdbss.api.NtStatus;
import dev.rdbss.api.io.CreateRequest;
import dev.rdbss.api.io.FileHandle;
import dev.rdbss.api.io.IoSession;
import dev.rdbss.api.io.Logon;
import dev.rdbss.api.io.OpenResult;
import dev.rdbss.api.object.NetRoot;
import dev.rdbss.api.observe.BugCheckDump;
import dev.rdbss.api.observe.ObjectNode;
import dev.rdbss.api.observe.ObjectTreeSnapshot;
import dev.rdbss.api.observe.TraceEvent;
import dev.rdbss.api.spi.Capability;
import dev.rdbss.api.spi.Rdbss;
import dev.rdbss.core.LeakException;
import dev.rdbss.core.ManualClock;
import dev.rdbss.core.RdbssRuntime;
import dev.rdbss.core.RdbssSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Assumptions;

/**
 * One rule's world: the subject's fixture, a runtime with only that plugin on a {@link
 * ManualClock}, the trace, and the checks every rule shares. Everything goes through public API:
 * {@link RdbssRuntime}, the host API, the observation API and the plugin's own {@link Rdbss}.
 */
final class Harness implements AutoCloseable {

  /**
   * How long (real time) a request may take before the kit assumes the plugin will never finish
   * it and moves the clock past RDBSS's timeouts to find out. A correct plugin on an embedded
   * server answers in milliseconds; a real server may need {@code -Drdbss.tck.hangMillis}.
   */
  static final long HANG_MILLIS = Long.getLong("rdbss.tck.hangMillis", 2_000);

  final String rule;
  final String check;
  final long seed;
  final ManualClock clock = new ManualClock();
  final TckFixture fixture;
  final String device;
  final String name;
  final RdbssRuntime runtime;
  final List<TraceEvent> trace = new CopyOnWriteArrayList<>();
  private final Path work;
  private final CapturingProvider provider;
  private final ExecutorService caller;
  private final Duration scavengerPeriod;
  private final Duration timeouts;
  private @Nullable IoSession user;
  private @Nullable IoSession otherUser;
  private boolean runtimeClosed;

  Harness(TckSubject subject, String rule, String check, long seed, Map<String, String> extra)
      throws Exception {
    this.rule = rule;
    this.check = check;
    this.seed = seed;
    this.work = Files.createTempDirectory("rdbss-tck-");
    this.caller = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "tck-caller");
      t.setDaemon(true);
      return t;
    });
    this.fixture = subject.start(new TckEnvironment(clock, work, seed));
    this.provider = new CapturingProvider(fixture.provider());
    this.device = provider.descriptor().deviceName();
    this.name = provider.descriptor().name();
    this.scavengerPeriod = provider.descriptor().scavengerTimeout();
    Map<String, String> settings = new HashMap<>(fixture.settings());
    settings.put(RdbssSettings.FAIL_ON_LEAK, "true");
    settings.putAll(extra);
    RdbssSettings s = RdbssSettings.of(settings);
    this.timeouts = max(s.creationTimeout(), s.ioTimeout()).plusSeconds(1);
    this.runtime =
        RdbssRuntime.builder()
            .clock(clock)
            .serviceLoaderDiscovery(false)
            .provider(provider)
            .settings(s)
            .build();
    runtime.observation().addTraceListener(trace::add);
    if (!runtime.providerFailures().isEmpty()) {
      throw fail("the runtime registers the plugin",
          "registration failed: " + runtime.providerFailures());
    }
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  // ------------------------------------------------------------------------ verdicts

  TckFailure fail(String expected, String happened) {
    return new TckFailure(rule, expected, happened + bugCheckNote(), check);
  }

  TckFailure fail(String expected, String happened, Throwable cause) {
    return new TckFailure(rule, expected, happened + bugCheckNote(), check, cause);
  }

  void expect(boolean ok, String expected, Supplier<String> happened) {
    if (!ok) {
      throw fail(expected, happened.get());
    }
  }

  void expectStatus(NtStatus actual, NtStatus expected, String what) {
    if (!actual.equals(expected)) {
      throw fail(what + " answers " + expected, "it answered " + actual);
    }
  }

  void expectSuccess(NtStatus actual, String what) {
    if (!actual.isSuccess()) {
      throw fail(what + " succeeds", "it answered " + actual);
    }
  }

  /** Fails when RDBSS recorded a bugcheck (a contract violation the engine caught). */
  void noBugCheck(String during) {
    Optional<BugCheckDump> dump = runtime.observation().bugCheck();
    if (dump.isPresent()) {
      throw new TckFailure(rule, "no contract violation while " + during,
          "RDBSS bugchecked: " + dump.get().error().getMessage(), check, dump.get().error());
    }
  }

  private String bugCheckNote() {
    return runtime == null ? "" : runtime.observation().bugCheck()
        .map(d -> "; RDBSS bugchecked: " + d.error().getMessage())
        .orElse("");
  }

  boolean declares(Capability capability) {
    return fixture.capabilities().contains(capability);
  }

  void assumeCapability(Capability capability) {
    Assumptions.assumeTrue(declares(capability),
        () -> "the plugin does not declare " + capability + "; " + rule + " does not apply");
  }

  // ------------------------------------------------------------------------ host API

  String unc(String path) {
    String root = "\\\\" + fixture.server() + "\\" + fixture.share();
    return path.isEmpty() ? root : root + "\\" + path;
  }

  IoSession user() {
    if (user == null) {
      user = runtime.logon(fixture.user());
    }
    return user;
  }

  IoSession otherUser() {
    if (otherUser == null) {
      otherUser = runtime.logon(fixture.otherUser());
    }
    return otherUser;
  }

  IoSession logon(Logon logon) {
    return runtime.logon(logon);
  }

  /**
   * Runs a host request on the kit's caller thread. When it has not returned after {@link
   * #HANG_MILLIS}, the kit moves the clock past RDBSS's creation and I/O timeouts (a plugin that
   * never calls back is timed out by RDBSS, §9 pitfall 1) and reports how long that took.
   */
  <T> T call(String what, Supplier<T> request) {
    Future<T> f = caller.submit(request::get);
    try {
      return f.get(HANG_MILLIS, TimeUnit.MILLISECONDS);
    } catch (TimeoutException hung) {
      clock.advance(timeouts);
      try {
        T late = f.get(HANG_MILLIS * 5, TimeUnit.MILLISECONDS);
        throw fail(what + " finishes without RDBSS's timeout",
            "it finished only after the clock moved " + timeouts.toSeconds()
                + " s past RDBSS's timeouts (result: " + late + "): the plugin never completed"
                + " the request");
      } catch (TimeoutException stillHung) {
        f.cancel(true);
        throw fail(what + " finishes", "it still had not returned after RDBSS's timeouts");
      } catch (ExecutionException e) {
        throw unwrap(what, e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw fail(what + " finishes", "interrupted");
      }
    } catch (ExecutionException e) {
      throw unwrap(what, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw fail(what + " finishes", "interrupted");
    }
  }

  private TckFailure unwrap(String what, ExecutionException e) {
    Throwable cause = e.getCause() == null ? e : e.getCause();
    if (cause instanceof TckFailure) {
      return (TckFailure) cause;
    }
    if (cause instanceof BugCheckError) {
      return new TckFailure(rule, what + " without a contract violation",
          "RDBSS bugchecked: " + cause.getMessage(), check, cause);
    }
    return fail(what + " answers a status", "it threw " + cause, cause);
  }

  OpenResult tryOpen(IoSession session, String path, CreateRequest request) {
    return call("open of " + path, () -> session.tryOpen(path, request));
  }

  FileHandle open(IoSession session, String path, CreateRequest request) {
    OpenResult r = tryOpen(session, path, request);
    expectSuccess(r.status(), "open of " + path + " (" + request + ")");
    return r.handleIfOpened().orElseThrow();
  }

  /** Creates {@code name} with {@code content} as the first user, and closes it. */
  void createFile(String name, byte[] content) {
    try (FileHandle f = open(user(), unc(name), CreateRequest.readWrite().overwriteIf())) {
      if (content.length > 0) {
        var w = call("write to " + name, () -> f.write(0, content));
        expectSuccess(w.status(), "write of " + content.length + " bytes to " + name);
      }
    }
  }

  /** Reads the whole of {@code name} as {@code session} (at most 1 MiB). */
  byte[] readAll(IoSession session, String name) {
    try (FileHandle f = open(session, unc(name), CreateRequest.read().shareAll())) {
      var r = call("read of " + name, () -> f.read(0, 1 << 20));
      if (r.status().equals(NtStatus.END_OF_FILE)) {
        return new byte[0];
      }
      expectSuccess(r.status(), "read of " + name);
      return r.data();
    }
  }

  // ------------------------------------------------------------------------ time and RDBSS

  /** Moves the clock by {@code by} and lets the RDBSS worker finish what that caused. */
  void advance(Duration by) {
    clock.advance(by);
    runtime.awaitIdle();
  }

  /**
   * Lets the scavenger run until nothing is left to finalize: dormant files are closed and idle
   * connections (V_NET_ROOT → NET_ROOT → SRV_CALL) go one period at a time (§6.8).
   */
  void scavenge() {
    runtime.awaitIdle();
    for (int i = 0; i < 5; i++) {
      advance(scavengerPeriod.plusMillis(100));
    }
  }

  /** The CSC pattern (§4.1): forced finalization of every view of the fixture's share. */
  void forceFinalizeAllVNetRoots() {
    forceFinalizeAllVNetRoots(1);
  }

  /** The same, {@code times} times on the same NET_ROOT (§9 pitfall 21 (c): idempotence). */
  void forceFinalizeAllVNetRoots(int times) {
    if (!tryForceFinalizeAllVNetRoots(times)) {
      throw fail("a NET_ROOT for the share after an open through it", "the netname table has none");
    }
  }

  /** Forced finalization if the share has a NET_ROOT in the table; whether it had one. */
  boolean tryForceFinalizeAllVNetRoots(int times) {
    Rdbss rdbss = provider.rdbss();
    String netRootName = "\\" + fixture.server() + "\\" + fixture.share();
    boolean found = call("forceFinalizeAllVNetRoots(" + netRootName + ")", () -> {
      try (var exclusive = rdbss.netNameTable().acquireExclusive()) {
        NetRoot netRoot = rdbss.netNameTable().lookupNetRoot(netRootName).orElse(null);
        if (netRoot == null) {
          return false;
        }
        try {
          for (int i = 0; i < times; i++) {
            rdbss.forceFinalizeAllVNetRoots(netRoot);
          }
        } finally {
          rdbss.dereference(netRoot, LockHoldingState.EXCLUSIVE);
        }
      }
      return true;
    });
    runtime.awaitIdle();
    return found;
  }

  // ------------------------------------------------------------------------ observation

  /** The callbacks RDBSS made into the plugin, oldest first. */
  List<TraceEvent> callbacks() {
    return trace.stream()
        .filter(e -> e.kind() == TraceEvent.Kind.CALLBACK && e.device().equals(device))
        .collect(Collectors.toList());
  }

  long callbacks(String entry) {
    return callbacks().stream().filter(e -> e.name().equals(entry)).count();
  }

  List<String> callbackNames() {
    return callbacks().stream().map(TraceEvent::name).collect(Collectors.toList());
  }

  /**
   * The status of the plugin's last answer to MUP's claim of a path (§6.1): what the plugin
   * reported, before MUP folds every refusal into BAD_NETWORK_PATH for the caller.
   */
  @Nullable NtStatus lastClaimStatus() {
    NtStatus last = null;
    for (TraceEvent e : trace) {
      if (e.name().equals("queryPath") && e.device().equals(device)) {
        last = e.status();
      }
    }
    return last;
  }

  ObjectTreeSnapshot snapshot() {
    return runtime.observation().snapshot();
  }

  Stream<ObjectNode> nodes(NodeType type) {
    return snapshot().nodes(type);
  }

  String tree() {
    return snapshot().render();
  }

  // ------------------------------------------------------------------------ teardown

  /**
   * Closes the runtime, which unregisters the plugin (§5.1 step 6) and fails on any object left
   * alive ({@code rdbss.failOnLeak}).
   */
  void closeRuntime(String after) {
    if (runtimeClosed) {
      return;
    }
    runtimeClosed = true;
    noBugCheck(after);
    try {
      runtime.close();
    } catch (LeakException leak) {
      throw new TckFailure(rule, "no RDBSS object alive when the plugin is unregistered after "
          + after, String.join("; ", leak.leaks()), check
          + " (a leak means a reference the plugin took and never gave back, or a handle RDBSS"
          + " could not close: compare reference/dereference pairs in the plugin)", leak);
    }
    noBugCheck("unregistering the plugin after " + after);
  }

  @Override
  public void close() throws Exception {
    List<Throwable> problems = new ArrayList<>();
    if (!runtimeClosed) {
      runtimeClosed = true;
      try {
        runtime.close();
      } catch (Throwable t) {
        problems.add(t);
      }
    }
    caller.shutdownNow();
    try {
      fixture.close();
    } catch (Exception e) {
      problems.add(e);
    }
    try (Stream<Path> files = Files.walk(work)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a scratch folder left in the temp directory is harmless
    }
    if (!problems.isEmpty() && problems.get(0) instanceof Exception) {
      throw (Exception) problems.get(0);
    }
  }
}
