package dev.rdbss.core.engine;

import static dev.rdbss.core.engine.EngineFixture.logon;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rdbss.api.BugCheckError;
import dev.rdbss.api.FcbState;
import dev.rdbss.api.NtStatus;
import dev.rdbss.api.SrvOpenFlag;
import dev.rdbss.api.observe.TraceEvent;
import dev.rdbss.api.spi.LockScope;
import dev.rdbss.core.kernel.LockOwner;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code changeBufferingState} and the indications at the engine level (spec §7.2, §7.3). */
class BufferingEngineTest {

  private final EngineFixture f = new EngineFixture();

  @AfterEach
  void shutDown() {
    f.close();
  }

  @Test
  void changeBufferingStateWithoutTheFcbLockIsABugcheck_s7_2() {
    VNetRootImpl view = f.connect(logon(1), "\\srv", "\\share");
    FobxImpl fobx = f.open(view, "\\a.txt");

    assertThatThrownBy(() -> f.rdbss.changeBufferingState(fobx.rawSrvOpen(), null, false))
        .isInstanceOf(BugCheckError.class)
        .hasMessageContaining("§7.2");
  }

  @Test
  void anIndicationForAnOpenWhoseFcbTheCallerHoldsIsProcessedAtOnce_s7_3() {
    VNetRootImpl view = f.connect(logon(1), "\\srv", "\\share");
    FobxImpl fobx = f.open(view, "\\a.txt");
    SrvOpenImpl srvOpen = fobx.rawSrvOpen();
    FcbImpl fcb = srvOpen.rawFcb();
    try (LockScope held = fcb.resource.exclusiveScope()) {
      srvOpen.setBufferingFlags(Set.of(FcbState.READCACHING, FcbState.FILETIMECACHEING));
      assertThat(f.rdbss.changeBufferingState(srvOpen, null, false)).isEqualTo(NtStatus.SUCCESS);
      assertThat(fcb.state()).contains(FcbState.READCACHING);
      long mark = f.tracer.lastSequence();

      f.rdbss.indicateChangeOfBufferingStateForSrvOpen(
          fcb.netRoot().srvCall(), srvOpen, "key:" + srvOpen.serialNumber(), null);

      // The recording redirector does not implement computeNewBufferingState: no buffering at all.
      assertThat(fcb.state()).doesNotContain(FcbState.READCACHING, FcbState.FILETIMECACHEING,
          FcbState.BUFFERING_STATE_CHANGE_PENDING);
      assertThat(f.tracer.recent(1000))
          .filteredOn(e -> e.sequence() > mark && e.kind() == TraceEvent.Kind.CALLBACK)
          .extracting(TraceEvent::name)
          .containsExactly("computeNewBufferingState", "completeBufferingStateChangeRequest");
    }
    f.closeHandle(fobx);
  }

  @Test
  void anIndicationTheWorkerCannotTakeTheFcbForWaitsOnTheLastChanceList_s7_3() {
    VNetRootImpl view = f.connect(logon(1), "\\srv", "\\share");
    FobxImpl fobx = f.open(view, "\\a.txt");
    SrvOpenImpl srvOpen = fobx.rawSrvOpen();
    FcbImpl fcb = srvOpen.rawFcb();
    BufferingManager manager = fcb.rawNetRoot().rawSrvCall().buffering;
    LockOwner pendingIo = LockOwner.of(0x7777_0003L, "a low I/O request in flight");
    fcb.resource.acquireShared(pendingIo);

    f.rdbss.indicateChangeOfBufferingState(
        fcb.netRoot().srvCall(), "key:" + srvOpen.serialNumber(), null);
    f.worker.awaitIdle();

    assertThat(manager.sizes()).containsExactly(0, 0, 1);
    assertThat(fcb.state()).contains(FcbState.BUFFERING_STATE_CHANGE_PENDING);

    fcb.resource.release(pendingIo);
    f.clock.advance(Duration.ofMillis(55)); // one timer tick (§6.8 granularity)
    f.worker.awaitIdle();

    assertThat(manager.sizes()).containsExactly(0, 0, 0);
    assertThat(fcb.state()).doesNotContain(FcbState.BUFFERING_STATE_CHANGE_PENDING);
    assertThat(srvOpen.flags()).doesNotContain(SrvOpenFlag.BUFFERING_STATE_CHANGE_PENDING);
    f.closeHandle(fobx);
  }
}
