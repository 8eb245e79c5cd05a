package dev.rdbss.core.engine;

import static dev.rdbss.core.engine.EngineFixture.logon;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rdbss.api.BugCheckError;
import dev.rdbss.api.FcbState;
import dev.rdbss.api.LockHoldingState;
import dev.rdbss.api.NtStatus;
import dev.rdbss.api.SrvOpenFlag;
import dev.rdbss.api.object.NetRoot;
import dev.rdbss.api.spi.LockScope;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code RxForceFinalizeAllVNetRoots} on the engine (spec §4.1, §4.2, §9 pitfall 21 (a), (b), (c)):
 * the client-side-caching pattern of closing every file of a share.
 */
class ForceFinalizeAllVNetRootsTest {

  private final EngineFixture f = new EngineFixture();

  @AfterEach
  void shutDown() {
    f.close();
  }

  /** The CSC pattern: look the share up under the exclusive lock, force, dereference. */
  private void forceAll(String netRootName) {
    try (LockScope exclusive = f.rdbss.netNameTable().acquireExclusive()) {
      NetRoot netRoot = f.rdbss.netNameTable().lookupNetRoot(netRootName).orElseThrow();
      f.rdbss.forceFinalizeAllVNetRoots(netRoot);
      f.rdbss.dereference(netRoot, LockHoldingState.EXCLUSIVE);
    }
  }

  @Test
  void withoutTheExclusiveLockItIsABugCheckCitingTheSection_pitfall21a() {
    VNetRootImpl view = f.connect(logon(1), "\\srv", "\\share");
    assertThatThrownBy(() -> f.rdbss.forceFinalizeAllVNetRoots(view.rawNetRoot()))
        .isInstanceOfSatisfying(
            BugCheckError.class,
            e -> {
              assertThat(e.specSection()).isEqualTo("§4.1");
              assertThat(e.getMessage()).contains("exclusively", "acquireExclusive");
            });
  }

  @Test
  void theSharedLockIsNotEnough_pitfall21a() {
    VNetRootImpl view = f.connect(logon(1), "\\srv", "\\share");
    try (LockScope shared = f.rdbss.netNameTable().acquireShared()) {
      assertThatThrownBy(() -> f.rdbss.forceFinalizeAllVNetRoots(view.rawNetRoot()))
          .isInstanceOf(BugCheckError.class)
          .hasMessageContaining("§4.1");
    }
    assertThat(view.isUpperFinalizationDone()).as("nothing was done").isFalse();
  }

  @Test
  void twoLogonsWithOpenFilesAreAllOrphanedAndTheNamesAreGone_pitfall21b() {
    VNetRootImpl alice = f.connect(logon(1), "\\srv", "\\share");
    VNetRootImpl bob = f.connect(logon(2), "\\srv", "\\share");
    NetRootImpl netRoot = alice.rawNetRoot();
    assertThat(bob.rawNetRoot()).isSameAs(netRoot);
    FobxImpl a1 = f.open(alice, "\\a.txt");
    FobxImpl a2 = f.open(alice, "\\shared.txt");
    FobxImpl b1 = f.open(bob, "\\shared.txt");
    f.mrx.clear();

    forceAll("\\srv\\share");

    for (FobxImpl fobx : List.of(a1, a2, b1)) {
      assertThat(fobx.rawSrvOpen().hasFlag(SrvOpenFlag.ORPHANED)).isTrue();
      assertThat(fobx.rawSrvOpen().rawFcb().hasState(FcbState.ORPHANED)).isTrue();
      assertThat(fobx.rawSrvOpen().rawFcb().isInTable()).as("the name resolves anew").isFalse();
    }
    try (LockScope shared = f.rdbss.netNameTable().acquireShared()) {
      assertThat(f.rdbss.netNameTable().lookupNetRoot("\\srv\\share")).isEmpty();
      assertThat(f.rdbss.netNameTable().lookupVNetRoot(alice.rawName())).isEmpty();
      assertThat(f.rdbss.netNameTable().lookupVNetRoot(bob.rawName())).isEmpty();
    }
    assertThat(f.mrx.count("finalizeNetRoot")).as("once, when the last view left").isEqualTo(1);
    assertThat(f.mrx.count("closeSrvOpen")).as("never for orphaned opens (§4.2)").isZero();
    assertThat(alice.isFreed()).as("zombie while its handles are open").isFalse();
  }

