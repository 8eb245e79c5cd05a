package dev.rdbss.core.io;

import static dev.rdbss.core.memory.MemoryHost.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rdbss.api.ConnectionFinalizeLevel;
import dev.rdbss.api.NodeType;
import dev.rdbss.api.NtStatus;
import dev.rdbss.api.file.FileInformation;
import dev.rdbss.api.file.FileInformationClass;
import dev.rdbss.api.file.FsInformation;
import dev.rdbss.api.io.ChangeNotification;
import dev.rdbss.api.io.CreateRequest;
import dev.rdbss.api.io.FileHandle;
import dev.rdbss.api.io.IoSession;
import dev.rdbss.api.spi.LowIoOperation;
import dev.rdbss.core.memory.MemoryHost;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Handles orphaned by a forced finalization of their views (spec §4.2, the I/O half of §9 pitfall
 * 21(b)): a client-side-caching mini-redirector calls {@code forceFinalizeAllVNetRoots} under the
 * exclusive netname lock (ARCHITECTURE.md §3.6) while two logons hold files open on the share.
 */
class OrphanedHandlesTest {

  private static final String README = "\\\\files\\docs\\readme.txt";
  private static final String SUB = "\\\\files\\docs\\sub";

  private final MemoryHost host = new MemoryHost();
  private final IoSession alice = host.logon("alice");
  private final IoSession bob = host.logon("bob");

  @AfterEach
  void closeChecksForLeaks() {
    host.close(); // FAIL_ON_LEAK: orphaned objects must all be gone
  }

  private void forceFinalizeTheShare() {
    host.mrx.forceFinalizeAllVNetRoots("files", "docs");
  }

  private static void assertEveryRequestIsUnexpectedNetworkError(FileHandle f) {
    NtStatus orphaned = NtStatus.UNEXPECTED_NETWORK_ERROR;
    assertThat(f.read(0, 5).status()).as("read").isEqualTo(orphaned);
    assertThat(f.write(0, bytes("x")).status()).as("write").isEqualTo(orphaned);
    assertThat(f.flush().status()).as("flush").isEqualTo(orphaned);
    assertThat(f.lock(0, 1, true, true).status()).as("lock").isEqualTo(orphaned);
    assertThat(f.unlock(0, 1).status()).as("unlock").isEqualTo(orphaned);
    assertThat(f.unlockAll().status()).as("unlock all").isEqualTo(orphaned);
    assertThat(f.queryInformation(FileInformationClass.STANDARD, FileInformation.Standard.class)
        .status()).as("query information").isEqualTo(orphaned);
    assertThat(f.setInformation(new FileInformation.EndOfFile(1)).status())
        .as("set information").isEqualTo(orphaned);
    assertThat(f.queryVolumeInformation(FsInformation.Volume.class).status())
        .as("volume query").isEqualTo(orphaned);
    assertThat(f.fsctl(0x0009_00C0, new byte[0], 0).status()).as("fsctl").isEqualTo(orphaned);
    assertThat(f.ioctl(0x0022_0004, new byte[0], 0).status()).as("ioctl").isEqualTo(orphaned);
  }

