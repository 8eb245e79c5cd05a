package dev.rdbss.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rdbss.api.BugCheckCode;
import dev.rdbss.api.BugCheckError;
import dev.rdbss.api.LogonId;
import dev.rdbss.api.NodeType;
import dev.rdbss.api.object.NetRoot;
import dev.rdbss.api.observe.BugCheckDump;
import dev.rdbss.api.observe.ObjectTreeSnapshot;
import dev.rdbss.api.observe.TraceEvent;
import dev.rdbss.api.spi.MiniRedirector;
import dev.rdbss.api.spi.MiniRedirectorDescriptor;
import dev.rdbss.api.spi.MiniRedirectorProvider;
import dev.rdbss.api.spi.PluginSettings;
import dev.rdbss.api.spi.Rdbss;
import dev.rdbss.core.LeakException;
import dev.rdbss.core.ManualClock;
import dev.rdbss.core.RdbssRuntime;
import dev.rdbss.core.RdbssSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The runtime side of the engine: one device per registered provider (§5.1 step 2, §3.1 [S]),
 * the leak check at unregistration and close (issue 4 point 9), the observation API (ARCHITECTURE.md
 * §3.5) and the bugcheck dump (§3.3).
 */
class RuntimeRegistrationTest {

  private final ManualClock clock = new ManualClock();
  private final List<RdbssRuntime> runtimes = new ArrayList<>();

  /** A provider whose mini-redirector records its calls and keeps the service it was given. */
  static final class RecordingProvider implements MiniRedirectorProvider {
    final String name;
    final RecordingMiniRedirector mrx = new RecordingMiniRedirector();
    @Nullable RdbssService rdbss;

    RecordingProvider(String name) {
      this.name = name;
    }

    @Override
    public MiniRedirectorDescriptor descriptor() {
      return MiniRedirectorDescriptor.builder(name, "\\Device\\" + name).build();
    }

    @Override
    public MiniRedirector create(Rdbss rdbss, PluginSettings settings) {
      this.rdbss = (RdbssService) rdbss;
      mrx.attach(rdbss);
      return mrx;
    }

    RdbssService service() {
      if (rdbss == null) {
        throw new AssertionError(name + " was never created");
      }
      return rdbss;
    }

    VNetRootImpl connect(long logon, String server, String share) {
      return EngineFixture.connect(
          service(), EngineFixture.contextFor(new LogonId(logon)), server, share);
    }

    FobxImpl open(VNetRootImpl view, String path) {
      FileObjects.Result r =
          new FileObjects(service().engine(), service())
              .open(EngineFixture.contextFor(view.rawLogonId()), view, path);
      if (r.fobx() == null) {
        throw new AssertionError("open of " + path + " failed: " + r.status());
      }
      return r.fobx();
    }
  }

  private RdbssRuntime start(boolean failOnLeak, MiniRedirectorProvider... providers) {
    RdbssRuntime.Builder b =
        RdbssRuntime.builder()
            .serviceLoaderDiscovery(false)
            .clock(clock)
            .settings(RdbssSettings.of(Map.of(RdbssSettings.FAIL_ON_LEAK, "" + failOnLeak)));
    for (MiniRedirectorProvider p : providers) {
      b.provider(p);
    }
    RdbssRuntime runtime = b.build();
    runtimes.add(runtime);
    return runtime;
  }

  @AfterEach
  void closeQuietly() {
    for (RdbssRuntime r : runtimes) {
      try {
        r.close();
      } catch (LeakException expectedInSomeTests) {
        // the test that leaked on purpose has already asserted on it
      }
    }
  }

