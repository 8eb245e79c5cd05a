package dev.rdbss.minirdr.csc;

import static dev.rdbss.minirdr.csc.CscMiniRedirector.await;
import static dev.rdbss.minirdr.csc.CscMiniRedirector.treePath;

import dev.rdbss.api.Credentials;
import dev.rdbss.api.NtStatus;
import dev.rdbss.api.file.AccessMask;
import dev.rdbss.api.file.CreateDisposition;
import dev.rdbss.api.file.CreateOption;
import dev.rdbss.api.file.FileAttribute;
import dev.rdbss.api.file.FileInformation;
import dev.rdbss.api.file.NtCreateParameters;
import dev.rdbss.api.file.ShareAccess;
import dev.rdbss.minirdr.csc.store.CacheEntry;
import dev.rdbss.minirdr.csc.store.CacheKey;
import dev.rdbss.minirdr.csc.store.EntryInfo;
import dev.rdbss.minirdr.csc.store.JournalEntry;
import dev.rdbss.minirdr.csc.store.JournalOp;
import dev.rdbss.minirdr.csc.store.ServerVersion;
import dev.rdbss.minirdr.smb.client.OplockLevel;
import dev.rdbss.minirdr.smb.client.SmbClient;
import dev.rdbss.minirdr.smb.client.SmbCreateRequest;
import dev.rdbss.minirdr.smb.client.SmbCreateResult;
import dev.rdbss.minirdr.smb.client.SmbFileId;
import dev.rdbss.minirdr.smb.client.SmbResult;
import dev.rdbss.minirdr.smb.client.SmbSession;
import dev.rdbss.minirdr.smb.client.SmbTree;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Sync on reconnect (issue 7 point 3): the journal of a share is replayed to the server in the
 * order the changes were made, each owner's entries through a session of that owner's own.
 *
 * <h2>Idempotent replay</h2>
 *
 * Each entry is marked applied in the store (a committed SQLite transaction) after the server
 * applied it, and the cache entry learns the server's new version first. A crash (a SIGKILL) can
 * therefore leave at most one entry applied on the server but not marked: the next sync meets it
 * first and finds the server's version different from the one recorded. Before calling that a
 * conflict, the sync asks whether the entry's own effect is already on the server: the bytes of a
 * WRITE at their offset, the size of a SET_SIZE, the whole content of a CONTENT, a created file
 * that exists empty, a renamed file found under its new name and not its old, a deleted file
 * absent. If so the entry counts as already applied and is not sent again: no doubled append (a
 * write carries its absolute offset anyway), no second create, no rename applied twice.
 *
 * <h2>Conflicts</h2>
 *
 * A file the server changed since it was cached (last-write time or size differ from the version
 * recorded, and the difference is not this entry's own effect) is a conflict: the server's version
 * stays; the local version (the cache's current content) is written beside it as {@code name
 * (conflict owner).ext}; the conflict is recorded in the store and in the {@link SyncReport}; the
 * rest of that file's entries are skipped and its cache entry is dropped, so the next open fetches
 * the server's version. Deleting a file the server changed is a conflict too (nothing is kept
 * beside it: the local change was the delete). A file created offline whose name the server has
 * meanwhile used for a different file is a conflict of the same kind.
 *
 * <p>Progress goes to the {@link SyncListener}s and into the share's status after every entry.
 */
final class Synchronizer {

  private static final System.Logger LOG = System.getLogger(Synchronizer.class.getName());

  private final SmbClient client;
  private final CscCache cache;
  private final Map<String, Credentials> credentials;
  private final List<SyncListener> listeners;

  Synchronizer(SmbClient client, CscCache cache, Map<String, Credentials> credentials,
      List<SyncListener> listeners) {
    this.client = client;
    this.cache = cache;
    this.credentials = credentials;
    this.listeners = listeners;
  }

  private final Map<String, SyncReport> lastReports = new java.util.concurrent.ConcurrentHashMap<>();

  /** The report of the last sync of {@code unc} ({@code \\server\share}, any case), if any ran. */
  Optional<SyncReport> lastReport(String unc) {
    return Optional.ofNullable(lastReports.get(unc.toLowerCase(java.util.Locale.ROOT)));
  }

  /** A sync's status (SUCCESS, or why it stopped: the server went away) and report. */
  record Result(NtStatus status, SyncReport report) {}

  private enum Outcome { APPLIED, ALREADY_APPLIED, CONFLICT }

