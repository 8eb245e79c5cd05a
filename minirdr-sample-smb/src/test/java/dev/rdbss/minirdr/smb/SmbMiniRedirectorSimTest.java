package dev.rdbss.minirdr.smb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rdbss.api.ConnectionFinalizeLevel;
import dev.rdbss.api.Credentials;
import dev.rdbss.api.NtStatus;
import dev.rdbss.api.file.CreateInformation;
import dev.rdbss.api.file.FileDirectoryEntry;
import dev.rdbss.api.file.FileInformation;
import dev.rdbss.api.io.CreateRequest;
import dev.rdbss.api.io.DeviceHandle;
import dev.rdbss.api.io.FileHandle;
import dev.rdbss.api.io.IoSession;
import dev.rdbss.api.io.Logon;
import dev.rdbss.api.observe.TraceEvent;
import dev.rdbss.core.ManualClock;
import dev.rdbss.core.RdbssRuntime;
import dev.rdbss.core.RdbssSettings;
import dev.rdbss.minirdr.smb.client.OplockBreakListener;
import dev.rdbss.minirdr.smb.client.SmbClient;
import dev.rdbss.minirdr.smb.client.SmbCreateRequest;
import dev.rdbss.minirdr.smb.client.SmbCreateResult;
import dev.rdbss.minirdr.smb.client.SmbResult;
import dev.rdbss.minirdr.smb.client.SmbTransports;
import dev.rdbss.minirdr.smb.client.SmbTree;
import dev.rdbss.minirdr.smb.sim.ShareRights;
import dev.rdbss.minirdr.smb.sim.SimNetwork;
import dev.rdbss.minirdr.smb.sim.SimServer;
import dev.rdbss.api.file.AccessMask;
import dev.rdbss.api.file.CreateDisposition;
import dev.rdbss.api.file.ShareAccess;
import dev.rdbss.api.file.CreateOption;
import dev.rdbss.api.file.FsInformation;
import dev.rdbss.api.io.ChangeNotification;
import dev.rdbss.minirdr.smb.client.ChangeFilter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.EnumSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The SMB mini-redirector through the host API (ARCHITECTURE.md §3.4) on the {@code sim}
 * transport: a real runtime, a manual clock, leak checks on close.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a hang is a failure, not a stuck build
class SmbMiniRedirectorSimTest {

  private final ManualClock clock = new ManualClock();
  private final SimNetwork network = new SimNetwork(clock);
  private final SimServer files = network.addServer("files");
  private final List<TraceEvent> trace = new CopyOnWriteArrayList<>();
  private final RdbssRuntime runtime;

  SmbMiniRedirectorSimTest() {
    files.addUser("alice", "secret").addUser("bob", "hunter2");
    files.addShare("docs").grant("alice", ShareRights.READ_WRITE).grant("bob", ShareRights.READ_ONLY);
    runtime =
        RdbssRuntime.builder()
            .serviceLoaderDiscovery(false)
            .clock(clock)
            .settings(RdbssSettings.of(Map.of(RdbssSettings.FAIL_ON_LEAK, "true")))
            .provider(new SmbProvider(network))
            .build();
    runtime.observation().addTraceListener(trace::add);
  }

  @AfterEach
  void closeChecksForLeaks() {
    runtime.close();
  }

  private IoSession alice() {
    return runtime.logon(Logon.user("alice", "secret"));
  }

