package dev.rdbss.core.engine;

import static dev.rdbss.core.engine.EngineFixture.logon;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rdbss.api.BugCheckCode;
import dev.rdbss.api.BugCheckError;
import dev.rdbss.api.NtStatus;
import dev.rdbss.api.SrvOpenFlag;
import dev.rdbss.api.spi.MiniRedirectorDescriptor;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The scavenger on the injectable clock (spec §6.8, §9 pitfalls 10 and 18). */
class ScavengerTest {

  private final EngineFixture f = new EngineFixture();

  @AfterEach
  void shutDown() {
    f.close();
  }

  @Test
  void aMarkedObjectIsFinalizedOnePeriodAfterMarkingNotBefore_s6_8() {
    VNetRootImpl view = f.connect(logon(1), "\\srv", "\\share");
    f.releaseUnlocked(view);
    f.clock.advance(EngineFixture.SCAVENGER_PERIOD.minusMillis(1));
    f.worker.awaitIdle();
    assertThat(view.isFreed()).isFalse();
    f.clock.advance(Duration.ofMillis(1));
    f.worker.awaitIdle();
    assertThat(view.isFreed()).isTrue();
    assertThat(f.device.liveObjects()).as("the idle chain went in that pass").isEmpty();
    assertThat(f.engine.scavenger.state()).isEqualTo(Scavenger.State.INACTIVE);
  }

  @Test
  void thePeriodComesFromTheDescriptor_s6_8() {
    try (EngineFixture g =
        new EngineFixture(
            MiniRedirectorDescriptor.builder("fast", "\\Device\\Fast")
                .scavengerTimeout(Duration.ofSeconds(2))
                .build())) {
      VNetRootImpl view = g.connect(logon(1), "\\srv", "\\share");
      g.releaseUnlocked(view);
      g.clock.advance(Duration.ofSeconds(2));
      g.worker.awaitIdle();
      assertThat(view.isFreed()).isTrue();
    }
  }

  @Test
  void anObjectReferencedAgainSurvivesThePass_s6_8() {
    VNetRootImpl view = f.connect(logon(1), "\\srv", "\\share");
    f.releaseUnlocked(view);
    f.rdbss.reference(view);
    f.passScavengerPeriod();
    assertThat(view.isFreed()).isFalse();
    assertThat(f.engine.scavenger.markedCount()).isZero();
  }

  @Test
  void entriesMarkedLaterWaitForTheirOwnPeriodAndTheTimerIsRearmed_s6_8() {
    VNetRootImpl first = f.connect(logon(1), "\\srv", "\\one");
    VNetRootImpl second = f.connect(logon(1), "\\srv", "\\two");
    f.releaseUnlocked(first);
    f.clock.advance(Duration.ofSeconds(6));
    f.releaseUnlocked(second);
    f.clock.advance(Duration.ofSeconds(4));
    f.worker.awaitIdle();
    assertThat(first.isFreed()).isTrue();
    assertThat(second.isFreed()).as("marked 4 s ago").isFalse();
    f.passScavengerPeriod();
    assertThat(second.isFreed()).isTrue();
  }

  @Test
  void unmarkingAnUnmarkedObjectIsListCorruption_pitfall10() {
    VNetRootImpl view = f.connect(logon(1), "\\srv", "\\share");
    assertThatThrownBy(
            () -> {
              synchronized (f.device.scavengerMutex()) {
                f.engine.scavenger.unmark(view);
              }
            })
        .isInstanceOfSatisfying(
            BugCheckError.class,
            e -> assertThat(e.code()).isEqualTo(BugCheckCode.KERNEL_SECURITY_CHECK_FAILURE));
  }

  @Test
  void scavengeAllFobxsFinalizesMarkedFobxsNow_s6_8() {
    VNetRootImpl view = f.connect(logon(1), "\\srv", "\\share");
    FobxImpl fobx = f.open(view, "\\a.txt");
    // A FOBX dereferenced to 0 without its FCB lock is marked (§2.3), as a delayed close leaves it.
    f.files.cleanup(fobx);
    SrvOpenImpl srvOpen = fobx.rawSrvOpen();
    f.engine.references.dereference(fobx, dev.rdbss.api.LockHoldingState.NOT_HELD);
    assertThat(fobx.isMarkedForScavenge()).isTrue();
    f.rdbss.scavengeAllFobxs();
    assertThat(fobx.isFreed()).isTrue();
    assertThat(srvOpen.rawFobxs()).isEmpty();
  }
  @Test
  void aDelayedCloseIsFinishedByTheScavengerInOrder4ThenTheIdleChainGoes_s2_5_s6_8() {
    VNetRootImpl view = f.connect(logon(1), "\\srv", "\\share");
    f.releaseUnlocked(view); // UNC access: only the FCB keeps the view
    FobxImpl fobx = f.open(view, "\\a.txt");
    SrvOpenImpl srvOpen = fobx.rawSrvOpen();
    SrvCallImpl srvCall = view.rawNetRoot().rawSrvCall();
    f.files.cleanup(fobx);
    f.closeDelayed(fobx);
    assertThat(fobx.isMarkedForScavenge()).isTrue();
    assertThat(srvOpen.hasFlag(SrvOpenFlag.CLOSE_DELAYED)).isTrue();
    assertThat(srvCall.numberOfCloseDelayedFiles()).isEqualTo(1);
    f.mrx.clear();

    f.passScavengerPeriod();
    assertThat(f.mrx.entries())
        .as("the server open is closed only now, after the FOBX's deallocation")
        .containsExactly("deallocateForFobx", "closeSrvOpen", "forceClosed", "deallocateForFcb");
    assertThat(srvCall.numberOfCloseDelayedFiles()).isZero();
    assertThat(view.isMarkedForScavenge()).as("the freed FCB let go of its view").isTrue();

    f.passScavengerPeriod();
    assertThat(f.device.liveObjects()).isEmpty();
  }

