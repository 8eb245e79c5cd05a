package dev.rdbss.core.engine;

import static dev.rdbss.core.engine.EngineFixture.logon;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.rdbss.api.Irql;
import dev.rdbss.api.LockHoldingState;
import dev.rdbss.api.NtStatus;
import dev.rdbss.api.spi.IrqlScope;
import dev.rdbss.api.spi.WorkQueue;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The kernel routines of the {@link dev.rdbss.api.spi.Rdbss} service (ARCHITECTURE.md §3.3, spec
 * §10): IRQL scopes and {@code RxPostToWorkerThread} onto the RDBSS system thread.
 */
class WorkerAndIrqlTest {

  private final EngineFixture f = new EngineFixture();

  @AfterEach
  void shutDown() {
    f.close();
  }

  @Test
  void anIrqlScopeRaisesTheCallingThreadOnlyAndClosingRestoresIt_s3_3() {
    assertThat(f.rdbss.currentIrql()).isEqualTo(Irql.PASSIVE_LEVEL);
    try (IrqlScope apc = f.rdbss.raiseIrql(Irql.APC_LEVEL)) {
      assertThat(apc.previous()).isEqualTo(Irql.PASSIVE_LEVEL);
      try (IrqlScope dispatch = f.rdbss.raiseIrql(Irql.DISPATCH_LEVEL)) {
        assertThat(f.rdbss.currentIrql()).isEqualTo(Irql.DISPATCH_LEVEL);
        List<Irql> onWorker = new CopyOnWriteArrayList<>();
        f.rdbss.postToWorker(WorkQueue.CRITICAL, () -> onWorker.add(f.rdbss.currentIrql()));
        f.worker.awaitIdle();
        assertThat(onWorker).as("the IRQL is per thread").containsExactly(Irql.PASSIVE_LEVEL);
      }
      assertThat(f.rdbss.currentIrql()).isEqualTo(Irql.APC_LEVEL);
    }
    assertThat(f.rdbss.currentIrql()).isEqualTo(Irql.PASSIVE_LEVEL);
  }

  @Test
  void postedWorkRunsOnTheRdbssThreadInEveryQueue_s10() {
    List<String> ran = new CopyOnWriteArrayList<>();
    assertThat(f.rdbss.isRdbssThread()).isFalse();
    for (WorkQueue q : WorkQueue.values()) {
      assertThat(f.rdbss.postToWorker(q, () -> ran.add(q + ":" + f.rdbss.isRdbssThread())))
          .isEqualTo(NtStatus.SUCCESS);
    }
    f.worker.awaitIdle();
    assertThat(ran).hasSize(WorkQueue.values().length).allMatch(s -> s.endsWith(":true"));
  }

  @Test
  void postingIsAllowedAtDispatchLevel_s10() {
    List<String> ran = new CopyOnWriteArrayList<>();
    try (IrqlScope dispatch = f.rdbss.raiseIrql(Irql.DISPATCH_LEVEL)) {
      assertThat(f.rdbss.postToWorker(WorkQueue.HYPER_CRITICAL, () -> ran.add("ran")))
          .isEqualTo(NtStatus.SUCCESS);
    }
    f.worker.awaitIdle();
    assertThat(ran).containsExactly("ran");
    assertThat(f.bugChecks.hasCrashed()).isFalse();
  }

  @Test
  void afterABugCheckNothingIsPostedAnyMore_s3_3() {
    VNetRootImpl view = f.connect(logon(1), "\\srv", "\\share");
    assertThat(catchThrowable(() -> f.rdbss.dereference(view, LockHoldingState.EXCLUSIVE)))
        .as("a crash: the claimed lock is not held")
        .isNotNull();
    List<String> ran = new CopyOnWriteArrayList<>();
    assertThat(f.rdbss.postToWorker(WorkQueue.DELAYED, () -> ran.add("ran")))
        .isEqualTo(NtStatus.UNSUCCESSFUL);
    f.worker.awaitIdle();
    assertThat(ran).isEmpty();
  }

  @Test
  void afterShutdownPostingAnswersUnsuccessful_s10() {
    f.worker.shutdown();
    assertThat(f.rdbss.postToWorker(WorkQueue.DELAYED, () -> { }))
        .isEqualTo(NtStatus.UNSUCCESSFUL);
  }
}
