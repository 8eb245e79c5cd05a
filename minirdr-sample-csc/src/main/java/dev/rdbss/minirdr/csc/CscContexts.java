package dev.rdbss.minirdr.csc;

import dev.rdbss.api.Credentials;
import dev.rdbss.api.file.FileDirectoryEntry;
import dev.rdbss.minirdr.csc.store.CacheKey;
import dev.rdbss.minirdr.smb.client.SmbFileId;
import dev.rdbss.minirdr.smb.client.SmbSession;
import dev.rdbss.minirdr.smb.client.SmbTree;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What the CSC sample hangs on RDBSS's objects (their {@code context()} slots, spec §1.2).
 *
 * <ul>
 *   <li>SRV_CALL: {@link Server}.
 *   <li>NET_ROOT: the {@link ShareMode} it was built in. A NET_ROOT never changes mode: a
 *       transition finalizes it ({@code forceFinalizeAllVNetRoots}, §4.1) and the next open builds a
 *       new one in the new mode.
 *   <li>V_NET_ROOT: {@link View}: one logon's view, with an SMB session and tree when online.
 *   <li>FCB: {@link FcbOpens}, the opens of the file.
 *   <li>SRV_OPEN: {@link Open}: one handle's server open (online) or cached entry (offline).
 *   <li>FOBX: {@link Listing}: a directory enumeration in progress.
 * </ul>
 */
final class CscContexts {

  private CscContexts() {}

  /** A SRV_CALL's context: the server's name as the caller wrote it. */
  record Server(String name) {}

  /**
   * A V_NET_ROOT's context.
   *
   * <p>Offline views have no session; the owner names the logon whose cache entries the view sees
   * (issue 7 point 6).
   */
  static final class View {
    final ShareState share;
    final ShareMode mode;
    final String owner;
    final Credentials credentials;
    final @Nullable SmbSession session;
    final @Nullable SmbTree tree;
    private volatile boolean finalized;

    View(ShareState share, ShareMode mode, String owner, Credentials credentials,
        @Nullable SmbSession session, @Nullable SmbTree tree) {
      this.share = share;
      this.mode = mode;
      this.owner = owner;
      this.credentials = credentials;
      this.session = session;
      this.tree = tree;
    }

    CacheKey key(String pathInShare) {
      return CacheKey.of(owner, share.server(), share.share(), pathInShare);
    }

    boolean isFinalized() {
      return finalized;
    }

    void markFinalized() {
      finalized = true;
    }
  }

  /**
   * A SRV_OPEN's context. {@code path} follows renames made through the handle. Online opens carry
   * the server's file id; {@code mirrored} says whether the cache holds a current, complete copy
   * that this handle's writes keep current.
   */
  static final class Open {
    final View view;
    final boolean directory;
    final @Nullable SmbFileId fileId;
    volatile String path;
    volatile boolean mirrored;
    volatile boolean wroteOnline;
    volatile boolean deleteOnClose;
    private boolean closed;

    Open(View view, String path, boolean directory, @Nullable SmbFileId fileId, boolean mirrored) {
      this.view = view;
      this.path = path;
      this.directory = directory;
      this.fileId = fileId;
      this.mirrored = mirrored;
    }

    ShareMode mode() {
      return view.mode;
    }

    CacheKey key() {
      return view.key(path);
    }

    /** True the first time only: close is idempotent (closeSrvOpen, forceClosed, deallocate). */
    synchronized boolean markClosed() {
      if (closed) {
        return false;
      }
      closed = true;
      return true;
    }
  }

  /** An FCB's context: its opens, for closing those RDBSS frees without a close (orphaned). */
  static final class FcbOpens {
    final java.util.List<Open> opens = new java.util.concurrent.CopyOnWriteArrayList<>();
  }

  /** A FOBX's context: the entries of a directory enumeration and how far it got. */
  static final class Listing {
    final List<FileDirectoryEntry> entries;
    int next;

    Listing(List<FileDirectoryEntry> entries) {
      this.entries = entries;
    }
  }
}
