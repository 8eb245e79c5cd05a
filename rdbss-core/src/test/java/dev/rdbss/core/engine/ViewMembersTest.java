package dev.rdbss.core.engine;

import static dev.rdbss.core.engine.EngineFixture.logon;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rdbss.api.FcbState;
import dev.rdbss.api.SrvOpenFlag;
import dev.rdbss.api.observe.TraceEvent;
import dev.rdbss.api.spi.LockScope;
import dev.rdbss.core.kernel.LockOwner;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The per-view index forced finalization walks ({@link ViewMembers}, spec §4.2): a view's forced
 * finalization visits the FCBs it created and those holding its SRV_OPENs, in creation order, and
 * leaves every other FCB of the share alone.
 */
class ViewMembersTest {

  private final EngineFixture f = new EngineFixture();

  @AfterEach
  void shutDown() {
    f.close();
  }

  /** {@code RxFinalizeVNetRoot(view, FALSE, TRUE)} under the exclusive netname lock (§2.4). */
  private void forceFinalize(VNetRootImpl view) {
    try (LockScope exclusive = f.rdbss.netNameTable().acquireExclusive()) {
      f.rdbss.finalizeVNetRoot(view, false, true);
    }
  }

  private List<Long> orphanedFcbSerials(long afterSequence) {
    return f.tracer.recent(100_000).stream()
        .filter(e -> e.sequence() > afterSequence && e.name().equals("orphanFcb"))
        .map(TraceEvent::object)
        .map(ref -> ref == null ? -1L : ref.serialNumber())
        .toList();
  }

  @Test
  void theIndexFollowsBirthAndFinalization_s4_2() {
    VNetRootImpl alice = f.connect(logon(1), "\\srv", "\\share");
    VNetRootImpl bob = f.connect(logon(2), "\\srv", "\\share");
    FobxImpl a = f.open(alice, "\\a.txt");
    FobxImpl b = f.open(alice, "\\b.txt");
    FobxImpl bobOnB = f.open(bob, "\\b.txt");

    assertThat(alice.members.fcbCount()).as("a.txt and b.txt were created through alice").isEqualTo(2);
    assertThat(alice.members.srvOpenCount()).isEqualTo(2);
    assertThat(bob.members.fcbCount()).as("bob found b.txt's FCB, he did not create it").isZero();
    assertThat(bob.members.srvOpenCount()).as("bob's own open of b.txt").isEqualTo(1);
    assertThat(alice.members.fcbsToVisit(alice))
        .containsExactly(a.rawSrvOpen().rawFcb(), b.rawSrvOpen().rawFcb());
    assertThat(bob.members.fcbsToVisit(bob)).containsExactly(bobOnB.rawSrvOpen().rawFcb());

    f.closeHandle(a);
    assertThat(alice.members.srvOpenCount()).as("a.txt's SRV_OPEN is finalized").isEqualTo(1);
    assertThat(alice.members.fcbCount()).as("and its FCB freed").isEqualTo(1);
    f.closeHandle(b);
    assertThat(alice.members.srvOpenCount()).isZero();
    assertThat(alice.members.fcbCount()).as("b.txt's FCB stays while bob has it open").isEqualTo(1);
    assertThat(alice.members.fcbsToVisit(alice)).containsExactly(bobOnB.rawSrvOpen().rawFcb());
    f.closeHandle(bobOnB);
    assertThat(bob.members.srvOpenCount()).isZero();
    assertThat(alice.members.fcbCount()).isZero();
    assertThat(alice.members.fcbsToVisit(alice)).isEmpty();
  }

  @Test
  void aViewsForcedFinalizationOrphansOnlyItsOwnOpens_s4_2() {
    VNetRootImpl alice = f.connect(logon(1), "\\srv", "\\share");
    VNetRootImpl bob = f.connect(logon(2), "\\srv", "\\share");
    FobxImpl a = f.open(alice, "\\a.txt");
    FobxImpl shared = f.open(alice, "\\shared.txt");
    FobxImpl bobShared = f.open(bob, "\\shared.txt");
    FobxImpl bobOwn = f.open(bob, "\\b.txt");
    long before = f.tracer.lastSequence();

    forceFinalize(alice);

    FcbImpl aFcb = a.rawSrvOpen().rawFcb();
    FcbImpl sharedFcb = shared.rawSrvOpen().rawFcb();
    FcbImpl bFcb = bobOwn.rawSrvOpen().rawFcb();
    assertThat(orphanedFcbSerials(before))
        .as("an orphanFcb event for each FCB holding alice's opens, none for bob's own file")
        .containsExactly(aFcb.serialNumber(), sharedFcb.serialNumber());
    assertThat(a.rawSrvOpen().hasFlag(SrvOpenFlag.ORPHANED)).isTrue();
    assertThat(shared.rawSrvOpen().hasFlag(SrvOpenFlag.ORPHANED)).isTrue();
    assertThat(aFcb.hasState(FcbState.ORPHANED)).as("no usable open left").isTrue();
    assertThat(sharedFcb.hasState(FcbState.ORPHANED)).as("bob's open still uses it").isFalse();
    assertThat(sharedFcb.isInTable()).isTrue();
    assertThat(bobShared.rawSrvOpen().hasFlag(SrvOpenFlag.ORPHANED)).isFalse();
    assertThat(bobOwn.rawSrvOpen().hasFlag(SrvOpenFlag.ORPHANED)).isFalse();
    assertThat(bFcb.hasState(FcbState.ORPHANED)).isFalse();
    assertThat(bFcb.isInTable()).isTrue();
    assertThat(f.bugChecks.all()).isEmpty();
    for (FobxImpl fobx : List.of(a, shared, bobShared, bobOwn)) {
      f.closeHandle(fobx);
    }
  }