  @Test
  void eachProviderGetsItsOwnDeviceAndNetNameTable_s3_1_s5_1() {
    RecordingProvider a = new RecordingProvider("alpha");
    RecordingProvider b = new RecordingProvider("beta");
    RdbssRuntime runtime = start(true, a, b);

    VNetRootImpl onA = a.connect(1, "\\files", "\\docs");
    VNetRootImpl onB = b.connect(1, "\\files", "\\docs");

    assertThat(a.service()).isNotSameAs(b.service());
    assertThat(onA).isNotSameAs(onB);
    ObjectTreeSnapshot snapshot = runtime.observation().snapshot();
    assertThat(snapshot.devices().keySet()).containsExactly("\\Device\\alpha", "\\Device\\beta");
    assertThat(snapshot.devices().get("\\Device\\alpha")).hasSize(1);
    assertThat(snapshot.devices().get("\\Device\\beta")).hasSize(1);
    assertThat(snapshot.nodes(NodeType.V_NET_ROOT)).hasSize(2);
    assertThat(a.mrx.count("createSrvCall") + b.mrx.count("createSrvCall")).isZero();
  }

  @Test
  void closeWithAnOpenHandleReportsEveryLiveObjectAndWhatHoldsIt_issue4_point9() {
    RecordingProvider p = new RecordingProvider("leaky");
    RdbssRuntime runtime = start(true, p);
    VNetRootImpl view = p.connect(7, "\\files", "\\docs");
    p.open(view, "\\report.txt");

    assertThatThrownBy(runtime::close)
        .isInstanceOfSatisfying(
            LeakException.class,
            e -> {
              assertThat(e.leaks()).hasSize(6);
              assertThat(String.join("\n", e.leaks()))
                  .contains("FOBX")
                  .contains("its handle (never closed)")
                  .contains("SRV_OPEN")
                  .contains("\\report.txt")
                  .contains("V_NET_ROOT")
                  .contains("reference(s) taken and never given back");
            });
  }

  @Test
  void unregisterFinalizesTheIdleChainInsteadOfReportingIt_s5_1_s6_8() {
    RecordingProvider p = new RecordingProvider("tidy");
    RdbssRuntime runtime = start(true, p);
    VNetRootImpl view = p.connect(1, "\\files", "\\docs");
    // The caller lets go without the lock: the view waits for the scavenger (§2.3).
    p.service().dereference(view, dev.rdbss.api.LockHoldingState.NOT_HELD);
    assertThat(runtime.observation().snapshot().isEmpty()).isFalse();

    List<String> leaks = runtime.unregister("tidy");

    assertThat(leaks).isEmpty();
    assertThat(runtime.observation().snapshot().isEmpty()).isTrue();
    // §2.5 / pitfall 7: the NET_ROOT may be finalized before its view; the SRV_CALL goes last.
    assertThat(p.mrx.entries())
        .containsExactlyInAnyOrder("finalizeVNetRoot", "finalizeNetRoot", "finalizeSrvCall")
        .endsWith("finalizeSrvCall");
  }

