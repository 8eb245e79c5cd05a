package dev.rdbss.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rdbss.api.io.CreateRequest;
import dev.rdbss.api.io.FileHandle;
import dev.rdbss.api.io.IoSession;
import dev.rdbss.api.io.Logon;
import dev.rdbss.api.observe.TraceEvent;
import dev.rdbss.core.memory.MemoryMiniRedirector;
import dev.rdbss.core.memory.MemoryProvider;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** {@link RdbssSettings#TRACE}: tracing can be switched off (ARCHITECTURE.md §3.5). */
class TraceSettingTest {

  private static RdbssRuntime runtime(Map<String, String> settings) {
    MemoryMiniRedirector mrx = new MemoryMiniRedirector();
    mrx.share("files", "docs").file("\\a.txt", "hello".getBytes(StandardCharsets.UTF_8));
    return RdbssRuntime.builder()
        .serviceLoaderDiscovery(false)
        .clock(new ManualClock())
        .settings(RdbssSettings.of(settings))
        .provider(new MemoryProvider("mem", mrx))
        .build();
  }

  private static void openReadClose(RdbssRuntime runtime) {
    IoSession alice = runtime.logon(Logon.user("alice", "pw"));
    try (FileHandle h = alice.open("\\\\files\\docs\\a.txt", CreateRequest.read().open())) {
      assertThat(h.read(0, 5).status().isSuccess()).isTrue();
    }
  }

  @Test
  void tracingOnByDefaultRecordsTheIoPath_arch3_5() {
    try (RdbssRuntime runtime = runtime(Map.of(RdbssSettings.FAIL_ON_LEAK, "true"))) {
      assertThat(runtime.settings().tracing()).isTrue();
      openReadClose(runtime);
      assertThat(runtime.observation().recentEvents(10_000))
          .extracting(TraceEvent::name)
          .contains("createSrvCall", "create");
    }
  }

  @Test
  void tracingOffRecordsNothingAndTellsNoListener_arch3_5() {
    try (RdbssRuntime runtime =
        runtime(Map.of(RdbssSettings.FAIL_ON_LEAK, "true", RdbssSettings.TRACE, "false"))) {
      List<TraceEvent> seen = new CopyOnWriteArrayList<>();
      runtime.observation().addTraceListener(seen::add);
      openReadClose(runtime);
      assertThat(runtime.observation().recentEvents(10_000)).isEmpty();
      assertThat(seen).isEmpty();
    }
  }

  @Test
  void aTraceValueOtherThanTrueOrFalseIsRefused_arch3_5() {
    assertThatThrownBy(() -> RdbssSettings.of(Map.of(RdbssSettings.TRACE, "sometimes")).tracing())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(RdbssSettings.TRACE);
  }
}
