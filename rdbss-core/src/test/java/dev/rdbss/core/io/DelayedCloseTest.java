package dev.rdbss.core.io;

import static dev.rdbss.api.FcbState.COLLAPSING;
import static dev.rdbss.api.FcbState.READCACHING;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rdbss.api.ConnectionFinalizeLevel;
import dev.rdbss.api.NodeType;
import dev.rdbss.api.NtStatus;
import dev.rdbss.api.io.CreateRequest;
import dev.rdbss.api.io.FileHandle;
import dev.rdbss.api.io.IoSession;
import dev.rdbss.api.observe.ObjectNode;
import dev.rdbss.core.memory.MemoryMiniRedirector;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Delayed close (spec §6.7) finished by the scavenger (§6.8) on the manual clock, its conditions,
 * and what it does to connection deletion (§9 pitfall 8).
 */
class DelayedCloseTest extends BufferingFixture {

  private static final Set<String> CLOSE_CALLBACKS =
      Set.of("closeSrvOpen", "deallocateForFobx", "forceClosed", "deallocateForFcb");

  @Test
  void aDelayedCloseIsFinishedByTheScavengerOnePeriodLater_s6_7_s6_8() {
    delayedCloseLimit(16);
    mrx.grantBuffering(COLLAPSING, READCACHING);
    long mark = mark();

    alice().open(README, CreateRequest.read()).close();

    assertThat(callbacksSince(mark, CLOSE_CALLBACKS)).as("the server open stays").isEmpty();
    assertThat(flagsOfOnly(NodeType.SRV_OPEN)).contains("CLOSE_DELAYED");
    assertThat(runtime.observation().snapshot().nodes(NodeType.FOBX))
        .singleElement()
        .satisfies(x -> {
          assertThat(x.markedForScavenge()).isTrue();
          assertThat(x.flags()).contains("MARKED_AS_DORMANT");
        });
    assertThat(runtime.observation().snapshot().nodes(NodeType.FCB).map(ObjectNode::counters))
        .singleElement()
        .satisfies(c -> assertThat(c).containsEntry("openCount", 0L));

    advance(SCAVENGER_PERIOD.minusMillis(1));
    assertThat(callbacksSince(mark, CLOSE_CALLBACKS)).isEmpty();

    advance(Duration.ofMillis(1));
    assertThat(callbacksSince(mark, CLOSE_CALLBACKS))
        .containsExactly("deallocateForFobx", "closeSrvOpen", "forceClosed", "deallocateForFcb");
    assertThat(runtime.observation().snapshot().nodes(NodeType.FCB)).isEmpty();
  }

  @Test
  void aReopenCollapsesOntoTheDelayedCloseWhoseFobxStillGoesWithTheScavenger_s6_4_step5_s6_7() {
    delayedCloseLimit(16);
    mrx.grantBuffering(COLLAPSING, READCACHING);
    mrx.collapsing(MemoryMiniRedirector.Collapsing.CHECKED);
    IoSession alice = alice();
    alice.open(README, CreateRequest.read()).close();
    long mark = mark();

    try (FileHandle again = alice.open(README, CreateRequest.read())) {
      assertThat(callbacksSince(mark)).contains("collapseOpen").doesNotContain("create");
      assertThat(flagsOfOnly(NodeType.SRV_OPEN)).doesNotContain("CLOSE_DELAYED");
      assertThat(srvOpenCounters())
          .as("the dormant FOBX keeps its open count beside the new handle's")
          .containsEntry("openCount", 2L);
      assertThat(text(again.read(0, 5).data())).isEqualTo("hello");

      advance(SCAVENGER_PERIOD);

      assertThat(callbacksSince(mark, CLOSE_CALLBACKS))
          .as("the old FOBX goes; the server open stays for the new handle")
          .containsExactly("deallocateForFobx");
      assertThat(srvOpenCounters()).containsEntry("openCount", 1L);
    }
    // The new handle was the SRV_OPEN's last: its close is delayed in turn.
    assertThat(flagsOfOnly(NodeType.SRV_OPEN)).contains("CLOSE_DELAYED");
    advance(SCAVENGER_PERIOD);
    assertThat(callbacksSince(mark, CLOSE_CALLBACKS)).containsExactly(
        "deallocateForFobx", "deallocateForFobx", "closeSrvOpen", "forceClosed",
        "deallocateForFcb");
  }

  private java.util.Map<String, Long> srvOpenCounters() {
    return runtime.observation().snapshot().nodes(NodeType.SRV_OPEN)
        .map(ObjectNode::counters).findFirst().orElseThrow();
  }

