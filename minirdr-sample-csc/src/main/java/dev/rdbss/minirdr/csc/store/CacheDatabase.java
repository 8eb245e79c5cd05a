package dev.rdbss.minirdr.csc.store;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The cache's metadata, journal and conflicts in SQLite (issue 7 point 4).
 *
 * <p>Opened through {@link SQLiteDataSource}, not {@code DriverManager}: inside a plugin's module
 * layer {@code DriverManager} cannot see a driver that the application class loader did not load.
 * The database runs in WAL mode with {@code synchronous=FULL}, so a committed transaction survives a
 * crash of the process or of the machine; every acknowledged change of the store is one
 * transaction ({@link #transaction}).
 *
 * <p>Not thread-safe: the store serializes calls.
 */
final class CacheDatabase implements AutoCloseable {

  /** A unit of work inside one transaction. */
  interface Work<T extends @Nullable Object> {
    T run() throws SQLException, IOException;
  }

  private static final int SCHEMA_VERSION = 1;

  private static final String ENTRY_COLUMNS =
      "id, logon, server, share, path, directory, size, creation_time, last_access_time,"
          + " last_write_time, change_time, attributes, server_write_time, server_size, pinned,"
          + " dirty, complete, last_use, stored";

  private static final String JOURNAL_COLUMNS =
      "id, op, entry_id, logon, server, share, path, target_path, replace_existing, data_offset,"
          + " data, size, attributes, base_write_time, base_size, applied, directory";

  private final Connection connection;

  private CacheDatabase(Connection connection) {
    this.connection = connection;
  }

  static CacheDatabase open(Path file) throws IOException {
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
    config.enforceForeignKeys(true);
    config.setBusyTimeout(5_000);
    SQLiteDataSource source = new SQLiteDataSource(config);
    source.setUrl("jdbc:sqlite:" + file.toAbsolutePath());
    try {
      Connection connection = source.getConnection();
      CacheDatabase db = new CacheDatabase(connection);
      connection.setAutoCommit(false);
      db.createSchema(); // one transaction: each commit costs an fsync
      connection.commit();
      return db;
    } catch (SQLException e) {
      throw new IOException("cannot open the cache database " + file + ": " + e.getMessage(), e);
    }
  }

  private void createSchema() throws SQLException {
    try (Statement s = connection.createStatement()) {
      s.executeUpdate(
          "CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value INTEGER NOT NULL)");
      s.executeUpdate(
          "CREATE TABLE IF NOT EXISTS entry ("
              + " id INTEGER PRIMARY KEY AUTOINCREMENT,"
              + " logon TEXT NOT NULL, server TEXT NOT NULL, share TEXT NOT NULL,"
              + " path TEXT NOT NULL, path_key TEXT NOT NULL, parent_key TEXT NOT NULL,"
              + " directory INTEGER NOT NULL, size INTEGER NOT NULL,"
              + " creation_time INTEGER NOT NULL, last_access_time INTEGER NOT NULL,"
              + " last_write_time INTEGER NOT NULL, change_time INTEGER NOT NULL,"
              + " attributes INTEGER NOT NULL,"
              + " server_write_time INTEGER, server_size INTEGER,"
              + " pinned INTEGER NOT NULL, dirty INTEGER NOT NULL, complete INTEGER NOT NULL,"
              + " last_use INTEGER NOT NULL, stored INTEGER NOT NULL,"
              + " UNIQUE (logon, server, share, path_key))");
      s.executeUpdate(
          "CREATE INDEX IF NOT EXISTS entry_parent ON entry (logon, server, share, parent_key)");
      s.executeUpdate("CREATE INDEX IF NOT EXISTS entry_use ON entry (last_use)");
      s.executeUpdate(
          "CREATE TABLE IF NOT EXISTS journal ("
              + " id INTEGER PRIMARY KEY AUTOINCREMENT,"
              + " op TEXT NOT NULL, entry_id INTEGER NOT NULL,"
              + " logon TEXT NOT NULL, server TEXT NOT NULL, share TEXT NOT NULL,"
              + " path TEXT NOT NULL, target_path TEXT, replace_existing INTEGER NOT NULL,"
              + " data_offset INTEGER NOT NULL, data BLOB NOT NULL, size INTEGER NOT NULL,"
              + " attributes INTEGER NOT NULL,"
              + " base_write_time INTEGER, base_size INTEGER, applied INTEGER NOT NULL,"
              + " directory INTEGER NOT NULL)");
      s.executeUpdate(
          "CREATE INDEX IF NOT EXISTS journal_pending ON journal (applied, logon, server, share)");
      s.executeUpdate(
          "CREATE TABLE IF NOT EXISTS conflict ("
              + " id INTEGER PRIMARY KEY AUTOINCREMENT, journal_id INTEGER NOT NULL,"
              + " logon TEXT NOT NULL, server TEXT NOT NULL, share TEXT NOT NULL,"
              + " path TEXT NOT NULL, kept_as TEXT NOT NULL, reason TEXT NOT NULL)");
      s.executeUpdate(
          "INSERT OR IGNORE INTO meta (name, value) VALUES ('schema', " + SCHEMA_VERSION + ")");
      s.executeUpdate("INSERT OR IGNORE INTO meta (name, value) VALUES ('redo', 0)");
    }
    long version = meta("schema");
    if (version != SCHEMA_VERSION) {
      throw new SQLException("cache database schema " + version + ", expected " + SCHEMA_VERSION);
    }
  }

  /** Runs {@code work} in one transaction: committed (durably) if it returns, rolled back if not. */
  <T extends @Nullable Object> T transaction(Work<T> work) throws IOException {
    try {
      T result = work.run();
      connection.commit();
      return result;
    } catch (SQLException e) {
      rollback();
      throw new IOException("cache database: " + e.getMessage(), e);
    } catch (IOException | RuntimeException e) {
      rollback();
      throw e;
    }
  }

  /** Runs a read in the current (read) transaction. */
  <T extends @Nullable Object> T read(Work<T> work) throws IOException {
    try {
      T result = work.run();
      connection.commit(); // ends the read transaction so the WAL can be checkpointed
      return result;
    } catch (SQLException e) {
      rollback();
      throw new IOException("cache database: " + e.getMessage(), e);
    }
  }

  private void rollback() {
    try {
      connection.rollback();
    } catch (SQLException ignored) {
      // The original failure is what the caller needs to see.
    }
  }

  /** The value of a pragma on this connection (what the durability rules rely on). */
  String pragma(String name) throws SQLException {
    try (Statement s = connection.createStatement();
        ResultSet r = s.executeQuery("PRAGMA " + name)) {
      return r.next() ? r.getString(1) : "";
    }
  }

  // --- meta ---

  long meta(String name) throws SQLException {
    try (PreparedStatement p = connection.prepareStatement("SELECT value FROM meta WHERE name = ?")) {
      p.setString(1, name);
      try (ResultSet r = p.executeQuery()) {
        return r.next() ? r.getLong(1) : 0;
      }
    }
  }

  void setMeta(String name, long value) throws SQLException {
    try (PreparedStatement p =
        connection.prepareStatement("INSERT OR REPLACE INTO meta (name, value) VALUES (?, ?)")) {
      p.setString(1, name);
      p.setLong(2, value);
      p.executeUpdate();
    }
  }

  // --- entries ---

  Optional<CacheEntry> entry(CacheKey key) throws SQLException {
    try (PreparedStatement p =
        connection.prepareStatement(
            "SELECT " + ENTRY_COLUMNS + " FROM entry"
                + " WHERE logon = ? AND server = ? AND share = ? AND path_key = ?")) {
      p.setString(1, key.logon());
      p.setString(2, key.server());
      p.setString(3, key.share());
      p.setString(4, key.lookupPath());
      return single(p);
    }
  }

  Optional<CacheEntry> entry(long id) throws SQLException {
    try (PreparedStatement p =
        connection.prepareStatement("SELECT " + ENTRY_COLUMNS + " FROM entry WHERE id = ?")) {
      p.setLong(1, id);
      return single(p);
    }
  }

  List<CacheEntry> children(CacheKey folder) throws SQLException {
    try (PreparedStatement p =
        connection.prepareStatement(
            "SELECT " + ENTRY_COLUMNS + " FROM entry"
                + " WHERE logon = ? AND server = ? AND share = ? AND parent_key = ?"
                + " AND path_key <> parent_key ORDER BY path_key")) {
      p.setString(1, folder.logon());
      p.setString(2, folder.server());
      p.setString(3, folder.share());
      p.setString(4, folder.lookupPath());
      return all(p);
    }
  }

  /** The entries under {@code folder} at any depth (not the folder itself). */
  List<CacheEntry> descendants(CacheKey folder) throws SQLException {
    String prefix = folder.isRoot() ? "\\" : folder.lookupPath() + "\\";
    try (PreparedStatement p =
        connection.prepareStatement(
            "SELECT " + ENTRY_COLUMNS + " FROM entry"
                + " WHERE logon = ? AND server = ? AND share = ?"
                + " AND substr(path_key, 1, ?) = ? AND path_key <> ? ORDER BY path_key")) {
      p.setString(1, folder.logon());
      p.setString(2, folder.server());
      p.setString(3, folder.share());
      p.setInt(4, prefix.length());
      p.setString(5, prefix);
      p.setString(6, folder.lookupPath());
      return all(p);
    }
  }

  List<CacheEntry> entriesByUse() throws SQLException {
    try (PreparedStatement p =
        connection.prepareStatement(
            "SELECT " + ENTRY_COLUMNS + " FROM entry ORDER BY last_use, id")) {
      return all(p);
    }
  }

  List<CacheEntry> allEntries(String logon) throws SQLException {
    try (PreparedStatement p =
        connection.prepareStatement(
            "SELECT " + ENTRY_COLUMNS + " FROM entry WHERE logon = ? ORDER BY server, share, path_key")) {
      p.setString(1, logon.toLowerCase(java.util.Locale.ROOT));
      return all(p);
    }
  }

  Set<Long> entryIds() throws SQLException {
    Set<Long> ids = new HashSet<>();
    try (Statement s = connection.createStatement();
        ResultSet r = s.executeQuery("SELECT id FROM entry")) {
      while (r.next()) {
        ids.add(r.getLong(1));
      }
    }
    return ids;
  }

  long storedTotal() throws SQLException {
    try (Statement s = connection.createStatement();
        ResultSet r = s.executeQuery("SELECT COALESCE(SUM(stored), 0) FROM entry")) {
      return r.next() ? r.getLong(1) : 0;
    }
  }

  long maxLastUse() throws SQLException {
    try (Statement s = connection.createStatement();
        ResultSet r = s.executeQuery("SELECT COALESCE(MAX(last_use), 0) FROM entry")) {
      return r.next() ? r.getLong(1) : 0;
    }
  }

  long insertEntry(CacheEntry e) throws SQLException {
    try (PreparedStatement p =
        connection.prepareStatement(
            "INSERT INTO entry (logon, server, share, path, path_key, parent_key, directory, size,"
                + " creation_time, last_access_time, last_write_time, change_time, attributes,"
                + " server_write_time, server_size, pinned, dirty, complete, last_use, stored)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)",
            Statement.RETURN_GENERATED_KEYS)) {
      CacheKey k = e.key();
      p.setString(1, k.logon());
      p.setString(2, k.server());
      p.setString(3, k.share());
      p.setString(4, k.path());
      p.setString(5, k.lookupPath());
      p.setString(6, k.parent().lookupPath());
      bindEntryState(p, 7, e);
      p.executeUpdate();
      try (ResultSet keys = p.getGeneratedKeys()) {
        keys.next();
        return keys.getLong(1);
      }
    }
  }

  void updateEntry(CacheEntry e) throws SQLException {
    try (PreparedStatement p =
        connection.prepareStatement(
            "UPDATE entry SET path = ?, path_key = ?, parent_key = ?, directory = ?, size = ?,"
                + " creation_time = ?, last_access_time = ?, last_write_time = ?, change_time = ?,"
                + " attributes = ?, server_write_time = ?, server_size = ?, pinned = ?, dirty = ?,"
                + " complete = ?, last_use = ? WHERE id = ?")) {
      CacheKey k = e.key();
      p.setString(1, k.path());
      p.setString(2, k.lookupPath());
      p.setString(3, k.parent().lookupPath());
      int next = bindEntryState(p, 4, e);
      p.setLong(next, e.id());
      if (p.executeUpdate() != 1) {
        throw new SQLException("no entry " + e.id());
      }
    }
  }

  void setLastUse(long id, long lastUse) throws SQLException {
    try (PreparedStatement p =
        connection.prepareStatement("UPDATE entry SET last_use = ? WHERE id = ? AND last_use < ?")) {
      p.setLong(1, lastUse);
      p.setLong(2, id);
      p.setLong(3, lastUse);
      p.executeUpdate();
    }
  }

  void deleteEntry(long id) throws SQLException {
    try (PreparedStatement p = connection.prepareStatement("DELETE FROM entry WHERE id = ?")) {
      p.setLong(1, id);
      p.executeUpdate();
    }
  }

  private static int bindEntryState(PreparedStatement p, int first, CacheEntry e)
      throws SQLException {
    int i = first;
    EntryInfo info = e.info();
    p.setInt(i++, info.directory() ? 1 : 0);
    p.setLong(i++, info.size());
    p.setLong(i++, Times.toTicks(info.creationTime()));
    p.setLong(i++, Times.toTicks(info.lastAccessTime()));
    p.setLong(i++, Times.toTicks(info.lastWriteTime()));
    p.setLong(i++, Times.toTicks(info.changeTime()));
    p.setInt(i++, info.attributes());
    ServerVersion v = e.serverVersion();
    if (v == null) {
      p.setNull(i++, Types.INTEGER);
      p.setNull(i++, Types.INTEGER);
    } else {
      p.setLong(i++, Times.toTicks(v.lastWriteTime()));
      p.setLong(i++, v.size());
    }
    p.setInt(i++, e.pinned() ? 1 : 0);
    p.setInt(i++, e.dirty() ? 1 : 0);
    p.setInt(i++, e.complete() ? 1 : 0);
    p.setLong(i++, e.lastUse());
    return i;
  }

  void setStored(long id, long stored) throws SQLException {
    try (PreparedStatement p = connection.prepareStatement("UPDATE entry SET stored = ? WHERE id = ?")) {
      p.setLong(1, stored);
      p.setLong(2, id);
      p.executeUpdate();
    }
  }

  long stored(long id) throws SQLException {
    try (PreparedStatement p = connection.prepareStatement("SELECT stored FROM entry WHERE id = ?")) {
      p.setLong(1, id);
      try (ResultSet r = p.executeQuery()) {
        return r.next() ? r.getLong(1) : 0;
      }
    }
  }

  private static Optional<CacheEntry> single(PreparedStatement p) throws SQLException {
    try (ResultSet r = p.executeQuery()) {
      return r.next() ? Optional.of(entryOf(r)) : Optional.empty();
    }
  }

  private static List<CacheEntry> all(PreparedStatement p) throws SQLException {
    List<CacheEntry> result = new ArrayList<>();
    try (ResultSet r = p.executeQuery()) {
      while (r.next()) {
        result.add(entryOf(r));
      }
    }
    return result;
  }

  private static CacheEntry entryOf(ResultSet r) throws SQLException {
    CacheKey key = new CacheKey(r.getString(2), r.getString(3), r.getString(4), r.getString(5));
    EntryInfo info =
        new EntryInfo(
            r.getInt(6) != 0,
            r.getLong(7),
            Times.fromTicks(r.getLong(8)),
            Times.fromTicks(r.getLong(9)),
            Times.fromTicks(r.getLong(10)),
            Times.fromTicks(r.getLong(11)),
            r.getInt(12));
    long serverWrite = r.getLong(13);
    ServerVersion version =
        r.wasNull() ? null : new ServerVersion(Times.fromTicks(serverWrite), r.getLong(14));
    return new CacheEntry(
        r.getLong(1),
        key,
        info,
        version,
        r.getInt(15) != 0,
        r.getInt(16) != 0,
        r.getInt(17) != 0,
        r.getLong(18));
  }

  // --- journal ---

  long appendJournal(JournalEntry e) throws SQLException {
    try (PreparedStatement p =
        connection.prepareStatement(
            "INSERT INTO journal (op, entry_id, logon, server, share, path, target_path,"
                + " replace_existing, data_offset, data, size, attributes, base_write_time,"
                + " base_size, applied, directory)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?)",
            Statement.RETURN_GENERATED_KEYS)) {
      p.setString(1, e.op().name());
      p.setLong(2, e.entryId());
      p.setString(3, e.key().logon());
      p.setString(4, e.key().server());
      p.setString(5, e.key().share());
      p.setString(6, e.key().path());
      p.setString(7, e.targetPath());
      p.setInt(8, e.replaceIfExists() ? 1 : 0);
      p.setLong(9, e.offset());
      p.setBytes(10, e.data());
      p.setLong(11, e.size());
      p.setInt(12, e.attributes());
      ServerVersion base = e.baseVersion();
      if (base == null) {
        p.setNull(13, Types.INTEGER);
        p.setNull(14, Types.INTEGER);
      } else {
        p.setLong(13, Times.toTicks(base.lastWriteTime()));
        p.setLong(14, base.size());
      }
      p.setInt(15, e.directory() ? 1 : 0);
      p.executeUpdate();
      try (ResultSet keys = p.getGeneratedKeys()) {
        keys.next();
        return keys.getLong(1);
      }
    }
  }

  List<JournalEntry> journal(@Nullable CacheKey scope, boolean pendingOnly) throws SQLException {
    StringBuilder sql = new StringBuilder("SELECT " + JOURNAL_COLUMNS + " FROM journal WHERE 1 = 1");
    if (pendingOnly) {
      sql.append(" AND applied = 0");
    }
    if (scope != null) {
      sql.append(" AND logon = ? AND server = ? AND share = ?");
    }
    sql.append(" ORDER BY id");
    try (PreparedStatement p = connection.prepareStatement(sql.toString())) {
      if (scope != null) {
        p.setString(1, scope.logon());
        p.setString(2, scope.server());
        p.setString(3, scope.share());
      }
      List<JournalEntry> result = new ArrayList<>();
      try (ResultSet r = p.executeQuery()) {
        while (r.next()) {
          result.add(journalOf(r));
        }
      }
      return result;
    }
  }

  Optional<JournalEntry> journalEntry(long id) throws SQLException {
    try (PreparedStatement p =
        connection.prepareStatement("SELECT " + JOURNAL_COLUMNS + " FROM journal WHERE id = ?")) {
      p.setLong(1, id);
      try (ResultSet r = p.executeQuery()) {
        return r.next() ? Optional.of(journalOf(r)) : Optional.empty();
      }
    }
  }

  boolean markApplied(long id) throws SQLException {
    try (PreparedStatement p =
        connection.prepareStatement("UPDATE journal SET applied = 1 WHERE id = ? AND applied = 0")) {
      p.setLong(1, id);
      return p.executeUpdate() == 1;
    }
  }

  int pendingFor(long entryId) throws SQLException {
    try (PreparedStatement p =
        connection.prepareStatement(
            "SELECT COUNT(*) FROM journal WHERE entry_id = ? AND applied = 0")) {
      p.setLong(1, entryId);
      try (ResultSet r = p.executeQuery()) {
        return r.next() ? r.getInt(1) : 0;
      }
    }
  }

  int purgeApplied() throws SQLException {
    try (Statement s = connection.createStatement()) {
      return s.executeUpdate("DELETE FROM journal WHERE applied = 1");
    }
  }

  private static JournalEntry journalOf(ResultSet r) throws SQLException {
    CacheKey key = new CacheKey(r.getString(4), r.getString(5), r.getString(6), r.getString(7));
    long baseWrite = r.getLong(14);
    ServerVersion base =
        r.wasNull() ? null : new ServerVersion(Times.fromTicks(baseWrite), r.getLong(15));
    byte[] data = r.getBytes(11);
    return new JournalEntry(
        r.getLong(1),
        JournalOp.valueOf(r.getString(2)),
        r.getLong(3),
        key,
        r.getString(8),
        r.getInt(9) != 0,
        r.getLong(10),
        data == null ? new byte[0] : data,
        r.getLong(12),
        r.getInt(13),
        r.getInt(17) != 0,
        base,
        r.getInt(16) != 0);
  }

  // --- conflicts ---

  long insertConflict(long journalId, CacheKey key, String keptAs, String reason)
      throws SQLException {
    try (PreparedStatement p =
        connection.prepareStatement(
            "INSERT INTO conflict (journal_id, logon, server, share, path, kept_as, reason)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?)",
            Statement.RETURN_GENERATED_KEYS)) {
      p.setLong(1, journalId);
      p.setString(2, key.logon());
      p.setString(3, key.server());
      p.setString(4, key.share());
      p.setString(5, key.path());
      p.setString(6, keptAs);
      p.setString(7, reason);
      p.executeUpdate();
      try (ResultSet keys = p.getGeneratedKeys()) {
        keys.next();
        return keys.getLong(1);
      }
    }
  }

  List<Conflict> conflicts(@Nullable String logon) throws SQLException {
    String sql =
        "SELECT id, journal_id, logon, server, share, path, kept_as, reason FROM conflict"
            + (logon != null ? " WHERE logon = ?" : "")
            + " ORDER BY id";
    try (PreparedStatement p = connection.prepareStatement(sql)) {
      if (logon != null) {
        p.setString(1, logon.toLowerCase(java.util.Locale.ROOT));
      }
      List<Conflict> result = new ArrayList<>();
      try (ResultSet r = p.executeQuery()) {
        while (r.next()) {
          result.add(
              new Conflict(
                  r.getLong(1),
                  r.getLong(2),
                  new CacheKey(r.getString(3), r.getString(4), r.getString(5), r.getString(6)),
                  r.getString(7),
                  r.getString(8)));
        }
      }
      return result;
    }
  }

  @Override
  public void close() throws IOException {
    try {
      connection.close();
    } catch (SQLException e) {
      throw new IOException("cache database: " + e.getMessage(), e);
    }
  }
}
