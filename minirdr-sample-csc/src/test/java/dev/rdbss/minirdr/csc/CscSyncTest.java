package dev.rdbss.minirdr.csc;

import static dev.rdbss.minirdr.csc.CscFixture.DOCS;
import static dev.rdbss.minirdr.csc.CscFixture.bytes;
import static dev.rdbss.minirdr.csc.CscFixture.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rdbss.api.NtStatus;
import dev.rdbss.api.file.AccessMask;
import dev.rdbss.api.file.CreateDisposition;
import dev.rdbss.api.file.FileInformation;
import dev.rdbss.api.file.ShareAccess;
import dev.rdbss.api.io.CreateRequest;
import dev.rdbss.api.io.FileHandle;
import dev.rdbss.api.io.IoSession;
import dev.rdbss.api.Credentials;
import dev.rdbss.api.file.CreateOption;
import dev.rdbss.api.file.FileAttribute;
import dev.rdbss.api.file.NtCreateParameters;
import dev.rdbss.minirdr.csc.store.Conflict;
import dev.rdbss.minirdr.csc.store.JournalEntry;
import dev.rdbss.minirdr.csc.store.JournalOp;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import dev.rdbss.minirdr.smb.client.SmbClient;
import dev.rdbss.minirdr.smb.client.SmbCreateRequest;
import dev.rdbss.minirdr.smb.client.SmbCreateResult;
import dev.rdbss.minirdr.smb.client.SmbSession;
import dev.rdbss.minirdr.smb.client.SmbTree;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sync on reconnect (issue 7 point 3): the journal replayed in order; a replay after a crash
 * applies nothing twice; conflicts keep the server's version and the local one beside it; progress
 * through the listener.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class CscSyncTest {

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

  private void cacheOnline(String name, String content) {
    try (FileHandle h = alice.open(DOCS + "\\" + name, CreateRequest.readWrite().overwriteIf())) {
      h.write(0, bytes(content));
    }
  }

  private void rename(String from, String to) {
    try (FileHandle h = alice.open(DOCS + "\\" + from,
        CreateRequest.readWrite().access(AccessMask.FILE_GENERIC_READ | AccessMask.DELETE))) {
      assertThat(h.setInformation(new FileInformation.Rename(false, "\\" + to)).status())
          .isEqualTo(NtStatus.SUCCESS);
    }
  }

  private void delete(String name) {
    try (FileHandle h = alice.open(DOCS + "\\" + name,
        CreateRequest.readWrite().access(AccessMask.FILE_GENERIC_READ | AccessMask.DELETE))) {
      assertThat(h.setInformation(new FileInformation.Disposition(true)).status())
          .isEqualTo(NtStatus.SUCCESS);
    }
  }

  private void write(String name, long offset, String content) {
    try (FileHandle h = alice.open(DOCS + "\\" + name, CreateRequest.readWrite().openIf())) {
      assertThat(h.write(offset, bytes(content)).status()).isEqualTo(NtStatus.SUCCESS);
    }
  }

  @Test
  void theJournalIsReplayedInOrderOnReconnect_issue7point3() {
    cacheOnline("a.txt", "alpha");
    cacheOnline("gone.txt", "to delete");
    f.offline(alice);
    write("b.txt", 0, "beta");
    write("b.txt", 4, "+more");
    rename("a.txt", "c.txt");
    rename("b.txt", "a.txt"); // a name freed by the first rename: order matters
    delete("gone.txt");

    SyncReport report = f.online(alice);

    assertThat(report.applied()).isEqualTo(6);
    assertThat(report.conflicts()).isEmpty();
    assertThat(f.serverText("a.txt")).isEqualTo("beta+more");
    assertThat(f.serverText("c.txt")).isEqualTo("alpha");
    assertThat(f.serverText("b.txt")).isEqualTo("<OBJECT_NAME_NOT_FOUND>");
    assertThat(f.serverText("gone.txt")).isEqualTo("<OBJECT_NAME_NOT_FOUND>");
    assertThat(f.status(alice).pending()).isZero();
  }

  /**
   * A crash after the server applied an entry and before the store recorded it, at each of the
   * four entries in turn: the crashed process is simulated by applying entries 0..k to the server
   * directly and recording 0..k-1 as applied, as the sync does; then the runtime restarts on the
   * same cache (the journal survives it). The replay finds entry k's effect already there and does
   * not send it again: no second create, no doubled append, no rename applied twice.
   */
  @ParameterizedTest(name = "crash after entry {0} reached the server")
  @ValueSource(ints = {0, 1, 2, 3})
  void aReplayAfterACrashAppliesNoEntryTwice_issue7point3(int k) throws Exception {
    cacheOnline("r.txt", "rename me");
    f.offline(alice);
    write("new.txt", 0, "one"); // CREATE, WRITE
    write("new.txt", 3, "two"); // an append, journaled at its absolute offset
    rename("r.txt", "r2.txt");
    var store = f.redirector().store();
    List<JournalEntry> journal = store.pendingJournal();
    assertThat(journal).extracting(JournalEntry::op).containsExactly(
        JournalOp.CREATE, JournalOp.WRITE, JournalOp.WRITE, JournalOp.RENAME);
    try (SmbClient client = f.network.newClient()) {
      SmbSession s = client.connect("files", Credentials.of("alice", "secret".toCharArray()),
          (t, id, l) -> t.acknowledgeOplockBreak(id, l)).join().get();
      SmbTree t = s.treeConnect("docs").join().get();
      for (int i = 0; i <= k; i++) {
        applyDirectly(t, journal.get(i));
        if (i < k) {
          store.markApplied(journal.get(i).id(), null);
        }
      }
      s.logoff().join();
    }
    f.restart();
    IoSession again = f.alice();

    // The first online view of alice's in the new runtime replays her journal as her.
    try (FileHandle h = again.open(DOCS + "\\new.txt", CreateRequest.read())) {
      assertThat(text(h.read(0, 100).data())).isEqualTo("onetwo");
    }

    SyncReport report = f.redirector().lastSyncReport(DOCS).orElseThrow();
    assertThat(report.alreadyApplied()).as("entry %d, found on the server", k).isEqualTo(1);
    assertThat(report.applied()).isEqualTo(3 - k);
    assertThat(report.conflicts()).isEmpty();
    assertThat(f.redirector().store().pendingJournal()).isEmpty();
    assertThat(f.redirector().store().conflicts()).isEmpty();
    assertThat(f.serverText("new.txt")).isEqualTo("onetwo");
    assertThat(f.serverText("r2.txt")).isEqualTo("rename me");
    assertThat(f.serverText("r.txt")).isEqualTo("<OBJECT_NAME_NOT_FOUND>");
  }

  /** What the crashed process sent for one entry. */
  private static void applyDirectly(SmbTree t, JournalEntry e) {
    String path = e.key().path().substring(1);
    switch (e.op()) {
      case CREATE: {
        SmbCreateResult n = t.create(path, SmbCreateRequest.file(AccessMask.FILE_GENERIC_WRITE,
            EnumSet.allOf(ShareAccess.class), CreateDisposition.CREATE)).join().get();
        t.close(n.fileId()).join();
        break;
      }
      case WRITE: {
        SmbCreateResult n = t.create(path, SmbCreateRequest.file(AccessMask.FILE_GENERIC_WRITE,
            EnumSet.allOf(ShareAccess.class), CreateDisposition.OPEN)).join().get();
        t.write(n.fileId(), e.offset(), e.data()).join();
        t.close(n.fileId()).join();
        break;
      }
      case RENAME: {
        SmbCreateResult r = t.create(path, SmbCreateRequest.of(new NtCreateParameters(
            AccessMask.DELETE | AccessMask.FILE_READ_ATTRIBUTES, 0, EnumSet.noneOf(FileAttribute.class),
            EnumSet.allOf(ShareAccess.class), CreateDisposition.OPEN,
            EnumSet.noneOf(CreateOption.class)))).join().get();
        assertThat(t.setInfo(r.fileId(),
            new FileInformation.Rename(false, Objects.requireNonNull(e.targetPath()).substring(1))).join())
            .isEqualTo(NtStatus.SUCCESS);
        t.close(r.fileId()).join();
        break;
      }
      default:
        throw new AssertionError(e);
    }
  }

  @Test
  void aFileChangedOnBothSidesKeepsTheServersVersionAndTheLocalOneBesideIt_issue7point3()
      throws Exception {
    cacheOnline("report.txt", "original");
    f.offline(alice);
    write("report.txt", 0, "LOCAL EDIT");
    f.clock.advance(Duration.ofSeconds(2)); // the server's edit gets a later last-write time
    f.serverWrite("report.txt", "server edit");

    SyncReport report = f.online(alice);

    assertThat(report.conflicts()).singleElement().satisfies(c -> {
      assertThat(c.path()).isEqualTo("\\report.txt");
      assertThat(c.keptAs()).isEqualTo("\\report (conflict alice).txt");
      assertThat(c.reason()).isEqualTo("changed on the server");
    });
    assertThat(f.serverText("report.txt")).isEqualTo("server edit");
    assertThat(f.serverText("report (conflict alice).txt")).isEqualTo("LOCAL EDIT");
    List<Conflict> recorded = f.redirector().store().conflicts();
    assertThat(recorded).singleElement().satisfies(c -> assertThat(c.keptAs())
        .isEqualTo("\\report (conflict alice).txt"));
    assertThat(f.status(alice).conflicts()).isEqualTo(1);
    try (FileHandle h = alice.open(DOCS + "\\report.txt", CreateRequest.read())) {
      assertThat(text(h.read(0, 100).data())).isEqualTo("server edit");
    }
  }

  @Test
  void deletingAFileThatChangedOnTheServerIsAConflict_issue7point3() {
    cacheOnline("keep.txt", "v1");
    f.offline(alice);
    delete("keep.txt");
    f.clock.advance(Duration.ofSeconds(2));
    f.serverWrite("keep.txt", "v2 from bob");

    SyncReport report = f.online(alice);

    assertThat(report.conflicts()).singleElement().satisfies(c -> {
      assertThat(c.path()).isEqualTo("\\keep.txt");
      assertThat(c.keptAs()).isEmpty();
    });
    assertThat(f.serverText("keep.txt")).isEqualTo("v2 from bob");
  }

  @Test
  void anOfflineChangeTheServerRefusesIsReportedAndTheServersVersionStays_issue7point3() {
    cacheOnline("shared.txt", "alice wrote this");
    IoSession carol = f.carol();
    try (FileHandle h = carol.open(DOCS + "\\shared.txt", CreateRequest.read())) {
      assertThat(text(h.read(0, 100).data())).isEqualTo("alice wrote this"); // cached for carol
    }
    f.offline(carol);
    try (FileHandle h = carol.open(DOCS + "\\shared.txt", CreateRequest.readWrite())) {
      assertThat(h.write(0, bytes("CAROL")).status()).isEqualTo(NtStatus.SUCCESS); // only the cache
    }

    SyncReport report = f.online(carol);

    assertThat(report.conflicts()).singleElement().satisfies(c -> {
      assertThat(c.path()).isEqualTo("\\shared.txt");
      assertThat(c.reason()).startsWith("refused by the server: STATUS_ACCESS_DENIED");
      assertThat(c.keptAs()).as("a read-only user cannot keep a copy beside it").isEmpty();
    });
    assertThat(f.serverText("shared.txt")).isEqualTo("alice wrote this");
    assertThat(f.status(carol).pending()).isZero();
  }

  @Test
  void progressIsReportedThroughTheListenerAndTheStatus_issue7point3() {
    cacheOnline("p.txt", "x");
    f.offline(alice);
    for (int i = 0; i < 3; i++) {
      write("p.txt", i + 1, "y");
    }
    f.progress.clear();

    SyncReport report = f.online(alice);

    assertThat(report.applied()).isEqualTo(3);
    assertThat(f.progress).extracting(SyncProgress::done).startsWith(0L, 1L, 2L, 3L);
    assertThat(f.progress.get(0).total()).isEqualTo(3);
    assertThat(f.progress.get(3).finished()).isTrue();
    assertThat(f.progress).allSatisfy(p -> assertThat(p.share()).isEqualTo(DOCS));
    CscShareStatus status = f.status(alice);
    assertThat(status.syncDone()).isZero();
    assertThat(status.syncTotal()).isZero();
    assertThat(f.serverText("p.txt")).isEqualTo("xyyy");
  }
}
