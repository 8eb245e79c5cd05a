package dev.rdbss.minirdr.csc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rdbss.api.NtStatus;
import dev.rdbss.api.file.AccessMask;
import dev.rdbss.api.file.FileInformation;
import dev.rdbss.api.io.ControlResult;
import dev.rdbss.api.io.CreateRequest;
import dev.rdbss.api.io.DeviceHandle;
import dev.rdbss.api.io.FileHandle;
import dev.rdbss.api.io.IoSession;
import dev.rdbss.api.io.Logon;
import dev.rdbss.core.ManualClock;
import dev.rdbss.core.RdbssRuntime;
import dev.rdbss.core.RdbssSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.jspecify.annotations.Nullable;

/**
 * The CSC sample against a real Samba (issue 7 point 7; {@code smb2} transport): the share goes
 * offline when the test's {@code smbd} is stopped, is edited offline, comes back online through the
 * probe once {@code smbd} runs again, syncs, and Samba's own {@code smbclient} shows the result.
 * Skipped with a message when Samba cannot run here; {@code RDBSS_REQUIRE_SAMBA=1} fails instead
 * (see {@link SambaServer}).
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class CscSambaTest {

  private static final String SERVER = "samba";
  private static final String UNC = "\\\\" + SERVER + "\\" + SambaServer.SHARE;
  private static final Duration PROBE = Duration.ofSeconds(30);

  private static @Nullable SambaServer started;

  private static SambaServer samba() {
    return Objects.requireNonNull(started, "smbd was not started");
  }

  @TempDir Path folder;
  private final ManualClock clock = new ManualClock();
  private @Nullable RdbssRuntime runtime;

  private RdbssRuntime runtime() {
    return Objects.requireNonNull(runtime, "no runtime");
  }

  @BeforeAll
  static void startSamba() throws Exception {
    started = SambaServer.startOrSkip("csc");
  }

  @AfterAll
  static void stopSamba() throws Exception {
    if (started != null) {
      started.stop();
    }
  }

  @AfterEach
  void closeChecksForLeaks() {
    if (runtime != null) {
      runtime.close();
    }
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String smbclientGet(String name) throws Exception {
    Path local = Files.createTempFile(Path.of("target"), "smbclient", ".bin");
    try {
      SambaServer.SmbclientResult result =
          samba().smbclient(SambaServer.READER, SambaServer.READER_PASSWORD, SambaServer.SHARE,
              "get \"" + name + "\" " + local);
      assertThat(result.exitCode()).as(result.output()).isZero();
      return Files.readString(local);
    } finally {
      Files.deleteIfExists(local);
    }
  }

  private static String smbclientLs() throws Exception {
    return samba().smbclient(SambaServer.READER, SambaServer.READER_PASSWORD, SambaServer.SHARE, "ls").output();
  }

  private CscShareStatus status(IoSession session) {
    try (DeviceHandle device = session.openDevice(CscProvider.DEVICE)) {
      ControlResult r = device.fsctl(CscControlCodes.FSCTL_CSC_STATUS, CscControlCodes.input(UNC),
          CscControlCodes.OUTPUT_LENGTH);
      assertThat(r.status()).isEqualTo(NtStatus.SUCCESS);
      return CscShareStatus.parse(CscControlCodes.text(r.output()).trim());
    }
  }

  @Test
  void stopSmbdEditOfflineStartItSyncAndSmbclientSeesTheResult_issue7point7() throws Exception {
    runtime =
        RdbssRuntime.builder()
            .serviceLoaderDiscovery(false)
            .clock(clock)
            .settings(RdbssSettings.of(Map.of(
                RdbssSettings.FAIL_ON_LEAK, "true",
                "rdbss.plugin.csc.servers", SERVER,
                "rdbss.plugin.csc.cache.folder", folder.resolve("cache").toString(),
                "rdbss.plugin.csc.probeInterval", "30s",
                "rdbss.plugin.csc.smb2.address." + SERVER, "127.0.0.1:" + samba().port(),
                "rdbss.plugin.csc.smb2.timeout", "5s")))
            .provider(CscProvider.smb2())
            .build();
    IoSession writer = runtime().logon(Logon.user(SambaServer.WRITER, SambaServer.WRITER_PASSWORD));
    try (FileHandle h = writer.open(UNC + "\\notes.txt", CreateRequest.readWrite().overwriteIf())) {
      assertThat(h.write(0, bytes("online;")).status()).isEqualTo(NtStatus.SUCCESS);
    }
    try (FileHandle h = writer.open(UNC + "\\old-name.txt", CreateRequest.readWrite().overwriteIf())) {
      h.write(0, bytes("to be renamed"));
    }
    assertThat(smbclientGet("notes.txt")).isEqualTo("online;");

    samba().stop();
    // The first request that reaches for the server finds it gone and takes the share offline.
    NtStatus failed = writer.tryOpen(UNC + "\\notes.txt", CreateRequest.read()).status();
    assertThat(failed.isSuccess()).as("open while smbd is down: %s", failed).isFalse();
    runtime().awaitIdle();
    assertThat(status(writer).mode()).isEqualTo(ShareMode.OFFLINE);

    try (FileHandle h = writer.open(UNC + "\\notes.txt", CreateRequest.readWrite())) {
      assertThat(h.write(7, bytes("offline")).status()).isEqualTo(NtStatus.SUCCESS);
    }
    try (FileHandle h = writer.open(UNC + "\\made-offline.txt", CreateRequest.readWrite().create())) {
      h.write(0, bytes("created while smbd was down"));
    }
    try (FileHandle h = writer.open(UNC + "\\old-name.txt",
        CreateRequest.readWrite().access(AccessMask.FILE_GENERIC_READ | AccessMask.DELETE))) {
      assertThat(h.setInformation(new FileInformation.Rename(false, "\\new-name.txt")).status())
          .isEqualTo(NtStatus.SUCCESS);
    }
    assertThat(status(writer).pending()).isEqualTo(4);

    samba().start();
    clock.advance(PROBE);
    runtime().awaitIdle();

    CscShareStatus back = status(writer);
    assertThat(back.mode()).isEqualTo(ShareMode.ONLINE);
    assertThat(back.cause()).isEqualTo(ModeCause.PROBE);
    assertThat(back.pending()).isZero();
    assertThat(back.conflicts()).isZero();
    assertThat(smbclientGet("notes.txt")).isEqualTo("online;offline");
    assertThat(smbclientGet("made-offline.txt")).isEqualTo("created while smbd was down");
    assertThat(smbclientGet("new-name.txt")).isEqualTo("to be renamed");
    String listing = smbclientLs();
    assertThat(listing).contains("new-name.txt").doesNotContain("old-name.txt");
  }
}
