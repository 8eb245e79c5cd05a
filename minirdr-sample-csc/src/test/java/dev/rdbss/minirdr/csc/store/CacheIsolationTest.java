package dev.rdbss.minirdr.csc.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 7 point 6: cached entries belong to the logon that cached them; another logon never sees
 * them, not by lookup, listing, reading, changing, renaming, deleting, nor in the journal or the
 * conflicts, and not after a restart either. The plugin answers such a miss offline as the server
 * would (not found); the store's part is that nothing of the first logon leaks.
 */
class CacheIsolationTest {

  static final Instant T = Instant.parse("2026-04-01T12:00:00Z");

  @TempDir Path folder;
  CacheStore store;
  final CacheKey alice = CacheKey.of("alice", "srv", "docs", "\\");
  final CacheKey bob = CacheKey.of("bob", "srv", "docs", "\\");

  @BeforeEach
  void aliceCachesAFolderAndAFileAndChangesItOffline() throws IOException {
    store = CacheStore.open(CacheStoreConfig.at(folder));
    byte[] content = "alice's secret".getBytes(StandardCharsets.UTF_8);
    EntryInfo info = new EntryInfo(false, content.length, T, T, T, T, 0x20);
    store.create(alice.withPath("\\private"), EntryInfo.newDirectory(T, 0x10), ChangeMode.ONLINE);
    store.record(alice.withPath("\\private\\plan.txt"), info, ServerVersion.of(info));
    store.fill(alice.withPath("\\private\\plan.txt"), 0, content);
    store.setComplete(alice.withPath("\\private\\plan.txt"), true);
    store.write(alice.withPath("\\private\\plan.txt"), 0, "ALICE".getBytes(StandardCharsets.UTF_8),
        T, ChangeMode.OFFLINE);
    store.recordConflict(store.pendingJournal(alice).get(0).id(), "\\private\\plan (alice).txt",
        "changed on the server");
  }

  @AfterEach
  void close() throws IOException {
    store.close();
  }

  @Test
  void anotherLogonFindsNothing_issue7point6() throws IOException {
    assertThat(store.lookup(bob.withPath("\\private"))).isEmpty();
    assertThat(store.lookup(bob.withPath("\\private\\plan.txt"))).isEmpty();
    assertThat(store.list(bob)).isEmpty();
    assertThat(store.list(bob.withPath("\\private"))).isEmpty();
    assertThat(store.entries("bob")).isEmpty();
    assertThat(store.pendingJournal(bob)).isEmpty();
    assertThat(store.journal(bob)).isEmpty();
    assertThat(store.conflicts("bob")).isEmpty();
    long id = store.lookup(alice.withPath("\\private\\plan.txt")).orElseThrow().id();
    assertThat(store.lookup("bob", id)).isEmpty();
    assertThat(store.lookup("Alice", id)).isPresent();
    // What alice sees, for contrast: the test would pass vacuously otherwise.
    assertThat(store.list(alice)).hasSize(1);
    assertThat(store.entries("alice")).hasSize(2);
    assertThat(store.conflicts("alice")).hasSize(1);
  }

  @Test
  void anotherLogonCannotReadChangeRenameOrDelete_issue7point6() throws IOException {
    CacheKey plan = bob.withPath("\\private\\plan.txt");
    assertThatThrownBy(() -> store.read(plan, 0, 100)).isInstanceOf(NoSuchFileException.class);
    assertThatThrownBy(() -> store.write(plan, 0, new byte[] {1}, T, ChangeMode.OFFLINE))
        .isInstanceOf(NoSuchFileException.class);
    assertThatThrownBy(() -> store.setSize(plan, 0, T, ChangeMode.OFFLINE))
        .isInstanceOf(NoSuchFileException.class);
    assertThatThrownBy(() -> store.rename(plan, "\\mine.txt", true, ChangeMode.OFFLINE))
        .isInstanceOf(NoSuchFileException.class);
    assertThatThrownBy(() -> store.delete(plan, ChangeMode.OFFLINE))
        .isInstanceOf(NoSuchFileException.class);
    assertThatThrownBy(() -> store.hold(plan)).isInstanceOf(NoSuchFileException.class);
    // Offline, bob cannot even create inside alice's folder: for him it does not exist.
    assertThatThrownBy(
            () -> store.create(bob.withPath("\\private\\x"), EntryInfo.newFile(T, 0),
                ChangeMode.OFFLINE))
        .isInstanceOf(NoSuchFileException.class);
    assertThat(text(store.read(alice.withPath("\\private\\plan.txt"), 0, 100)))
        .isEqualTo("ALICE's secret");
  }

  @Test
  void theSamePathCachedByTwoLogonsIsTwoEntries_issue7point6() throws IOException {
    store.create(bob.withPath("\\private"), EntryInfo.newDirectory(T, 0x10), ChangeMode.OFFLINE);
    store.create(bob.withPath("\\private\\plan.txt"), EntryInfo.newFile(T, 0x20),
        ChangeMode.OFFLINE);
    store.write(bob.withPath("\\private\\plan.txt"), 0, "bob".getBytes(StandardCharsets.UTF_8), T,
        ChangeMode.OFFLINE);
    assertThat(text(store.read(bob.withPath("\\private\\plan.txt"), 0, 100))).isEqualTo("bob");
    assertThat(text(store.read(alice.withPath("\\private\\plan.txt"), 0, 100)))
        .isEqualTo("ALICE's secret");
    assertThat(store.lookup(bob.withPath("\\private\\plan.txt")).orElseThrow().id())
        .isNotEqualTo(store.lookup(alice.withPath("\\private\\plan.txt")).orElseThrow().id());
    assertThat(store.pendingJournal(bob)).extracting(j -> j.key().logon()).containsOnly("bob");
    store.delete(bob.withPath("\\private\\plan.txt"), ChangeMode.OFFLINE);
    assertThat(store.lookup(alice.withPath("\\private\\plan.txt"))).isPresent();
  }

  @Test
  void isolationHoldsAfterARestart_issue7point6() throws IOException {
    store.close();
    store = CacheStore.open(CacheStoreConfig.at(folder));
    assertThat(store.list(bob)).isEmpty();
    assertThat(store.lookup(bob.withPath("\\private\\plan.txt"))).isEmpty();
    assertThat(store.lookup(alice.withPath("\\private\\plan.txt"))).isPresent();
  }

  @Test
  void serverAndShareArePartOfTheKeyToo_issue7point6() throws IOException {
    assertThat(store.lookup(CacheKey.of("alice", "other", "docs", "\\private"))).isEmpty();
    assertThat(store.lookup(CacheKey.of("alice", "srv", "other", "\\private"))).isEmpty();
    // Names compare as Windows compares them: case-insensitive.
    assertThat(store.lookup(CacheKey.of("ALICE", "SRV", "Docs", "\\PRIVATE"))).isPresent();
  }

  static String text(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }
}
