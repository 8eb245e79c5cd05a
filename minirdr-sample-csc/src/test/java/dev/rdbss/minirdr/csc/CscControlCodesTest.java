package dev.rdbss.minirdr.csc;

import static dev.rdbss.minirdr.csc.CscFixture.DOCS;
import static dev.rdbss.minirdr.csc.CscFixture.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rdbss.api.NtStatus;
import dev.rdbss.api.io.ControlResult;
import dev.rdbss.api.io.CreateRequest;
import dev.rdbss.api.io.DeviceHandle;
import dev.rdbss.api.io.FileHandle;
import dev.rdbss.api.io.IoSession;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commands of {@link CscControlCodes} as device control requests (spec §5.1, §5.2
 * {@code MRxDevFcbXXXControlFile}): their stable codes, payloads and answers.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class CscControlCodesTest {

  @TempDir Path folder;
  private CscFixture f;
  private IoSession alice;

  @BeforeEach
  void start() {
    f = new CscFixture(folder);
    alice = f.alice();
  }

  @AfterEach
  void closeChecksForLeaks() {
    f.close();
  }

  @Test
  void codesAreStableCtlCodesOfTheNetworkFileSystemDevice_s5_1() {
    assertThat(CscControlCodes.FSCTL_CSC_STATUS).isEqualTo(0x142800);
    assertThat(CscControlCodes.FSCTL_CSC_OFFLINE).isEqualTo(0x142804);
    assertThat(CscControlCodes.FSCTL_CSC_ONLINE).isEqualTo(0x142808);
    assertThat(CscControlCodes.FSCTL_CSC_SYNC).isEqualTo(0x14280C);
    assertThat(CscControlCodes.FSCTL_CSC_PIN).isEqualTo(0x142810);
  }

  @Test
  void statusWithoutInputListsEveryKnownShareAndRoundTrips_s5_1() {
    try (FileHandle h = alice.open(DOCS + "\\s.txt", CreateRequest.readWrite().create())) {
      h.write(0, bytes("x"));
    }
    ControlResult all = f.command(alice, CscControlCodes.FSCTL_CSC_STATUS, "");
    assertThat(all.status()).isEqualTo(NtStatus.SUCCESS);
    List<CscShareStatus> lines = CscShareStatus.parseAll(CscControlCodes.text(all.output()));
    assertThat(lines).containsExactly(
        new CscShareStatus(DOCS, ShareMode.ONLINE, ModeCause.INITIAL, 0, 0, 0, 0));
    assertThat(CscShareStatus.parse(lines.get(0).toLine())).isEqualTo(lines.get(0));
    assertThat(f.command(alice, CscControlCodes.FSCTL_CSC_STATUS, "\\\\other\\pub").status())
        .isEqualTo(NtStatus.BAD_NETWORK_NAME);
  }

  @Test
  void syncReplaysWithoutChangingTheModeAndAnswersTheReport_issue7point3() {
    try (FileHandle h = alice.open(DOCS + "\\s.txt", CreateRequest.readWrite().create())) {
      h.write(0, bytes("before"));
    }
    f.offline(alice);
    try (FileHandle h = alice.open(DOCS + "\\s.txt", CreateRequest.readWrite())) {
      h.write(0, bytes("AFTER!"));
    }

    ControlResult synced = f.command(alice, CscControlCodes.FSCTL_CSC_SYNC, DOCS);

    assertThat(synced.status()).isEqualTo(NtStatus.SUCCESS);
    SyncReport report = SyncReport.parse(CscControlCodes.text(synced.output()));
    assertThat(report).isEqualTo(new SyncReport(DOCS, 1, 0, List.of(), 0));
    assertThat(SyncReport.parse(report.toText())).isEqualTo(report);
    assertThat(f.serverText("s.txt")).isEqualTo("AFTER!");
    CscShareStatus status = f.status(alice);
    assertThat(status.mode()).isEqualTo(ShareMode.OFFLINE);
    assertThat(status.pending()).isZero();
  }

  @Test
  void aSmallOutputBufferIsRefusedBeforeAnythingIsDone_s5_2() {
    assertThat(f.command(alice, CscControlCodes.FSCTL_CSC_STATUS, DOCS).status())
        .as("a share the plugin has not seen yet").isEqualTo(NtStatus.OBJECT_NAME_NOT_FOUND);
    try (FileHandle h = alice.open(DOCS, CreateRequest.directory())) {
      assertThat(h.createInformation()).isNotNull();
    }
    try (DeviceHandle device = alice.openDevice(CscProvider.DEVICE)) {
      ControlResult r = device.fsctl(CscControlCodes.FSCTL_CSC_OFFLINE, CscControlCodes.input(DOCS), 16);
      assertThat(r.status()).isEqualTo(NtStatus.BUFFER_TOO_SMALL);
    }
    assertThat(f.status(alice).mode()).isEqualTo(ShareMode.ONLINE);
  }
}
