package dev.rdbss.core.io;

import static dev.rdbss.api.FcbState.COLLAPSING;
import static dev.rdbss.api.FcbState.FILESIZECACHEING;
import static dev.rdbss.api.FcbState.FILETIMECACHEING;
import static dev.rdbss.api.FcbState.READCACHING;
import static dev.rdbss.api.FcbState.WRITECACHING;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rdbss.api.Irql;
import dev.rdbss.api.NodeType;
import dev.rdbss.api.io.CreateRequest;
import dev.rdbss.api.io.FileHandle;
import dev.rdbss.api.observe.TraceEvent;
import dev.rdbss.api.spi.IrqlScope;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Buffering state and oplocks (spec §7): the initial state of §6.4 step 6, {@code
 * changeBufferingState} steps 1–6 (§7.2), indications by key and for a SRV_OPEN through the SRV_CALL's
 * buffering manager (§7.3), and pitfalls 12, 13 and 16.
 */
class BufferingStateTest extends BufferingFixture {

  private static final Set<String> ALL_CACHING = Set.of("READCACHING", "READBUFFERING",
      "WRITECACHING", "WRITEBUFFERING", "FILESIZECACHEING", "FILETIMECACHEING", "LOCK_BUFFERING");

  @Test
  void anOpenThatSharesNothingGetsFullCaching_s7_2_step3_pitfall13() {
    mrx.grantBuffering(READCACHING);
    try (FileHandle f = alice().open(README, CreateRequest.readWrite().share())) {
      assertThat(flagsOfOnly(NodeType.FCB))
          .containsAll(ALL_CACHING)
          .doesNotContain("COLLAPSING", "OPENSHARING");
    }
  }

  @Test
  void aSharedDataOpenGetsWhatTheMiniRedirectorGranted_s6_4_step6() {
    mrx.grantBuffering(READCACHING, FILESIZECACHEING, FILETIMECACHEING);
    try (FileHandle f = alice().open(README, CreateRequest.read())) {
      assertThat(flagsOfOnly(NodeType.FCB))
          .contains("READCACHING", "FILESIZECACHEING", "FILETIMECACHEING")
          .doesNotContain("WRITECACHING", "READBUFFERING");
    }
  }

  @Test
  void anAttributeOnlyOpenLeavesTheBufferingStateAlone_pitfall13() {
    mrx.grantBuffering(READCACHING, WRITECACHING, FILESIZECACHEING, FILETIMECACHEING);
    try (FileHandle attributes = alice().open(README, CreateRequest.attributesOnly())) {
      assertThat(flagsOfOnly(NodeType.SRV_OPEN)).contains("NO_BUFFERING_STATE_CHANGE");
      // Attribute opens count in no share access, so without the flag "no sharers at all" would
      // have granted it full caching (§7.2 step 3).
      assertThat(flagsOfOnly(NodeType.FCB)).doesNotContainAnyElementsOf(ALL_CACHING);
    }
    try (FileHandle data = alice().open(README, CreateRequest.read())) {
      assertThat(flagsOfOnly(NodeType.SRV_OPEN)).doesNotContain("NO_BUFFERING_STATE_CHANGE");
      assertThat(flagsOfOnly(NodeType.FCB)).contains("READCACHING", "FILESIZECACHEING");
    }
  }

  @Test
  void aBreakIsComputedAppliedAndAcknowledged_s7_2_s7_3() {
    mrx.grantBuffering(READCACHING, WRITECACHING, FILESIZECACHEING, FILETIMECACHEING);
    try (FileHandle f = alice().open(README, CreateRequest.readWrite())) {
      long mark = mark();

      mrx.breakOplock("\\readme.txt", READCACHING, FILESIZECACHEING, FILETIMECACHEING);
      runtime.awaitIdle();

      assertThat(callbacksSince(mark))
          .containsExactly("computeNewBufferingState", "completeBufferingStateChangeRequest");
      assertThat(flagsOfOnly(NodeType.FCB))
          .contains("READCACHING", "FILESIZECACHEING")
          .doesNotContain("WRITECACHING", "BUFFERING_STATE_CHANGE_PENDING", "BUFFERSTATE_CHANGING");
      assertThat(flagsOfOnly(NodeType.SRV_OPEN)).doesNotContain("BUFFERING_STATE_CHANGE_PENDING");
      f.write(0, bytes("J"));
      assertThat(mrx.share("files", "docs").content("\\readme.txt"))
          .as("written through now").isEqualTo(bytes("Jello"));
    }
  }

  @Test
  void computeNewBufferingStateThatForgetsItsOutValueIsABugcheck_pitfall12() {
    mrx.grantBuffering(READCACHING);
    mrx.forgetToSetNewBufferingState(true);
    alice().open(README, CreateRequest.read());
    expectCrash();

    mrx.breakOplock("\\readme.txt");
    runtime.awaitIdle();

    var error = runtime.observation().bugCheck().orElseThrow().error();
    assertThat(error.specSection()).contains("pitfall 12");
    assertThat(error.explanation()).contains("computeNewBufferingState", "sentinel", "set(");
  }

