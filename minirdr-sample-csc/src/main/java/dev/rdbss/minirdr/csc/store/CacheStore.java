package dev.rdbss.minirdr.csc.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The client-side cache of the CSC sample (issue 7 point 4): metadata, the offline journal and
 * conflicts in SQLite, file data in a cache folder.
 *
 * <p>It is what makes the CSC pattern of spec §4.1 safe: when a share changes mode, {@code
 * forceFinalizeAllVNetRoots} orphans every open file (§4.2), and data those handles wrote must not
 * be lost, so the plugin flushes it into this store (online) or its journal (offline) first; every
 * call here is durable when it returns. Entries are per logon, as V_NET_ROOTs are (§6.3).
 *
 * <h2>Layout</h2>
 *
 * <p>In the {@linkplain CacheStoreConfig#folder() cache folder} (0700): {@code cache.db} (with its
 * WAL files; 0600), {@code data/} (one 0600 file per cached file, named after the entry's id), {@code
 * native/} (where sqlite-jdbc extracts its native library, see {@code NativeLibraryFolder}) and
 * {@code lock} (one process per cache folder). The cache survives restarts: everything lives in
 * these files.
 *
 * <h2>Durability</h2>
 *
 * <p>Every change is one SQLite transaction (WAL, {@code synchronous=FULL}), committed before the
 * method returns. An {@link ChangeMode#OFFLINE} change is write-ahead: the journal entry, which
 * carries the change's bytes, commits first, then the data file is written and forced ({@link
 * FileChannel#force}); only then does the method return, which is the acknowledgement. A crash
 * between the two leaves a committed entry whose data file may be behind; the store remembers the
 * last such entry ({@code redo} in the {@code meta} table) and re-applies it when it is next opened
 * (re-applying a write at an absolute offset is harmless). An {@link ChangeMode#ONLINE} change
 * writes and forces the data first, then commits the metadata, so a crash can leave data the
 * metadata does not cover yet but never metadata promising data that is not there. Bytes {@link
 * #fill filled} from the server are forced only by {@link #flush} or {@link #setComplete}: until an
 * entry is marked complete nobody relies on them. At open, data files of deleted entries are
 * removed and data files longer than their entry are cut.
 *
 * <h2>Journal</h2>
 *
 * <p>Offline changes are appended to the journal in order, with stable ascending ids, each described
 * so that applying it twice has the effect of applying it once ({@link JournalOp}). Sync replays
 * {@link #pendingJournal(CacheKey)} in order and calls {@link #markApplied} after each entry the
 * server accepted, or {@link #recordConflict} for one it could not apply; both are transactions,
 * so after a crash at most the entry in flight is replayed again.
 *
 * <h2>Isolation</h2>
 *
 * <p>Every lookup is by {@link CacheKey}, which includes the logon: an entry cached by one logon is
 * invisible to every other (issue 7 point 6). The cache folder, database and data files are
 * readable by their owner only.
 *
 * <h2>Size limit</h2>
 *
 * <p>When the bytes of cached file data exceed {@link CacheStoreConfig#sizeLimit()}, the least
 * recently used files that are unpinned, clean (no pending journal entry) and not {@linkplain
 * #hold held} are evicted (their entries and data removed) until the data fits again.
 *
 * <p>Thread-safe: every method is serialized on the store.
 */
public final class CacheStore implements AutoCloseable {

  private final CacheStoreConfig config;
  private final CacheDatabase db;
  private final CacheFiles files;
  private final FileChannel lockChannel;
  private final FileLock lock;
  /** Uses seen by reads since the last transaction, written with the next one. */
  private final Map<Long, Long> pendingUses = new LinkedHashMap<>();
  /** Open handles per entry id: held entries are never evicted. */
  private final Map<Long, Integer> holds = new HashMap<>();

  private long useCounter;
  private boolean closed;
  /** A committed offline change could not reach its data file: only a reopen (redo) repairs it. */
  private boolean failed;

  private CacheStore(
      CacheStoreConfig config,
      CacheDatabase db,
      CacheFiles files,
      FileChannel lockChannel,
      FileLock lock)
      throws IOException {
    this.config = config;
    this.db = db;
    this.files = files;
    this.lockChannel = lockChannel;
    this.lock = lock;
    this.useCounter = db.read(db::maxLastUse);
  }

  /**
   * Opens the cache in {@code config.folder()}, creating it if needed, and recovers from a crash of
   * the previous process (see the class comment).
   *
   * @throws IOException if the folder cannot be created, another process has it open, or the
   *     database cannot be opened
   */
  public static CacheStore open(CacheStoreConfig config) throws IOException {
    return open(config, new RealDisk());
  }

  /** Opens the cache with the file data on {@code disk} (the durability test's simulated disk). */
  static CacheStore open(CacheStoreConfig config, Disk disk) throws IOException {
    Path folder = config.folder().toAbsolutePath();
    OwnerOnly.folder(folder);
    Path lockFile = folder.resolve("lock");
    OwnerOnly.file(lockFile);
    FileChannel lockChannel = FileChannel.open(lockFile, StandardOpenOption.WRITE);
    FileLock lock;
    try {
      lock = lockChannel.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null;
    }
    if (lock == null) {
      lockChannel.close();
      throw new IOException("the cache folder " + folder + " is in use by another store");
    }
    try {
      NativeLibraryFolder.claim(folder.resolve("native"));
      Path data = folder.resolve("data");
      OwnerOnly.folder(data);
      Path dbFile = folder.resolve("cache.db");
      // SQLite creates its -wal and -shm files with the database file's mode: create it 0600.
      OwnerOnly.file(dbFile);
      CacheDatabase db = CacheDatabase.open(dbFile);
      CacheStore store;
      try {
        store = new CacheStore(config, db, new CacheFiles(data, disk), lockChannel, lock);
        store.recover();
      } catch (IOException | RuntimeException e) {
        db.close();
        throw e;
      }
      return store;
    } catch (IOException | RuntimeException e) {
      lock.release();
      lockChannel.close();
      throw e;
    }
  }

  /** Where the cache lives and how large it may grow. */
  public CacheStoreConfig config() {
    return config;
  }

  // --- recovery ---

  private void recover() throws IOException {
    long redo = db.read(() -> db.meta("redo"));
    if (redo != 0) {
      Optional<JournalEntry> entry = db.read(() -> db.journalEntry(redo));
      if (entry.isPresent()) {
        Optional<CacheEntry> target = db.read(() -> db.entry(entry.get().entryId()));
        if (target.isPresent()) {
          applyToData(entry.get(), target.get().id());
        }
      }
    }
    db.transaction(
        () -> {
          for (CacheEntry e : db.entriesByUse()) {
            if (!e.directory() && files.storedLength(e.id()) > e.size()) {
              files.truncate(e.id(), e.size(), true);
            }
            db.setStored(e.id(), e.directory() ? 0 : Math.min(e.size(), files.storedLength(e.id())));
          }
          db.setMeta("redo", 0);
          return null;
        });
    files.sweep(db.read(db::entryIds));
  }

  /** Applies the data part of an offline change to the data file, durably. */
  private void applyToData(JournalEntry entry, long id) throws IOException {
    switch (entry.op()) {
      case WRITE:
        files.write(id, entry.offset(), entry.data(), true);
        break;
      case CONTENT:
        files.replace(id, entry.data(), true);
        break;
      case SET_SIZE:
        files.truncate(id, entry.size(), true);
        break;
      default:
        break; // metadata only
    }
  }

  // --- queries ---

  /** The entry at {@code key}, if the cache has it. Not a use (see {@link #touch}). */
  public synchronized Optional<CacheEntry> lookup(CacheKey key) throws IOException {
    ensureOpen();
    return db.read(() -> db.entry(key)).map(this::withPendingUse);
  }

  /**
   * The entry of {@code logon} with the store id {@code id} (as a {@link JournalEntry#entryId()}
   * names it, whatever it was renamed to since), if it still exists. An id of another logon's entry
   * finds nothing.
   */
  public synchronized Optional<CacheEntry> lookup(String logon, long id) throws IOException {
    ensureOpen();
    String owner = logon.toLowerCase(java.util.Locale.ROOT);
    return db.read(() -> db.entry(id))
        .filter(e -> e.key().logon().equals(owner))
        .map(this::withPendingUse);
  }

  /** The entries directly inside the folder {@code folder}, ordered by name (case-insensitive). */
  public synchronized List<CacheEntry> list(CacheKey folder) throws IOException {
    ensureOpen();
    List<CacheEntry> result = new ArrayList<>();
    for (CacheEntry e : db.read(() -> db.children(folder))) {
      result.add(withPendingUse(e));
    }
    return result;
  }

  /** Every entry {@code logon} has cached, ordered by server, share and path. */
  public synchronized List<CacheEntry> entries(String logon) throws IOException {
    ensureOpen();
    List<CacheEntry> result = new ArrayList<>();
    for (CacheEntry e : db.read(() -> db.allEntries(logon))) {
      result.add(withPendingUse(e));
    }
    return result;
  }

  /** Bytes of file data the cache holds (what the size limit counts). */
  public synchronized long storedBytes() throws IOException {
    ensureOpen();
    return db.read(db::storedTotal);
  }

  /** Records a use of the entry (an open, say) for the least-recently-used order. */
  public synchronized void touch(CacheKey key) throws IOException {
    ensureOpen();
    CacheEntry e = existing(key);
    pendingUses.put(e.id(), ++useCounter);
  }

  /**
   * Reads up to {@code length} bytes at {@code offset}; fewer at the end of file. Bytes the cache
   * never received (a file not {@linkplain CacheEntry#complete() complete}) read as zeros: check
   * {@code complete} before serving data offline.
   *
   * @throws NoSuchFileException if the entry is not cached
   */
  public synchronized byte[] read(CacheKey key, long offset, int length) throws IOException {
    ensureOpen();
    CacheEntry e = existing(key);
    if (e.directory()) {
      throw new IOException(key + " is a folder");
    }
    byte[] data = files.read(e.id(), offset, length, e.size());
    pendingUses.put(e.id(), ++useCounter);
    return data;
  }

  // --- entries ---

  /**
   * Records what the server says about {@code key} (online): creates the entry or updates its
   * metadata and server version, keeping its data, pin and dirty flags. Whether cached data is still
   * current is the caller's decision: compare the old {@link CacheEntry#serverVersion()} with the
   * new one and call {@link #discardData} if the file changed on the server.
   *
   * <p>A dirty entry is left as it is (only its use is recorded): its metadata describes local
   * changes the server has not seen, and its recorded server version is what sync compares with the
   * server's to detect a conflict (issue 7 point 3), so neither may be overwritten before sync.
   */
  public synchronized CacheEntry record(CacheKey key, EntryInfo info, ServerVersion version)
      throws IOException {
    ensureOpen();
    Objects.requireNonNull(version, "version");
    CacheEntry result =
        db.transaction(
            () -> {
              beginChange();
              Optional<CacheEntry> old = db.entry(key);
              if (old.isEmpty()) {
                CacheEntry fresh =
                    new CacheEntry(0, key, info, version, false, false, info.directory(), ++useCounter);
                return withId(fresh, db.insertEntry(fresh));
              }
              CacheEntry o = old.get();
              if (o.dirty()) {
                CacheEntry used = withUse(o, ++useCounter);
                db.updateEntry(used);
                return used;
              }
              if (o.directory() != info.directory()) {
                // The server replaced a file by a folder or the reverse: the old copy is worthless.
                files.truncate(o.id(), 0, false);
                db.setStored(o.id(), 0);
              }
              CacheEntry updated =
                  new CacheEntry(
                      o.id(), o.key(), info, version, o.pinned(), o.dirty(), o.complete(), ++useCounter);
              db.updateEntry(updated);
              return updated;
            });
    evict(result.id());
    return result;
  }

  /**
   * Creates a file or folder in the cache. Offline the parent folder must be cached (the cache is
   * then the only copy of the share) and the change is journaled ({@link JournalOp#CREATE} or
   * {@link JournalOp#MKDIR}).
   *
   * @throws FileAlreadyExistsException if the entry exists
   * @throws NoSuchFileException if offline and the parent folder is not cached
   */
  public synchronized CacheEntry create(CacheKey key, EntryInfo info, ChangeMode mode)
      throws IOException {
    ensureOpen();
    return db.transaction(
        () -> {
          beginChange();
          if (db.entry(key).isPresent()) {
            throw new FileAlreadyExistsException(key.toString());
          }
          if (mode == ChangeMode.OFFLINE) {
            requireParentFolder(key);
          }
          CacheEntry fresh =
              new CacheEntry(
                  0, key, info, null, false, mode == ChangeMode.OFFLINE, true, ++useCounter);
          CacheEntry created = withId(fresh, db.insertEntry(fresh));
          if (mode == ChangeMode.OFFLINE) {
            journal(
                info.directory() ? JournalOp.MKDIR : JournalOp.CREATE,
                created,
                null,
                false,
                0,
                new byte[0],
                0,
                info.attributes(),
                null);
          }
          return created;
        });
  }

  /**
   * Deletes a file or an empty folder from the cache; offline the delete is journaled.
   *
   * @throws NoSuchFileException if the entry is not cached
   * @throws DirectoryNotEmptyException if it is a folder with cached entries inside
   */
  public synchronized void delete(CacheKey key, ChangeMode mode) throws IOException {
    ensureOpen();
    CacheEntry removed =
        db.transaction(
            () -> {
              beginChange();
              CacheEntry e = db.entry(key).orElseThrow(() -> new NoSuchFileException(key.toString()));
              if (e.directory() && !db.children(e.key()).isEmpty()) {
                throw new DirectoryNotEmptyException(key.toString());
              }
              db.deleteEntry(e.id());
              if (mode == ChangeMode.OFFLINE) {
                journal(JournalOp.DELETE, e, null, false, 0, new byte[0], 0, 0, e.serverVersion());
              }
              return e;
            });
    // After the commit: a crash before this leaves an orphan, swept at the next open.
    files.delete(removed.id());
    holds.remove(removed.id());
    pendingUses.remove(removed.id());
  }

  /**
   * Renames an entry (a folder with everything cached inside it) to {@code newPath} on the same
   * share; offline the rename is journaled once, for the entry itself. A rename that changes only
   * the case of the name is allowed.
   *
   * @throws NoSuchFileException if the entry is not cached, or offline the new parent is not
   * @throws FileAlreadyExistsException if the target exists and {@code replaceIfExists} is false,
   *     or the target or the source is a folder
   */
  public synchronized CacheEntry rename(
      CacheKey from, String newPath, boolean replaceIfExists, ChangeMode mode) throws IOException {
    ensureOpen();
    CacheKey to = from.withPath(newPath);
    List<Long> replaced = new ArrayList<>();
    CacheEntry result =
        db.transaction(
            () -> {
              beginChange();
              CacheEntry e =
                  db.entry(from).orElseThrow(() -> new NoSuchFileException(from.toString()));
              Optional<CacheEntry> existing = db.entry(to);
              if (existing.isPresent() && existing.get().id() != e.id()) {
                // Only a file replaces a file, as on the server.
                if (!replaceIfExists || existing.get().directory() || e.directory()) {
                  throw new FileAlreadyExistsException(to.toString());
                }
                db.deleteEntry(existing.get().id());
                replaced.add(existing.get().id());
              }
              if (mode == ChangeMode.OFFLINE) {
                requireParentFolder(to);
              }
              if (e.directory() && to.lookupPath().startsWith(e.key().lookupPath() + "\\")) {
                throw new IOException("cannot move " + from + " into itself");
              }
              String oldPrefix = e.key().path();
              for (CacheEntry child : db.descendants(e.key())) {
                String moved = to.path() + child.key().path().substring(oldPrefix.length());
                db.updateEntry(withKey(child, child.key().withPath(moved)));
              }
              CacheEntry renamed =
                  new CacheEntry(
                      e.id(),
                      to,
                      e.info(),
                      e.serverVersion(),
                      e.pinned(),
                      e.dirty() || mode == ChangeMode.OFFLINE,
                      e.complete(),
                      ++useCounter);
              db.updateEntry(renamed);
              if (mode == ChangeMode.OFFLINE) {
                journal(
                    JournalOp.RENAME,
                    e,
                    to.path(),
                    replaceIfExists,
                    0,
                    new byte[0],
                    0,
                    0,
                    e.serverVersion());
              }
              return renamed;
            });
    for (long id : replaced) {
      files.delete(id);
      holds.remove(id);
    }
    return result;
  }

  /**
   * Writes {@code data} at the absolute {@code offset}, extending the file if needed, and sets the
   * last-write time to {@code now}. Offline the write is journaled ({@link JournalOp#WRITE}) and
   * durable when this returns.
   *
   * @throws NoSuchFileException if the entry is not cached
   */
  public synchronized CacheEntry write(
      CacheKey key, long offset, byte[] data, Instant now, ChangeMode mode) throws IOException {
    ensureOpen();
    if (offset < 0) {
      throw new IllegalArgumentException("offset < 0: " + offset);
    }
    byte[] bytes = data.clone();
    CacheEntry e = existingFile(key);
    long newSize = Math.max(e.size(), offset + bytes.length);
    CacheEntry result;
    if (mode == ChangeMode.OFFLINE) {
      result =
          db.transaction(
              () -> {
                beginChange();
                CacheEntry updated = changed(e, e.info().written(newSize, now), true);
                db.updateEntry(updated);
                long jid =
                    journal(JournalOp.WRITE, e, null, false, offset, bytes, 0, 0, e.serverVersion());
                db.setMeta("redo", jid);
                db.setStored(e.id(), Math.max(db.stored(e.id()), offset + bytes.length));
                return updated;
              });
      afterCommit(() -> files.write(e.id(), offset, bytes, true));
    } else {
      // Data first and forced, then the metadata: a crash leaves at worst data the metadata does
      // not cover yet (cut at the next open), never metadata promising bytes that are not there.
      files.write(e.id(), offset, bytes, true);
      result =
          db.transaction(
              () -> {
                beginChange();
                CacheEntry updated = changed(e, e.info().written(newSize, now), e.dirty());
                db.updateEntry(updated);
                db.setStored(e.id(), Math.max(db.stored(e.id()), offset + bytes.length));
                return updated;
              });
    }
    evict(e.id());
    return result;
  }

  /**
   * Replaces the whole content with {@code data} and sets the last-write time to {@code now}.
   * Offline it is journaled as one {@link JournalOp#CONTENT} entry and durable when this returns.
   *
   * @throws NoSuchFileException if the entry is not cached
   */
  public synchronized CacheEntry replaceContent(
      CacheKey key, byte[] data, Instant now, ChangeMode mode) throws IOException {
    ensureOpen();
    byte[] bytes = data.clone();
    CacheEntry e = existingFile(key);
    boolean offline = mode == ChangeMode.OFFLINE;
    if (!offline) {
      files.replace(e.id(), bytes, true);
    }
    CacheEntry result =
        db.transaction(
            () -> {
              beginChange();
              CacheEntry updated =
                  withComplete(changed(e, e.info().written(bytes.length, now), offline || e.dirty()));
              db.updateEntry(updated);
              if (offline) {
                long jid =
                    journal(
                        JournalOp.CONTENT, e, null, false, 0, bytes, bytes.length, 0,
                        e.serverVersion());
                db.setMeta("redo", jid);
              }
              db.setStored(e.id(), bytes.length);
              return updated;
            });
    if (offline) {
      afterCommit(() -> files.replace(e.id(), bytes, true));
    }
    evict(e.id());
    return result;
  }

  /**
   * Sets the end of file to {@code size}: truncates, or extends with zeros. Offline it is
   * journaled ({@link JournalOp#SET_SIZE}) and durable when this returns.
   *
   * @throws NoSuchFileException if the entry is not cached
   */
  public synchronized CacheEntry setSize(CacheKey key, long size, Instant now, ChangeMode mode)
      throws IOException {
    ensureOpen();
    if (size < 0) {
      throw new IllegalArgumentException("size < 0: " + size);
    }
    CacheEntry e = existingFile(key);
    boolean offline = mode == ChangeMode.OFFLINE;
    if (!offline) {
      files.truncate(e.id(), size, true);
    }
    CacheEntry result =
        db.transaction(
            () -> {
              beginChange();
              CacheEntry updated = changed(e, e.info().written(size, now), offline || e.dirty());
              db.updateEntry(updated);
              if (offline) {
                long jid =
                    journal(JournalOp.SET_SIZE, e, null, false, 0, new byte[0], size, 0,
                        e.serverVersion());
                db.setMeta("redo", jid);
              }
              db.setStored(e.id(), Math.min(db.stored(e.id()), size));
              return updated;
            });
    if (offline) {
      afterCommit(() -> files.truncate(e.id(), size, true));
    }
    return result;
  }

  /**
   * Caches bytes the server returned (online): the data file gets them, the metadata does not
   * change (the server's size and times were recorded by {@link #record}). Not forced by itself:
   * {@link #setComplete setComplete(key, true)} and {@link #flush} force it.
   *
   * @throws NoSuchFileException if the entry is not cached
   */
  public synchronized CacheEntry fill(CacheKey key, long offset, byte[] data) throws IOException {
    ensureOpen();
    if (offset < 0) {
      throw new IllegalArgumentException("offset < 0: " + offset);
    }
    CacheEntry e = existingFile(key);
    files.write(e.id(), offset, data, false);
    CacheEntry result =
        db.transaction(
            () -> {
              beginChange();
              CacheEntry used = withUse(e, ++useCounter);
              db.updateEntry(used);
              db.setStored(
                  e.id(), Math.min(e.size(), Math.max(db.stored(e.id()), offset + data.length)));
              return used;
            });
    evict(e.id());
    return result;
  }

  /**
   * Marks whether the cache holds the whole file (after a full fill, or to undo that claim). The
   * filled data is forced before the claim is committed, so a complete entry's data is on disk.
   */
  public synchronized CacheEntry setComplete(CacheKey key, boolean complete) throws IOException {
    ensureOpen();
    if (complete) {
      CacheEntry e = existing(key);
      if (!e.directory()) {
        files.force(e.id());
      }
    }
    return update(
        key,
        e -> new CacheEntry(e.id(), e.key(), e.info(), e.serverVersion(), e.pinned(), e.dirty(),
            complete, e.lastUse()));
  }

  /**
   * Drops the cached data of a clean file whose server copy changed: the entry stays, empty and
   * not complete, until it is filled again.
   *
   * @throws IllegalStateException if the entry has unsynced changes (its data is the only copy)
   */
  public synchronized CacheEntry discardData(CacheKey key) throws IOException {
    ensureOpen();
    CacheEntry e = existingFile(key);
    if (e.dirty()) {
      throw new IllegalStateException(key + " has changes the server has not seen");
    }
    CacheEntry result =
        db.transaction(
            () -> {
              beginChange();
              CacheEntry emptied =
                  new CacheEntry(e.id(), e.key(), e.info(), e.serverVersion(), e.pinned(), false,
                      false, e.lastUse());
              db.updateEntry(emptied);
              db.setStored(e.id(), 0);
              return emptied;
            });
    files.truncate(e.id(), 0, false);
    return result;
  }

  /**
   * Replaces the times and attributes (not the size or kind) of an entry, as a set of basic
   * information would. Not journaled.
   */
  public synchronized CacheEntry setInfo(CacheKey key, EntryInfo info) throws IOException {
    ensureOpen();
    return update(
        key,
        e -> {
          if (info.directory() != e.directory()) {
            throw new IllegalArgumentException("cannot change a file into a folder");
          }
          return new CacheEntry(e.id(), e.key(), info.withSize(e.size()), e.serverVersion(),
              e.pinned(), e.dirty(), e.complete(), e.lastUse());
        });
  }

  /** Pins or unpins an entry: pinned entries are never evicted (issue 7 point 1). */
  public synchronized CacheEntry pin(CacheKey key, boolean pinned) throws IOException {
    ensureOpen();
    CacheEntry result =
        update(
            key,
            e -> new CacheEntry(e.id(), e.key(), e.info(), e.serverVersion(), pinned, e.dirty(),
                e.complete(), e.lastUse()));
    if (!pinned) {
      evict(-1);
    }
    return result;
  }

  /**
   * Makes every change to the entry's data durable. Writes, size changes and content replacements
   * are durable when they return, online or offline; what a flush adds is the data of {@link #fill}.
   */
  public synchronized void flush(CacheKey key) throws IOException {
    ensureOpen();
    CacheEntry e = existing(key);
    if (!e.directory()) {
      files.force(e.id());
    }
  }

  /** Makes every change to every data file durable. */
  public synchronized void flushAll() throws IOException {
    ensureOpen();
    files.forceAll();
  }

  /**
   * Keeps the entry from being evicted until the returned hold is closed: take one per open handle
   * that reads or writes the cached data.
   *
   * @throws NoSuchFileException if the entry is not cached
   */
  public synchronized Hold hold(CacheKey key) throws IOException {
    ensureOpen();
    long id = existing(key).id();
    holds.merge(id, 1, Integer::sum);
    return new Hold(id);
  }

  /** An entry kept from eviction; see {@link #hold}. Closing twice is harmless. */
  public final class Hold implements AutoCloseable {
    private final long id;
    private boolean released;

    private Hold(long id) {
      this.id = id;
    }

    /** The held entry's id. */
    public long entryId() {
      return id;
    }

    @Override
    public void close() {
      synchronized (CacheStore.this) {
        if (!released) {
          released = true;
          holds.computeIfPresent(id, (k, n) -> n > 1 ? n - 1 : null);
        }
      }
    }
  }

  // --- journal ---

  /** Every journal entry not yet applied, of every logon and share, in order. */
  public synchronized List<JournalEntry> pendingJournal() throws IOException {
    ensureOpen();
    return db.read(() -> db.journal(null, true));
  }

  /**
   * The journal entries not yet applied for the logon, server and share of {@code share} (its path
   * is ignored), in order: what a sync of that share replays.
   */
  public synchronized List<JournalEntry> pendingJournal(CacheKey share) throws IOException {
    ensureOpen();
    return db.read(() -> db.journal(share, true));
  }

  /** The whole journal of the logon, server and share of {@code share}, applied entries included. */
  public synchronized List<JournalEntry> journal(CacheKey share) throws IOException {
    ensureOpen();
    return db.read(() -> db.journal(share, false));
  }

  /** The journal entry {@code id}, if it exists (applied entries are kept until purged). */
  public synchronized Optional<JournalEntry> journalEntry(long id) throws IOException {
    ensureOpen();
    return db.read(() -> db.journalEntry(id));
  }

  /**
   * Records that the server applied journal entry {@code id}, in one transaction with the entry's
   * new server version (if given) and, when no entry of that file is left pending, its dirty flag
   * cleared.
   *
   * @param serverVersionAfter the server's version of the file after the change, or {@code null}
   *     to leave the recorded version unchanged (a delete, a rename)
   * @return false if the entry was already recorded as applied (a replay after a crash)
   */
  public synchronized boolean markApplied(long id, @Nullable ServerVersion serverVersionAfter)
      throws IOException {
    ensureOpen();
    return db.transaction(
        () -> {
          beginChange();
          JournalEntry j = db.journalEntry(id).orElseThrow(() -> new NoSuchFileException("journal " + id));
          boolean first = db.markApplied(id);
          settle(j.entryId(), serverVersionAfter);
          return first;
        });
  }

  /**
   * Records a conflict found while replaying journal entry {@code journalId} and, in the same
   * transaction, marks that entry applied (resolved): a replay after a crash neither applies it
   * again nor reports the conflict twice.
   */
  public synchronized Conflict recordConflict(long journalId, String keptAs, String reason)
      throws IOException {
    ensureOpen();
    return db.transaction(
        () -> {
          beginChange();
          JournalEntry j =
              db.journalEntry(journalId)
                  .orElseThrow(() -> new NoSuchFileException("journal " + journalId));
          long id = db.insertConflict(journalId, j.key(), keptAs, reason);
          db.markApplied(journalId);
          settle(j.entryId(), null);
          return new Conflict(id, journalId, j.key(), keptAs, reason);
        });
  }

  /** The conflicts recorded for {@code logon}, oldest first. */
  public synchronized List<Conflict> conflicts(String logon) throws IOException {
    ensureOpen();
    return db.read(() -> db.conflicts(logon));
  }

  /** Every recorded conflict, oldest first. */
  public synchronized List<Conflict> conflicts() throws IOException {
    ensureOpen();
    return db.read(() -> db.conflicts(null));
  }

  /** Deletes applied journal entries (their ids are never reused); returns how many. */
  public synchronized int purgeApplied() throws IOException {
    ensureOpen();
    return db.transaction(
        () -> {
          beginChange();
          return db.purgeApplied();
        });
  }

  // --- eviction ---

  /**
   * Evicts least-recently-used evictable files until the cached data fits the size limit; runs by
   * itself after every change that adds data.
   *
   * @return the keys evicted, least recently used first
   */
  public synchronized List<CacheKey> evictToLimit() throws IOException {
    ensureOpen();
    return evict(-1);
  }

  private List<CacheKey> evict(long keep) throws IOException {
    if (db.read(db::storedTotal) <= config.sizeLimit()) {
      return List.of(); // the common case costs a read, not a commit
    }
    List<CacheEntry> evicted =
        db.transaction(
            () -> {
              beginChange();
              long total = db.storedTotal();
              List<CacheEntry> victims = new ArrayList<>();
              if (total <= config.sizeLimit()) {
                return victims;
              }
              for (CacheEntry e : db.entriesByUse()) {
                if (total <= config.sizeLimit()) {
                  break;
                }
                if (e.evictable() && e.id() != keep && !holds.containsKey(e.id())) {
                  total -= db.stored(e.id());
                  db.deleteEntry(e.id());
                  victims.add(e);
                }
              }
              return victims;
            });
    List<CacheKey> keys = new ArrayList<>();
    for (CacheEntry e : evicted) {
      files.delete(e.id());
      keys.add(e.key());
    }
    return keys;
  }

  // --- helpers ---

  /** Starts every write transaction: persists pending uses and clears the redo mark. */
  private void beginChange() throws java.sql.SQLException {
    for (Map.Entry<Long, Long> use : pendingUses.entrySet()) {
      db.setLastUse(use.getKey(), use.getValue());
    }
    pendingUses.clear();
    // The previous change's data is forced by now (calls are serialized), so nothing to redo.
    db.setMeta("redo", 0);
  }

  private long journal(
      JournalOp op,
      CacheEntry e,
      @Nullable String target,
      boolean replace,
      long offset,
      byte[] data,
      long size,
      int attributes,
      @Nullable ServerVersion base)
      throws java.sql.SQLException {
    return db.appendJournal(
        new JournalEntry(0, op, e.id(), e.key(), target, replace, offset, data, size, attributes,
            e.directory(), base, false));
  }

  private void settle(long entryId, @Nullable ServerVersion version) throws java.sql.SQLException {
    Optional<CacheEntry> entry = db.entry(entryId);
    if (entry.isEmpty()) {
      return;
    }
    CacheEntry e = entry.get();
    boolean dirty = db.pendingFor(entryId) > 0;
    db.updateEntry(
        new CacheEntry(e.id(), e.key(), e.info(), version != null ? version : e.serverVersion(),
            e.pinned(), dirty, e.complete(), e.lastUse()));
  }

  private void requireParentFolder(CacheKey key) throws java.sql.SQLException, IOException {
    if (key.isRoot() || key.parent().isRoot()) {
      return;
    }
    CacheEntry parent =
        db.entry(key.parent()).orElseThrow(() -> new NoSuchFileException(key.parent().toString()));
    if (!parent.directory()) {
      throw new NotDirectoryException(key.parent().toString());
    }
  }

  private interface Change {
    CacheEntry apply(CacheEntry e);
  }

  private CacheEntry update(CacheKey key, Change change) throws IOException {
    return db.transaction(
        () -> {
          beginChange();
          CacheEntry e = db.entry(key).orElseThrow(() -> new NoSuchFileException(key.toString()));
          CacheEntry updated = change.apply(e);
          db.updateEntry(updated);
          return updated;
        });
  }

  private CacheEntry existing(CacheKey key) throws IOException {
    return db.read(() -> db.entry(key)).orElseThrow(() -> new NoSuchFileException(key.toString()));
  }

  private CacheEntry existingFile(CacheKey key) throws IOException {
    CacheEntry e = existing(key);
    if (e.directory()) {
      throw new IOException(key + " is a folder");
    }
    return e;
  }

  private CacheEntry changed(CacheEntry e, EntryInfo info, boolean dirty) {
    return new CacheEntry(e.id(), e.key(), info, e.serverVersion(), e.pinned(), dirty, e.complete(),
        ++useCounter);
  }

  private static CacheEntry withComplete(CacheEntry e) {
    return new CacheEntry(e.id(), e.key(), e.info(), e.serverVersion(), e.pinned(), e.dirty(), true,
        e.lastUse());
  }

  private static CacheEntry withUse(CacheEntry e, long use) {
    return new CacheEntry(e.id(), e.key(), e.info(), e.serverVersion(), e.pinned(), e.dirty(),
        e.complete(), use);
  }

  private static CacheEntry withId(CacheEntry e, long id) {
    return new CacheEntry(id, e.key(), e.info(), e.serverVersion(), e.pinned(), e.dirty(),
        e.complete(), e.lastUse());
  }

  private static CacheEntry withKey(CacheEntry e, CacheKey key) {
    return new CacheEntry(e.id(), key, e.info(), e.serverVersion(), e.pinned(), e.dirty(),
        e.complete(), e.lastUse());
  }

  private CacheEntry withPendingUse(CacheEntry e) {
    Long use = pendingUses.get(e.id());
    return use == null ? e : withUse(e, use);
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("the cache store is closed");
    }
    if (failed) {
      throw new IllegalStateException(
          "a data file could not be written after its journal entry committed; reopen the store");
    }
  }

  private interface DataStep {
    void run() throws IOException;
  }

  /**
   * Runs the data half of a committed offline change. If it fails, the journal holds a change the
   * data file lacks; the store refuses further work, so that the redo mark stays and the next open
   * re-applies the change instead of letting a later change clear the mark.
   */
  private void afterCommit(DataStep step) throws IOException {
    try {
      step.run();
    } catch (IOException | RuntimeException e) {
      failed = true;
      throw e;
    }
  }

  /**
   * Drops the store the way a crash would: no data file is forced and uses not yet written are
   * lost. The database keeps what was committed, as after a crash (commits are synchronous). For
   * the durability tests, which then reopen the folder.
   */
  synchronized void abandon() throws IOException {
    closed = true;
    try {
      db.close();
    } finally {
      lock.release();
      lockChannel.close();
    }
  }

  /** Forces every data file, writes pending uses, closes the database and releases the folder. */
  @Override
  public synchronized void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    try {
      files.close();
      if (!pendingUses.isEmpty() && !failed) {
        db.transaction(
            () -> {
              beginChange();
              return null;
            });
      }
      db.close();
    } finally {
      lock.release();
      lockChannel.close();
    }
  }
}