  /** Replays every pending entry of {@code share} whose owner's credentials are known. */
  Result sync(ShareState share) {
    Result result = replay(share);
    lastReports.put(share.unc().toLowerCase(java.util.Locale.ROOT), result.report());
    return result;
  }

  private Result replay(ShareState share) {
    List<JournalEntry> pending = cache.pending(share.server(), share.share());
    List<JournalEntry> runnable = new ArrayList<>();
    long waiting = 0;
    for (JournalEntry e : pending) {
      if (credentials.containsKey(e.key().logon())) {
        runnable.add(e);
      } else {
        waiting++;
      }
    }
    long total = runnable.size();
    long done = 0;
    long applied = 0;
    long already = 0;
    List<SyncReport.SyncConflict> conflicts = new ArrayList<>();
    Map<String, SmbSession> sessions = new LinkedHashMap<>();
    Map<String, Optional<SmbTree>> trees = new HashMap<>();
    Set<Long> conflicted = new HashSet<>();
    Set<Long> checked = new HashSet<>();
    report(share, 0, total, 0, "");
    try {
      for (JournalEntry e : runnable) {
        String owner = e.key().logon();
        Optional<SmbTree> known = trees.get(owner);
        if (known == null) {
          SmbResult<SmbTree> connected = connect(share, owner, sessions);
          if (connected.valueOrNull() == null) {
            if (Transitions.isUnreachable(connected.status())) {
              return stopped(share, connected.status(), applied, already, conflicts, total - done + waiting);
            }
            // This owner's credentials no longer work: their entries wait for a view of theirs.
            waiting += runnable.stream().filter(x -> x.key().logon().equals(owner)).count();
            trees.put(owner, Optional.empty());
            continue;
          }
          known = Optional.of(connected.get());
          trees.put(owner, known);
        }
        if (known.isEmpty()) {
          continue;
        }
        SmbTree tree = known.get();
        if (conflicted.contains(e.entryId())) {
          cache.markApplied(e.id(), null); // the file is in conflict: the server's version stays
          done++;
          report(share, done, total, conflicts.size(), e.key().path());
          continue;
        }
        Replay replay = new Replay(tree, e, checked.add(e.entryId()));
        SmbResult<Outcome> outcome = replay.run();
        if (outcome.valueOrNull() == null) {
          if (Transitions.isUnreachable(outcome.status())) {
            return stopped(share, outcome.status(), applied, already, conflicts, total - done + waiting);
          }
          // The server refuses this change (for example the user may only read): it cannot be
          // applied, so it is a conflict the user has to look at; the server's version stays.
          conflicts.add(conflict(tree, e, "refused by the server: " + outcome.status(), conflicted));
        } else if (outcome.get() == Outcome.CONFLICT) {
          conflicts.add(conflict(tree, e, replay.reason, conflicted));
        } else {
          if (outcome.get() == Outcome.APPLIED) {
            applied++;
          } else {
            already++;
          }
          // One transaction: applied, and the server's version the next offline change is made against.
          cache.markApplied(e.id(), replay.versionAfter());
        }
        done++;
        report(share, done, total, conflicts.size(), e.key().path());
      }
    } finally {
      sessions.values().forEach(SmbSession::logoff);
      share.progress(0, 0);
      for (JournalEntry e : runnable) {
        if (conflicted.remove(e.entryId())) {
          // Its entries are all resolved now: drop the local copy, the next open fetches the server's.
          cache.forgetEntry(e.entryId(), e.key().logon());
        }
      }
    }
    return new Result(NtStatus.SUCCESS,
        new SyncReport(share.unc(), applied, already, conflicts, waiting));
  }

  private Result stopped(ShareState share, NtStatus why, long applied, long already,
      List<SyncReport.SyncConflict> conflicts, long remaining) {
    return new Result(why, new SyncReport(share.unc(), applied, already, conflicts, remaining));
  }

  private SmbResult<SmbTree> connect(ShareState share, String owner, Map<String, SmbSession> sessions) {
    Credentials who = Objects.requireNonNull(credentials.get(owner));
    SmbResult<SmbSession> session = await(client.connect(share.server(), who,
        (tree, id, level) -> tree.acknowledgeOplockBreak(id, OplockLevel.NONE)));
    SmbSession s = session.valueOrNull();
    if (s == null) {
      return SmbResult.failure(session.status());
    }
    sessions.put(owner, s);
    return await(s.treeConnect(share.share()));
  }

