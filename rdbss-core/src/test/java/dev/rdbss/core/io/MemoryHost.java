package dev.rdbss.core.io;

import dev.rdbss.api.io.IoSession;
import dev.rdbss.api.io.Logon;
import dev.rdbss.api.observe.TraceListener;
import dev.rdbss.core.ManualClock;
import dev.rdbss.core.RdbssRuntime;
import dev.rdbss.core.RdbssSettings;
import dev.rdbss.core.memory.MemoryMiniRedirector;
import dev.rdbss.core.memory.MemoryProvider;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A runtime with the in-memory mini-redirector as device {@code mem}, a {@link ManualClock} and the
 * leak check on ({@link RdbssSettings#FAIL_ON_LEAK}): closing it fails a test that left something
 * behind. Share {@code \\files\docs} holds {@code \readme.txt} ("hello") and directory {@code \sub}.
 */
final class MemoryHost implements AutoCloseable {

  final ManualClock clock = new ManualClock();
  final MemoryMiniRedirector mrx = new MemoryMiniRedirector();
  final RdbssRuntime runtime;

  MemoryHost() {
    mrx.share("files", "docs").file("\\readme.txt", bytes("hello")).directory("\\sub");
    runtime = RdbssRuntime.builder()
        .serviceLoaderDiscovery(false)
        .clock(clock)
        .settings(RdbssSettings.of(Map.of(RdbssSettings.FAIL_ON_LEAK, "true")))
        .provider(new MemoryProvider("mem", mrx))
        .build();
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  IoSession logon(String user) {
    return runtime.logon(Logon.user(user, "pw-" + user));
  }

  /**
   * A latch that opens when the runtime records an event named {@code name}: how a test learns,
   * without sleeping, that another thread reached a point (a lock request starting to wait).
   */
  CountDownLatch onEvent(String name) {
    CountDownLatch latch = new CountDownLatch(1);
    TraceListener listener = e -> {
      if (e.name().equals(name)) {
        latch.countDown();
      }
    };
    runtime.observation().addTraceListener(listener);
    return latch;
  }

  static void await(CountDownLatch latch) throws InterruptedException {
    if (!latch.await(30, TimeUnit.SECONDS)) {
      throw new AssertionError("the other thread never got there");
    }
  }

  @Override
  public void close() {
    runtime.close();
  }
}
