package dev.rdbss.minirdr.csc;

import static dev.rdbss.minirdr.csc.CscFixture.DOCS;
import static dev.rdbss.minirdr.csc.CscFixture.bytes;
import static dev.rdbss.minirdr.csc.CscFixture.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rdbss.api.ConnectionFinalizeLevel;
import dev.rdbss.api.NtStatus;
import dev.rdbss.api.io.ControlResult;
import dev.rdbss.api.io.CreateRequest;
import dev.rdbss.api.io.FileHandle;
import dev.rdbss.api.io.IoSession;
import dev.rdbss.api.NodeType;
import dev.rdbss.api.observe.TraceEvent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.jspecify.annotations.Nullable;
import java.util.Objects;

/**
 * Online/offline transitions (issue 7 point 2, spec §4.1, §4.2), through the host API and shown on
 * the runtime's trace: a transition is {@code forceFinalizeAllVNetRoots} on the share's NET_ROOT,
 * run on the RDBSS worker; handles opened before answer UNEXPECTED_NETWORK_ERROR except cleanup
 * and close; what they wrote is kept; new opens build a fresh V_NET_ROOT and NET_ROOT in the new
 * mode; a drive mapping keeps working.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class CscTransitionTest {

  private static final String WORKER = "RDBSS worker (rdbss)";

  @TempDir Path folder;
  private @Nullable CscFixture f;

  private CscFixture fixture() {
    f = new CscFixture(folder);
    return f;
  }

  @AfterEach
  void closeChecksForLeaks() {
    if (f != null) {
      f.close();
    }
  }

  /** The forceFinalizeAllVNetRoots events of the CSC device after {@code from}. */
  private List<TraceEvent> forceFinalizations(long from) {
    return Objects.requireNonNull(f).events("forceFinalizeAllVNetRoots", from).stream()
        .filter(e -> e.device().equals(CscProvider.DEVICE))
        .toList();
  }

  private List<TraceEvent> newNetRoots(long from) {
    return Objects.requireNonNull(f).events("createNetRoot", from).stream()
        .filter(e -> e.device().equals(CscProvider.DEVICE))
        .toList();
  }

  @Test
  void offlineOnRequestForceFinalizesTheShareOnTheWorkerAndOrphansOpenHandles_s4_1_s4_2() {
    CscFixture f = fixture();
    IoSession alice = f.alice();
    FileHandle before = alice.open(DOCS + "\\a.txt", CreateRequest.readWrite().create());
    assertThat(before.write(0, bytes("written online")).status()).isEqualTo(NtStatus.SUCCESS);
    long mark = f.lastSequence();

    ControlResult answer = f.command(alice, CscControlCodes.FSCTL_CSC_OFFLINE, DOCS);

    assertThat(answer.status()).isEqualTo(NtStatus.SUCCESS);
    CscShareStatus status = CscShareStatus.parse(CscControlCodes.text(answer.output()).trim());
    assertThat(status.mode()).isEqualTo(ShareMode.OFFLINE);
    assertThat(status.cause()).isEqualTo(ModeCause.REQUESTED);
    // §4.1 on the trace: one forced finalization of the share's NET_ROOT, on the RDBSS worker
    // (the command was posted there), with the V_NET_ROOT finalized under it.
    List<TraceEvent> forced = forceFinalizations(mark);
    assertThat(forced).hasSize(1);
    assertThat(forced.get(0).thread()).isEqualTo(WORKER);
    assertThat(forced.get(0).object()).isNotNull()
        .satisfies(o -> assertThat(o.type()).isEqualTo(NodeType.NET_ROOT));
    assertThat(f.events("orphanFcb", mark)).singleElement()
        .satisfies(e -> assertThat(String.valueOf(e.object())).endsWith("a.txt"));
    // §4.2: the old handle answers UNEXPECTED_NETWORK_ERROR, except cleanup and close.
    assertThat(before.read(0, 10).status()).isEqualTo(NtStatus.UNEXPECTED_NETWORK_ERROR);
    assertThat(before.write(0, bytes("late")).status()).isEqualTo(NtStatus.UNEXPECTED_NETWORK_ERROR);
    assertThat(before.cleanup()).isEqualTo(NtStatus.SUCCESS);
    before.close();
    // A new open builds a fresh NET_ROOT and V_NET_ROOT, offline, and finds what was written.
    long afterTransition = f.lastSequence();
    long requestsBefore = f.files.requestCount();
    try (FileHandle again = alice.open(DOCS + "\\a.txt", CreateRequest.read())) {
      assertThat(text(again.read(0, 100).data())).isEqualTo("written online");
    }
    assertThat(newNetRoots(afterTransition)).hasSize(1);
    assertThat(f.events("createVNetRoot", afterTransition).stream()
        .filter(e -> e.kind() == TraceEvent.Kind.CALLBACK)).hasSize(1);
    assertThat(f.files.requestCount()).as("served from the cache").isEqualTo(requestsBefore);
  }

  @Test
  void aTransportErrorInsideAnIoCallIsPostedToTheWorkerAndNothingWrittenIsLost_s4_1_s4_2() {
    CscFixture f = fixture();
    IoSession alice = f.alice();
    FileHandle open = alice.open(DOCS + "\\log.txt", CreateRequest.readWrite().create());
    assertThat(open.write(0, bytes("first ")).status()).isEqualTo(NtStatus.SUCCESS);
    long mark = f.lastSequence();

    f.cable.unplug();
    // The write meets the dropped connection: its bytes go into the cache and journal (SUCCESS),
    // and the transition is posted to the worker instead of run under the FCB this call holds.
    assertThat(open.write(6, bytes("second")).status()).isEqualTo(NtStatus.SUCCESS);
    f.runtime.awaitIdle();

    List<TraceEvent> forced = forceFinalizations(mark);
    assertThat(forced).hasSize(1);
    assertThat(forced.get(0).thread()).isEqualTo(WORKER);
    TraceEvent write = f.events("lowIoSubmit[WRITE]", mark).get(0);
    assertThat(write.thread()).isNotEqualTo(WORKER);
    assertThat(write.sequence()).isLessThan(forced.get(0).sequence());
    assertThat(f.status(alice).mode()).isEqualTo(ShareMode.OFFLINE);
    assertThat(f.status(alice).cause()).isEqualTo(ModeCause.UNREACHABLE);
    assertThat(open.read(0, 5).status()).isEqualTo(NtStatus.UNEXPECTED_NETWORK_ERROR);
    open.close();
    try (FileHandle offline = alice.open(DOCS + "\\log.txt", CreateRequest.read())) {
      assertThat(text(offline.read(0, 100).data())).isEqualTo("first second");
    }
    assertThat(f.status(alice).pending()).as("the write the server missed is journaled").isEqualTo(1);
  }

  @Test
  void theProbeOnTheRuntimeClockBringsTheShareBackOnlineAndSyncs_s4_1() {
    CscFixture f = fixture();
    IoSession alice = f.alice();
    try (FileHandle h = alice.open(DOCS + "\\p.txt", CreateRequest.readWrite().create())) {
      h.write(0, bytes("v1"));
    }
    f.cable.unplug();
    assertThat(alice.tryOpen(DOCS + "\\p.txt", CreateRequest.read()).status())
        .isEqualTo(NtStatus.CONNECTION_DISCONNECTED); // the open that finds the server gone
    f.runtime.awaitIdle();
    assertThat(f.status(alice).mode()).isEqualTo(ShareMode.OFFLINE);
    try (FileHandle h = alice.open(DOCS + "\\p.txt", CreateRequest.readWrite())) {
      h.write(0, bytes("v2 edited offline"));
    }
    FileHandle offlineHandle = alice.open(DOCS + "\\p.txt", CreateRequest.read());
    // Probing while the server is still away: stays offline, probes again later.
    f.clock.advance(CscFixture.PROBE);
    f.runtime.awaitIdle();
    assertThat(f.status(alice).mode()).isEqualTo(ShareMode.OFFLINE);
    long mark = f.lastSequence();

    f.cable.plugIn();
    f.clock.advance(CscFixture.PROBE);
    f.runtime.awaitIdle();

    CscShareStatus status = f.status(alice);
    assertThat(status.mode()).isEqualTo(ShareMode.ONLINE);
    assertThat(status.cause()).isEqualTo(ModeCause.PROBE);
    assertThat(status.pending()).isZero();
    assertThat(f.serverText("p.txt")).isEqualTo("v2 edited offline");
    assertThat(forceFinalizations(mark)).hasSize(1);
    assertThat(forceFinalizations(mark).get(0).thread()).isEqualTo(WORKER);
    assertThat(offlineHandle.read(0, 2).status()).isEqualTo(NtStatus.UNEXPECTED_NETWORK_ERROR);
    offlineHandle.close();
    long requestsBefore = f.files.requestCount();
    try (FileHandle h = alice.open(DOCS + "\\p.txt", CreateRequest.read())) {
      assertThat(text(h.read(0, 100).data())).isEqualTo("v2 edited offline");
    }
    assertThat(f.files.requestCount()).as("online again: the open went to the server")
        .isGreaterThan(requestsBefore);
  }

  @Test
  void aDriveMappingKeepsWorkingAcrossBothTransitions_s4_2() {
    CscFixture f = fixture();
    IoSession alice = f.alice();
    assertThat(alice.netUse("X:", DOCS)).isEqualTo(NtStatus.SUCCESS);
    try (FileHandle h = alice.open("X:\\m.txt", CreateRequest.readWrite().create())) {
      h.write(0, bytes("online"));
    }
    FileHandle held = alice.open("X:\\m.txt", CreateRequest.read());
    long mark = f.lastSequence();

    assertThat(f.command(alice, CscControlCodes.FSCTL_CSC_OFFLINE, DOCS).status()).isEqualTo(NtStatus.SUCCESS);
    assertThat(held.read(0, 1).status()).isEqualTo(NtStatus.UNEXPECTED_NETWORK_ERROR);
    held.close();
    try (FileHandle h = alice.open("X:\\m.txt", CreateRequest.readWrite())) {
      assertThat(h.write(6, bytes(" offline")).status()).isEqualTo(NtStatus.SUCCESS);
    }
    ControlResult online = f.command(alice, CscControlCodes.FSCTL_CSC_ONLINE, DOCS);
    assertThat(online.status()).isEqualTo(NtStatus.SUCCESS);
    SyncReport report = SyncReport.parse(CscControlCodes.text(online.output()));
    assertThat(report.applied()).isEqualTo(1);
    assertThat(report.conflicts()).isEmpty();
    try (FileHandle h = alice.open("X:\\m.txt", CreateRequest.read())) {
      assertThat(text(h.read(0, 100).data())).isEqualTo("online offline");
    }
    assertThat(forceFinalizations(mark)).hasSize(2);
    assertThat(newNetRoots(mark)).hasSize(2);
    assertThat(alice.netUseDelete("X:", ConnectionFinalizeLevel.NO_FORCE)).isEqualTo(NtStatus.SUCCESS);
  }

  @Test
  void commandsNameOnlyServersThePluginCaches_s5_1() {
    CscFixture f = fixture();
    IoSession alice = f.alice();
    assertThat(f.command(alice, CscControlCodes.FSCTL_CSC_OFFLINE, "\\\\other\\pub").status())
        .isEqualTo(NtStatus.BAD_NETWORK_NAME);
    assertThat(f.command(alice, CscControlCodes.FSCTL_CSC_OFFLINE, "not a share").status())
        .isEqualTo(NtStatus.OBJECT_NAME_INVALID);
    f.cable.unplug();
    assertThat(f.command(alice, CscControlCodes.FSCTL_CSC_ONLINE, DOCS).status())
        .as("online on request while the server is away").isEqualTo(NtStatus.BAD_NETWORK_PATH);
    f.clock.advance(Duration.ofSeconds(1));
  }
}
