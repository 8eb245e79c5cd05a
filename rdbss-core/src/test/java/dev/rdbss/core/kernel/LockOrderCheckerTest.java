package dev.rdbss.core.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rdbss.api.BugCheckCode;
import dev.rdbss.api.BugCheckError;
import org.junit.jupiter.api.Test;

/**
 * The lock order of ARCHITECTURE.md §3.3 and spec §3.3: global resource, netname table, FCB table,
 * FCB (lower serial first), paging resource; the scavenger and condition mutexes are leaves.
 */
class LockOrderCheckerTest {

  private final KernelFixture kernel = new KernelFixture();
  private final RxResource global = kernel.resource("global resource", LockRank.GLOBAL_RESOURCE, 0);
  private final RxResource netname = kernel.netnameTable();
  private final RxResource fcbTable =
      kernel.resource("FCB table \\srv\\share", LockRank.FCB_TABLE, 0);
  private final RxResource fcbA = kernel.fcb("\\srv\\share\\a.txt", 1);
  private final RxResource fcbB = kernel.fcb("\\srv\\share\\b.txt", 2);
  private final RxResource paging = kernel.resource("paging a.txt", LockRank.PAGING_RESOURCE, 1);
  private final RxResource scavenger =
      kernel.resource("scavenger mutex", LockRank.SCAVENGER_MUTEX, 0);
  private final RxResource condition =
      kernel.resource("condition mutex", LockRank.CONDITION_MUTEX, 0);
  private final LockOwner me = LockOwner.currentThread();

  @Test
  void acquiringInTheDocumentedOrderIsAllowed_s3_3() {
    global.acquireShared();
    netname.acquireExclusive();
    fcbTable.acquireExclusive();
    fcbA.acquireExclusive();
    fcbB.acquireExclusive();
    paging.acquireShared();
    scavenger.acquireExclusive();

    assertThat(kernel.checker.heldBy(me))
        .containsExactly(global, netname, fcbTable, fcbA, fcbB, paging, scavenger);
    assertThat(kernel.bugChecks.hasCrashed()).isFalse();
  }

  @Test
  void blockingAcquireOfLowerRankWhileHoldingHigherIsABugCheck_s3_3() {
    fcbA.acquireExclusive();

    assertThatThrownBy(netname::acquireShared)
        .isInstanceOfSatisfying(
            BugCheckError.class,
            e -> {
              assertThat(e.code()).isEqualTo(BugCheckCode.DRIVER_VERIFIER_DETECTED_VIOLATION);
              assertThat(e.specSection()).isEqualTo("§3.3");
              assertThat(e.parameter(1)).isEqualTo(LockRank.NETNAME_TABLE.level());
              assertThat(e.parameter(2)).isEqualTo(LockRank.FCB.level());
              assertThat(e.explanation())
                  .startsWith(
                      "lock order: acquiring netname table while holding FCB \\srv\\share\\a.txt"
                          + " (order: global resource -> netname table -> FCB table -> FCB ->"
                          + " paging resource");
            });
    assertThat(netname.isHeld()).isFalse();
    assertThat(kernel.bugChecks.first()).isPresent();
  }

  @Test
  void exclusiveAcquireIsCheckedToo_s3_3() {
    paging.acquireShared();

    assertThatThrownBy(fcbA::acquireExclusive)
        .isInstanceOf(BugCheckError.class)
        .hasMessageContaining("acquiring FCB \\srv\\share\\a.txt while holding paging resource"
            + " paging a.txt");
  }

  @Test
  void twoFcbsAreTakenLowerOrderKeyFirst_s3_3() {
    fcbB.acquireExclusive();

    assertThatThrownBy(fcbA::acquireExclusive)
        .isInstanceOfSatisfying(
            BugCheckError.class,
            e -> {
              assertThat(e.code()).isEqualTo(BugCheckCode.DRIVER_VERIFIER_DETECTED_VIOLATION);
              assertThat(e.parameter(3)).isEqualTo(1);
              assertThat(e.parameter(4)).isEqualTo(2);
            })
        .hasMessageContaining(
            "acquiring FCB \\srv\\share\\a.txt while holding FCB \\srv\\share\\b.txt")
        .hasMessageContaining("lower order key first");
  }

