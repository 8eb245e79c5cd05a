package dev.rdbss.core.io;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rdbss.api.NtStatus;
import dev.rdbss.api.io.CreateRequest;
import dev.rdbss.api.io.FileHandle;
import dev.rdbss.api.io.IoSession;
import dev.rdbss.api.io.Logon;
import dev.rdbss.api.observe.TraceEvent;
import dev.rdbss.core.ManualClock;
import dev.rdbss.core.RdbssRuntime;
import dev.rdbss.core.RdbssSettings;
import dev.rdbss.core.memory.MemoryMiniRedirector;
import dev.rdbss.core.memory.MemoryProvider;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * MUP prefix resolution (spec §6.1) with several in-memory mini-redirectors: provider order, the
 * first claim wins, the claim cache and its time-to-live on the runtime's clock, the precedence of
 * claim failures, providers that claim only some servers, and stopped providers (§5.1).
 *
 * <p>Which provider served an open shows in the data read (each provider's copy of {@code
 * readme.txt} names it); whether MUP asked a provider shows in the trace as its {@code queryPath}
 * host request ({@code IOCTL_REDIR_QUERY_PATH}).
 */
class MupTest {

  private final ManualClock clock = new ManualClock();
  private final MemoryMiniRedirector a = new MemoryMiniRedirector();
  private final MemoryMiniRedirector b = new MemoryMiniRedirector();
  private RdbssRuntime runtime;

  MupTest() {
    a.share("files", "docs").file("\\readme.txt", bytes("from a"));
    b.share("files", "docs").file("\\readme.txt", bytes("from b"));
    b.share("other", "pub").file("\\readme.txt", bytes("other from b"));
    runtime = build("a,b", Map.of());
  }

  @AfterEach
  void closeChecksForLeaks() {
    runtime.close(); // FAIL_ON_LEAK
  }

  /** Replaces the runtime with one in {@code providerOrder} and with {@code extra} settings. */
  private void start(String providerOrder, Map<String, String> extra) {
    runtime.close();
    runtime = build(providerOrder, extra);
  }

  private RdbssRuntime build(String providerOrder, Map<String, String> extra) {
    Map<String, String> settings = new HashMap<>(extra);
    settings.put(RdbssSettings.FAIL_ON_LEAK, "true");
    settings.put(RdbssSettings.PROVIDER_ORDER, providerOrder);
    return RdbssRuntime.builder()
        .serviceLoaderDiscovery(false)
        .clock(clock)
        .settings(RdbssSettings.of(settings))
        .provider(new MemoryProvider("a", a))
        .provider(new MemoryProvider("b", b))
        .build();
  }

