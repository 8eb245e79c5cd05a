package dev.rdbss.core.io;

import static dev.rdbss.api.FcbState.COLLAPSING;
import static dev.rdbss.api.FcbState.READCACHING;
import static dev.rdbss.api.FcbState.WRITECACHING;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rdbss.api.LockHoldingState;
import dev.rdbss.api.NodeType;
import dev.rdbss.api.NtStatus;
import dev.rdbss.api.io.CreateRequest;
import dev.rdbss.api.io.DeviceHandle;
import dev.rdbss.api.io.FileHandle;
import dev.rdbss.api.object.NetRoot;
import dev.rdbss.api.spi.LockScope;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code RxPurgeRelatedFobxs} as a mini-redirector calls it (spec §6.8): the dormant FOBXs of a
 * NET_ROOT have their FCB's cache flushed, then purged, then (when asked) are finalized; a flush
 * that fails keeps the data and the FOBX (no acknowledged write is ever dropped, §7.2). The
 * in-memory plugin calls it from a device control, as a redirector's own command would.
 */
class PurgeRelatedFobxsTest extends BufferingFixture {

  private static final int FSCTL_PURGE = 0x0009_4004;
  private static final Set<String> CLOSING = Set.of("closeSrvOpen", "lowIoSubmit[WRITE]");

  private final AtomicReference<NtStatus> purged = new AtomicReference<>();

  @BeforeEach
  void pluginPurgesOnRequest() {
    delayedCloseLimit(16);
    mrx.onDeviceControl(ctx -> {
      if (ctx.control().controlCode() != FSCTL_PURGE) {
        return NtStatus.NOT_IMPLEMENTED;
      }
      Optional<NetRoot> netRoot;
      try (LockScope shared = mrx.rdbss().netNameTable().acquireShared()) {
        netRoot = mrx.rdbss().netNameTable().lookupNetRoot("\\files\\docs");
      }
      netRoot.ifPresent(n -> {
        purged.set(mrx.rdbss().purgeRelatedFobxs(n, ctx, true, null));
        mrx.rdbss().dereference(n, LockHoldingState.NOT_HELD); // the lookup's reference
      });
      return NtStatus.SUCCESS;
    });
  }

  private NtStatus purge() {
    try (DeviceHandle device = alice().openDevice("\\Device\\mem")) {
      assertThat(device.fsctl(FSCTL_PURGE, new byte[0], 0).status()).isEqualTo(NtStatus.SUCCESS);
    }
    return purged.get();
  }

  private byte[] onServer() {
    return java.util.Objects.requireNonNull(mrx.share("files", "docs").content("\\readme.txt"));
  }

  /** A delayed close whose cleanup could not flush: the FOBX is dormant and its data dirty. */
  private void dormantWithDirtyData() {
    mrx.grantBuffering(COLLAPSING, READCACHING, WRITECACHING);
    mrx.failPagingWritesWith(NtStatus.DISK_FULL);
    FileHandle f = alice().open(README, CreateRequest.readWrite());
    assertThat(f.write(0, bytes("J")).status()).isEqualTo(NtStatus.SUCCESS);
    f.close();
    assertThat(flagsOfOnly(NodeType.SRV_OPEN)).contains("CLOSE_DELAYED");
    assertThat(onServer()).isEqualTo(bytes("hello"));
  }

  @Test
  void aPurgeFlushesTheCacheThenFinalizesTheDormantFobxs_s6_8_s7_2() {
    dormantWithDirtyData();
    mrx.failPagingWritesWith(null);
    long mark = mark();

    assertThat(purge()).isEqualTo(NtStatus.SUCCESS);

    assertThat(callbacksSince(mark, CLOSING)).as("flushed before the FOBX went")
        .containsExactly("lowIoSubmit[WRITE]", "closeSrvOpen");
    assertThat(onServer()).isEqualTo(bytes("Jello"));
    assertThat(runtime.observation().snapshot().nodes(NodeType.FOBX)).isEmpty();
  }

  @Test
  void aPurgeWhoseFlushFailsKeepsTheDataAndTheDormantFobx_s6_8_s7_2() {
    dormantWithDirtyData();
    long mark = mark();

    assertThat(purge()).as("nothing could be purged").isEqualTo(NtStatus.UNSUCCESSFUL);

    assertThat(callbacksSince(mark)).doesNotContain("closeSrvOpen");
    assertThat(runtime.observation().snapshot().nodes(NodeType.FOBX)).singleElement()
        .satisfies(x -> assertThat(x.markedForScavenge()).isTrue());

    mrx.failPagingWritesWith(null);
    assertThat(purge()).isEqualTo(NtStatus.SUCCESS);
    assertThat(onServer()).as("the write the user saw succeed was kept").isEqualTo(bytes("Jello"));
  }

  @Test
  void withNothingDormantAPurgeAnswersUnsuccessful_s6_8() {
    try (FileHandle open = alice().open(README, CreateRequest.read())) {
      assertThat(purge()).isEqualTo(NtStatus.UNSUCCESSFUL);
      assertThat(open.read(0, 5).data()).isEqualTo(bytes("hello"));
    }
  }
}