  @Test
  void twoLocksOfTheSameRankAndKeyCannotBeOrdered_s3_3() {
    RxResource twin = kernel.fcb("\\srv\\share\\twin.txt", 1);
    fcbA.acquireExclusive();

    assertThatThrownBy(twin::acquireShared).isInstanceOf(BugCheckError.class);
  }

  @Test
  void nothingIsAcquiredWhileHoldingALeaf_s3_3() {
    scavenger.acquireExclusive();

    assertThatThrownBy(condition::acquireExclusive)
        .isInstanceOf(BugCheckError.class)
        .hasMessageContaining("acquiring condition mutex while holding scavenger mutex")
        .hasMessageContaining("is a leaf");
  }

  @Test
  void aLeafHeldForbidsEvenAHigherRankedLeafAndEveryLowerLock_s3_3() {
    condition.acquireExclusive();

    assertThatThrownBy(paging::acquireShared)
        .isInstanceOf(BugCheckError.class)
        .hasMessageContaining("while holding condition mutex");
    assertThatThrownBy(scavenger::acquireExclusive)
        .isInstanceOf(BugCheckError.class)
        .hasMessageContaining("while holding condition mutex");
    assertThat(kernel.bugChecks.all()).hasSize(2);
  }

  @Test
  void recursionIsAllowedWhateverIsHeldSince_s3_3() {
    netname.acquireShared();
    fcbA.acquireExclusive();
    scavenger.acquireExclusive();

    scavenger.acquireExclusive(); // a leaf may be re-entered
    fcbA.acquireShared(); // the exclusive owner, recursively
    netname.acquireShared(); // already shared: never waits, so no order problem

    assertThat(kernel.bugChecks.hasCrashed()).isFalse();
    assertThat(netname.holdCount(me)).isEqualTo(2);
  }

  @Test
  void theOrderIsPerOwner_s3_3() {
    LockOwner request = LockOwner.forContext(1, "request 1");
    fcbA.acquireExclusive(request);

    netname.acquireExclusive(); // the thread's own owner holds nothing

    assertThat(kernel.bugChecks.hasCrashed()).isFalse();
    assertThat(kernel.checker.heldBy(request)).containsExactly(fcbA);
    assertThat(kernel.checker.heldBy(me)).containsExactly(netname);
  }

  @Test
  void locksTakenByTryAreTrackedAndLaterBlockingAcquiresCheckedAgainstThem_s3_3() {
    fcbA.acquireExclusive();
    assertThat(fcbTable.tryAcquireExclusive()).isTrue(); // the §3.3 escape, allowed
    fcbA.release();

    assertThatThrownBy(netname::acquireExclusive)
        .isInstanceOf(BugCheckError.class)
        .hasMessageContaining("while holding FCB table \\srv\\share");
  }

  @Test
  void heldByAndHoldsAnyFollowAcquisitionsAndReleases_s3_3() {
    assertThat(kernel.checker.holdsAny(me)).isFalse();
    assertThat(kernel.checker.heldBy(me)).isEmpty();

    netname.acquireShared();
    netname.acquireShared();
    fcbA.acquireExclusive();
    assertThat(kernel.checker.heldBy(me)).containsExactly(netname, fcbA);

    netname.release();
    assertThat(kernel.checker.heldBy(me)).containsExactly(netname, fcbA);
    netname.release();
    assertThat(kernel.checker.heldBy(me)).containsExactly(fcbA);
    fcbA.release();
    assertThat(kernel.checker.holdsAny(me)).isFalse();

    // With nothing held, the lower lock is fine again.
    netname.acquireExclusive();
    netname.release();
    assertThat(kernel.bugChecks.hasCrashed()).isFalse();
  }
}
