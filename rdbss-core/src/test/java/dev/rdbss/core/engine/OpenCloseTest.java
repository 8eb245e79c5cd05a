package dev.rdbss.core.engine;

import static dev.rdbss.core.engine.EngineFixture.logon;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rdbss.api.Condition;
import dev.rdbss.api.NtStatus;
import dev.rdbss.api.spi.LockScope;
import dev.rdbss.core.kernel.RxResource;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The object work of opening and closing files (spec §6.4 steps 3–6, §6.7, §2.4): failed creates,
 * a second open of the same name, and the FCB-table lock idiom of
 * {@code RxDereferenceAndFinalizeNetFcb} (§2.3, §3.3).
 */
class OpenCloseTest {

  private static final Duration BOUND = Duration.ofSeconds(10);

  private final EngineFixture f = new EngineFixture();

  @AfterEach
  void shutDown() {
    f.close();
  }

  @Test
  void aFailedCreateAnswersItsStatusAndLeavesNoFcbOrSrvOpenBehind_s6_4_step5_s2_4() {
    VNetRootImpl view = f.connect(logon(1), "\\srv", "\\share");
    int viewCount = f.count(view);
    f.mrx.createStatus = NtStatus.OBJECT_NAME_NOT_FOUND;

    FileObjects.Result r = f.files.open(f.userContext(logon(1)), view, "\\missing.txt");

    assertThat(r.status()).isEqualTo(NtStatus.OBJECT_NAME_NOT_FOUND);
    assertThat(r.fobx()).isNull();
    assertThat(f.mrx.entries())
        .as("a failed open is force-closed (§2.4), then its FCB deallocated")
        .containsExactly("create", "forceClosed", "deallocateForFcb");
    assertThat(f.count(view)).isEqualTo(viewCount);
    assertThat(view.rawNetRoot().numberOfFcbs()).isZero();
    assertThat(view.rawNetRoot().numberOfSrvOpens()).isZero();
    assertThat(f.device.liveObjects()).hasSize(3); // the SRV_CALL, NET_ROOT and view
  }

  @Test
  void aFailedCreateOnAnFcbThatIsAlreadyOpenKeepsTheFcbGood_s6_4_step5() {
    VNetRootImpl view = f.connect(logon(1), "\\srv", "\\share");
    FobxImpl first = f.open(view, "\\a.txt");
    FcbImpl fcb = first.rawSrvOpen().rawFcb();
    f.mrx.createStatus = NtStatus.SHARING_VIOLATION;

    FileObjects.Result r = f.files.open(f.userContext(logon(1)), view, "\\a.txt");

    assertThat(r.status()).isEqualTo(NtStatus.SHARING_VIOLATION);
    assertThat(fcb.isFreed()).isFalse();
    assertThat(fcb.condition()).isEqualTo(Condition.GOOD);
    assertThat(fcb.srvOpens()).containsExactly(first.rawSrvOpen());
    assertThat(fcb.openCount()).isEqualTo(1);
    f.closeHandle(first);
    assertThat(fcb.isFreed()).isTrue();
  }

  @Test
  void aSecondOpenOfTheSameNameFindsTheFcbInTheTable_s6_4_step3() {
    VNetRootImpl view = f.connect(logon(1), "\\srv", "\\share");
    FobxImpl first = f.open(view, "\\a.txt");
    FobxImpl second = f.open(view, "\\A.TXT");
    FcbImpl fcb = first.rawSrvOpen().rawFcb();

    assertThat(second.rawSrvOpen().rawFcb()).isSameAs(fcb);
    assertThat(fcb.openCount()).isEqualTo(2);
    assertThat(fcb.uncleanCount()).isEqualTo(2);
    assertThat(fcb.srvOpens()).hasSize(2);
    assertThat(second.rawSrvOpen().openCount()).isEqualTo(1);
    assertThat(second.rawSrvOpen().uncleanFobxCount()).isEqualTo(1);
    assertThat(view.rawNetRoot().numberOfFcbs()).isEqualTo(1);

    f.closeHandle(first);
    assertThat(fcb.isFreed()).as("the other handle keeps it").isFalse();
    assertThat(fcb.uncleanCount()).isEqualTo(1);
    f.closeHandle(second);
    assertThat(fcb.isFreed()).isTrue();
    assertThat(f.mrx.count("deallocateForFcb")).isEqualTo(1);
  }

  private static void awaitUntil(BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + BOUND.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting until " + what);
      }
      Thread.onSpinWait();
    }
  }

  @Test
  void closingWhileTheFcbTableIsBusyLetsGoOfTheFcbWhileItWaits_s2_3_s3_3() throws Exception {
    VNetRootImpl view = f.connect(logon(1), "\\srv", "\\share");
    FobxImpl fobx = f.open(view, "\\a.txt");
    FcbImpl fcb = fobx.rawSrvOpen().rawFcb();
    RxResource table = view.rawNetRoot().fcbTable.lock;
    f.files.cleanup(fobx);

    CompletableFuture<Void> closer;
    try (LockScope lookupInProgress = table.sharedScope()) {
      closer = CompletableFuture.runAsync(() -> f.files.close(fobx));
      awaitUntil(() -> table.exclusiveWaiterCount() == 1, "the close waits for the FCB table");
      // Waiting for the table while holding the FCB would invert the lock order (table before
      // FCB): the closer must have released the FCB, so this thread can take it now.
      Optional<LockScope> fcbLock = fcb.resource.tryExclusiveScope();
      assertThat(fcbLock).as("the FCB is free while its closer waits").isPresent();
      fcbLock.orElseThrow().close();
      assertThat(fcb.isFreed()).isFalse();
    }
    closer.get(BOUND.toMillis(), TimeUnit.MILLISECONDS);
    assertThat(fcb.isFreed()).isTrue();
    assertThat(f.bugChecks.hasCrashed()).isFalse();
  }
}
