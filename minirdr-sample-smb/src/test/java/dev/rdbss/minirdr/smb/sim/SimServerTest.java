package dev.rdbss.minirdr.smb.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rdbss.api.Credentials;
import dev.rdbss.api.NtStatus;
import dev.rdbss.api.file.AccessMask;
import dev.rdbss.api.file.CreateDisposition;
import dev.rdbss.api.file.CreateInformation;
import dev.rdbss.api.file.FileInformation;
import dev.rdbss.api.file.ShareAccess;
import dev.rdbss.api.io.ChangeNotification;
import dev.rdbss.minirdr.smb.TestClock;
import dev.rdbss.minirdr.smb.client.ByteRange;
import dev.rdbss.minirdr.smb.client.ChangeFilter;
import dev.rdbss.minirdr.smb.client.OplockBreakListener;
import dev.rdbss.minirdr.smb.client.OplockLevel;
import dev.rdbss.minirdr.smb.client.SmbClient;
import dev.rdbss.minirdr.smb.client.SmbCreateRequest;
import dev.rdbss.minirdr.smb.client.SmbCreateResult;
import dev.rdbss.minirdr.smb.client.SmbFileId;
import dev.rdbss.minirdr.smb.client.SmbResult;
import dev.rdbss.minirdr.smb.client.SmbSession;
import dev.rdbss.minirdr.smb.client.SmbTransports;
import dev.rdbss.minirdr.smb.client.SmbTree;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What only the simulated server has: injected faults, restart, oplocks with breaks, and the
 * session and tree lifecycle. Everything runs on a manual clock: nothing sleeps, nothing races.
 */
class SimServerTest {

  static final int READ_WRITE = AccessMask.FILE_GENERIC_READ | AccessMask.FILE_GENERIC_WRITE;
  static final Credentials ALICE = Credentials.of("alice", "secret".toCharArray());
  static final Credentials BOB = Credentials.of("bob", "hunter2".toCharArray());

  final TestClock clock = new TestClock();
  final SimNetwork network = new SimNetwork(clock);
  final SimServer server = network.addServer("files");
  final SmbClient client = SmbTransports.sim(network);
  final List<String> breaks = new ArrayList<>();
  SmbTree alice;
  SmbTree bob;

  @BeforeEach
  void setUp() {
    server.addUser("alice", "secret").addUser("bob", "hunter2").addUser("carol", "pw");
    server.addShare("docs").grant("alice", ShareRights.READ_WRITE).grant("bob", ShareRights.READ_WRITE);
    alice = tree(ALICE, (tree, file, level) -> breaks.add("alice:" + level));
    bob = tree(BOB, (tree, file, level) -> breaks.add("bob:" + level));
  }

  @AfterEach
  void tearDown() {
    client.close();
  }

  SmbTree tree(Credentials who, OplockBreakListener listener) {
    SmbSession session = client.connect("files", who, listener).join().get();
    return session.treeConnect("docs").join().get();
  }

  static SmbCreateRequest file(CreateDisposition disposition) {
    return SmbCreateRequest.file(READ_WRITE, EnumSet.allOf(ShareAccess.class), disposition);
  }

  SmbFileId create(SmbTree tree, String path, String content) {
    SmbFileId id = tree.create(path, file(CreateDisposition.CREATE)).join().get().fileId();
    tree.write(id, 0, content.getBytes(StandardCharsets.UTF_8)).join().get();
    return id;
  }

  // ---- Faults --------------------------------------------------------------------------------------