  private void report(ShareState share, long done, long total, long conflicts, String path) {
    share.progress(done, total);
    SyncProgress progress = new SyncProgress(share.unc(), done, total, conflicts, path);
    for (SyncListener listener : listeners) {
      try {
        listener.progress(progress);
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, "a sync listener failed", e);
      }
    }
  }

  /**
   * Sets the local version aside on the server under a conflict name (the server's stays), records
   * the conflict, and drops the cache entry so the next open fetches the server's version.
   */
  private SyncReport.SyncConflict conflict(SmbTree tree, JournalEntry e, String reason, Set<Long> conflicted) {
    conflicted.add(e.entryId());
    String keptAs = "";
    Optional<CacheEntry> local = cache.entryById(e.entryId(), e.key().logon());
    if (e.op() != JournalOp.DELETE && local.isPresent() && !local.get().directory()) {
      byte[] content = cache.readAll(local.get());
      keptAs = keepBeside(tree, local.get().key(), content);
    }
    cache.recordConflict(e, keptAs, reason);
        LOG.log(System.Logger.Level.INFO, "conflict on {0}: {1}", e.key(), reason);
    return new SyncReport.SyncConflict(e.key().path(), keptAs, reason);
  }

  /** Writes {@code content} to a new file next to {@code key}, named after the owner. */
  private String keepBeside(SmbTree tree, CacheKey key, byte[] content) {
    String name = key.name();
    int dot = name.lastIndexOf('.');
    String stem = dot > 0 ? name.substring(0, dot) : name;
    String ext = dot > 0 ? name.substring(dot) : "";
    for (int n = 1; n < 100; n++) {
      String candidate = stem + " (conflict " + key.logon().replace('\\', '-')
          + (n == 1 ? "" : " " + n) + ")" + ext;
      String path = key.parent().child(candidate).path();
      SmbResult<SmbCreateResult> made = await(tree.create(treePath(path),
          SmbCreateRequest.file(AccessMask.FILE_GENERIC_WRITE, EnumSet.allOf(ShareAccess.class),
              CreateDisposition.CREATE)));
      if (made.valueOrNull() == null) {
        if (made.status().equals(NtStatus.OBJECT_NAME_COLLISION)) {
          continue;
        }
        return "";
      }
      SmbFileId id = made.get().fileId();
      if (content.length > 0) {
        await(tree.write(id, 0, content));
      }
      await(tree.close(id));
      return path;
    }
    return "";
  }

  /** The replay of one entry on one tree. */
  private final class Replay {
    final SmbTree tree;
    final JournalEntry e;
    final boolean firstOfFile;
    String reason = "";

    Replay(SmbTree tree, JournalEntry e, boolean firstOfFile) {
      this.tree = tree;
      this.e = e;
      this.firstOfFile = firstOfFile;
    }

    SmbResult<Outcome> run() {
      String path = e.key().path();
      SmbResult<EntryInfo> server = stat(path);
      if (server.valueOrNull() == null && !isMissing(server.status())) {
        return SmbResult.failure(server.status());
      }
      EntryInfo now = server.valueOrNull();
      // Already applied before a crash? Then not again (class comment).
      SmbResult<Boolean> visible = effectVisible(now);
      if (visible.valueOrNull() == null) {
        return SmbResult.failure(visible.status());
      }
      boolean effectThere = visible.get();
      if (effectThere) {
        return SmbResult.success(Outcome.ALREADY_APPLIED);
      }
      if (firstOfFile) {
        String why = changedOnServer(now);
        if (why != null) {
          reason = why;
          return SmbResult.success(Outcome.CONFLICT);
        }
      }
      NtStatus status = apply();
      if (!status.isSuccess()) {
        if (status.equals(NtStatus.OBJECT_NAME_COLLISION) || isMissing(status)) {
          reason = e.op() == JournalOp.RENAME && isMissing(status)
              ? "deleted on the server"
              : "the server has another file by that name";
          return SmbResult.success(Outcome.CONFLICT);
        }
        return SmbResult.failure(status);
      }
      return SmbResult.success(Outcome.APPLIED);
    }

    /** Why the server's file differs from what the local change was made against, or null. */
    @Nullable String changedOnServer(@Nullable EntryInfo now) {
      ServerVersion base = recordedVersion();
      switch (e.op()) {
        case CREATE:
          return now == null ? null : "created on the server too";
        case MKDIR:
          return null; // folders merge
        case DELETE:
        case WRITE:
        case CONTENT:
        case SET_SIZE:
        case RENAME:
          if (base == null) {
            return null; // created offline: the server never had it, nothing to compare
          }
          if (now == null) {
            return e.op() == JournalOp.DELETE ? null : "deleted on the server";
          }
          if (now.directory()) {
            return null;
          }
          return base.equals(ServerVersion.of(now)) ? null : "changed on the server";
        default:
          return null;
      }
    }

    /** Whether this entry's own effect is already on the server (an apply the store did not record). */
    SmbResult<Boolean> effectVisible(@Nullable EntryInfo now) {
      switch (e.op()) {
        case CREATE: {
          // Ours if the cache recorded exactly this file after creating it, or (a crash between
          // the create and that record) if it is still the empty file a create makes.
          ServerVersion recorded = recordedVersion();
          return SmbResult.success(now != null && !now.directory()
              && (recorded != null ? recorded.equals(ServerVersion.of(now)) : now.size() == 0));
        }
        case MKDIR:
          return SmbResult.success(now != null && now.directory());
        case DELETE:
          return SmbResult.success(now == null);
        case RENAME: {
          if (now != null) {
            return SmbResult.success(false);
          }
          SmbResult<EntryInfo> target = stat(Objects.requireNonNull(e.targetPath()));
          if (target.valueOrNull() == null && !isMissing(target.status())) {
            return SmbResult.failure(target.status());
          }
          return SmbResult.success(target.valueOrNull() != null);
        }
        case SET_SIZE:
          return SmbResult.success(now != null && !now.directory() && now.size() == e.size());
        case WRITE:
        case CONTENT: {
          // Sending bytes the server already has at that offset changes nothing: not sent again.
          byte[] want = e.data();
          long offset = e.op() == JournalOp.WRITE ? e.offset() : 0;
          if (now == null || now.directory()
              || (e.op() == JournalOp.CONTENT && now.size() != want.length)
              || now.size() < offset + want.length) {
            return SmbResult.success(false);
          }
          SmbResult<byte[]> got = readRange(e.key().path(), offset, want.length);
          if (got.valueOrNull() == null) {
            return isMissing(got.status()) ? SmbResult.success(false) : SmbResult.failure(got.status());
          }
          return SmbResult.success(Arrays.equals(got.get(), want));
        }
        default:
          return SmbResult.success(false);
      }
    }

    /** The version the cache last recorded for the file, else the one the change was made against. */
    @Nullable ServerVersion recordedVersion() {
      ServerVersion recorded =
          cache.entryById(e.entryId(), e.key().logon()).map(CacheEntry::serverVersion).orElse(null);
      return recorded != null ? recorded : e.baseVersion();
    }

    NtStatus apply() {
      String path = e.key().path();
      switch (e.op()) {
        case CREATE:
          return createAndClose(path, fileRequest(AccessMask.FILE_GENERIC_WRITE, CreateDisposition.CREATE,
              e.attributes()));
        case MKDIR: {
          NtStatus s = createAndClose(path, SmbCreateRequest.directory(CreateDisposition.OPEN_IF));
          return s;
        }
        case WRITE:
          return withOpen(path, AccessMask.FILE_GENERIC_WRITE, CreateDisposition.OPEN,
              id -> await(tree.write(id, e.offset(), e.data())).status());
        case CONTENT:
          return withOpen(path, AccessMask.FILE_GENERIC_WRITE, CreateDisposition.OVERWRITE_IF,
              id -> e.data().length == 0 ? NtStatus.SUCCESS : await(tree.write(id, 0, e.data())).status());
        case SET_SIZE:
          return withOpen(path, AccessMask.FILE_GENERIC_WRITE, CreateDisposition.OPEN,
              id -> await(tree.setInfo(id, new FileInformation.EndOfFile(e.size()))));
        case RENAME:
          return withOpen(path, AccessMask.FILE_READ_ATTRIBUTES | AccessMask.DELETE | AccessMask.SYNCHRONIZE,
              CreateDisposition.OPEN,
              id -> await(tree.setInfo(id, new FileInformation.Rename(e.replaceIfExists(),
                  treePath(Objects.requireNonNull(e.targetPath()))))));
        case DELETE: {
          NtStatus s = withOpen(path, AccessMask.FILE_READ_ATTRIBUTES | AccessMask.DELETE | AccessMask.SYNCHRONIZE,
              CreateDisposition.OPEN, id -> await(tree.setInfo(id, new FileInformation.Disposition(true))));
          return isMissing(s) ? NtStatus.SUCCESS : s;
        }
        default:
          return NtStatus.NOT_SUPPORTED;
      }
    }

    /**
     * After an apply: the server's new version of the file, what the next offline change is made
     * against; null for a delete or a folder (nothing to compare).
     */
    @Nullable ServerVersion versionAfter() {
      if (e.op() == JournalOp.DELETE || e.op() == JournalOp.MKDIR) {
        return null;
      }
      String path = e.op() == JournalOp.RENAME ? Objects.requireNonNull(e.targetPath()) : e.key().path();
      EntryInfo info = stat(path).valueOrNull();
      return info == null || info.directory() ? null : ServerVersion.of(info);
    }

    SmbResult<EntryInfo> stat(String path) {
      SmbResult<SmbCreateResult> opened = await(tree.create(treePath(path), SmbCreateRequest.of(
          new NtCreateParameters(AccessMask.FILE_READ_ATTRIBUTES | AccessMask.SYNCHRONIZE, 0,
              EnumSet.of(FileAttribute.NORMAL), EnumSet.allOf(ShareAccess.class),
              CreateDisposition.OPEN, EnumSet.noneOf(CreateOption.class)))));
      SmbCreateResult created = opened.valueOrNull();
      if (created == null) {
        return SmbResult.failure(opened.status());
      }
      await(tree.close(created.fileId()));
      return SmbResult.success(CscMiniRedirector.entryInfo(created.attributes()));
    }

    SmbResult<byte[]> readRange(String path, long offset, int length) {
      SmbResult<SmbCreateResult> opened = await(tree.create(treePath(path),
          fileRequest(AccessMask.FILE_GENERIC_READ, CreateDisposition.OPEN, 0)));
      SmbCreateResult created = opened.valueOrNull();
      if (created == null) {
        return SmbResult.failure(opened.status());
      }
      try {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(length);
        long at = offset;
        while (out.size() < length) {
          SmbResult<byte[]> chunk = await(tree.read(created.fileId(), at, length - out.size()));
          byte[] bytes = chunk.valueOrNull();
          if (bytes == null || bytes.length == 0) {
            break;
          }
          out.write(bytes, 0, bytes.length);
          at += bytes.length;
        }
        return SmbResult.success(out.toByteArray());
      } finally {
        await(tree.close(created.fileId()));
      }
    }

    NtStatus createAndClose(String path, SmbCreateRequest request) {
      SmbResult<SmbCreateResult> made = await(tree.create(treePath(path), request));
      if (made.valueOrNull() == null) {
        return made.status();
      }
      return await(tree.close(made.get().fileId()));
    }

    NtStatus withOpen(String path, int access, CreateDisposition disposition,
        java.util.function.Function<SmbFileId, NtStatus> body) {
      SmbResult<SmbCreateResult> opened = await(tree.create(treePath(path),
          SmbCreateRequest.of(new NtCreateParameters(access, 0, EnumSet.of(FileAttribute.NORMAL),
              EnumSet.allOf(ShareAccess.class), disposition, EnumSet.noneOf(CreateOption.class)))));
      SmbCreateResult created = opened.valueOrNull();
      if (created == null) {
        return opened.status();
      }
      NtStatus status = body.apply(created.fileId());
      NtStatus closed = await(tree.close(created.fileId()));
      return status.isSuccess() ? closed : status;
    }
  }

  private static SmbCreateRequest fileRequest(int access, CreateDisposition disposition, int attributes) {
    EnumSet<FileAttribute> attrs = EnumSet.noneOf(FileAttribute.class);
    for (FileAttribute a : FileAttribute.values()) {
      if ((attributes & a.bit()) != 0 && a != FileAttribute.DIRECTORY) {
        attrs.add(a);
      }
    }
    if (attrs.isEmpty()) {
      attrs.add(FileAttribute.NORMAL);
    }
    return SmbCreateRequest.of(new NtCreateParameters(access, 0, attrs, EnumSet.allOf(ShareAccess.class),
        disposition, EnumSet.of(CreateOption.NON_DIRECTORY_FILE)));
  }

  static boolean isMissing(NtStatus status) {
    return status.equals(NtStatus.OBJECT_NAME_NOT_FOUND) || status.equals(NtStatus.OBJECT_PATH_NOT_FOUND)
        || status.equals(NtStatus.NO_SUCH_FILE);
  }
}