  @Test
  void purgeRelatedFobxsWithNothingDormantAnswersUnsuccessful_s6_8() {
    VNetRootImpl view = f.connect(logon(1), "\\srv", "\\share");
    FobxImpl open = f.open(view, "\\a.txt");
    assertThat(f.rdbss.purgeRelatedFobxs(view.rawNetRoot(), f.userContext(logon(1)), true, null))
        .isEqualTo(NtStatus.UNSUCCESSFUL);
    assertThat(open.isFreed()).isFalse();
  }

  /** A share with two files closed delayed and one still open; another share with a delayed close. */
  private final class DelayedCloses {
    final VNetRootImpl view = f.connect(logon(1), "\\srv", "\\share");
    final VNetRootImpl otherView = f.connect(logon(1), "\\srv", "\\other");
    final FobxImpl a = delayed(view, "\\a.txt");
    final FobxImpl b = delayed(view, "\\b.txt");
    final FobxImpl elsewhere = delayed(otherView, "\\c.txt");
    final FobxImpl stillOpen = f.open(view, "\\d.txt");

    private FobxImpl delayed(VNetRootImpl v, String path) {
      FobxImpl fobx = f.open(v, path);
      f.files.cleanup(fobx);
      f.closeDelayed(fobx);
      return fobx;
    }
  }

  @Test
  void purgeRelatedFobxsFinalizesTheDormantFobxsOfOneShareOrOneFcb_s6_8() {
    DelayedCloses d = new DelayedCloses();
    FcbImpl fcbA = d.a.rawSrvOpen().rawFcb();
    RxContextImpl ctx = f.userContext(logon(1));

    assertThat(f.rdbss.purgeRelatedFobxs(d.view.rawNetRoot(), ctx, true, fcbA))
        .isEqualTo(NtStatus.SUCCESS);
    assertThat(d.a.isFreed()).isTrue();
    assertThat(fcbA.isFreed()).as("its last open went with it").isTrue();
    assertThat(d.b.isFreed()).as("another FCB").isFalse();

    assertThat(f.rdbss.purgeRelatedFobxs(d.view.rawNetRoot(), ctx, true, null))
        .isEqualTo(NtStatus.SUCCESS);
    assertThat(d.b.isFreed()).isTrue();
    assertThat(d.elsewhere.isFreed()).as("another share").isFalse();
    assertThat(d.stillOpen.isFreed()).as("not dormant").isFalse();
    assertThat(f.mrx.count("closeSrvOpen")).isEqualTo(2);
  }

  @Test
  void purgeRelatedFobxsWithoutFinalizationOnlyReportsWhatCouldBePurged_s6_8() {
    DelayedCloses d = new DelayedCloses();
    assertThat(f.rdbss.purgeRelatedFobxs(d.view.rawNetRoot(), f.userContext(logon(1)), false, null))
        .isEqualTo(NtStatus.SUCCESS);
    assertThat(d.a.isFreed()).isFalse();
    assertThat(d.a.isMarkedForScavenge()).isTrue();
  }

  @Test
  void scavengeAllFobxsFinishesEveryDelayedCloseOfTheDevice_s6_8() {
    DelayedCloses d = new DelayedCloses();
    f.rdbss.scavengeAllFobxs();
    assertThat(d.a.isFreed()).isTrue();
    assertThat(d.b.isFreed()).isTrue();
    assertThat(d.elsewhere.isFreed()).isTrue();
    assertThat(d.stillOpen.isFreed()).isFalse();
    assertThat(f.mrx.count("deallocateForFcb")).as("their FCBs went too").isEqualTo(3);
  }

  /**
   * A FOBX that outlives its handle (an extra reference dropped without the FCB lock after the
   * close) is finalized by the scavenger, and with it the SRV_OPEN and the FCB, which nothing else
   * would finalize: §2.5 order 4 ends with deallocateForFcb, and the idle view then goes too.
   */
  @Test
  @SuppressWarnings("try") // the lock scope is held for its extent
  void aScavengedFobxTakesItsIdleFcbWithIt_s2_5_s6_8() {
    VNetRootImpl view = f.connect(logon(1), "\\srv", "\\share");
    FobxImpl fobx = f.open(view, "\\a.txt");
    FcbImpl fcb = fobx.rawSrvOpen().rawFcb();
    try (var held = fcb.resource.exclusiveScope()) {
      f.rdbss.reference(fobx);
    }
    f.closeHandle(fobx);
    assertThat(fcb.isFreed()).as("the extra FOBX reference keeps the SRV_OPEN and FCB").isFalse();
    f.rdbss.dereference(fobx, dev.rdbss.api.LockHoldingState.NOT_HELD);
    assertThat(fobx.isMarkedForScavenge()).isTrue();
    f.releaseUnlocked(view);
    f.mrx.clear();

    f.passScavengerPeriod();
    f.passScavengerPeriod();

    assertThat(fcb.isFreed()).isTrue();
    assertThat(f.mrx.entries()).contains("deallocateForFobx", "forceClosed", "deallocateForFcb");
    assertThat(new ObjectTree(f.device).leaks()).isEmpty();
  }
}
