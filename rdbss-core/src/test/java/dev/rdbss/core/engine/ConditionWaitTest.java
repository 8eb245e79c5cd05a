package dev.rdbss.core.engine;

import static dev.rdbss.core.engine.BugCheckAssertions.assertBugCheck;
import static dev.rdbss.core.engine.EngineFixture.logon;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rdbss.api.BugCheckCode;
import dev.rdbss.api.Condition;
import dev.rdbss.api.ConnectionId;
import dev.rdbss.api.spi.LockScope;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Waiting on an object's condition (spec §1.3, {@code RxWaitForStableCondition} and
 * {@code RxUpdateCondition}): a synchronous waiter blocks until the condition is stable (Good, Bad
 * or Closed); an asynchronous one is queued, answers PENDING (a {@code null} condition) and is
 * resumed on the RDBSS worker once the condition is set. No sleeps: the tests wait, bounded, for
 * the waiting thread to be parked inside {@code awaitStable} before they change the condition.
 */
class ConditionWaitTest {

  private static final Duration BOUND = Duration.ofSeconds(10);

  private final EngineFixture f = new EngineFixture();

  @AfterEach
  void shutDown() {
    f.close();
  }

  /** A SRV_CALL being built: InTransition until the winner step sets it (§1.3 lifecycle). */
  private SrvCallImpl srvCallUnderConstruction() {
    try (LockScope exclusive = f.rdbss.netNameTable().acquireExclusive()) {
      return (SrvCallImpl)
          f.rdbss.createSrvCall(f.userContext(logon(1)), "\\srv", null, ConnectionId.NONE);
    }
  }

  /** Starts a thread that waits synchronously and records what it got. */
  private static Thread syncWaiter(BlockCondition condition, AtomicReference<Condition> got) {
    Thread t =
        new Thread(
            () -> {
              try {
                got.set(condition.awaitStable());
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "sync waiter");
    t.setDaemon(true);
    t.start();
    return t;
  }

  /** Bounded wait until {@code t} is parked in {@code BlockCondition.awaitStable}. */
  private static void awaitParkedInAwaitStable(Thread t) {
    long deadline = System.nanoTime() + BOUND.toNanos();
    while (!(t.getState() == Thread.State.WAITING && inAwaitStable(t))) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(t.getName() + " did not block in awaitStable: " + t.getState()
            + " " + Arrays.toString(t.getStackTrace()));
      }
      Thread.onSpinWait();
    }
  }

  private static boolean inAwaitStable(Thread t) {
    for (StackTraceElement e : t.getStackTrace()) {
      if (e.getClassName().equals(BlockCondition.class.getName())
          && e.getMethodName().equals("awaitStable")) {
        return true;
      }
    }
    return false;
  }

  private static void join(Thread t) throws InterruptedException {
    t.join(BOUND.toMillis());
    assertThat(t.isAlive()).as("%s still waits", t.getName()).isFalse();
  }

  @Test
  void aSynchronousWaiterBlocksUntilTheConditionBecomesGood_s1_3() throws Exception {
    SrvCallImpl srvCall = srvCallUnderConstruction();
    AtomicReference<Condition> got = new AtomicReference<>();
    Thread waiter = syncWaiter(srvCall.condition, got);

    awaitParkedInAwaitStable(waiter);
    assertThat(got.get()).as("InTransition is not stable").isNull();

    srvCall.condition.transition(Condition.GOOD);
    join(waiter);
    assertThat(got.get()).isEqualTo(Condition.GOOD);
  }

  @Test
  void everySynchronousWaiterIsReleasedByBadToo_s1_3() throws Exception {
    SrvCallImpl srvCall = srvCallUnderConstruction();
    List<AtomicReference<Condition>> results = new ArrayList<>();
    List<Thread> waiters = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      AtomicReference<Condition> got = new AtomicReference<>();
      results.add(got);
      waiters.add(syncWaiter(srvCall.condition, got));
    }
    for (Thread w : waiters) {
      awaitParkedInAwaitStable(w);
    }

    srvCall.condition.transition(Condition.BAD);
    for (Thread w : waiters) {
      join(w);
    }
    assertThat(results).allSatisfy(r -> assertThat(r.get()).isEqualTo(Condition.BAD));
  }

  @Test
  void anAsynchronousWaiterAnswersPendingAndIsResumedOnceOnTheRdbssWorker_s1_3() {
    SrvCallImpl srvCall = srvCallUnderConstruction();
    List<Boolean> resumedOnWorker = new CopyOnWriteArrayList<>();
    Runnable resume = () -> resumedOnWorker.add(f.rdbss.isRdbssThread());

    assertThat(srvCall.condition.awaitStable(resume)).as("PENDING").isNull();
    f.worker.awaitIdle();
    assertThat(resumedOnWorker).as("not before the condition is stable").isEmpty();

    srvCall.condition.transition(Condition.GOOD);
    f.worker.awaitIdle();
    assertThat(resumedOnWorker).containsExactly(true);

    // The wait list was detached by the update: a later update resumes nobody again.
    srvCall.condition.transition(Condition.CLOSED);
    f.worker.awaitIdle();
    assertThat(resumedOnWorker).hasSize(1);
  }

  @Test
  void onAStableConditionNeitherKindOfWaiterWaits_s1_3() throws Exception {
    VNetRootImpl view = f.connect(logon(1), "\\srv", "\\share");
    BlockCondition good = view.rawNetRoot().condition;
    assertThat(good.awaitStable()).isEqualTo(Condition.GOOD);
    List<String> resumed = new CopyOnWriteArrayList<>();
    assertThat(good.awaitStable(() -> resumed.add("resumed"))).isEqualTo(Condition.GOOD);
    f.worker.awaitIdle();
    assertThat(resumed).as("answered at once, never queued").isEmpty();
  }

  @Test
  void anUninitializedConditionIsNotStableEither_s1_3() throws Exception {
    try (LockScope exclusive = f.rdbss.netNameTable().acquireExclusive()) {
      SrvCallImpl s = srvCallUnderConstruction();
      NetRootImpl n =
          (NetRootImpl)
              f.rdbss.createNetRoot(s, "\\srv\\share", Set.of(), ConnectionId.NONE);
      assertThat(n.condition()).isEqualTo(Condition.UNINITIALIZED);
      assertThat(n.condition.awaitStable(() -> { })).isNull();
      n.condition.transition(Condition.GOOD);
      assertThat(n.condition.toString()).isEqualTo("GOOD");
    }
    f.worker.awaitIdle();
  }

  @Test
  void updatingAConditionToInTransitionIsABugCheck_s1_3() {
    SrvCallImpl srvCall = srvCallUnderConstruction();
    assertBugCheck(
        () -> srvCall.condition.transition(Condition.IN_TRANSITION),
        BugCheckCode.RDBSS_FILE_SYSTEM,
        "§1.3",
        "never updated to InTransition", "enterTransition");
  }
}