  @Test
  void unregisterWithoutFailOnLeakReturnsTheLeaksInsteadOfThrowing_issue4_point9() {
    RecordingProvider p = new RecordingProvider("lenient");
    RdbssRuntime runtime = start(false, p);
    p.connect(1, "\\files", "\\docs");

    List<String> leaks = runtime.unregister("lenient");

    assertThat(leaks).hasSize(3).allMatch(l -> l.contains("refs="));
    assertThat(runtime.unregister("lenient")).as("a second unregistration reports nothing").isEmpty();
    assertThatThrownBy(() -> runtime.unregister("nobody"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("nobody");
  }

  @Test
  void theScavengerRunsOnTheHostsClock_s6_8() {
    RecordingProvider p = new RecordingProvider("clocked");
    RdbssRuntime runtime = start(true, p);
    VNetRootImpl view = p.connect(1, "\\files", "\\docs");
    p.service().dereference(view, dev.rdbss.api.LockHoldingState.NOT_HELD);

    clock.advance(Duration.ofSeconds(9));
    runtime.awaitIdle();
    assertThat(runtime.observation().snapshot().isEmpty()).isFalse();

    clock.advance(Duration.ofSeconds(1));
    runtime.awaitIdle();
    assertThat(runtime.observation().snapshot().isEmpty()).isTrue();
    assertThat(p.service().clock()).isSameAs(clock);
  }

  @Test
  void traceListenersSeeRoutinesAndCallbacksUntilRemoved_arch3_5() {
    RecordingProvider p = new RecordingProvider("traced");
    RdbssRuntime runtime = start(true, p);
    List<TraceEvent> seen = new CopyOnWriteArrayList<>();
    dev.rdbss.api.observe.TraceListener listener = seen::add;
    runtime.observation().addTraceListener(listener);

    VNetRootImpl view = p.connect(1, "\\files", "\\docs");
    try (var exclusive = p.service().netNameTable().acquireExclusive()) {
      p.service().forceFinalizeAllVNetRoots(view.rawNetRoot());
    }
    p.service().dereference(view, dev.rdbss.api.LockHoldingState.NOT_HELD);

    assertThat(seen)
        .extracting(TraceEvent::name)
        .contains("createSrvCall", "createVNetRoot", "forceFinalizeAllVNetRoots")
        .doesNotContain("registerMinirdr");
    assertThat(seen).anyMatch(e -> e.kind() == TraceEvent.Kind.CALLBACK);
    assertThat(runtime.observation().recentEvents(3)).hasSize(3);
    assertThat(runtime.observation().recentEvents(1000))
        .as("registration happened before the listener came, and is in the ring")
        .first()
        .satisfies(e -> assertThat(e.name()).isEqualTo("registerMinirdr"));

    runtime.observation().removeTraceListener(listener);
    int before = seen.size();
    p.connect(2, "\\files", "\\docs");
    assertThat(seen).as("nothing after removal").hasSize(before);
  }

  @Test
  void aBugcheckOnAPluginThreadIsRecordedWithADumpAndStopsTheMachine_s3_3() throws Exception {
    RecordingProvider p = new RecordingProvider("crashy");
    RdbssRuntime runtime = start(false, p);
    VNetRootImpl view = p.connect(1, "\\files", "\\docs");
    NetRoot netRoot = view.rawNetRoot();

    // The plugin's own thread breaks §4.1 (no exclusive netname lock) and swallows the error.
    CompletableFuture<@Nullable Throwable> pluginThread =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                p.service().forceFinalizeAllVNetRoots(netRoot);
                return null;
              } catch (BugCheckError swallowed) {
                return swallowed;
              }
            });
    assertThat(pluginThread.get()).isInstanceOf(BugCheckError.class);

    BugCheckDump dump = runtime.observation().bugCheck().orElseThrow();
    assertThat(dump.error().code()).isEqualTo(BugCheckCode.RDBSS_FILE_SYSTEM);
    assertThat(dump.error().specSection()).isEqualTo("§4.1");
    assertThat(dump.thread()).isNotEqualTo(Thread.currentThread().getName());
    assertThat(dump.objectTree().nodes(NodeType.NET_ROOT)).hasSize(1);
    assertThat(dump.lastEvents()).extracting(TraceEvent::name).contains("createVNetRoot", "bugCheck");

    assertThatThrownBy(() -> p.connect(2, "\\other", "\\share"))
        .as("a crashed machine refuses further work")
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("stopped after a bugcheck");
  }

  @Test
  void aProviderWhoseCreateThrowsIsReportedAndTheOthersRegister_s5_1() {
    RecordingProvider good = new RecordingProvider("good");
    MiniRedirectorProvider bad =
        new MiniRedirectorProvider() {
          @Override
          public MiniRedirectorDescriptor descriptor() {
            return MiniRedirectorDescriptor.builder("bad", "\\Device\\bad").build();
          }

          @Override
          public MiniRedirector create(Rdbss rdbss, PluginSettings settings) {
            throw new IllegalStateException("no transport configured");
          }
        };
    RdbssRuntime runtime = start(true, bad, good);

    assertThat(runtime.providers()).extracting(p -> p.name()).containsExactly("good");
    assertThat(runtime.providerFailures())
        .singleElement()
        .satisfies(f -> assertThat(f.message()).contains("could not create").contains("no transport configured"));
    assertThat(runtime.observation().snapshot().devices()).containsOnlyKeys("\\Device\\good");
  }
}
