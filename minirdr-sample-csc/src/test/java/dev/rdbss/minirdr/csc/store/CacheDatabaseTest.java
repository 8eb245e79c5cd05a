package dev.rdbss.minirdr.csc.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteDataSource;

/**
 * Issue 7 point 4's storage rules, read back from SQLite itself: WAL, {@code synchronous=FULL}, and
 * a change committed by the time the store's call returns (another connection sees it).
 */
class CacheDatabaseTest {

  @TempDir Path folder;

  @Test
  void theDatabaseRunsInWalModeWithFullSynchronousCommits_issue7point4() throws Exception {
    try (CacheDatabase db = CacheDatabase.open(folder.resolve("cache.db"))) {
      assertThat(db.read(() -> db.pragma("journal_mode"))).isEqualToIgnoringCase("wal");
      assertThat(db.read(() -> db.pragma("synchronous"))).isEqualTo("2"); // 2 = FULL
    }
  }

  @Test
  void anAcknowledgedChangeIsCommittedWhenTheCallReturns_issue7point4()
      throws IOException, SQLException {
    Path cache = folder.resolve("cache");
    CacheKey f = CacheKey.of("alice", "srv", "docs", "\\f.txt");
    Instant t = Instant.parse("2026-01-01T00:00:00Z");
    try (CacheStore store = CacheStore.open(CacheStoreConfig.at(cache))) {
      store.create(f, EntryInfo.newFile(t, 0x20), ChangeMode.OFFLINE);
      store.write(f, 0, new byte[] {1, 2, 3}, t, ChangeMode.OFFLINE);
      // A second connection, as another process after a crash would open it: no commit pending.
      SQLiteDataSource other = new SQLiteDataSource();
      other.setUrl("jdbc:sqlite:" + cache.resolve("cache.db"));
      try (Connection c = other.getConnection();
          Statement s = c.createStatement();
          ResultSet r = s.executeQuery("SELECT op, data_offset, length(data) FROM journal ORDER BY id")) {
        assertThat(r.next()).isTrue();
        assertThat(r.getString(1)).isEqualTo("CREATE");
        assertThat(r.next()).isTrue();
        assertThat(r.getString(1)).isEqualTo("WRITE");
        assertThat(r.getLong(2)).isZero();
        assertThat(r.getLong(3)).isEqualTo(3);
        assertThat(r.next()).isFalse();
      }
    }
  }
}