  @Test
  void anIndicationForAFinalizedSrvOpenIsDiscardedNotACrash_pitfall16() {
    mrx.grantBuffering(READCACHING);
    alice().open(README, CreateRequest.read()).close(); // not delayed: the SRV_OPEN is freed
    long mark = mark();

    mrx.breakOplockForSrvOpen("\\readme.txt");
    try (IrqlScope dispatch = mrx.rdbss().raiseIrql(Irql.DISPATCH_LEVEL)) {
      mrx.breakOplockForSrvOpen("\\readme.txt");
    }
    runtime.awaitIdle();

    assertThat(runtime.observation().bugCheck()).isEmpty();
    assertThat(runtimeEventsSince(mark))
        .filteredOn("bufferingIndicationDiscarded"::equals)
        .hasSize(2);
    assertThat(callbacksSince(mark)).doesNotContain("computeNewBufferingState");
  }

  @Test
  void anIndicationWhoseKeyMatchesNoOpenIsDiscarded_s7_3() {
    mrx.grantBuffering(READCACHING);
    alice().open(README, CreateRequest.read()).close(); // the key association ends at close
    long mark = mark();

    mrx.breakOplock("\\readme.txt");
    runtime.awaitIdle();

    assertThat(runtimeEventsSince(mark)).contains("bufferingIndicationDiscarded");
    assertThat(callbacksSince(mark)).isEmpty();
  }

  @Test
  void aBreakThatRacesTheOpenIsHeldUntilKeyAssociation_s7_3_s6_4_step5() {
    mrx.grantBuffering(READCACHING, WRITECACHING, FILESIZECACHEING, FILETIMECACHEING);
    mrx.breakDuringNextCreate(READCACHING);
    long mark = mark();

    try (FileHandle f = alice().open(README, CreateRequest.readWrite())) {
      assertThat(runtimeEventsSince(mark))
          .containsSubsequence("bufferingIndicationHeld", "bufferingIndicationAccepted");
      // Applied before the create released the FCB, after the initial state it overrides.
      assertThat(callbacksSince(mark)).containsSubsequence(
          "create", "computeNewBufferingState", "completeBufferingStateChangeRequest");
      assertThat(flagsOfOnly(NodeType.FCB)).contains("READCACHING").doesNotContain("WRITECACHING");
    }
  }

  @Test
  void anIndicationAtDispatchLevelIsQueuedAndRunByTheWorker_s7_3() {
    mrx.grantBuffering(READCACHING);
    try (FileHandle f = alice().open(README, CreateRequest.read())) {
      long mark = mark();

      try (IrqlScope dispatch = mrx.rdbss().raiseIrql(Irql.DISPATCH_LEVEL)) {
        mrx.breakOplockForSrvOpen("\\readme.txt");
      }
      runtime.awaitIdle();

      String me = Thread.currentThread().getName();
      assertThat(runtime.observation().recentEvents(100_000))
          .filteredOn(e -> e.sequence() > mark && e.kind() == TraceEvent.Kind.CALLBACK)
          .extracting(TraceEvent::name, e -> e.thread().equals(me))
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple("computeNewBufferingState", false),
              org.assertj.core.groups.Tuple.tuple("completeBufferingStateChangeRequest", false));
      assertThat(flagsOfOnly(NodeType.FCB)).doesNotContain("READCACHING");
    }
  }

  @Test
  void aBreakOnACloseDelayedOpenClosesItInsteadOfAcknowledging_s7_2_step5() {
    delayedCloseLimit(16);
    mrx.grantBuffering(COLLAPSING, READCACHING);
    alice().open(README, CreateRequest.read()).close();
    assertThat(flagsOfOnly(NodeType.SRV_OPEN)).contains("CLOSE_DELAYED");
    long mark = mark();

    mrx.breakOplock("\\readme.txt");
    runtime.awaitIdle();

    assertThat(callbacksSince(mark)).containsExactly("computeNewBufferingState", "closeSrvOpen");
    assertThat(flagsOfOnly(NodeType.SRV_OPEN)).contains("CLOSED").doesNotContain("CLOSE_DELAYED");

    long scavenged = mark();
    advance(SCAVENGER_PERIOD);
    assertThat(callbacksSince(scavenged, Set.of("deallocateForFobx", "closeSrvOpen",
        "forceClosed", "deallocateForFcb")))
        .as("the dormant handle goes with the scavenger; the server open is not closed twice")
        .containsExactly("deallocateForFobx", "forceClosed", "deallocateForFcb");
  }
}