  /**
   * Another request holds the FCB of a file only bob has open. Walking every FCB of the share, as
   * §4.2 literally reads, alice's forced finalization would wait for that request (here: forever,
   * and the test times out); the index leaves FCBs it has nothing to do with alone.
   */
  @Test
  @Timeout(value = 10, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void aViewsForcedFinalizationDoesNotTakeTheResourceOfAnotherViewsFcb_s4_2() {
    VNetRootImpl alice = f.connect(logon(1), "\\srv", "\\share");
    VNetRootImpl bob = f.connect(logon(2), "\\srv", "\\share");
    FobxImpl a = f.open(alice, "\\a.txt");
    FobxImpl b = f.open(bob, "\\b.txt");
    FcbImpl bFcb = b.rawSrvOpen().rawFcb();
    LockOwner otherRequest = LockOwner.forContext(4711, "bob's read in flight");
    bFcb.resource.acquireExclusive(otherRequest);
    try {
      forceFinalize(alice);

      assertThat(a.rawSrvOpen().hasFlag(SrvOpenFlag.ORPHANED)).isTrue();
      assertThat(bFcb.resource.isHeldBy(otherRequest)).isTrue();
      assertThat(b.rawSrvOpen().hasFlag(SrvOpenFlag.ORPHANED)).isFalse();
    } finally {
      bFcb.resource.release(otherRequest);
    }
    f.closeHandle(a);
    f.closeHandle(b);
    assertThat(f.bugChecks.all()).isEmpty();
  }

  /**
   * The index holds a view's SRV_OPENs in the order they were opened, but the FCBs are visited in
   * the order they were created, as the walk over the NET_ROOT's FCBs met them: the flushes, the
   * callbacks and the trace come in the same order as without the index.
   */
  @Test
  void fcbsAreVisitedInCreationOrderWhateverTheOrderOfTheOpens_s4_2() {
    VNetRootImpl alice = f.connect(logon(1), "\\srv", "\\share");
    VNetRootImpl bob = f.connect(logon(2), "\\srv", "\\share");
    List<FobxImpl> bobs = List.of(
        f.open(bob, "\\x.txt"), f.open(bob, "\\y.txt"), f.open(bob, "\\z.txt"));
    // Alice opens them backwards, and closes the middle one: her SRV_OPENs are z, x (reordered).
    FobxImpl z = f.open(alice, "\\z.txt");
    FobxImpl y = f.open(alice, "\\y.txt");
    FobxImpl x = f.open(alice, "\\x.txt");
    f.closeHandle(y);
    long before = f.tracer.lastSequence();

    forceFinalize(alice);

    assertThat(orphanedFcbSerials(before))
        .containsExactly(
            x.rawSrvOpen().rawFcb().serialNumber(), z.rawSrvOpen().rawFcb().serialNumber());
    f.closeHandle(x);
    f.closeHandle(z);
    bobs.forEach(f::closeHandle);
  }

  /**
   * An FCB alice created with nothing open on it, held only by the FCB table's reference (§2.1),
   * holds alice by its creation reference: her forced finalization still finds it through the
   * index and finalizes it (§4.1 step 4), and the index forgets it when it is freed.
   */
  @Test
  void anIdleFcbCreatedThroughTheViewIsFinalized_s4_2() {
    VNetRootImpl alice = f.connect(logon(1), "\\srv", "\\share");
    FcbImpl idle;
    try (LockScope table = alice.rawNetRoot().fcbTable.lock.exclusiveScope()) {
      idle = (FcbImpl) f.rdbss.createNetFcb(f.userContext(logon(1)), alice, "\\idle.txt");
      f.engine.references.dereferenceFcb(idle); // the creator's reference
    }
    assertThat(alice.members.fcbsToVisit(alice)).containsExactly(idle);
    f.mrx.clear();

    forceFinalize(alice);

    assertThat(idle.isFreed()).isTrue();
    assertThat(f.mrx.entries()).contains("deallocateForFcb");
    assertThat(alice.members.fcbCount()).isZero();
    assertThat(f.bugChecks.all()).isEmpty();
  }
}
