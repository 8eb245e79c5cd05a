package dev.rdbss.core.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rdbss.api.BugCheckError;
import dev.rdbss.api.ConnectionFinalizeLevel;
import dev.rdbss.api.LockHoldingState;
import dev.rdbss.api.NtStatus;
import dev.rdbss.api.file.CreateOption;
import dev.rdbss.api.io.CreateRequest;
import dev.rdbss.api.io.DeviceHandle;
import dev.rdbss.api.io.FileHandle;
import dev.rdbss.api.io.IoSession;
import dev.rdbss.api.io.Logon;
import dev.rdbss.api.io.OpenResult;
import dev.rdbss.api.object.NetRoot;
import dev.rdbss.api.spi.LockScope;
import dev.rdbss.core.ManualClock;
import dev.rdbss.core.RdbssSettings;
import dev.rdbss.core.memory.MemoryHost;
import dev.rdbss.core.memory.MemoryMiniRedirector;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Connections the host makes and deletes (ARCHITECTURE.md §3.4, spec §6.5, §4.3): deviceless
 * connections left by tree-connect opens, drive mappings whose view a forced finalization took
 * (§4.1, §4.2), names that upper-case to a different length, and the runtime settings of §9
 * pitfall 19 as the host sees them. Every test ends with the leak check of a runtime that has
 * {@link RdbssSettings#FAIL_ON_LEAK}.
 */
class ConnectionDeletionTest {

  /** The control code on which the test plugin force-finalizes every view, as a CSC plugin would. */
  private static final int FSCTL_FORCE_ALL = 0x0009_4000;

  private final MemoryHost host = new MemoryHost();
  private final MemoryMiniRedirector mrx = host.mrx;
  private final ManualClock clock = host.clock;

  ConnectionDeletionTest() {
    mrx.share("files", "straße").file("\\readme.txt", bytes("street"));
    // On request the plugin force-finalizes every view of its shares, as a CSC plugin going
    // offline would.
    mrx.onDeviceControl(ctx -> {
      if (ctx.control().controlCode() != FSCTL_FORCE_ALL) {
        return NtStatus.NOT_IMPLEMENTED;
      }
      try (LockScope exclusive = mrx.rdbss().netNameTable().acquireExclusive()) {
        for (String share : List.of("\\files\\docs", "\\files\\straße")) {
          Optional<NetRoot> netRoot = mrx.rdbss().netNameTable().lookupNetRoot(share);
          netRoot.ifPresent(n -> {
            mrx.rdbss().forceFinalizeAllVNetRoots(n);
            mrx.rdbss().dereference(n, LockHoldingState.EXCLUSIVE); // the lookup's reference
          });
        }
      }
      return NtStatus.SUCCESS;
    });
  }

  @AfterEach
  void closeChecksForLeaks() {
    host.close();
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private IoSession user(String name) {
    return host.runtime().logon(Logon.user(name, "pw"));
  }

  private NtStatus forceFinalizeEveryView(IoSession user) {
    try (DeviceHandle device = user.openDevice("\\Device\\mem")) {
      return device.fsctl(FSCTL_FORCE_ALL, new byte[0], 0).status();
    }
  }

  @Test
  void aTreeConnectOpenLeavesADevicelessConnectionThatNetUseDeleteRemoves_s6_5_s4_3() {
    IoSession alice = user("alice");
    OpenResult tc =
        alice.tryOpen(
            "\\\\files\\docs",
            CreateRequest.attributesOnly().withOptions(CreateOption.CREATE_TREE_CONNECTION));
    assertThat(tc.status()).isEqualTo(NtStatus.SUCCESS);
    tc.orThrow().close();

    assertThat(alice.netUses()).containsEntry("\\\\files\\docs", "\\\\files\\docs");
    assertThat(alice.netUseDelete("\\\\FILES\\Docs", ConnectionFinalizeLevel.NO_FORCE))
        .isEqualTo(NtStatus.SUCCESS);
    assertThat(alice.netUses()).isEmpty();
    assertThat(alice.netUseDelete("\\\\files\\docs", ConnectionFinalizeLevel.NO_FORCE))
        .isEqualTo(NtStatus.OBJECT_NAME_NOT_FOUND);
    // Before the fix the connection reference was never dropped: the close below reported the
    // V_NET_ROOT, NET_ROOT and SRV_CALL as leaked.
  }

  @Test
  void aDevicelessConnectionWithAnOpenFileAnswersFilesOpenUnlessForced_s4_3() {
    IoSession alice = user("alice");
    alice.tryOpen("\\\\files\\docs\\",
        CreateRequest.attributesOnly().withOptions(CreateOption.CREATE_TREE_CONNECTION))
        .orThrow().close();
    try (FileHandle f = alice.open("\\\\files\\docs\\readme.txt", CreateRequest.read())) {
      assertThat(alice.netUseDelete("\\\\files\\docs", ConnectionFinalizeLevel.NO_FORCE))
          .isEqualTo(NtStatus.FILES_OPEN);
      assertThat(alice.netUseDelete("\\\\files\\docs", ConnectionFinalizeLevel.FORCE_FILES_CLOSED))
          .isEqualTo(NtStatus.SUCCESS);
      assertThat(f.read(0, 5).status()).isEqualTo(NtStatus.UNEXPECTED_NETWORK_ERROR);
    }
  }

  @Test
  void aShareWhoseNameUpperCasesLongerCanBeMappedAndUnmapped_s3_2_s4_3() {
    IoSession alice = user("alice");
    // String.toUpperCase turns ß into SS; the mapping's view name must not be cut with that length.
    assertThat(alice.netUse("X:", "\\\\files\\straße")).isEqualTo(NtStatus.SUCCESS);
    try (FileHandle f = alice.open("X:\\readme.txt", CreateRequest.read())) {
      assertThat(f.read(0, 6).data()).isEqualTo(bytes("street"));
    }
    assertThat(alice.netUseDelete("X:", ConnectionFinalizeLevel.NO_FORCE))
        .isEqualTo(NtStatus.SUCCESS);
  }

  @Test
  void aMappingWhoseViewAPluginForceFinalizedIsStillReleasedByNetUseDelete_s3_4_s4_1() {
    IoSession alice = user("alice");
    assertThat(alice.netUse("X:", "\\\\files\\docs")).isEqualTo(NtStatus.SUCCESS);
    FileHandle f = alice.open("X:\\readme.txt", CreateRequest.read());

    assertThat(forceFinalizeEveryView(alice)).isEqualTo(NtStatus.SUCCESS);
    assertThat(f.read(0, 5).status()).isEqualTo(NtStatus.UNEXPECTED_NETWORK_ERROR);
    f.close();

    // The view is a nameless zombie kept by the mapping's connection reference: the deletion finds
    // it and drops that reference (before the fix it answered SUCCESS and left it to leak).
    assertThat(alice.netUseDelete("X:", ConnectionFinalizeLevel.NO_FORCE))
        .isEqualTo(NtStatus.SUCCESS);
    assertThat(alice.netUses()).isEmpty();
  }

  @Test
  void aMappingOutlivesTheForcedFinalizationOfItsView_s3_4() {
    IoSession alice = user("alice");
    assertThat(alice.netUse("X:", "\\\\files\\docs")).isEqualTo(NtStatus.SUCCESS);
    assertThat(forceFinalizeEveryView(alice)).isEqualTo(NtStatus.SUCCESS);

    try (FileHandle f = alice.open("X:\\readme.txt", CreateRequest.read())) {
      assertThat(f.read(0, 5).data()).isEqualTo(bytes("hello"));
    }
    assertThat(alice.netUseDelete("X:", ConnectionFinalizeLevel.NO_FORCE))
        .isEqualTo(NtStatus.SUCCESS);
  }

  @Test
  void aForcedNetUseDeleteOrphansOnlyTheDeletedMappingsFiles_S_s4_3_pitfall19() {
    IoSession alice = user("alice");
    IoSession bob = user("bob");
    assertThat(alice.netUse("X:", "\\\\files\\docs")).isEqualTo(NtStatus.SUCCESS);
    assertThat(bob.netUse("Y:", "\\\\files\\docs")).isEqualTo(NtStatus.SUCCESS);
    try (FileHandle a = alice.open("X:\\readme.txt", CreateRequest.read().shareAll());
        FileHandle b = bob.open("Y:\\readme.txt", CreateRequest.read().shareAll())) {
      assertThat(alice.netUseDelete("X:", ConnectionFinalizeLevel.FORCE_FILES_CLOSED))
          .isEqualTo(NtStatus.SUCCESS);
      assertThat(a.read(0, 5).status()).isEqualTo(NtStatus.UNEXPECTED_NETWORK_ERROR);
      assertThat(b.read(0, 5).status()).isEqualTo(NtStatus.SUCCESS);
    }
    assertThat(bob.netUseDelete("Y:", ConnectionFinalizeLevel.NO_FORCE))
        .isEqualTo(NtStatus.SUCCESS);
  }

  @Test
  void readAsInternalAForcedNetUseDeleteCancelsEveryViewOfTheShare_s4_1_pitfall19() {
    host.restart(Map.of(RdbssSettings.FORCE_FINALIZE_ALL_V_NET_ROOTS, "internal"));
    IoSession alice = user("alice");
    IoSession bob = user("bob");
    assertThat(alice.netUse("X:", "\\\\files\\docs")).isEqualTo(NtStatus.SUCCESS);
    assertThat(bob.netUse("Y:", "\\\\files\\docs")).isEqualTo(NtStatus.SUCCESS);
    try (FileHandle a = alice.open("X:\\readme.txt", CreateRequest.read().shareAll());
        FileHandle b = bob.open("Y:\\readme.txt", CreateRequest.read().shareAll())) {
      assertThat(alice.netUseDelete("X:", ConnectionFinalizeLevel.FORCE_FILES_CLOSED))
          .isEqualTo(NtStatus.SUCCESS);
      assertThat(a.read(0, 5).status()).isEqualTo(NtStatus.UNEXPECTED_NETWORK_ERROR);
      assertThat(b.read(0, 5).status()).as("bob's view went too").isEqualTo(
          NtStatus.UNEXPECTED_NETWORK_ERROR);
    }
    // Bob's mapping outlives its view, and deleting it releases the zombie.
    assertThat(bob.netUseDelete("Y:", ConnectionFinalizeLevel.NO_FORCE))
        .isEqualTo(NtStatus.SUCCESS);
  }

  @Test
  void readAsInternalAPluginCallingForceFinalizeAllVNetRootsIsABugcheck_s4_1_pitfall19() {
    host.restart(Map.of(RdbssSettings.FORCE_FINALIZE_ALL_V_NET_ROOTS, "internal"));
    IoSession alice = user("alice");
    alice.open("\\\\files\\docs\\readme.txt", CreateRequest.read()).close();
    assertThatThrownBy(() -> forceFinalizeEveryView(alice))
        .isInstanceOf(BugCheckError.class)
        .hasMessageContaining("pitfall 19");
    host.expectCrash(); // what the deliberate crash left behind is not this test's subject
    host.restart(Map.of());
  }

  @Test
  void eachReadingIsASettingAndABadValueNamesTheKeyAndTheChoices_pitfall19() {
    for (String[] setting : new String[][] {
        {RdbssSettings.FINALIZE_SRV_CALL_POSTING, "whenNotOnWorker", "whenOnWorker"},
        {RdbssSettings.FORCE_FINALIZE_ALL_V_NET_ROOTS, "external", "internal"},
        {RdbssSettings.RECURSIVE_NET_ROOT_PURGE, "nonOrphaned", "orphaned"},
        {RdbssSettings.FCB_REFERENCES, "vNetRoot", "netRoot"}}) {
      for (int i = 1; i < setting.length; i++) {
        host.start(Map.of(setting[0], setting[i])).close();
      }
      assertThatThrownBy(() -> host.start(Map.of(setting[0], "both")))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(setting[0])
          .hasMessageContaining(setting[1])
          .hasMessageContaining(setting[2]);
    }
  }

  @Test
  void withTheDReadingsOpensClosesAndTeardownLeaveNothingBehind_pitfall19() {
    host.restart(Map.of(
        RdbssSettings.FINALIZE_SRV_CALL_POSTING, "whenOnWorker",
        RdbssSettings.RECURSIVE_NET_ROOT_PURGE, "orphaned",
        RdbssSettings.FCB_REFERENCES, "netRoot"));
    IoSession alice = user("alice");
    IoSession bob = user("bob");
    assertThat(alice.netUse("X:", "\\\\files\\docs")).isEqualTo(NtStatus.SUCCESS);
    try (FileHandle b = bob.open("\\\\files\\docs\\readme.txt", CreateRequest.read().shareAll())) {
      // Bob's view created the FCB: Alice's handle on it does not keep her mapping in use.
      alice.open("X:\\readme.txt", CreateRequest.read().shareAll()).close();
      assertThat(alice.netUseDelete("X:", ConnectionFinalizeLevel.NO_FORCE))
          .isEqualTo(NtStatus.SUCCESS);
      assertThat(b.read(0, 5).data()).isEqualTo(bytes("hello"));
    }
    clock.advance(java.time.Duration.ofSeconds(10));
    host.runtime().awaitIdle();
    assertThat(host.runtime().observation().snapshot().nodes(dev.rdbss.api.NodeType.SRV_CALL))
        .as("the idle connection was scavenged")
        .isEmpty();
  }
}