  @Test
  void everyRequestOnAnOrphanedHandleFailsButCleanupAndCloseFreeEverything_s4_2_pitfall21b()
      throws Exception {
    FileHandle aliceFile = alice.open(README, CreateRequest.readWrite().shareAll());
    FileHandle bobFile = bob.open(README, CreateRequest.readWrite().shareAll());
    FileHandle aliceDir = alice.open(SUB, CreateRequest.directory().shareAll());
    FileHandle bobDir = bob.open(SUB, CreateRequest.directory().shareAll());
    assertThat(aliceFile.lock(0, 2, true, true).status()).isEqualTo(NtStatus.SUCCESS);
    CompletionStage<ChangeNotification> pending = aliceDir.notifyChangeDirectory(0x1, false);
    assertThat(host.runtime().observation().snapshot().nodes(NodeType.V_NET_ROOT)).hasSize(2);
    long createVNetRoots = host.mrx.count("createVNetRoot");

    forceFinalizeTheShare();

    for (FileHandle f : List.of(aliceFile, bobFile)) {
      assertEveryRequestIsUnexpectedNetworkError(f);
    }
    for (FileHandle d : List.of(aliceDir, bobDir)) {
      assertThat(d.queryDirectory(null, true).status()).as("directory query")
          .isEqualTo(NtStatus.FILE_CLOSED);
      assertThat(d.notifyChangeDirectory(0x1, false).toCompletableFuture().get(30, TimeUnit.SECONDS)
          .status()).as("notify").isEqualTo(NtStatus.UNEXPECTED_NETWORK_ERROR);
    }
    assertThat(pending.toCompletableFuture()).as("forced finalization cancels no notification")
        .isNotDone();
    long closes = host.mrx.count("closeSrvOpen");
    long cleanups = host.mrx.count("cleanupFobx");

    assertThat(aliceFile.cleanup()).isEqualTo(NtStatus.SUCCESS);
    assertThat(aliceDir.cleanup()).isEqualTo(NtStatus.SUCCESS);
    assertThat(pending.toCompletableFuture().get(30, TimeUnit.SECONDS).status())
        .isEqualTo(NtStatus.NOTIFY_CLEANUP);
    for (FileHandle f : List.of(aliceFile, bobFile, aliceDir, bobDir)) {
      f.close();
    }

    assertThat(host.mrx.count("cleanupFobx") - cleanups).isEqualTo(4);
    assertThat(host.mrx.count("closeSrvOpen")).as("no server close for orphaned opens")
        .isEqualTo(closes);
    assertThat(host.mrx.count("lowIoSubmit[" + LowIoOperation.UNLOCK_MULTIPLE + "]"))
        .as("an orphaned handle's locks go locally only").isZero();
    assertThat(host.runtime().observation().snapshot().nodes(NodeType.FCB)).isEmpty();

    // A new open builds a fresh view and NET_ROOT: createVNetRoot sees a NET_ROOT without context.
    try (FileHandle again = alice.open(README, CreateRequest.read())) {
      assertThat(again.read(0, 5).data()).isEqualTo(bytes("hello"));
    }
    assertThat(host.mrx.count("createVNetRoot")).isEqualTo(createVNetRoots + 1);
    List<Boolean> newNetRoot = host.mrx.netRootContextWasNull();
    assertThat(newNetRoot.get(newNetRoot.size() - 1)).isTrue();
  }

  @Test
  void anotherHandlesLockNoLongerBlocksOnceItsHolderIsOrphanedAndClosed_s4_2() {
    FileHandle aliceFile = alice.open(README, CreateRequest.readWrite().shareAll());
    aliceFile.lock(0, 5, true, true);

    forceFinalizeTheShare();
    aliceFile.close();

    try (FileHandle bobFile = bob.open(README, CreateRequest.readWrite().shareAll())) {
      assertThat(bobFile.lock(0, 5, true, true).status()).isEqualTo(NtStatus.SUCCESS);
      assertThat(bobFile.write(0, bytes("J")).status()).isEqualTo(NtStatus.SUCCESS);
    }
  }

  @Test
  void aDriveMappingOutlivesTheForcedFinalizationOfItsView_s4_2_s6_5() {
    assertThat(alice.netUse("X:", "\\\\files\\docs")).isEqualTo(NtStatus.SUCCESS);
    FileHandle before = alice.open("X:\\readme.txt", CreateRequest.read());
    long createVNetRoots = host.mrx.count("createVNetRoot");

    forceFinalizeTheShare();

    assertThat(before.read(0, 5).status()).isEqualTo(NtStatus.UNEXPECTED_NETWORK_ERROR);
    before.close();
    assertThat(alice.netUses()).containsKey("X:");
    try (FileHandle after = alice.open("X:\\readme.txt", CreateRequest.read())) {
      assertThat(after.read(0, 5).data()).isEqualTo(bytes("hello"));
    }
    assertThat(host.mrx.count("createVNetRoot")).as("a fresh view").isEqualTo(createVNetRoots + 1);

    assertThat(alice.netUseDelete("X:", ConnectionFinalizeLevel.NO_FORCE))
        .isEqualTo(NtStatus.SUCCESS);
    assertThat(alice.netUses()).isEmpty();
  }

  @Test
  void deletingAMappingWhoseViewWasForcedReleasesIt_s4_3_s6_5() {
    assertThat(alice.netUse("X:", "\\\\files\\docs")).isEqualTo(NtStatus.SUCCESS);
    FileHandle orphan = alice.open("X:\\readme.txt", CreateRequest.read());

    forceFinalizeTheShare();

    assertThat(alice.netUseDelete("X:", ConnectionFinalizeLevel.NO_FORCE))
        .isEqualTo(NtStatus.SUCCESS);
    assertThat(alice.netUses()).isEmpty();
    orphan.close();
    // Its last handle gone, the nameless view waits for the scavenger like any idle view (§6.8).
    host.clock.advance(Duration.ofSeconds(10));
    host.runtime().awaitIdle();
    assertThat(host.runtime().observation().snapshot().nodes(NodeType.V_NET_ROOT)).isEmpty();
  }
}
