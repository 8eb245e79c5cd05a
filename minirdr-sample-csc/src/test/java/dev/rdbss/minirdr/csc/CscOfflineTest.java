package dev.rdbss.minirdr.csc;

import static dev.rdbss.minirdr.csc.CscFixture.DOCS;
import static dev.rdbss.minirdr.csc.CscFixture.bytes;
import static dev.rdbss.minirdr.csc.CscFixture.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rdbss.api.NtStatus;
import dev.rdbss.api.file.AccessMask;
import dev.rdbss.api.file.CreateInformation;
import dev.rdbss.api.file.FileDirectoryEntry;
import dev.rdbss.api.file.FileInformation;
import dev.rdbss.api.file.FileInformationClass;
import dev.rdbss.api.io.ControlResult;
import dev.rdbss.api.io.CreateRequest;
import dev.rdbss.api.io.FileHandle;
import dev.rdbss.api.io.IoSession;
import dev.rdbss.api.observe.TraceEvent;
import dev.rdbss.minirdr.csc.store.CacheEntry;
import dev.rdbss.minirdr.csc.store.CacheKey;
import dev.rdbss.minirdr.csc.store.JournalEntry;
import dev.rdbss.minirdr.csc.store.JournalOp;
import dev.rdbss.minirdr.smb.SmbProvider;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the CSC sample serves in each mode (issue 7 point 1): the servers it claims ahead of the SMB
 * sample (spec §6.1), online caching (what is read or written, pinned paths in full), and offline
 * create, read, write, rename, delete and listing from the cache with every change journaled.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class CscOfflineTest {

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

  private CacheKey key(String path) {
    return CacheKey.of("alice", "files", "docs", path);
  }

  private List<String> list(IoSession session, String dir, String pattern) {
    List<String> names = new ArrayList<>();
    try (FileHandle d = session.open(dir, CreateRequest.directory())) {
      var batch = d.queryDirectory(pattern, true);
      while (batch.status().isSuccess()) {
        batch.entries().stream().map(FileDirectoryEntry::fileName).forEach(names::add);
        batch = d.queryDirectory(pattern, false);
      }
    }
    return names;
  }

  @Test
  void claimsOnlyItsConfiguredServersAheadOfTheSmbSample_s6_1() {
    long mark = f.lastSequence();
    try (FileHandle h = alice.open("\\\\other\\pub\\x.txt", CreateRequest.readWrite().create())) {
      h.write(0, bytes("via smb"));
    }
    try (FileHandle h = alice.open(DOCS + "\\y.txt", CreateRequest.readWrite().create())) {
      h.write(0, bytes("via csc"));
    }
    List<TraceEvent> claims = f.events("mupClaim", mark);
    assertThat(claims).extracting(TraceEvent::device)
        .containsExactly(SmbProvider.DEVICE, CscProvider.DEVICE);
    // The CSC sample was asked first about \\other and refused it at SRV_CALL creation.
    assertThat(f.events("createSrvCall", mark).stream()
        .filter(e -> e.kind() == TraceEvent.Kind.CALLBACK)
        .map(TraceEvent::device).toList())
        .containsExactly(CscProvider.DEVICE, SmbProvider.DEVICE, CscProvider.DEVICE);
    assertThat(f.serverText("y.txt")).isEqualTo("via csc");
  }

  @Test
  void onlineWhatIsReadOrWrittenIsCached_issue7point1() throws Exception {
    f.serverWrite("read.txt", "server content");
    try (FileHandle h = alice.open(DOCS + "\\read.txt", CreateRequest.read())) {
      assertThat(text(h.read(0, 100).data())).isEqualTo("server content");
    }
    try (FileHandle h = alice.open(DOCS + "\\written.txt", CreateRequest.readWrite().create())) {
      h.write(0, bytes("written online"));
      h.write(8, bytes("ONLINE"));
    }
    var store = f.redirector().store();
    CacheEntry read = store.lookup(key("\\read.txt")).orElseThrow();
    assertThat(read.complete()).isTrue();
    assertThat(read.dirty()).isFalse();
    assertThat(text(store.read(read.key(), 0, 100))).isEqualTo("server content");
    CacheEntry written = store.lookup(key("\\written.txt")).orElseThrow();
    assertThat(text(store.read(written.key(), 0, 100))).isEqualTo("written ONLINE");
    assertThat(written.dirty()).as("the server has it: nothing to sync").isFalse();
    assertThat(store.pendingJournal()).isEmpty();
  }

  @Test
  void offlineCreateReadWriteRenameDeleteAndListComeFromTheCacheAndAreJournaled_issue7point1()
      throws Exception {
    f.serverWrite("a.txt", "alpha");
    try (FileHandle h = alice.open(DOCS + "\\a.txt", CreateRequest.read())) {
      h.read(0, 100);
    }
    f.offline(alice);
    long requests = f.files.requestCount();

    try (FileHandle a = alice.open(DOCS + "\\A.TXT", CreateRequest.read())) {
      assertThat(text(a.read(0, 100).data())).isEqualTo("alpha");
      assertThat(a.read(5, 10).status()).isEqualTo(NtStatus.END_OF_FILE);
      var std = a.queryInformation(FileInformationClass.STANDARD, FileInformation.Standard.class);
      assertThat(std.valueIfPresent().orElseThrow().endOfFile()).isEqualTo(5);
    }
    try (FileHandle b = alice.open(DOCS + "\\b.txt", CreateRequest.readWrite().create())) {
      assertThat(b.createInformation()).isEqualTo(CreateInformation.CREATED);
      assertThat(b.write(0, bytes("beta")).status()).isEqualTo(NtStatus.SUCCESS);
      assertThat(text(b.read(0, 100).data())).isEqualTo("beta");
    }
    assertThat(alice.tryOpen(DOCS + "\\b.txt", CreateRequest.readWrite().create()).status())
        .isEqualTo(NtStatus.OBJECT_NAME_COLLISION);
    assertThat(alice.tryOpen(DOCS + "\\never.txt", CreateRequest.read()).status())
        .isEqualTo(NtStatus.OBJECT_NAME_NOT_FOUND);
    assertThat(alice.tryOpen(DOCS + "\\nodir\\x.txt", CreateRequest.readWrite().create()).status())
        .isEqualTo(NtStatus.OBJECT_PATH_NOT_FOUND);
    try (FileHandle a = alice.open(DOCS + "\\a.txt",
        CreateRequest.readWrite().access(AccessMask.FILE_GENERIC_READ | AccessMask.DELETE))) {
      assertThat(a.setInformation(new FileInformation.Rename(false, "\\b.txt")).status())
          .isEqualTo(NtStatus.OBJECT_NAME_COLLISION);
      assertThat(a.setInformation(new FileInformation.Rename(false, "\\c.txt")).status())
          .isEqualTo(NtStatus.SUCCESS);
    }
    try (FileHandle d = alice.open(DOCS + "\\d.txt", CreateRequest.readWrite().create())) {
      d.write(0, bytes("doomed"));
    }
    try (FileHandle d = alice.open(DOCS + "\\d.txt",
        CreateRequest.readWrite().access(AccessMask.FILE_GENERIC_READ | AccessMask.DELETE))) {
      assertThat(d.setInformation(new FileInformation.Disposition(true)).status()).isEqualTo(NtStatus.SUCCESS);
    }
    assertThat(alice.tryOpen(DOCS + "\\d.txt", CreateRequest.read()).status())
        .isEqualTo(NtStatus.OBJECT_NAME_NOT_FOUND);
    assertThat(list(alice, DOCS, "*")).containsExactlyInAnyOrder(".", "..", "b.txt", "c.txt");
    assertThat(list(alice, DOCS, "*.txt")).containsExactlyInAnyOrder("b.txt", "c.txt");

    assertThat(f.files.requestCount()).as("the server saw nothing while offline").isEqualTo(requests);
    assertThat(f.serverText("a.txt")).isEqualTo("alpha");
    List<JournalEntry> journal = f.redirector().store().pendingJournal();
    assertThat(journal).extracting(JournalEntry::op).containsExactly(
        JournalOp.CREATE, JournalOp.WRITE, JournalOp.RENAME, JournalOp.CREATE, JournalOp.WRITE,
        JournalOp.DELETE);
    assertThat(journal.get(2).key().path()).isEqualTo("\\a.txt");
    assertThat(journal.get(2).targetPath()).isEqualTo("\\c.txt");
    assertThat(f.status(alice).pending()).isEqualTo(6);
  }

  @Test
  void pinnedPathsAreCachedInFullAheadOfUse_issue7point1() throws Exception {
    f.serverMkdir("proj");
    f.serverWrite("proj\\one.txt", "first pinned file");
    f.serverWrite("proj\\two.txt", "second pinned file");
    f.serverWrite("unpinned.txt", "never opened");
    try (FileHandle root = alice.open(DOCS, CreateRequest.directory())) {
      assertThat(root.createInformation()).isEqualTo(CreateInformation.OPENED); // alice used the share
    }

    ControlResult pinned = f.command(alice, CscControlCodes.FSCTL_CSC_PIN, DOCS + "\\proj");

    assertThat(pinned.status()).isEqualTo(NtStatus.SUCCESS);
    assertThat(CscControlCodes.text(pinned.output()).trim()).isEqualTo("2");
    CacheEntry one = f.redirector().store().lookup(key("\\proj\\one.txt")).orElseThrow();
    assertThat(one.pinned()).isTrue();
    assertThat(one.complete()).isTrue();
    f.offline(alice);
    try (FileHandle h = alice.open(DOCS + "\\proj\\two.txt", CreateRequest.read())) {
      assertThat(text(h.read(0, 100).data())).isEqualTo("second pinned file");
    }
    assertThat(list(alice, DOCS + "\\proj", "*")).containsExactlyInAnyOrder(".", "..", "one.txt", "two.txt");
    assertThat(alice.tryOpen(DOCS + "\\unpinned.txt", CreateRequest.read()).status())
        .isEqualTo(NtStatus.OBJECT_NAME_NOT_FOUND);
  }

  @Test
  void offlineAnotherLogonSeesNoneOfTheFirstLogonsEntries_issue7point6() {
    try (FileHandle h = alice.open(DOCS + "\\mine.txt", CreateRequest.readWrite().create())) {
      h.write(0, bytes("alice's"));
    }
    IoSession bob = f.bob();
    f.offline(alice);
    assertThat(bob.tryOpen(DOCS + "\\mine.txt", CreateRequest.read()).status())
        .isEqualTo(NtStatus.OBJECT_NAME_NOT_FOUND);
    assertThat(list(bob, DOCS, "*")).containsExactlyInAnyOrder(".", "..");
    try (FileHandle h = alice.open(DOCS + "\\mine.txt", CreateRequest.read())) {
      assertThat(text(h.read(0, 100).data())).isEqualTo("alice's");
    }
    f.clock.advance(Duration.ofSeconds(1));
  }
}
