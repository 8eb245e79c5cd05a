package dev.rdbss.minirdr.csc;

import dev.rdbss.api.NtStatus;
import dev.rdbss.minirdr.csc.store.CacheEntry;
import dev.rdbss.minirdr.csc.store.CacheKey;
import dev.rdbss.minirdr.csc.store.CacheStore;
import dev.rdbss.minirdr.csc.store.ChangeMode;
import dev.rdbss.minirdr.csc.store.EntryInfo;
import dev.rdbss.minirdr.csc.store.JournalEntry;
import dev.rdbss.minirdr.csc.store.ServerVersion;
import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The redirector's view of the {@link CacheStore}: the calls it makes, named after what the
 * redirector means (online changes follow the server, offline ones are journaled), with the
 * store's {@link IOException}s turned into the {@link NtStatus} a file system would answer
 * ({@link Failure}).
 */
final class CscCache {

  /** A store failure as the status the caller answers. */
  static final class Failure extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient NtStatus status;

    Failure(NtStatus status, Throwable cause) {
      super(status + ": " + cause.getMessage(), cause);
      this.status = status;
    }

    NtStatus status() {
      return status;
    }
  }

  private interface StoreCall<T> {
    T call() throws IOException;
  }

  private interface StoreAction {
    void call() throws IOException;
  }

  private static void act(StoreAction action) {
    run(() -> {
      action.call();
      return Boolean.TRUE;
    });
  }

  private final CacheStore store;

  CscCache(CacheStore store) {
    this.store = store;
  }

  private static <T> T run(StoreCall<T> call) {
    try {
      return call.call();
    } catch (NoSuchFileException e) {
      throw new Failure(NtStatus.OBJECT_NAME_NOT_FOUND, e);
    } catch (FileAlreadyExistsException e) {
      throw new Failure(NtStatus.OBJECT_NAME_COLLISION, e);
    } catch (DirectoryNotEmptyException e) {
      throw new Failure(NtStatus.DIRECTORY_NOT_EMPTY, e);
    } catch (IOException e) {
      throw new Failure(NtStatus.of(0xC00000E9) /* UNEXPECTED_IO_ERROR */, e);
    }
  }

  // ------------------------------------------------------------------------------- reading

  Optional<CacheEntry> lookup(CacheKey key) {
    return run(() -> store.lookup(key));
  }

  List<CacheEntry> children(CacheKey folder) {
    return run(() -> store.list(folder));
  }

  byte[] read(CacheKey key, long offset, int length) {
    return run(() -> store.read(key, offset, length));
  }

  byte[] readAll(CacheEntry entry) {
    return run(() -> store.read(entry.key(), 0, (int) entry.size()));
  }

  /** The entry of {@code logon} with store id {@code id} (it may have been renamed since a journal entry named it). */
  Optional<CacheEntry> entryById(long id, String logon) {
    return run(() -> store.lookup(logon, id));
  }

  void touch(CacheKey key) {
    act(() -> store.touch(key));
  }

  // ------------------------------------------------------------- online: the cache follows

  /** A file's whole content as the server has it, complete and current (issue 7 point 1). */
  void storeFile(CacheKey key, EntryInfo info, byte[] data) {
    act(() -> {
      Optional<CacheEntry> old = store.lookup(key);
      store.record(key, info, ServerVersion.of(info));
      if (old.isPresent() && old.get().size() > 0) {
        store.discardData(key);
        store.record(key, info, ServerVersion.of(info));
      }
      if (data.length > 0) {
        store.fill(key, 0, data);
      }
      store.setComplete(key, true);
      store.flush(key);
    });
  }

  void storeFolder(CacheKey key, EntryInfo info) {
    run(() -> store.record(key, info, ServerVersion.of(info)));
  }

  void writeClean(CacheKey key, long offset, byte[] data, Instant now) {
    run(() -> store.write(key, offset, data, now, ChangeMode.ONLINE));
  }

  void setSizeClean(CacheKey key, long size, Instant now) {
    run(() -> store.setSize(key, size, now, ChangeMode.ONLINE));
  }

  void renameClean(CacheKey from, String toPath) {
    act(() -> {
      if (store.lookup(from).isPresent()) {
        store.rename(from, toPath, true, ChangeMode.ONLINE);
      }
    });
  }

  /** The server's version after this runtime's own writes, made durable (a handle's close). */
  void serverVersion(CacheKey key, ServerVersion version) {
    act(() -> {
      Optional<CacheEntry> e = store.lookup(key);
      if (e.isPresent() && !e.get().dirty()) {
        EntryInfo info = e.get().info();
        store.record(key, new EntryInfo(info.directory(), version.size(), info.creationTime(),
            info.lastAccessTime(), version.lastWriteTime(), info.changeTime(), info.attributes()),
            version);
        store.flush(key);
      }
    });
  }

  /** Drops a clean copy (deleted on the server, or a copy that may have missed a write). */
  void forget(CacheKey key) {
    try {
      act(() -> {
        Optional<CacheEntry> e = store.lookup(key);
        if (e.isPresent() && !e.get().dirty()) {
          if (e.get().directory()) {
            for (CacheEntry child : store.list(key)) {
              forget(child.key());
            }
          }
          store.delete(key, ChangeMode.ONLINE);
        }
      });
    } catch (Failure ignored) {
      // A folder that still holds dirty entries stays.
    }
  }

  void forgetEntry(long id, String logon) {
    entryById(id, logon).ifPresent(e -> forget(e.key()));
  }

  void pin(CacheKey key) {
    run(() -> store.pin(key, true));
  }

  // ---------------------------------------------------------- offline: journaled changes

  CacheEntry createFileOffline(CacheKey key, int attributes, Instant now) {
    return run(() -> store.create(key, EntryInfo.newFile(now, attributes), ChangeMode.OFFLINE));
  }

  CacheEntry createFolderOffline(CacheKey key, int attributes, Instant now) {
    return run(() -> store.create(key, EntryInfo.newDirectory(now, attributes), ChangeMode.OFFLINE));
  }

  CacheEntry writeOffline(CacheKey key, long offset, byte[] data, Instant now) {
    return run(() -> store.write(key, offset, data, now, ChangeMode.OFFLINE));
  }

  CacheEntry setSizeOffline(CacheKey key, long size, Instant now) {
    return run(() -> store.setSize(key, size, now, ChangeMode.OFFLINE));
  }

  /** An offline rename: SUCCESS, or the status a server gives (collision, not found). */
  NtStatus renameOffline(CacheKey from, String toPath, boolean replaceIfExists) {
    try {
      run(() -> store.rename(from, toPath, replaceIfExists, ChangeMode.OFFLINE));
      return NtStatus.SUCCESS;
    } catch (Failure f) {
      return f.status().equals(NtStatus.OBJECT_NAME_NOT_FOUND)
          ? NtStatus.OBJECT_PATH_NOT_FOUND
          : f.status();
    }
  }

  void deleteOffline(CacheKey key) {
    act(() -> {
      store.delete(key, ChangeMode.OFFLINE);
    });
  }

  // ------------------------------------------------------------------------------ journal

  /** Every owner's pending entries of a share, in the order the changes were made. */
  List<JournalEntry> pending(String server, String share) {
    return run(() -> store.pendingJournal().stream()
        .filter(e -> e.key().server().equals(server) && e.key().share().equals(share))
        .toList());
  }

  long pendingCount(String server, String share) {
    return pending(server, share).size();
  }

  long pendingCount(String server, String share, String owner) {
    return pending(server, share).stream().filter(e -> e.key().logon().equals(owner)).count();
  }

  /** Marks an entry applied, with the server's version of the file after it (null: unchanged). */
  void markApplied(long journalId, @Nullable ServerVersion after) {
    run(() -> store.markApplied(journalId, after));
  }

  void recordConflict(JournalEntry entry, String keptAs, String reason) {
    run(() -> store.recordConflict(entry.id(), keptAs, reason));
  }

  long conflictCount(String server, String share) {
    return run(() -> store.conflicts().stream()
        .filter(c -> c.key().server().equals(server) && c.key().share().equals(share))
        .count());
  }
}
