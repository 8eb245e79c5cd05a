package dev.rdbss.minirdr.csc.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cache store's entries, data and journal (issue 7 point 4), against real SQLite. */
class CacheStoreTest {

  static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
  static final Instant T1 = Instant.parse("2026-01-01T11:00:00Z");

  @TempDir Path folder;
  CacheStore store;
  final CacheKey root = CacheKey.of("alice", "srv", "docs", "\\");

  @BeforeEach
  void open() throws IOException {
    store = CacheStore.open(CacheStoreConfig.at(folder.resolve("cache")));
  }

  @AfterEach
  void close() throws IOException {
    store.close();
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static String text(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }

  CacheEntry onlineFile(String path, String content) throws IOException {
    CacheKey key = root.withPath(path);
    EntryInfo info = new EntryInfo(false, content.length(), T0, T0, T0, T0, 0x20);
    store.record(key, info, ServerVersion.of(info));
    store.fill(key, 0, bytes(content));
    return store.setComplete(key, true);
  }

  @Test
  void recordedEntryAndFilledDataAreServedBack_issue7point4() throws IOException {
    CacheEntry e = onlineFile("\\Reports\\Q1.txt", "hello world");
    assertThat(e.complete()).isTrue();
    assertThat(e.dirty()).isFalse();
    assertThat(e.serverVersion()).isEqualTo(new ServerVersion(T0, 11));
    assertThat(text(store.read(root.withPath("\\reports\\q1.TXT"), 6, 100))).isEqualTo("world");
    assertThat(store.lookup(root.withPath("/Reports/Q1.txt")).orElseThrow().id()).isEqualTo(e.id());
    assertThat(store.pendingJournal()).isEmpty();
  }

  @Test
  void cacheSurvivesRestart_issue7point4() throws IOException {
    onlineFile("\\a.txt", "persisted");
    store.create(root.withPath("\\new.txt"), EntryInfo.newFile(T1, 0x20), ChangeMode.OFFLINE);
    store.write(root.withPath("\\new.txt"), 0, bytes("offline"), T1, ChangeMode.OFFLINE);
    store.close();
    store = CacheStore.open(CacheStoreConfig.at(folder.resolve("cache")));
    assertThat(text(store.read(root.withPath("\\a.txt"), 0, 100))).isEqualTo("persisted");
    CacheEntry created = store.lookup(root.withPath("\\new.txt")).orElseThrow();
    assertThat(created.dirty()).isTrue();
    assertThat(created.info().lastWriteTime()).isEqualTo(T1);
    assertThat(text(store.read(created.key(), 0, 100))).isEqualTo("offline");
    assertThat(store.pendingJournal()).extracting(JournalEntry::op)
        .containsExactly(JournalOp.CREATE, JournalOp.WRITE);
  }

  @Test
  void offlineChangesAreJournaledInOrderWithAbsoluteOffsets_issue7point3() throws IOException {
    store.create(root.withPath("\\dir"), EntryInfo.newDirectory(T0, 0x10), ChangeMode.OFFLINE);
    CacheKey f = root.withPath("\\dir\\f.txt");
    store.create(f, EntryInfo.newFile(T0, 0x20), ChangeMode.OFFLINE);
    store.write(f, 0, bytes("abc"), T1, ChangeMode.OFFLINE);
    store.write(f, 3, bytes("def"), T1, ChangeMode.OFFLINE);
    store.setSize(f, 4, T1, ChangeMode.OFFLINE);
    store.replaceContent(f, bytes("whole"), T1, ChangeMode.OFFLINE);
    store.rename(f, "\\dir\\g.txt", false, ChangeMode.OFFLINE);
    store.delete(root.withPath("\\dir\\g.txt"), ChangeMode.OFFLINE);

    List<JournalEntry> journal = store.pendingJournal(root);
    assertThat(journal).extracting(JournalEntry::op).containsExactly(
        JournalOp.MKDIR, JournalOp.CREATE, JournalOp.WRITE, JournalOp.WRITE, JournalOp.SET_SIZE,
        JournalOp.CONTENT, JournalOp.RENAME, JournalOp.DELETE);
    assertThat(journal).extracting(JournalEntry::id).isSorted().doesNotHaveDuplicates();
    JournalEntry second = journal.get(3);
    assertThat(second.offset()).isEqualTo(3);
    assertThat(text(second.data())).isEqualTo("def");
    assertThat(journal.get(4).size()).isEqualTo(4);
    assertThat(text(journal.get(5).data())).isEqualTo("whole");
    assertThat(journal.get(6).targetPath()).isEqualTo("\\dir\\g.txt");
    assertThat(journal.get(6).key().path()).isEqualTo("\\dir\\f.txt");
    assertThat(journal.get(7).key().path()).isEqualTo("\\dir\\g.txt");
    assertThat(journal.get(0).directory()).isTrue();
    assertThat(journal.get(1).entryId()).isEqualTo(journal.get(7).entryId());
  }

  @Test
  void writeSetSizeAndContentChangeDataAndMetadata_issue7point4() throws IOException {
    onlineFile("\\f.bin", "0123456789");
    CacheKey f = root.withPath("\\f.bin");
    assertThat(store.write(f, 12, bytes("XY"), T1, ChangeMode.OFFLINE).size()).isEqualTo(14);
    assertThat(store.read(f, 0, 100)).containsExactly(bytes("0123456789\0\0XY"));
    store.setSize(f, 4, T1, ChangeMode.OFFLINE);
    store.setSize(f, 6, T1, ChangeMode.OFFLINE);
    assertThat(store.read(f, 0, 100)).containsExactly(bytes("0123\0\0"));
    store.replaceContent(f, bytes("new"), T1, ChangeMode.ONLINE);
    assertThat(text(store.read(f, 0, 100))).isEqualTo("new");
    assertThat(store.lookup(f).orElseThrow().info().lastWriteTime()).isEqualTo(T1);
  }

  @Test
  void markAppliedRecordsIdsAndCleansTheEntryWhenNothingIsPending_issue7point3()
      throws IOException {
    onlineFile("\\f.txt", "base");
    CacheKey f = root.withPath("\\f.txt");
    store.write(f, 0, bytes("B"), T1, ChangeMode.OFFLINE);
    store.write(f, 1, bytes("C"), T1, ChangeMode.OFFLINE);
    List<JournalEntry> pending = store.pendingJournal(f);
    assertThat(pending).allSatisfy(j -> assertThat(j.baseVersion()).isEqualTo(new ServerVersion(T0, 4)));
    assertThat(store.lookup(f).orElseThrow().dirty()).isTrue();

    assertThat(store.markApplied(pending.get(0).id(), null)).isTrue();
    assertThat(store.markApplied(pending.get(0).id(), null)).as("a replay").isFalse();
    assertThat(store.lookup(f).orElseThrow().dirty()).isTrue();
    ServerVersion after = new ServerVersion(T1, 4);
    store.markApplied(pending.get(1).id(), after);
    CacheEntry clean = store.lookup(f).orElseThrow();
    assertThat(clean.dirty()).isFalse();
    assertThat(clean.serverVersion()).isEqualTo(after);
    assertThat(store.pendingJournal()).isEmpty();
    assertThat(store.journal(f)).extracting(JournalEntry::applied).containsExactly(true, true);
    assertThat(store.purgeApplied()).isEqualTo(2);
    assertThat(store.journal(f)).isEmpty();
  }

  @Test
  void conflictIsRecordedAndResolvesItsJournalEntry_issue7point3() throws IOException {
    onlineFile("\\f.txt", "base");
    CacheKey f = root.withPath("\\f.txt");
    store.write(f, 0, bytes("mine"), T1, ChangeMode.OFFLINE);
    long id = store.pendingJournal().get(0).id();
    Conflict c = store.recordConflict(id, "\\f (alice's conflict).txt", "changed on the server");
    assertThat(c.key().path()).isEqualTo("\\f.txt");
    assertThat(store.pendingJournal()).isEmpty();
    assertThat(store.conflicts("ALICE")).containsExactly(c);
    assertThat(store.conflicts("bob")).isEmpty();
  }

  @Test
  void offlineCreateNeedsACachedParentAndAFreeName_issue7point1() throws IOException {
    assertThatThrownBy(
            () -> store.create(root.withPath("\\missing\\f"), EntryInfo.newFile(T0, 0),
                ChangeMode.OFFLINE))
        .isInstanceOf(NoSuchFileException.class);
    store.create(root.withPath("\\f"), EntryInfo.newFile(T0, 0), ChangeMode.OFFLINE);
    assertThatThrownBy(
            () -> store.create(root.withPath("\\F"), EntryInfo.newFile(T0, 0), ChangeMode.OFFLINE))
        .isInstanceOf(FileAlreadyExistsException.class);
    assertThat(store.pendingJournal()).hasSize(1);
  }

  @Test
  void renameMovesAFolderWithItsContentAndRefusesAnExistingTarget_issue7point1()
      throws IOException {
    store.create(root.withPath("\\a"), EntryInfo.newDirectory(T0, 0x10), ChangeMode.OFFLINE);
    store.create(root.withPath("\\a\\b"), EntryInfo.newDirectory(T0, 0x10), ChangeMode.OFFLINE);
    store.create(root.withPath("\\a\\b\\f.txt"), EntryInfo.newFile(T0, 0), ChangeMode.OFFLINE);
    store.create(root.withPath("\\z"), EntryInfo.newFile(T0, 0), ChangeMode.OFFLINE);
    assertThatThrownBy(() -> store.rename(root.withPath("\\a"), "\\z", true, ChangeMode.OFFLINE))
        .isInstanceOf(FileAlreadyExistsException.class);
    store.rename(root.withPath("\\a"), "\\c", false, ChangeMode.OFFLINE);
    assertThat(store.lookup(root.withPath("\\c\\b\\f.txt"))).isPresent();
    assertThat(store.lookup(root.withPath("\\a\\b\\f.txt"))).isEmpty();
    assertThat(store.list(root.withPath("\\c"))).extracting(e -> e.key().path())
        .containsExactly("\\c\\b");
    assertThat(store.list(root)).extracting(e -> e.key().path()).containsExactly("\\c", "\\z");
    store.rename(root.withPath("\\z"), "\\Z", false, ChangeMode.OFFLINE);
    assertThat(store.lookup(root.withPath("\\z")).orElseThrow().key().path()).isEqualTo("\\Z");
    assertThatThrownBy(() -> store.delete(root.withPath("\\c"), ChangeMode.OFFLINE))
        .isInstanceOf(DirectoryNotEmptyException.class);
  }

  @Test
  void renameReplacingAFileRemovesItsData_issue7point1() throws IOException {
    onlineFile("\\old.txt", "old");
    onlineFile("\\new.txt", "new");
    store.rename(root.withPath("\\new.txt"), "\\old.txt", true, ChangeMode.OFFLINE);
    assertThat(text(store.read(root.withPath("\\old.txt"), 0, 10))).isEqualTo("new");
    assertThat(store.storedBytes()).isEqualTo(3);
    assertThat(store.pendingJournal().get(0).replaceIfExists()).isTrue();
  }

  @Test
  void discardDataEmptiesACleanFileButNotADirtyOne_issue7point3() throws IOException {
    onlineFile("\\f.txt", "stale");
    CacheKey f = root.withPath("\\f.txt");
    CacheEntry emptied = store.discardData(f);
    assertThat(emptied.complete()).isFalse();
    assertThat(store.storedBytes()).isZero();
    store.write(f, 0, bytes("x"), T1, ChangeMode.OFFLINE);
    assertThatThrownBy(() -> store.discardData(f)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void recordLeavesADirtyEntryAloneSoSyncCanStillSeeTheConflict_issue7point3()
      throws IOException {
    onlineFile("\\f.txt", "base");
    CacheKey f = root.withPath("\\f.txt");
    store.write(f, 4, bytes("+local"), T1, ChangeMode.OFFLINE);
    EntryInfo changedOnServer = new EntryInfo(false, 99, T0, T1, T1, T1, 0x20);
    CacheEntry after = store.record(f, changedOnServer, ServerVersion.of(changedOnServer));
    assertThat(after.serverVersion()).isEqualTo(new ServerVersion(T0, 4));
    assertThat(after.size()).isEqualTo(10);
    assertThat(text(store.read(f, 0, 100))).isEqualTo("base+local");
    // Once synced, the server's word counts again.
    store.markApplied(store.pendingJournal().get(0).id(), new ServerVersion(T1, 10));
    assertThat(store.record(f, changedOnServer, ServerVersion.of(changedOnServer)).size())
        .isEqualTo(99);
  }

  @Test
  void secondStoreOnTheSameFolderIsRefused_issue7point4() {
    assertThatThrownBy(() -> CacheStore.open(CacheStoreConfig.at(folder.resolve("cache"))))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("in use");
  }
}