  @Test
  void orphanedHandlesStillCleanUpAndCloseAndEverythingIsFreed_pitfall21b() {
    VNetRootImpl alice = f.connect(logon(1), "\\srv", "\\share");
    VNetRootImpl bob = f.connect(logon(2), "\\srv", "\\share");
    FobxImpl a = f.open(alice, "\\a.txt");
    FobxImpl b = f.open(bob, "\\b.txt");
    f.releaseUnlocked(alice);
    f.releaseUnlocked(bob);
    forceAll("\\srv\\share");
    f.mrx.clear();

    f.closeHandle(a);
    f.closeHandle(b);
    f.passScavengerPeriod();

    assertThat(f.mrx.entries())
        .as("cleanup and close still arrive; no close and no forceClosed on an orphaned FCB")
        .doesNotContain("closeSrvOpen", "forceClosed")
        .contains("cleanupFobx", "deallocateForFobx", "deallocateForFcb", "finalizeVNetRoot",
            "finalizeSrvCall");
    assertThat(f.mrx.count("finalizeVNetRoot")).isEqualTo(2);
    assertThat(f.device.liveObjects()).isEmpty();
  }

  @Test
  void sameShareNameAfterwardsBuildsANewNetRootWithANullContext_pitfall21b() {
    VNetRootImpl old = f.connect(logon(1), "\\srv", "\\share");
    NetRootImpl oldNetRoot = old.rawNetRoot();
    oldNetRoot.setContext("old share state");
    FobxImpl open = f.open(old, "\\a.txt");
    forceAll("\\srv\\share");

    VNetRootImpl fresh = f.connect(logon(1), "\\srv", "\\share");
    assertThat(fresh.rawNetRoot()).isNotSameAs(oldNetRoot);
    assertThat(fresh.rawNetRoot().context()).as("a new NET_ROOT: createVNetRoot sees null").isNull();
    FobxImpl reopened = f.open(fresh, "\\a.txt");
    assertThat(reopened.rawSrvOpen().rawFcb()).isNotSameAs(open.rawSrvOpen().rawFcb());
    try (LockScope shared = f.rdbss.netNameTable().acquireShared()) {
      NetRoot byName = f.rdbss.netNameTable().lookupNetRoot("\\srv\\share").orElseThrow();
      assertThat(byName).as("the old one is unreachable by name").isSameAs(fresh.rawNetRoot());
    }
    f.closeHandle(open);
    f.closeHandle(reopened);
  }

  @Test
  void aSecondCallChangesNothing_pitfall21c() {
    VNetRootImpl view = f.connect(logon(1), "\\srv", "\\share");
    f.open(view, "\\a.txt");
    NetRootImpl netRoot = view.rawNetRoot();
    try (LockScope exclusive = f.rdbss.netNameTable().acquireExclusive()) {
      f.rdbss.reference(netRoot);
      f.rdbss.forceFinalizeAllVNetRoots(netRoot);
      int count = f.count(netRoot);
      List<String> calls = f.mrx.entries();
      f.rdbss.forceFinalizeAllVNetRoots(netRoot);
      assertThat(f.count(netRoot)).isEqualTo(count);
      assertThat(f.mrx.entries()).isEqualTo(calls);
      assertThat(f.mrx.count("finalizeNetRoot")).isEqualTo(1);
      f.rdbss.dereference(netRoot, LockHoldingState.EXCLUSIVE);
    }
  }

  @Test
  void viewsWithoutOpenFilesAreFreedAtOnce_s4_1_step4() {
    VNetRootImpl alice = f.connect(logon(1), "\\srv", "\\share");
    VNetRootImpl bob = f.connect(logon(2), "\\srv", "\\share");
    f.releaseUnlocked(alice);
    f.releaseUnlocked(bob);
    forceAll("\\srv\\share");
    f.worker.awaitIdle();
    assertThat(alice.isFreed()).isTrue();
    assertThat(bob.isFreed()).isTrue();
    assertThat(f.mrx.entries())
        .containsSubsequence("finalizeNetRoot", "finalizeVNetRoot", "finalizeSrvCall");
    assertThat(f.device.liveObjects()).isEmpty();
  }
}
