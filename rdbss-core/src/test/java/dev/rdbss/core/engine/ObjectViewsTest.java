package dev.rdbss.core.engine;

import static dev.rdbss.core.engine.BugCheckAssertions.assertBugCheck;
import static dev.rdbss.core.engine.EngineFixture.logon;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rdbss.api.BugCheckCode;
import dev.rdbss.api.Condition;
import dev.rdbss.api.ConnectionId;
import dev.rdbss.api.FcbState;
import dev.rdbss.api.FobxFlag;
import dev.rdbss.api.NetRootFlag;
import dev.rdbss.api.NetRootType;
import dev.rdbss.api.NtStatus;
import dev.rdbss.api.SrvOpenFlag;
import dev.rdbss.api.object.SrvCall;
import dev.rdbss.api.spi.LockScope;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The plugin's views of the objects (ARCHITECTURE.md §3.2, spec §1.4, §1.5): read-only except for
 * the fields Windows lets a mini-redirector write, and never usable after the object was freed.
 */
class ObjectViewsTest {

  private final EngineFixture f = new EngineFixture();

  @AfterEach
  void shutDown() {
    f.close();
  }

  @Test
  void theMiniRedirectorOwnsOnlyTheLow16FlagBitsOfNetRootSrvOpenAndFobx_s1_4() {
    VNetRootImpl view = f.connect(logon(1), "\\srv", "\\share");
    FobxImpl fobx = f.open(view, "\\a.txt");
    SrvOpenImpl srvOpen = fobx.rawSrvOpen();
    NetRootImpl netRoot = view.rawNetRoot();

    netRoot.setMiniRdrFlags(NetRootFlag.DFS_AWARE_NETROOT.bit());
    assertThat(netRoot.flags()).containsExactly(NetRootFlag.DFS_AWARE_NETROOT);
    assertThatThrownBy(() -> netRoot.setMiniRdrFlags(NetRootFlag.NAME_ALREADY_REMOVED.bit()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("NET_ROOT flag bits above 0xFFFF are RDBSS-private (spec §1.4)");

    srvOpen.setMiniRdrFlags(SrvOpenFlag.DONTUSE_READ_CACHING.bit());
    assertThat(srvOpen.miniRdrFlags()).isEqualTo(SrvOpenFlag.DONTUSE_READ_CACHING.bit());
    assertThat(srvOpen.flags())
        .as("RDBSS's own bits survive the plugin's write")
        .contains(SrvOpenFlag.DONTUSE_READ_CACHING, SrvOpenFlag.ENCLOSED_ALLOCATED);
    assertThatThrownBy(() -> srvOpen.setMiniRdrFlags(SrvOpenFlag.FOBX_USED.bit()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("SRV_OPEN");

    fobx.setMiniRdrFlags(FobxFlag.DFS_OPEN.bit());
    assertThat(fobx.flags()).contains(FobxFlag.DFS_OPEN, FobxFlag.ENCLOSED_ALLOCATED);
    assertThatThrownBy(() -> fobx.setMiniRdrFlags(FobxFlag.MARKED_AS_DORMANT.bit()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("FOBX");
    assertThat(fobx.flags()).doesNotContain(FobxFlag.MARKED_AS_DORMANT);
  }

  @Test
  void theShareTypeAndStateAreSetWhileTheNetRootIsBuilt_s1_4() {
    try (LockScope exclusive = f.rdbss.netNameTable().acquireExclusive()) {
      SrvCall s = f.rdbss.createSrvCall(f.userContext(logon(1)), "\\srv", null, ConnectionId.NONE);
      NetRootImpl n =
          (NetRootImpl) f.rdbss.createNetRoot(s, "\\srv\\share", Set.of(), ConnectionId.NONE);
      n.setType(NetRootType.DISK);
      n.setMrxNetRootState(7);
      assertThat(n.type()).isEqualTo(NetRootType.DISK);
      assertThat(n.mrxNetRootState()).isEqualTo(7);

      n.condition.transition(Condition.GOOD);
      assertThatThrownBy(() -> n.setType(NetRootType.PIPE))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("createVNetRoot");
      assertThat(n.type()).isEqualTo(NetRootType.DISK);
    }
  }

  @Test
  void theDelayedCloseLimitIsTheMiniRedirectorsButNeverNegative_s1_5() {
    VNetRootImpl view = f.connect(logon(1), "\\srv", "\\share");
    SrvCallImpl srvCall = view.rawNetRoot().rawSrvCall();
    srvCall.setMaximumNumberOfCloseDelayedFiles(1023); // what nfs41 sets (§6.7)
    assertThat(srvCall.maximumNumberOfCloseDelayedFiles()).isEqualTo(1023);
    assertThatThrownBy(() -> srvCall.setMaximumNumberOfCloseDelayedFiles(-1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(srvCall.maximumNumberOfCloseDelayedFiles()).isEqualTo(1023);
    srvCall.setCaseInsensitiveNetRoots(false);
    assertThat(srvCall.isCaseInsensitiveNetRoots()).isFalse();
    assertThat(srvCall.isCaseInsensitiveFileNames()).isTrue();
  }

  @Test
  void aSrvOpensBufferingFlagsAreTheBufferingBitsOnly_s7_1() {
    VNetRootImpl view = f.connect(logon(1), "\\srv", "\\share");
    SrvOpenImpl srvOpen = f.open(view, "\\a.txt").rawSrvOpen();
    srvOpen.setBufferingFlags(Set.of(FcbState.READCACHING, FcbState.FILESIZECACHEING));
    assertThat(srvOpen.bufferingFlags())
        .containsExactlyInAnyOrder(FcbState.READCACHING, FcbState.FILESIZECACHEING);
    assertThatThrownBy(() -> srvOpen.setBufferingFlags(Set.of(FcbState.ORPHANED)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ORPHANED");
    srvOpen.setBufferingFlags(Set.of());
    assertThat(srvOpen.bufferingFlags()).isEmpty();
  }

  @Test
  void aGoodSrvOpenShowsItsCountsStatusAndKey_s1_5() {
    VNetRootImpl view = f.connect(logon(1), "\\srv", "\\share");
    SrvOpenImpl srvOpen = f.open(view, "\\a.txt").rawSrvOpen();
    assertThat(srvOpen.condition()).isEqualTo(Condition.GOOD);
    assertThat(srvOpen.openStatus()).isEqualTo(NtStatus.SUCCESS);
    assertThat(srvOpen.openCount()).isEqualTo(1);
    assertThat(srvOpen.uncleanFobxCount()).isEqualTo(1);
    assertThat(srvOpen.key()).as("set by the plugin's create").isEqualTo(
        "key:" + srvOpen.serialNumber());
  }

  @Test
  void everyViewOfAFreedObjectIsAUseAfterFreeBugCheck_s2_4() {
    VNetRootImpl view = f.connect(logon(1), "\\srv", "\\share");
    FobxImpl fobx = f.open(view, "\\a.txt");
    SrvOpenImpl srvOpen = fobx.rawSrvOpen();
    FcbImpl fcb = srvOpen.rawFcb();
    NetRootImpl netRoot = view.rawNetRoot();
    f.closeHandle(fobx);
    f.release(view);
    f.worker.awaitIdle();
    assertThat(f.device.liveObjects()).isEmpty();

    assertBugCheck(fobx::flags, BugCheckCode.RDBSS_FILE_SYSTEM, "§2.4", "FOBX", "use after free");
    assertBugCheck(srvOpen::key, BugCheckCode.RDBSS_FILE_SYSTEM, "§2.4", "SRV_OPEN");
    assertBugCheck(fcb::fileSize, BugCheckCode.RDBSS_FILE_SYSTEM, "§2.4", "FCB \\srv\\share\\a.txt");
    assertBugCheck(view::namePrefix, BugCheckCode.RDBSS_FILE_SYSTEM, "§2.4", "V_NET_ROOT");
    assertBugCheck(netRoot::vNetRoots, BugCheckCode.RDBSS_FILE_SYSTEM, "§2.4", "NET_ROOT");
    assertBugCheck(
        () -> netRoot.rawSrvCall().setContext("late"),
        BugCheckCode.RDBSS_FILE_SYSTEM, "§2.4", "SRV_CALL \\srv");
    assertBugCheck(view::referenceCount, BugCheckCode.RDBSS_FILE_SYSTEM, "§2.4", "V_NET_ROOT");
  }
}
