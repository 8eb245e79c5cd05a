package dev.rdbss.minirdr.smb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rdbss.api.ConnectionFinalizeLevel;
import dev.rdbss.api.NtStatus;
import dev.rdbss.api.file.AccessMask;
import dev.rdbss.api.file.CreateInformation;
import dev.rdbss.api.file.FileDirectoryEntry;
import dev.rdbss.api.file.FileInformation;
import dev.rdbss.api.file.FsInformation;
import dev.rdbss.api.io.ChangeNotification;
import dev.rdbss.api.io.CreateRequest;
import dev.rdbss.minirdr.smb.client.ChangeFilter;
import java.util.concurrent.CompletableFuture;
import dev.rdbss.api.io.FileHandle;
import dev.rdbss.api.io.IoSession;
import dev.rdbss.api.io.Logon;
import dev.rdbss.core.ManualClock;
import dev.rdbss.core.RdbssRuntime;
import dev.rdbss.core.RdbssSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The SMB mini-redirector through the host API against a real Samba ({@code smb2} transport),
 * each result cross-checked with Samba's own {@code smbclient}. Skipped with a message when Samba
 * cannot run here; {@code RDBSS_REQUIRE_SAMBA=1} fails instead (see {@link SambaServer}).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SmbMiniRedirectorSambaTest {

  private static final String SERVER = "samba";
  private static final String UNC = "\\\\" + SERVER + "\\" + SambaServer.SHARE;

  private static SambaServer samba;
  private RdbssRuntime runtime;

  @BeforeAll
  static void startSamba() throws Exception {
    samba = SambaServer.startOrSkip("minirdr");
  }

  @AfterAll
  static void stopSamba() throws Exception {
    if (samba != null) {
      samba.stop();
    }
  }

  @BeforeEach
  void startRuntime() {
    runtime =
        RdbssRuntime.builder()
            .serviceLoaderDiscovery(false)
            .clock(new ManualClock())
            .settings(
                RdbssSettings.of(
                    Map.of(
                        RdbssSettings.FAIL_ON_LEAK, "true",
                        "rdbss.plugin.smb.transport", "smb2",
                        "rdbss.plugin.smb.smb2.address." + SERVER, "127.0.0.1:" + samba.port(),
                        "rdbss.plugin.smb.smb2.timeout", "10s")))
            .provider(SmbProvider.smb2())
            .build();
  }

  @AfterEach
  void closeChecksForLeaks() {
    if (runtime != null) {
      runtime.close();
    }
  }

  private IoSession writer() {
    return runtime.logon(Logon.user(SambaServer.WRITER, SambaServer.WRITER_PASSWORD));
  }

  private IoSession reader() {
    return runtime.logon(Logon.user(SambaServer.READER, SambaServer.READER_PASSWORD));
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String smbclientGet(String name) throws Exception {
    Path local = Files.createTempFile(Path.of("target"), "smbclient", ".bin");
    try {
      SambaServer.SmbclientResult result =
          samba.smbclient(SambaServer.READER, SambaServer.READER_PASSWORD, SambaServer.SHARE,
              "get \"" + name + "\" " + local);
      assertThat(result.exitCode()).as(result.output()).isZero();
      return Files.readString(local);
    } finally {
      Files.deleteIfExists(local);
    }
  }

  private static String smbclientLs(String pattern) throws Exception {
    return samba.smbclient(SambaServer.READER, SambaServer.READER_PASSWORD, SambaServer.SHARE,
        "ls \"" + pattern + "\"").output();
  }

  @Test
  void createWriteReadListRenameDeleteAndLockOnSamba_s6_4_s5_2() throws Exception {
    IoSession w = writer();
    try (FileHandle f = w.open(UNC + "\\host-a.txt", CreateRequest.readWrite().create())) {
      assertThat(f.createInformation()).isEqualTo(CreateInformation.CREATED);
      assertThat(f.write(0, bytes("hello samba")).information()).isEqualTo(11);
      assertThat(new String(f.read(6, 100).data(), StandardCharsets.UTF_8)).isEqualTo("samba");
      assertThat(f.lock(0, 5, true, true).status()).isEqualTo(NtStatus.SUCCESS);
      assertThat(f.unlock(0, 5).status()).isEqualTo(NtStatus.SUCCESS);
    }
    assertThat(smbclientGet("host-a.txt")).isEqualTo("hello samba");

    try (FileHandle dir = w.open(UNC, CreateRequest.directory())) {
      var listing = dir.queryDirectory("host-a*", true);
      assertThat(listing.status()).isEqualTo(NtStatus.SUCCESS);
      assertThat(listing.entries()).extracting(FileDirectoryEntry::fileName).containsExactly("host-a.txt");
    }
    assertThat(smbclientLs("host-a*")).contains("host-a.txt");

    // Samba refuses a rename through an open with read access only (it wants DELETE or
    // FILE_WRITE_ATTRIBUTES; the sim does the same, SmbTransportBehaviourTest); DELETE works.
    try (FileHandle f = w.open(UNC + "\\host-a.txt", CreateRequest.read())) {
      assertThat(f.setInformation(new FileInformation.Rename(false, "\\host-b.txt")).status())
          .isEqualTo(NtStatus.ACCESS_DENIED);
    }
    try (FileHandle f = w.open(UNC + "\\host-a.txt",
        CreateRequest.read().access(AccessMask.FILE_GENERIC_READ | AccessMask.DELETE))) {
      assertThat(f.setInformation(new FileInformation.Rename(false, "\\host-b.txt")).status())
          .isEqualTo(NtStatus.SUCCESS);
    }
    assertThat(smbclientLs("host-*")).contains("host-b.txt").doesNotContain("host-a.txt");

    try (FileHandle f = w.open(UNC + "\\HOST-B.TXT",
        CreateRequest.read().access(AccessMask.FILE_GENERIC_READ | AccessMask.DELETE))) {
      assertThat(f.setInformation(new FileInformation.Disposition(true)).status())
          .isEqualTo(NtStatus.SUCCESS);
    }
    assertThat(smbclientLs("host-b.txt")).contains("NT_STATUS_NO_SUCH_FILE");
  }

  @Test
  void twoLogonsWithDifferentRightsAndTheFailuresOfLogonAndShare_s6_3_s8() throws Exception {
    try (FileHandle f = writer().open(UNC + "\\host-r.txt", CreateRequest.readWrite().overwriteIf())) {
      f.write(0, bytes("for readers"));
    }
    IoSession r = reader();
    assertThat(r.tryOpen(UNC + "\\host-r.txt", CreateRequest.readWrite()).status())
        .isEqualTo(NtStatus.ACCESS_DENIED);
    try (FileHandle f = r.open(UNC + "\\host-r.txt", CreateRequest.read())) {
      assertThat(new String(f.read(0, 100).data(), StandardCharsets.UTF_8)).isEqualTo("for readers");
    }
    assertThat(smbclientGet("host-r.txt")).isEqualTo("for readers");

    assertThat(runtime.logon(Logon.user(SambaServer.WRITER, "wrong"))
            .tryOpen(UNC + "\\host-r.txt", CreateRequest.read()).status())
        .isEqualTo(NtStatus.LOGON_FAILURE);
    assertThat(writer().tryOpen("\\\\" + SERVER + "\\nosuchshare\\x.txt", CreateRequest.read()).status())
        .isEqualTo(NtStatus.BAD_NETWORK_NAME);
  }

  /**
   * Samba registers a directory's watch with its notify daemon asynchronously, and a change made
   * before the registration lands is not reported (seen under load). So the watch is primed first:
   * a first notification is answered for a canary file, created again until it is (a few seconds
   * at most); the handle's watch is then known to be in place for the notification under test.
   */
  private static void primeWatch(IoSession session, FileHandle dir) throws Exception {
    CompletableFuture<ChangeNotification> first =
        dir.notifyChangeDirectory(ChangeFilter.FILE_NAME, false).toCompletableFuture();
    for (int attempt = 0; !first.isDone() && attempt < 10; attempt++) {
      session.open(UNC + "\\canary-" + attempt + ".txt", CreateRequest.readWrite().overwriteIf()).close();
      try {
        first.get(2, TimeUnit.SECONDS);
      } catch (java.util.concurrent.TimeoutException notYet) {
        // the watch was not registered in time for this canary: make another change
      }
    }
    assertThat(first.get(30, TimeUnit.SECONDS).status()).isEqualTo(NtStatus.SUCCESS);
  }

  @Test
  void aChangeNotificationReportsAFileCreatedThroughAnotherHandle_s5_2() throws Exception {
    IoSession w = writer();
    try (FileHandle dir = w.open(UNC, CreateRequest.directory())) {
      primeWatch(w, dir);
      CompletableFuture<ChangeNotification> change =
          dir.notifyChangeDirectory(ChangeFilter.FILE_NAME, false).toCompletableFuture();

      w.open(UNC + "\\host-n.txt", CreateRequest.readWrite().overwriteIf()).close();

      ChangeNotification.Change added =
          new ChangeNotification.Change(ChangeNotification.Action.ADDED, "host-n.txt");
      ChangeNotification notification = change.get(30, TimeUnit.SECONDS);
      // A late canary may still be buffered on the server and come first.
      for (int more = 0; more < 3 && !notification.changes().contains(added); more++) {
        notification = dir.notifyChangeDirectory(ChangeFilter.FILE_NAME, false).toCompletableFuture()
            .get(30, TimeUnit.SECONDS);
      }
      assertThat(notification.status()).isEqualTo(NtStatus.SUCCESS);
      assertThat(notification.changes()).contains(added);
      CompletableFuture<ChangeNotification> pending =
          dir.notifyChangeDirectory(ChangeFilter.FILE_NAME, false).toCompletableFuture();
      assertThat(dir.cleanup()).isEqualTo(NtStatus.SUCCESS);
      assertThat(pending.get(30, TimeUnit.SECONDS).status()).isEqualTo(NtStatus.NOTIFY_CLEANUP);
    }
    assertThat(smbclientLs("host-n.txt")).contains("host-n.txt");
  }

  @Test
  void volumeQueriesAnswerTheSharesLabelSizeAndAttributes_s5_2() throws Exception {
    try (FileHandle f = writer().open(UNC + "\\host-v.txt", CreateRequest.readWrite().overwriteIf())) {
      assertThat(f.queryVolumeInformation(FsInformation.Volume.class).valueIfPresent().orElseThrow().volumeLabel())
          .isEqualTo(SambaServer.SHARE);
      FsInformation.Size size = f.queryVolumeInformation(FsInformation.Size.class).valueIfPresent().orElseThrow();
      SambaServer.SmbclientResult du =
          samba.smbclient(SambaServer.READER, SambaServer.READER_PASSWORD, SambaServer.SHARE, "du");
      java.util.regex.Matcher m =
          java.util.regex.Pattern.compile("(\\d+) blocks of size (\\d+)\\.").matcher(du.output());
      assertThat(m.find()).as(du.output()).isTrue();
      assertThat(size.totalAllocationUnits() * size.sectorsPerAllocationUnit() * size.bytesPerSector())
          .isEqualTo(Long.parseLong(m.group(1)) * Long.parseLong(m.group(2)));
      assertThat(f.queryVolumeInformation(FsInformation.Attribute.class).valueIfPresent().orElseThrow().maximumComponentNameLength())
          .isEqualTo(255);
    }
  }

  /** A name no resolver knows (RFC 6761 {@code .invalid}) is an unreachable server (§6.3, §8). */
  @Test
  void anUnknownServerIsBadNetworkPath_s6_3_s8() {
    assertThat(writer().tryOpen("\\\\nosuchserver.invalid\\docs\\x.txt", CreateRequest.read()).status())
        .isEqualTo(NtStatus.BAD_NETWORK_PATH);
  }

  /** The smb2 transport too keeps passwords out of the trace, the snapshot and every toString. */
  @Test
  void noPasswordAppearsInTheTraceSnapshotOrToStringOnSamba() throws Exception {
    java.util.List<dev.rdbss.api.observe.TraceEvent> trace = new java.util.concurrent.CopyOnWriteArrayList<>();
    runtime.observation().addTraceListener(trace::add);
    String wrong = "Wrong-" + System.nanoTime();
    java.util.List<String> renderings = new java.util.ArrayList<>();
    IoSession w = writer();
    try (FileHandle f = w.open(UNC + "\\host-c.txt", CreateRequest.readWrite().overwriteIf())) {
      renderings.add(w.toString());
      renderings.add(f.toString());
      renderings.add(runtime.observation().snapshot().render());
    }
    assertThat(runtime.logon(Logon.user(SambaServer.WRITER, wrong)).tryOpen(UNC + "\\host-c.txt", CreateRequest.read()).status())
        .isEqualTo(NtStatus.LOGON_FAILURE);
    trace.forEach(e -> renderings.add(e + " " + e.detail()));

    assertThat(trace).isNotEmpty();
    assertThat(String.join("\n", renderings)).doesNotContain(SambaServer.WRITER_PASSWORD).doesNotContain(wrong);
  }

  @Test
  void aDriveDeletedWithForceWhileAFileIsOpen_s4_2_s6_5() throws Exception {
    IoSession w = writer();
    assertThat(w.netUse("Z:", UNC)).isEqualTo(NtStatus.SUCCESS);
    FileHandle f = w.open("Z:\\host-z.txt", CreateRequest.readWrite().overwriteIf());
    assertThat(f.write(0, bytes("mapped")).status()).isEqualTo(NtStatus.SUCCESS);
    assertThat(w.netUseDelete("Z:", ConnectionFinalizeLevel.FORCE_FILES_CLOSED))
        .isEqualTo(NtStatus.SUCCESS);
    assertThat(f.read(0, 1).status()).isEqualTo(NtStatus.UNEXPECTED_NETWORK_ERROR);
    assertThat(f.cleanup()).isEqualTo(NtStatus.SUCCESS);
    f.close();
    assertThat(w.netUses()).isEmpty();
    assertThat(smbclientGet("host-z.txt")).isEqualTo("mapped");
  }
}