  @Test
  void latencyDelaysAnswersUntilTheClockMoves() {
    SmbFileId f = create(alice, "slow.txt", "data");
    server.faults().latency(Duration.ofMillis(250));

    CompletableFuture<SmbResult<byte[]>> read = alice.read(f, 0, 4);
    assertThat(read).isNotDone();
    clock.advance(Duration.ofMillis(249));
    assertThat(read).isNotDone();
    clock.advance(Duration.ofMillis(1));

    assertThat(read.join().get()).isEqualTo("data".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void anAnswerLaterThanTheRequestTimeoutIsIoTimeoutButTheRequestTookEffect() {
    try (SmbClient impatient = SmbTransports.sim(network, Duration.ofSeconds(5))) {
      SmbTree tree =
          impatient.connect("files", ALICE, OplockBreakListener.IGNORE).join().get().treeConnect("docs").join().get();
      SmbFileId f = tree.create("late.txt", file(CreateDisposition.CREATE)).join().get().fileId();
      server.faults().latency(Duration.ofSeconds(10));

      CompletableFuture<SmbResult<Integer>> write = tree.write(f, 0, "late".getBytes(StandardCharsets.UTF_8));
      clock.advance(Duration.ofMillis(4999));
      assertThat(write).isNotDone();
      clock.advance(Duration.ofMillis(1));

      assertThat(write.join().status()).isEqualTo(NtStatus.IO_TIMEOUT);
      clock.advance(Duration.ofSeconds(5)); // the answer arrives, too late to matter
      assertThat(write.join().status()).isEqualTo(NtStatus.IO_TIMEOUT);
      server.faults().clear();
      assertThat(tree.read(f, 0, 10).join().get()).isEqualTo("late".getBytes(StandardCharsets.UTF_8));
    }
  }

  @Test
  void aParkedRequestWaitsBeyondTheRequestTimeoutAsAfterAnInterimAnswer() {
    try (SmbClient impatient = SmbTransports.sim(network, Duration.ofSeconds(5))) {
      SmbTree tree =
          impatient.connect("files", BOB, OplockBreakListener.IGNORE).join().get().treeConnect("docs").join().get();
      SmbFileId mine = create(alice, "locked.txt", "x");
      SmbFileId theirs = tree.create("locked.txt", file(CreateDisposition.OPEN)).join().get().fileId();
      alice.lock(mine, new ByteRange(0, 1), true, true).join();
      server.faults().latency(Duration.ofSeconds(1));

      CompletableFuture<NtStatus> waiting = tree.lock(theirs, new ByteRange(0, 1), true, false);
      clock.advance(Duration.ofMinutes(1));
      assertThat(waiting).isNotDone();
      alice.unlock(mine, new ByteRange(0, 1));
      clock.advance(Duration.ofMinutes(1));

      assertThat(waiting.join()).isEqualTo(NtStatus.SUCCESS);
    }
  }

  @Test
  void anAnswerStillUnderWayWhenTheServerRestartsIsConnectionDisconnected() {
    SmbFileId f = create(alice, "wire.txt", "x");
    server.faults().latency(Duration.ofSeconds(1));
    CompletableFuture<SmbResult<Integer>> write = alice.write(f, 0, "y".getBytes(StandardCharsets.UTF_8));
    assertThat(write).isNotDone();

    server.restart();

    assertThat(write.join().status()).isEqualTo(NtStatus.CONNECTION_DISCONNECTED);
    clock.advance(Duration.ofSeconds(1)); // the late answer changes nothing
    assertThat(write.join().status()).isEqualTo(NtStatus.CONNECTION_DISCONNECTED);
  }

  @Test
  void theVolumeReportsTheShareCapacityLessWhatTheFilesAllocate() {
    server.share("docs").orElseThrow().capacity(40L * 4096);
    SmbFileId f = create(alice, "big.bin", "");
    alice.write(f, 0, new byte[3 * 4096 + 1]).join().get();

    var size = (dev.rdbss.api.file.FsInformation.Size)
        alice.queryVolumeInfo(f, dev.rdbss.api.file.FsInformation.Size.class).join().get();

    assertThat(size.totalAllocationUnits()).isEqualTo(40);
    assertThat(size.actualAvailableAllocationUnits()).isEqualTo(36);
    assertThat(size.sectorsPerAllocationUnit() * size.bytesPerSector()).isEqualTo(4096);
  }

  @Test
  void theNthRequestDropsTheConnectionAndANewConnectionWorks() {
    SmbFileId f = create(alice, "f.txt", "x");
    server.faults().disconnectAtRequest(3);

    assertThat(alice.read(f, 0, 1).join().status()).isEqualTo(NtStatus.SUCCESS);
    assertThat(alice.read(f, 0, 1).join().status()).isEqualTo(NtStatus.SUCCESS);
    assertThat(alice.read(f, 0, 1).join().status()).isEqualTo(NtStatus.CONNECTION_DISCONNECTED);
    assertThat(alice.read(f, 0, 1).join().status()).isEqualTo(NtStatus.CONNECTION_DISCONNECTED);
    // Every session of that connection went with it, and the server closed their opens.
    assertThat(bob.read(f, 0, 1).join().status()).isEqualTo(NtStatus.CONNECTION_DISCONNECTED);

    SmbTree again = tree(ALICE, OplockBreakListener.IGNORE);
    SmbResult<SmbCreateResult> exclusive =
        again.create("f.txt", SmbCreateRequest.file(READ_WRITE, EnumSet.noneOf(ShareAccess.class), CreateDisposition.OPEN)).join();
    assertThat(exclusive.status()).isEqualTo(NtStatus.SUCCESS);
  }

  @Test
  void anErrorOnAPathFailsItsCreatesAndItsOpensUntilCleared() {
    SmbFileId f = create(alice, "bad.txt", "x");
    server.faults().failPath("DOCS", "BAD.TXT", NtStatus.DATA_ERROR);

    assertThat(alice.read(f, 0, 1).join().status()).isEqualTo(NtStatus.DATA_ERROR);
    assertThat(alice.create("bad.txt", file(CreateDisposition.OPEN)).join().status()).isEqualTo(NtStatus.DATA_ERROR);
    assertThat(alice.create("good.txt", file(CreateDisposition.CREATE)).join().status()).isEqualTo(NtStatus.SUCCESS);

    server.faults().clearPath("docs", "bad.txt");
    assertThat(alice.read(f, 0, 1).join().status()).isEqualTo(NtStatus.SUCCESS);
  }

  @Test
  void aRestartAnswersWaitingRequestsAndForgetsOpensButKeepsFiles() {
    SmbFileId f = create(alice, "kept.txt", "x");
    SmbFileId d = alice.create("", SmbCreateRequest.directory(CreateDisposition.OPEN)).join().get().fileId();
    CompletableFuture<ChangeNotification> watching = alice.changeNotify(d, ChangeFilter.FILE_NAME, false);
    SmbFileId g = bob.create("kept.txt", file(CreateDisposition.OPEN)).join().get().fileId();
    alice.lock(f, new ByteRange(0, 1), true, true).join();
    CompletableFuture<NtStatus> blocked = bob.lock(g, new ByteRange(0, 1), true, false);
    alice.setInfo(f, new FileInformation.Disposition(true)).join();
    assertThat(blocked).isNotDone();
    assertThat(watching).isNotDone();

    server.restart();

    assertThat(blocked.join()).isEqualTo(NtStatus.CONNECTION_DISCONNECTED);
    assertThat(watching.join().status()).isEqualTo(NtStatus.CONNECTION_DISCONNECTED);
    SmbTree again = tree(ALICE, OplockBreakListener.IGNORE);
    SmbResult<SmbCreateResult> reopened = again.create("kept.txt", file(CreateDisposition.OPEN)).join();
    assertThat(reopened.status()).isEqualTo(NtStatus.SUCCESS); // the pending delete died with the server
  }

  // ---- Oplocks -------------------------------------------------------------------------------------

  @Test
  void aBatchOplockIsBrokenToLevelTwoAndTheSecondOpenWaitsForTheAcknowledgement() {
    SmbFileId f = create(alice, "cached.txt", "x");
    alice.close(f).join();
    SmbCreateResult held =
        alice.create("cached.txt", file(CreateDisposition.OPEN).withOplock(OplockLevel.BATCH)).join().get();
    assertThat(held.grantedOplock()).isEqualTo(OplockLevel.BATCH);

    CompletableFuture<SmbResult<SmbCreateResult>> second =
        bob.create("cached.txt", file(CreateDisposition.OPEN).withOplock(OplockLevel.BATCH));

    assertThat(breaks).containsExactly("alice:LEVEL_II");
    assertThat(second).isNotDone();
    assertThat(alice.acknowledgeOplockBreak(held.fileId(), OplockLevel.LEVEL_II).join()).isEqualTo(NtStatus.SUCCESS);
    assertThat(second.join().get().grantedOplock()).isEqualTo(OplockLevel.LEVEL_II);
    assertThat(second.join().get().createAction()).isEqualTo(CreateInformation.OPENED);
  }

  @Test
  void anUnansweredBreakTimesOutOnTheServersClock() {
    SmbCreateResult held =
        alice.create("cached.txt", file(CreateDisposition.CREATE).withOplock(OplockLevel.EXCLUSIVE)).join().get();
    assertThat(held.grantedOplock()).isEqualTo(OplockLevel.EXCLUSIVE);

    CompletableFuture<SmbResult<SmbCreateResult>> second = bob.create("cached.txt", file(CreateDisposition.OPEN));
    clock.advance(SimServer.OPLOCK_BREAK_TIMEOUT.minusMillis(1));
    assertThat(second).isNotDone();
    clock.advance(Duration.ofMillis(1));

    assertThat(second.join().status()).isEqualTo(NtStatus.SUCCESS);
  }

  @Test
  void aWriteEndsOtherOpensLevelTwoOplocksWithoutAcknowledgement() {
    alice.create("shared.txt", file(CreateDisposition.CREATE)).join();
    SmbFileId first = bob.create("shared.txt", file(CreateDisposition.OPEN).withOplock(OplockLevel.LEVEL_II)).join().get().fileId();
    SmbCreateResult other = alice.create("shared.txt", file(CreateDisposition.OPEN).withOplock(OplockLevel.LEVEL_II)).join().get();
    assertThat(other.grantedOplock()).isEqualTo(OplockLevel.LEVEL_II);

    alice.write(other.fileId(), 0, new byte[] {1}).join();

    assertThat(breaks).containsExactly("bob:NONE");
    assertThat(bob.acknowledgeOplockBreak(first, OplockLevel.NONE).join()).isEqualTo(NtStatus.of(0xC000_00E3));
  }

  @Test
  void directoriesGetNoOplock() {
    SmbResult<SmbCreateResult> dir =
        alice.create("d", SmbCreateRequest.directory(CreateDisposition.CREATE).withOplock(OplockLevel.BATCH)).join();

    assertThat(dir.get().grantedOplock()).isEqualTo(OplockLevel.NONE);
  }

  // ---- Sessions and trees --------------------------------------------------------------------------

  @Test
  void aUserWithoutRightsOnTheShareIsAccessDenied() {
    SmbSession carol = client.connect("files", Credentials.of("carol", "pw".toCharArray()), OplockBreakListener.IGNORE).join().get();

    assertThat(carol.treeConnect("docs").join().status()).isEqualTo(NtStatus.ACCESS_DENIED);
  }

  @Test
  void aDisconnectedTreeAndALoggedOffSessionRefuseRequests() {
    SmbFileId f = create(alice, "f.txt", "x");
    assertThat(alice.disconnect().join()).isEqualTo(NtStatus.SUCCESS);
    assertThat(alice.read(f, 0, 1).join().status()).isEqualTo(NtStatus.NETWORK_NAME_DELETED);

    assertThat(bob.session().logoff().join()).isEqualTo(NtStatus.SUCCESS);
    assertThat(bob.create("g.txt", file(CreateDisposition.CREATE)).join().status()).isEqualTo(SimSession.USER_SESSION_DELETED);
  }

  @Test
  void closingAWatchedDirectoryAnswersItsNotificationWithNotifyCleanup() {
    SmbFileId d = alice.create("", SmbCreateRequest.directory(CreateDisposition.OPEN)).join().get().fileId();
    CompletableFuture<ChangeNotification> watching = alice.changeNotify(d, ChangeFilter.FILE_NAME, false);

    alice.close(d).join();

    assertThat(watching.join().status()).isEqualTo(NtStatus.NOTIFY_CLEANUP);
  }

  @Test
  void changesInSubdirectoriesReachATreeWatcherWithTheirRelativePath() {
    alice.create("sub", SmbCreateRequest.directory(CreateDisposition.CREATE)).join();
    SmbFileId root = alice.create("", SmbCreateRequest.directory(CreateDisposition.OPEN)).join().get().fileId();
    CompletableFuture<ChangeNotification> watching = alice.changeNotify(root, ChangeFilter.FILE_NAME, true);

    create(bob, "sub\\new.txt", "x");

    assertThat(watching.join().changes())
        .containsExactly(new ChangeNotification.Change(ChangeNotification.Action.ADDED, "sub\\new.txt"));
  }
}
