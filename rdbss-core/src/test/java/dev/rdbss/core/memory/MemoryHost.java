package dev.rdbss.core.memory;

import dev.rdbss.api.io.IoSession;
import dev.rdbss.api.io.Logon;
import dev.rdbss.api.observe.TraceListener;
import dev.rdbss.core.LeakException;
import dev.rdbss.core.ManualClock;
import dev.rdbss.core.RdbssRuntime;
import dev.rdbss.core.RdbssSettings;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The host set-up core's I/O tests share: a runtime with the in-memory mini-redirector as device
 * {@code mem}, a {@link ManualClock} and the leak check on ({@link RdbssSettings#FAIL_ON_LEAK}), so
 * that {@link #close} fails a test that left something behind. Share {@code \\files\docs} holds
 * {@code \readme.txt} ("hello") and directory {@code \sub}; a test adds what else it needs through
 * {@link #mrx}.
 */
public final class MemoryHost implements AutoCloseable {

  /** The runtime's clock. */
  public final ManualClock clock = new ManualClock();
  /** The in-memory mini-redirector behind device {@code mem}. */
  public final MemoryMiniRedirector mrx = new MemoryMiniRedirector();
  private RdbssRuntime runtime;
  private boolean crashed;

  /** A host with the default settings (and the leak check). */
  public MemoryHost() {
    this(Map.of());
  }

  /** A host with {@code settings} on top of the leak check. */
  public MemoryHost(Map<String, String> settings) {
    mrx.share("files", "docs").file("\\readme.txt", bytes("hello")).directory("\\sub");
    runtime = start(settings);
  }

  /** The current runtime ({@link #restart} replaces it). */
  public RdbssRuntime runtime() {
    return runtime;
  }

  /**
   * A new runtime over the same mini-redirector and clock, with {@code settings} on top of the leak
   * check; the caller closes it. For a test that only checks what a setting is accepted as.
   */
  public RdbssRuntime start(Map<String, String> settings) {
    Map<String, String> all = new HashMap<>(settings);
    all.put(RdbssSettings.FAIL_ON_LEAK, "true");
    return RdbssRuntime.builder()
        .serviceLoaderDiscovery(false)
        .clock(clock)
        .settings(RdbssSettings.of(all))
        .provider(new MemoryProvider("mem", mrx))
        .build();
  }

  /** Closes the current runtime (with its leak check) and starts one with {@code settings}. */
  public void restart(Map<String, String> settings) {
    close();
    crashed = false;
    runtime = start(settings);
  }

  /**
   * The test crashes the runtime on purpose: what the bugcheck leaves behind is not its subject, so
   * the next {@link #close} or {@link #restart} does not fail on it.
   */
  public void expectCrash() {
    crashed = true;
  }

  public static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** Logs {@code user} on, with a password of its own. */
  public IoSession logon(String user) {
    return runtime.logon(Logon.user(user, "pw-" + user));
  }

  /**
   * A latch that opens when the runtime records an event named {@code name}: how a test learns,
   * without sleeping, that another thread reached a point (a lock request starting to wait).
   */
  public CountDownLatch onEvent(String name) {
    CountDownLatch latch = new CountDownLatch(1);
    TraceListener listener = e -> {
      if (e.name().equals(name)) {
        latch.countDown();
      }
    };
    runtime.observation().addTraceListener(listener);
    return latch;
  }

  /** Waits for {@code latch}, failing the test after 30 s rather than hanging. */
  public static void await(CountDownLatch latch) throws InterruptedException {
    if (!latch.await(30, TimeUnit.SECONDS)) {
      throw new AssertionError("the other thread never got there");
    }
  }

  @Override
  public void close() {
    try {
      runtime.close();
    } catch (LeakException e) {
      if (!crashed) {
        throw e;
      }
    }
  }
}
