package dev.rdbss.core.io;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rdbss.api.io.CreateRequest;
import dev.rdbss.api.io.FileHandle;
import dev.rdbss.api.io.IoSession;
import dev.rdbss.api.io.Logon;
import dev.rdbss.core.ManualClock;
import dev.rdbss.core.RdbssRuntime;
import dev.rdbss.core.RdbssSettings;
import dev.rdbss.core.memory.MemoryMiniRedirector;
import dev.rdbss.core.memory.MemoryProvider;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * §2.5 and §9 pitfall 7: where the spec permits more than one callback order, RDBSS follows the
 * canonical one unless {@link RdbssSettings#CALLBACK_ORDER_SEED} asks it to choose at random among
 * the permitted ones, so that a plugin can be shown to tolerate each (the conformance kit's
 * stochastic rules). Every observed order must be a permitted one, and nothing may leak.
 */
class PermittedCallbackOrdersTest {

  private static final int ROUNDS = 24;

  /** The orders seen at the two points, round by round. */
  private record Seen(List<String> closeOrders, List<String> teardownOrders) {}

  private static Seen run(Map<String, String> extra) {
    MemoryMiniRedirector mrx = new MemoryMiniRedirector();
    mrx.share("files", "docs").file("\\a.txt", "x".getBytes(StandardCharsets.UTF_8));
    Map<String, String> settings = new HashMap<>(extra);
    settings.put(RdbssSettings.FAIL_ON_LEAK, "true"); // close() fails on a leak
    List<String> closeOrders = new ArrayList<>();
    List<String> teardownOrders = new ArrayList<>();
    try (RdbssRuntime runtime =
        RdbssRuntime.builder()
            .serviceLoaderDiscovery(false)
            .clock(new ManualClock())
            .settings(RdbssSettings.of(settings))
            .provider(new MemoryProvider("mem", mrx))
            .build()) {
      IoSession alice = runtime.logon(Logon.user("alice", "pw"));
      for (int i = 0; i < ROUNDS; i++) {
        try (FileHandle f = alice.open("\\\\files\\docs\\a.txt", CreateRequest.read())) {
          assertThat(f.read(0, 1).status().isSuccess()).isTrue();
        }
        closeOrders.add(order(mrx.calls(), "closeSrvOpen", "deallocateForFobx"));
        runtime.awaitIdle();
        mrx.forceFinalizeAllVNetRoots("files", "docs"); // the idle view goes at once (§4.1 step 4)
        runtime.awaitIdle();
        teardownOrders.add(order(mrx.calls(), "finalizeNetRoot", "finalizeVNetRoot"));
        mrx.clearCalls();
      }
      assertThat(runtime.observation().bugCheck()).isEmpty();
    }
    return new Seen(closeOrders, teardownOrders);
  }

  /** "a<b" or "b<a" by the first occurrence of each in {@code calls}. */
  private static String order(List<String> calls, String a, String b) {
    int ia = calls.indexOf(a);
    int ib = calls.indexOf(b);
    assertThat(ia).as(a + " was called: " + calls).isNotNegative();
    assertThat(ib).as(b + " was called: " + calls).isNotNegative();
    return ia < ib ? a + "<" + b : b + "<" + a;
  }

  @Test
  void withoutASeedEveryOrderIsTheCanonicalOne_s2_5_pitfall7() {
    Seen seen = run(Map.of());
    assertThat(seen.closeOrders()).hasSize(ROUNDS).containsOnly("closeSrvOpen<deallocateForFobx");
    assertThat(seen.teardownOrders())
        .hasSize(ROUNDS)
        .containsOnly("finalizeNetRoot<finalizeVNetRoot"); // §2.5 order 5
  }

  @Test
  void aSeedVisitsEveryPermittedOrderAndNoOther_s2_5_pitfall7() {
    Seen seen = run(Map.of(RdbssSettings.CALLBACK_ORDER_SEED, "7"));
    assertThat(Set.copyOf(seen.closeOrders()))
        .containsExactlyInAnyOrder(
            "closeSrvOpen<deallocateForFobx", "deallocateForFobx<closeSrvOpen");
    assertThat(Set.copyOf(seen.teardownOrders()))
        .containsExactlyInAnyOrder(
            "finalizeNetRoot<finalizeVNetRoot", "finalizeVNetRoot<finalizeNetRoot");
  }

  @Test
  void theSameSeedMakesTheSameChoices_pitfall7() {
    Map<String, String> seeded = Map.of(RdbssSettings.CALLBACK_ORDER_SEED, "12345");
    assertThat(run(seeded)).isEqualTo(run(seeded));
  }
}