  private IoSession alice() {
    return runtime.logon(Logon.user("alice", "secret"));
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** Opens {@code path} and reads what it holds. */
  private String read(IoSession user, String path) {
    try (FileHandle f = user.open(path, CreateRequest.read())) {
      return new String(f.read(0, 100).data(), StandardCharsets.UTF_8);
    }
  }

  /** How often MUP asked {@code provider} to claim a prefix. */
  private long asked(String provider) {
    return runtime.observation().recentEvents(10_000).stream()
        .filter(e -> e.kind() == TraceEvent.Kind.HOST_REQUEST)
        .filter(e -> e.name().equals("queryPath"))
        .filter(e -> e.device().equals("\\Device\\" + provider))
        .count();
  }

  /** A provider that knows only {@code servers}: others get {@code status} from createSrvCall. */
  private static void knowsOnly(MemoryMiniRedirector mrx, NtStatus status, String... servers) {
    Set<String> known = Set.of(servers);
    mrx.onCreateSrvCall(cb -> {
      String server = cb.srvCall().name().substring(1).toLowerCase(Locale.ROOT);
      cb.complete(known.contains(server) ? NtStatus.SUCCESS : status, null);
    });
  }

  @Test
  void theFirstProviderInProviderOrderToClaimWins_s6_1() {
    start("b,a", Map.of());
    assertThat(read(alice(), "\\\\files\\docs\\readme.txt")).isEqualTo("from b");
    assertThat(asked("a")).as("b claimed first, so a was never asked").isZero();

    start("a,b", Map.of());
    assertThat(read(alice(), "\\\\files\\docs\\readme.txt")).isEqualTo("from a");
    assertThat(asked("b")).isZero();
  }

  @Test
  void aProviderClaimingOnlySomeServersLetsTheOthersFallThrough_s6_1() {
    knowsOnly(a, NtStatus.BAD_NETWORK_PATH, "files");
    start("a,b", Map.of());
    IoSession alice = alice();

    assertThat(read(alice, "\\\\other\\pub\\readme.txt")).isEqualTo("other from b");
    assertThat(asked("a")).as("a was asked first and declined").isEqualTo(1);
    assertThat(read(alice, "\\\\files\\docs\\readme.txt")).isEqualTo("from a");
  }

  @Test
  void aClaimIsCachedForItsTimeToLiveThenMupAsksAgain_s6_1() {
    knowsOnly(a, NtStatus.BAD_NETWORK_PATH, "files");
    start("a,b", Map.of(RdbssSettings.MUP_CLAIM_TTL, "PT1M"));
    IoSession alice = alice();

    assertThat(read(alice, "\\\\other\\pub\\readme.txt")).isEqualTo("other from b");
    assertThat(read(alice, "\\\\OTHER\\Pub\\readme.txt")).isEqualTo("other from b");
    assertThat(asked("a")).as("the second open used b's cached claim").isEqualTo(1);
    assertThat(asked("b")).isEqualTo(1);

    clock.advance(Duration.ofSeconds(59));
    runtime.awaitIdle();
    assertThat(read(alice, "\\\\other\\pub\\readme.txt")).isEqualTo("other from b");
    assertThat(asked("a")).as("still within the time-to-live").isEqualTo(1);

    clock.advance(Duration.ofSeconds(2));
    runtime.awaitIdle();
    assertThat(read(alice, "\\\\other\\pub\\readme.txt")).isEqualTo("other from b");
    assertThat(asked("a")).as("the claim expired: MUP asks in provider order again").isEqualTo(2);
    assertThat(asked("b")).isEqualTo(2);
  }

  @Test
  void aStoppedProviderIsNotAskedAndAStartedOneIsAskedAgain_s6_1_s5_1() {
    start("a,b", Map.of());
    IoSession alice = alice();
    assertThat(read(alice, "\\\\files\\docs\\readme.txt")).isEqualTo("from a");

    assertThat(runtime.stop("a")).isEqualTo(NtStatus.SUCCESS);
    long askedBefore = asked("a");
    assertThat(read(alice, "\\\\files\\docs\\readme.txt"))
        .as("a's cached claim went with the stop")
        .isEqualTo("from b");
    assertThat(asked("a")).isEqualTo(askedBefore);

    assertThat(runtime.start("a")).isEqualTo(NtStatus.SUCCESS);
    assertThat(read(alice, "\\\\files\\docs\\readme.txt")).isEqualTo("from a");
  }

  @Test
  void noProviderStartedIsBadNetworkPath_s6_1() {
    start("a,b", Map.of());
    runtime.stop("a");
    runtime.stop("b");
    assertThat(alice().tryOpen("\\\\files\\docs\\readme.txt", CreateRequest.read()).status())
        .isEqualTo(NtStatus.BAD_NETWORK_PATH);
  }

  @Test
  void aLogonFailureFromCreateSrvCallReachesTheCallerUnchanged_s6_1() {
    knowsOnly(a, NtStatus.LOGON_FAILURE);
    knowsOnly(b, NtStatus.BAD_NETWORK_PATH);
    start("a,b", Map.of());
    IoSession alice = alice();
    assertThat(alice.tryOpen("\\\\files\\docs\\readme.txt", CreateRequest.read()).status())
        .isEqualTo(NtStatus.LOGON_FAILURE);
    assertThat(alice.netUse("X:", "\\\\files\\docs")).isEqualTo(NtStatus.LOGON_FAILURE);
    assertThat(alice.netUses()).isEmpty();
  }

  @Test
  void aCredentialFailureFromCreateVNetRootReachesTheCallerUnchanged_s6_1() {
    a.onCreateVNetRoot(ctx -> ctx.complete(NtStatus.LOGON_FAILURE, NtStatus.SUCCESS));
    b.onCreateVNetRoot(ctx -> ctx.complete(NtStatus.ACCESS_DENIED, NtStatus.SUCCESS));
    start("b,a", Map.of());
    assertThat(alice().tryOpen("\\\\files\\docs\\readme.txt", CreateRequest.read()).status())
        .as("both credential failures pass through; the first one asked (b) is reported")
        .isEqualTo(NtStatus.ACCESS_DENIED);

    knowsOnly(b, NtStatus.BAD_NETWORK_PATH);
    start("b,a", Map.of());
    assertThat(alice().tryOpen("\\\\files\\docs\\readme.txt", CreateRequest.read()).status())
        .as("a credential failure beats another provider's BAD_NETWORK_PATH")
        .isEqualTo(NtStatus.LOGON_FAILURE);
  }

  @Test
  void aTransportErrorBecomesBadNetworkPath_s6_1() {
    knowsOnly(a, NtStatus.CONNECTION_REFUSED);
    knowsOnly(b, NtStatus.HOST_UNREACHABLE);
    start("a,b", Map.of());
    assertThat(alice().tryOpen("\\\\files\\docs\\readme.txt", CreateRequest.read()).status())
        .isEqualTo(NtStatus.BAD_NETWORK_PATH);
  }

  @Test
  void anUnknownShareIsBadNetworkNameOverAnotherProvidersBadNetworkPath_s6_1() {
    knowsOnly(a, NtStatus.CONNECTION_REFUSED);
    start("a,b", Map.of());
    // b knows the server but not the share; a cannot reach the server at all.
    assertThat(alice().tryOpen("\\\\files\\nope\\readme.txt", CreateRequest.read()).status())
        .isEqualTo(NtStatus.BAD_NETWORK_NAME);
  }

  @Test
  void aMalformedShareNameIsRefusedWithItsCanonicalizationStatus_s6_1_s6_2() {
    start("a,b", Map.of());
    IoSession alice = alice();
    assertThat(alice.tryOpen("\\\\files\\do*cs\\readme.txt", CreateRequest.read()).status())
        .isEqualTo(NtStatus.OBJECT_NAME_INVALID);
    assertThat(alice.tryOpen("\\\\files\\..\\readme.txt", CreateRequest.read()).status())
        .isEqualTo(NtStatus.OBJECT_PATH_SYNTAX_BAD);
    assertThat(alice.tryOpen("\\\\\\files\\docs", CreateRequest.read()).status())
        .isEqualTo(NtStatus.OBJECT_NAME_INVALID);
    assertThat(asked("a") + asked("b")).as("no provider is asked about a malformed name").isZero();
  }
}