  private IoSession bob() {
    return runtime.logon(Logon.user("bob", "hunter2"));
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String text(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }

  private static List<String> names(List<FileDirectoryEntry> entries) {
    return entries.stream().map(FileDirectoryEntry::fileName).toList();
  }

  @Test
  void createWriteReadListRenameDeleteAndLockThroughUnc_s6_4_s5_2() {
    IoSession alice = alice();
    try (FileHandle f = alice.open("\\\\files\\docs\\a.txt", CreateRequest.readWrite().create())) {
      assertThat(f.createInformation()).isEqualTo(CreateInformation.CREATED);
      assertThat(f.write(0, bytes("hello world")).information()).isEqualTo(11);
      assertThat(text(f.read(6, 100).data())).isEqualTo("world");
      assertThat(f.lock(0, 5, true, true).status()).isEqualTo(NtStatus.SUCCESS);
      assertThat(f.unlock(0, 5).status()).isEqualTo(NtStatus.SUCCESS);
    }
    try (FileHandle dir = alice.open("\\\\files\\docs", CreateRequest.directory())) {
      var listing = dir.queryDirectory("*.txt", true);
      assertThat(listing.status()).isEqualTo(NtStatus.SUCCESS);
      assertThat(names(listing.entries())).containsExactly("a.txt");
      assertThat(dir.queryDirectory("*.txt", false).status()).isEqualTo(NtStatus.NO_MORE_FILES);
    }
    try (FileHandle f = alice.open("\\\\files\\docs\\a.txt",
        CreateRequest.readWrite().access(AccessMask.FILE_GENERIC_READ | AccessMask.DELETE))) {
      assertThat(f.setInformation(new FileInformation.Rename(false, "\\b.txt")).status())
          .isEqualTo(NtStatus.SUCCESS);
    }
    assertThat(alice.tryOpen("\\\\files\\docs\\a.txt", CreateRequest.read()).status())
        .isEqualTo(NtStatus.OBJECT_NAME_NOT_FOUND);
    try (FileHandle f = alice.open("\\\\files\\docs\\B.TXT",
        CreateRequest.read().access(AccessMask.FILE_GENERIC_READ | AccessMask.DELETE))) {
      assertThat(text(f.read(0, 100).data())).isEqualTo("hello world");
      assertThat(f.setInformation(new FileInformation.Disposition(true)).status())
          .isEqualTo(NtStatus.SUCCESS);
    }
    assertThat(alice.tryOpen("\\\\files\\docs\\b.txt", CreateRequest.read()).status())
        .isEqualTo(NtStatus.OBJECT_NAME_NOT_FOUND);
  }

  @Test
  void aChangeNotificationReportsAFileCreatedThroughAnotherHandle_s5_2() throws Exception {
    IoSession alice = alice();
    try (FileHandle dir = alice.open("\\\\files\\docs", CreateRequest.directory())) {
      CompletableFuture<ChangeNotification> change =
          dir.notifyChangeDirectory(ChangeFilter.FILE_NAME, false).toCompletableFuture();
      assertThat(change).isNotDone();

      alice.open("\\\\files\\docs\\new.txt", CreateRequest.readWrite().create()).close();

      ChangeNotification notification = change.get(10, TimeUnit.SECONDS);
      assertThat(notification.status()).isEqualTo(NtStatus.SUCCESS);
      assertThat(notification.changes())
          .contains(new ChangeNotification.Change(ChangeNotification.Action.ADDED, "new.txt"));
      // A watch still waiting when its handle goes ends with NOTIFY_CLEANUP (§6.6).
      CompletableFuture<ChangeNotification> pending =
          dir.notifyChangeDirectory(ChangeFilter.FILE_NAME, false).toCompletableFuture();
      assertThat(dir.cleanup()).isEqualTo(NtStatus.SUCCESS);
      assertThat(pending.get(10, TimeUnit.SECONDS).status()).isEqualTo(NtStatus.NOTIFY_CLEANUP);
    }
  }

  @Test
  void volumeQueriesAnswerTheSharesLabelSizeAndAttributes_s5_2() {
    files.share("docs").orElseThrow().capacity(1L << 20);
    try (FileHandle f = alice().open("\\\\files\\docs\\v.txt",
        CreateRequest.readWrite().create().withOptions(CreateOption.NO_INTERMEDIATE_BUFFERING))) {
      f.write(0, new byte[8192]);
      assertThat(f.queryVolumeInformation(FsInformation.Volume.class).valueIfPresent().orElseThrow().volumeLabel()).isEqualTo("docs");
      FsInformation.Size size = f.queryVolumeInformation(FsInformation.Size.class).valueIfPresent().orElseThrow();
      assertThat(size.totalAllocationUnits()).isEqualTo(256);
      assertThat(size.callerAvailableAllocationUnits()).isEqualTo(254);
      FsInformation.Attribute attributes = f.queryVolumeInformation(FsInformation.Attribute.class).valueIfPresent().orElseThrow();
      assertThat(attributes.maximumComponentNameLength()).isEqualTo(255);
      assertThat(attributes.fileSystemAttributes() & 0x2).as("case-preserving names").isNotZero();
    }
  }

  @Test
  void aMappedDriveReachesTheSameShare_s6_5() {
    IoSession alice = alice();
    assertThat(alice.netUse("X:", "\\\\files\\docs")).isEqualTo(NtStatus.SUCCESS);
    try (FileHandle f = alice.open("X:\\d.txt", CreateRequest.readWrite().openIf())) {
      f.write(0, bytes("drive"));
    }
    try (FileHandle f = alice.open("\\\\files\\docs\\d.txt", CreateRequest.read())) {
      assertThat(text(f.read(0, 10).data())).isEqualTo("drive");
    }
    assertThat(alice.netUseDelete("X:", ConnectionFinalizeLevel.NO_FORCE)).isEqualTo(NtStatus.SUCCESS);
  }

  @Test
  void aReadOnlyUserIsDeniedWritesButReads_s6_4() {
    try (FileHandle f = alice().open("\\\\files\\docs\\r.txt", CreateRequest.readWrite().create())) {
      f.write(0, bytes("ro"));
    }
    IoSession bob = bob();
    assertThat(bob.tryOpen("\\\\files\\docs\\r.txt", CreateRequest.readWrite()).status())
        .isEqualTo(NtStatus.ACCESS_DENIED);
    try (FileHandle f = bob.open("\\\\files\\docs\\r.txt", CreateRequest.read())) {
      assertThat(text(f.read(0, 10).data())).isEqualTo("ro");
    }
  }

  @Test
  void aWrongPasswordIsLogonFailureAndLeavesTheShareUsableForOthers_pitfall2() {
    IoSession mallory = runtime.logon(Logon.user("alice", "wrong"));
    assertThat(mallory.tryOpen("\\\\files\\docs\\x.txt", CreateRequest.read()).status())
        .isEqualTo(NtStatus.LOGON_FAILURE);
    try (FileHandle f = alice().open("\\\\files\\docs\\x.txt", CreateRequest.readWrite().create())) {
      assertThat(f.createInformation()).isEqualTo(CreateInformation.CREATED);
    }
  }

  @Test
  void anUnknownShareIsBadNetworkName_s8() {
    assertThat(alice().tryOpen("\\\\files\\nope\\x.txt", CreateRequest.read()).status())
        .isEqualTo(NtStatus.BAD_NETWORK_NAME);
  }

  @Test
  void anUnknownServerIsBadNetworkPath_s6_3_s8() {
    assertThat(alice().tryOpen("\\\\nowhere\\docs\\x.txt", CreateRequest.read()).status())
        .isEqualTo(NtStatus.BAD_NETWORK_PATH);
  }

  @Test
  void anOplockBreakFromAnotherClientBecomesABufferingChange_s7_3() throws Exception {
    IoSession alice = alice();
    try (FileHandle f = alice.open("\\\\files\\docs\\o.txt", CreateRequest.readWrite().create())) {
      f.write(0, bytes("cached"));
      // Another machine opens the file: the server breaks alice's batch oplock.
      try (SmbClient other = SmbTransports.sim(network)) {
        SmbTree tree = other.connect("files", Credentials.of("alice", "secret".toCharArray()),
                OplockBreakListener.IGNORE)
            .get(10, TimeUnit.SECONDS).get().treeConnect("docs").get(10, TimeUnit.SECONDS).get();
        CompletableFuture<SmbResult<SmbCreateResult>> open = tree.create("o.txt",
            SmbCreateRequest.file(AccessMask.FILE_GENERIC_READ, EnumSet.allOf(ShareAccess.class),
                CreateDisposition.OPEN));
        runtime.awaitIdle();
        SmbCreateResult created = open.get(10, TimeUnit.SECONDS).get();
        assertThat(text(tree.read(created.fileId(), 0, 100).get(10, TimeUnit.SECONDS).get()))
            .as("the break flushed alice's cached write before it was acknowledged")
            .isEqualTo("cached");
        tree.close(created.fileId()).get(10, TimeUnit.SECONDS);
      }
    }
    assertThat(trace).extracting(TraceEvent::name)
        .contains("indicateChangeOfBufferingStateForSrvOpen", "completeBufferingStateChangeRequest");
  }

  @Test
  void aConflictingOpenInTheSameRuntimeDoesNotWaitForTheBreakTimeout_s7_3() {
    IoSession alice = alice();
    try (FileHandle f = alice.open("\\\\files\\docs\\s.txt",
        CreateRequest.readWrite().create().shareAll())) {
      f.write(0, bytes("shared"));
      try (FileHandle g = bob().open("\\\\files\\docs\\s.txt", CreateRequest.read().shareAll())) {
        assertThat(text(g.read(0, 10).data())).isEqualTo("shared");
      }
    }
  }

  @Test
  void forcedDriveDeletionOrphansOpenHandles_s4_2_pitfall21() {
    IoSession alice = alice();
    assertThat(alice.netUse("Y:", "\\\\files\\docs")).isEqualTo(NtStatus.SUCCESS);
    FileHandle f = alice.open("Y:\\f.txt", CreateRequest.readWrite().create());
    assertThat(alice.netUseDelete("Y:", ConnectionFinalizeLevel.FORCE_FILES_CLOSED))
        .isEqualTo(NtStatus.SUCCESS);
    assertThat(f.read(0, 1).status()).isEqualTo(NtStatus.UNEXPECTED_NETWORK_ERROR);
    assertThat(f.cleanup()).isEqualTo(NtStatus.SUCCESS);
    f.close();
    // The share still works through a fresh view.
    try (FileHandle g = alice.open("\\\\files\\docs\\f.txt", CreateRequest.read())) {
      assertThat(g.createInformation()).isEqualTo(CreateInformation.OPENED);
    }
  }

  @Test
  void aDisconnectFaultGivesAnErrorAndTheNextOpenReconnects_s8() {
    IoSession alice = alice();
    FileHandle f = alice.open("\\\\files\\docs\\n.txt",
        CreateRequest.readWrite().create().share(ShareAccess.READ, ShareAccess.WRITE));
    try (DeviceHandle device = alice.openDevice(SmbProvider.DEVICE)) {
      assertThat(device.fsctl(SmbControlCodes.FSCTL_SMB_SIM_DISCONNECT_AT,
          SmbControlCodes.input("files", "1"), 0).status()).isEqualTo(NtStatus.SUCCESS);
      assertThat(device.fsctl(SmbControlCodes.FSCTL_SMB_SIM_DISCONNECT_AT,
          SmbControlCodes.input("nowhere", "1"), 0).status()).isEqualTo(NtStatus.BAD_NETWORK_PATH);
    }
    assertThat(f.lock(0, 1, true, true).status()).isEqualTo(NtStatus.CONNECTION_RESET);
    // Reads may be answered from RDBSS's cache (the open had a batch oplock); a lock goes out.
    assertThat(f.lock(2, 1, true, true).status()).isEqualTo(NtStatus.UNEXPECTED_NETWORK_ERROR);
    try (FileHandle g = alice.open("\\\\files\\docs\\n.txt",
        CreateRequest.readWrite().share(ShareAccess.READ, ShareAccess.WRITE))) {
      assertThat(g.write(0, bytes("again")).status()).isEqualTo(NtStatus.SUCCESS);
    }
    assertThat(f.cleanup()).isEqualTo(NtStatus.SUCCESS);
    f.close();
  }
}
