package dev.rdbss.minirdr.csc.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 7 point 4: a size limit evicts unpinned clean files, least recently used first; pinned,
 * dirty and open (held) files stay; the use order survives a restart.
 */
class CacheEvictionTest {

  static final Instant T = Instant.parse("2026-04-01T12:00:00Z");
  static final long LIMIT = 100;

  @TempDir Path folder;
  CacheStore store;
  final CacheKey root = CacheKey.of("alice", "srv", "docs", "\\");

  @BeforeEach
  void open() throws IOException {
    store = CacheStore.open(CacheStoreConfig.at(folder).withSizeLimit(LIMIT));
  }

  @AfterEach
  void close() throws IOException {
    store.close();
  }

  /** Caches a file as the plugin does online; eviction runs by itself after the fill. */
  void cache(String name, int size) throws IOException {
    CacheKey key = root.withPath(name);
    EntryInfo info = new EntryInfo(false, size, T, T, T, T, 0x20);
    store.record(key, info, ServerVersion.of(info));
    store.fill(key, 0, new byte[size]);
    store.setComplete(key, true);
  }

  List<String> cachedNames() throws IOException {
    return store.list(root).stream().map(e -> e.key().name()).toList();
  }

  @Test
  void leastRecentlyUsedCleanFilesGoFirst_issue7point4() throws IOException {
    cache("a", 40);
    cache("b", 40);
    store.read(root.withPath("a"), 0, 1); // a is now more recent than b
    cache("c", 40); // 120 > 100: b goes
    assertThat(cachedNames()).containsExactly("a", "c");
    assertThat(store.lookup(root.withPath("b"))).isEmpty();
    assertThat(store.storedBytes()).isEqualTo(80);
    store.touch(root.withPath("a"));
    cache("d", 40); // c is now the least recent
    assertThat(cachedNames()).containsExactly("a", "d");
  }

  @Test
  void pinnedDirtyAndHeldFilesAreNeverEvicted_issue7point4() throws IOException {
    cache("pinned", 30);
    store.pin(root.withPath("pinned"), true);
    cache("dirty", 30);
    store.write(root.withPath("dirty"), 0, new byte[] {1}, T, ChangeMode.OFFLINE);
    cache("held", 30);
    try (CacheStore.Hold hold = store.hold(root.withPath("held"))) {
      // 120 > 100, but the only evictable file is the one being filled, which stays for now.
      cache("new", 30);
      assertThat(cachedNames()).containsExactlyInAnyOrder("pinned", "dirty", "held", "new");
      cache("newer", 30); // now "new" is the least recently used evictable file
      assertThat(cachedNames()).containsExactlyInAnyOrder("pinned", "dirty", "held", "newer");
      assertThat(hold.entryId()).isPositive();
    }
    // Released, unpinned, synced: all evictable again, least recent first.
    store.pin(root.withPath("pinned"), false);
    assertThat(cachedNames()).containsExactlyInAnyOrder("dirty", "held", "newer");
    for (JournalEntry j : store.pendingJournal()) {
      store.markApplied(j.id(), null);
    }
    cache("last", 30);
    assertThat(cachedNames()).containsExactlyInAnyOrder("held", "newer", "last");
    assertThat(store.storedBytes()).isLessThanOrEqualTo(LIMIT);
  }

  @Test
  void foldersAreNotEvictedAndDoNotCount_issue7point4() throws IOException {
    store.create(root.withPath("dir"), EntryInfo.newDirectory(T, 0x10), ChangeMode.ONLINE);
    cache("a", 60);
    cache("b", 30);
    assertThat(cachedNames()).containsExactly("a", "b", "dir");
    assertThat(store.storedBytes()).isEqualTo(90);
    assertThat(store.evictToLimit()).isEmpty();
  }

  @Test
  void useOrderSurvivesARestart_issue7point4() throws IOException {
    cache("a", 40);
    cache("b", 40);
    store.read(root.withPath("a"), 0, 1); // a recorded as used only in memory until a change
    store.close();
    store = CacheStore.open(CacheStoreConfig.at(folder).withSizeLimit(LIMIT));
    cache("c", 40);
    assertThat(store.evictToLimit()).as("already within the limit").isEmpty();
    assertThat(cachedNames()).containsExactly("a", "c");
  }
}
