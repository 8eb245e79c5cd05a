package dev.rdbss.core.io;

import dev.rdbss.api.NodeType;
import dev.rdbss.api.io.IoSession;
import dev.rdbss.api.io.Logon;
import dev.rdbss.api.observe.ObjectNode;
import dev.rdbss.api.observe.TraceEvent;
import dev.rdbss.api.spi.MiniRedirectorDescriptor;
import dev.rdbss.core.LeakException;
import dev.rdbss.core.ManualClock;
import dev.rdbss.core.RdbssRuntime;
import dev.rdbss.core.RdbssSettings;
import dev.rdbss.core.memory.MemoryMiniRedirector;
import dev.rdbss.core.memory.MemoryProvider;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;

/**
 * What the buffering, page-cache, delayed-close and callback-order tests share: a runtime on a
 * {@link ManualClock} with the leak check on, the in-memory mini-redirector with a share holding
 * {@code \readme.txt} ("hello") and {@code \other.txt}, and helpers over the trace and the object
 * tree.
 */
abstract class BufferingFixture {

  static final String README = "\\\\files\\docs\\readme.txt";
  static final String OTHER = "\\\\files\\docs\\other.txt";
  static final Duration SCAVENGER_PERIOD = MiniRedirectorDescriptor.DEFAULT_SCAVENGER_TIMEOUT;

  final ManualClock clock = new ManualClock();
  final MemoryMiniRedirector mrx = new MemoryMiniRedirector();
  RdbssRuntime runtime;
  private boolean crashed;

  BufferingFixture() {
    mrx.share("files", "docs")
        .file("\\readme.txt", bytes("hello"))
        .file("\\other.txt", bytes("other"));
    runtime = start(0);
  }

  /** Restarts the runtime with {@code MaximumNumberOfCloseDelayedFiles} set to {@code maximum}. */
  final void delayedCloseLimit(int maximum) {
    runtime.close();
    runtime = start(maximum);
  }

  private RdbssRuntime start(int maximumCloseDelayed) {
    return RdbssRuntime.builder()
        .serviceLoaderDiscovery(false)
        .clock(clock)
        .settings(RdbssSettings.of(Map.of(RdbssSettings.FAIL_ON_LEAK, "true")))
        .provider(new MemoryProvider(
            MiniRedirectorDescriptor.builder("mem", "\\Device\\mem")
                .maximumNumberOfCloseDelayedFiles(maximumCloseDelayed)
                .build(),
            mrx))
        .build();
  }

  @AfterEach
  final void closeChecksForLeaks() {
    if (!crashed) {
      runtime.close(); // FAIL_ON_LEAK: a handle or object left behind fails the test here
      return;
    }
    try {
      runtime.close();
    } catch (LeakException crashedMidRequest) {
      // what a deliberate bugcheck leaves behind is not the test's subject
    }
  }

  /** The test crashed the runtime on purpose: its leaks are expected. */
  final void expectCrash() {
    crashed = true;
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static String text(byte[] data) {
    return new String(data, StandardCharsets.UTF_8);
  }

  final IoSession alice() {
    return runtime.logon(Logon.user("alice", "secret"));
  }

  /** The sequence number of the last trace event: later events are "since" it. */
  final long mark() {
    List<TraceEvent> last = runtime.observation().recentEvents(1);
    return last.isEmpty() ? 0 : last.get(0).sequence();
  }

  /** The mini-redirector callbacks traced after {@code mark}, in order (§2.5). */
  final List<String> callbacksSince(long mark) {
    return eventsSince(mark).stream()
        .filter(e -> e.kind() == TraceEvent.Kind.CALLBACK)
        .map(TraceEvent::name)
        .toList();
  }

  /** The callbacks traced after {@code mark} whose names are in {@code names}, in order. */
  final List<String> callbacksSince(long mark, Set<String> names) {
    return callbacksSince(mark).stream().filter(names::contains).toList();
  }

  /** The runtime's own events ({@code RUNTIME}) traced after {@code mark}, by name. */
  final List<String> runtimeEventsSince(long mark) {
    return eventsSince(mark).stream()
        .filter(e -> e.kind() == TraceEvent.Kind.RUNTIME)
        .map(TraceEvent::name)
        .toList();
  }

  private List<TraceEvent> eventsSince(long mark) {
    return runtime.observation().recentEvents(100_000).stream()
        .filter(e -> e.sequence() > mark)
        .toList();
  }

  /** The flags of the only live object of {@code type}. */
  final Set<String> flagsOfOnly(NodeType type) {
    List<ObjectNode> nodes = runtime.observation().snapshot().nodes(type).toList();
    if (nodes.size() != 1) {
      throw new AssertionError("expected one " + type + ", found " + nodes);
    }
    return nodes.get(0).flags();
  }

  /** Lets time pass on the manual clock and waits for what the worker does meanwhile. */
  final void advance(Duration d) {
    clock.advance(d);
    runtime.awaitIdle();
  }
}