  @Test
  void beyondFiftyDormantFilesTheOldestIsFinishedAtOnce_s6_6() {
    delayedCloseLimit(1000);
    mrx.grantBuffering(COLLAPSING, READCACHING);
    var share = mrx.share("files", "docs");
    for (int i = 0; i <= 50; i++) {
      share.file("\\f" + i + ".txt", bytes("x"));
    }
    IoSession alice = alice();
    for (int i = 0; i < 50; i++) {
      alice.open("\\\\files\\docs\\f" + i + ".txt", CreateRequest.read()).close();
    }
    assertThat(runtime.observation().snapshot().nodes(NodeType.FOBX)).hasSize(50);
    assertThat(mrx.count("closeSrvOpen")).as("fifty may wait").isZero();

    long mark = mark();
    alice.open("\\\\files\\docs\\f50.txt", CreateRequest.read()).close();

    assertThat(runtime.observation().snapshot().nodes(NodeType.FOBX)).hasSize(50);
    assertThat(callbacksSince(mark, CLOSE_CALLBACKS))
        .as("the oldest, f0, is closed on the server now")
        .containsExactly("deallocateForFobx", "closeSrvOpen", "forceClosed", "deallocateForFcb");
    assertThat(runtime.observation().snapshot().nodes(NodeType.FCB))
        .noneMatch(n -> n.ref().name().toLowerCase(java.util.Locale.ROOT).endsWith("\\f0.txt"));
    assertThat(runtimeEventsSince(mark)).contains("dormantFileLimit");
  }

  @Test
  void withoutCollapsingGrantedTheCloseIsNotDelayed_s6_7() {
    delayedCloseLimit(16);
    mrx.grantBuffering(READCACHING);
    long mark = mark();

    alice().open(README, CreateRequest.read()).close();

    assertThat(callbacksSince(mark, CLOSE_CALLBACKS))
        .containsExactly("closeSrvOpen", "deallocateForFobx", "forceClosed", "deallocateForFcb");
  }

  @Test
  void withoutADelayedCloseLimitTheCloseIsNotDelayed_s6_7() {
    mrx.grantBuffering(COLLAPSING, READCACHING); // the descriptor's limit stays 0
    long mark = mark();

    alice().open(README, CreateRequest.read()).close();

    assertThat(callbacksSince(mark, CLOSE_CALLBACKS)).startsWith("closeSrvOpen");
  }

  @Test
  void theDelayedCountStaysBelowTheMaximum_s6_7() {
    delayedCloseLimit(2); // incremented, the count must stay below 2: one delayed close at a time
    mrx.grantBuffering(COLLAPSING, READCACHING);
    IoSession alice = alice();
    alice.open(README, CreateRequest.read()).close();
    long mark = mark();

    alice.open(OTHER, CreateRequest.read()).close();

    assertThat(callbacksSince(mark, CLOSE_CALLBACKS)).as("the second file closes at once")
        .startsWith("closeSrvOpen");
    assertThat(runtime.observation().snapshot().nodes(NodeType.SRV_OPEN)
        .filter(o -> o.flags().contains("CLOSE_DELAYED")))
        .hasSize(1);
  }

  @Test
  void aDirectoryCloseIsNeverDelayed_s6_7() {
    delayedCloseLimit(16);
    mrx.grantBuffering(COLLAPSING, READCACHING);
    mrx.share("files", "docs").directory("\\sub");
    long mark = mark();

    alice().open("\\\\files\\docs\\sub", CreateRequest.directory()).close();

    assertThat(callbacksSince(mark, CLOSE_CALLBACKS)).startsWith("closeSrvOpen");
  }

  @Test
  void openCloseThenDeletingTheConnectionAnswersFilesOpenUntilScavenged_pitfall8() {
    delayedCloseLimit(16);
    mrx.grantBuffering(COLLAPSING, READCACHING);
    IoSession alice = alice();
    assertThat(alice.netUse("X:", "\\\\files\\docs")).isEqualTo(NtStatus.SUCCESS);
    // The FCB is made through the UNC view; the drive's open is a second SRV_OPEN on it, counted
    // in the drive's view. Both closes are delayed.
    alice.open(README, CreateRequest.read()).close();
    alice.open("X:\\readme.txt", CreateRequest.read()).close();

    assertThat(alice.netUseDelete("X:", ConnectionFinalizeLevel.NO_FORCE))
        .as("the dormant handle still counts as open")
        .isEqualTo(NtStatus.FILES_OPEN);
    assertThat(alice.netUses()).containsKey("X:");

    advance(SCAVENGER_PERIOD);

    assertThat(alice.netUseDelete("X:", ConnectionFinalizeLevel.NO_FORCE))
        .isEqualTo(NtStatus.SUCCESS);
    assertThat(alice.netUses()).isEmpty();
  }

  @Test
  void withThePurgeOfDormantFilesFirstTheDeletionSucceedsAtOnce_pitfall8() {
    delayedCloseLimit(16);
    mrx.grantBuffering(COLLAPSING, READCACHING);
    IoSession alice = alice();
    alice.netUse("X:", "\\\\files\\docs");
    alice.open(README, CreateRequest.read()).close();
    alice.open("X:\\readme.txt", CreateRequest.read()).close();

    mrx.scavengeDormantFiles(); // what nfs41 does before RxFinalizeConnection (8df2d9b)

    assertThat(alice.netUseDelete("X:", ConnectionFinalizeLevel.NO_FORCE))
        .isEqualTo(NtStatus.SUCCESS);
    assertThat(mrx.count("closeSrvOpen")).isEqualTo(2);
  }
}
