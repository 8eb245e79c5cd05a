package dev.rdbss.minirdr.smb;

import dev.rdbss.api.file.FileDirectoryEntry;
import dev.rdbss.api.object.SrvOpen;
import dev.rdbss.minirdr.smb.client.SmbFileId;
import dev.rdbss.minirdr.smb.client.SmbSession;
import dev.rdbss.minirdr.smb.client.SmbTree;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * What the SMB mini-redirector keeps in the context slots of RDBSS's objects (spec §1.2). One small
 * class per object type, so that a reader sees at a glance which object owns which server state:
 *
 * <ul>
 *   <li>SRV_CALL → {@link Server}: the server's name only. It owns no socket and no user: a
 *       SRV_CALL is per server, a session is per user, and the transport keeps the connection.
 *   <li>NET_ROOT → {@link Share}: the share's name; its presence says "this NET_ROOT was
 *       initialized" (a new NET_ROOT has a null context, §5.2).
 *   <li>V_NET_ROOT → {@link View}: the user's session and tree, re-established after a lost
 *       connection.
 *   <li>SRV_OPEN → {@link Open}: the server's file id and the tree it belongs to.
 *   <li>FOBX → {@link Listing}: where a directory enumeration stands.
 * </ul>
 */
final class SmbContexts {

  private SmbContexts() {}

  /** The SRV_CALL context. */
  record Server(String name) {}

  /** The NET_ROOT context. */
  record Share(String name) {}

  /**
   * The V_NET_ROOT context: one user's session and tree on one share. The tree is replaced when the
   * connection is lost; opens made on an older tree are stale (their file ids died with it).
   */
  static final class View {
    final String server;
    final String share;
    // Guarded by this.
    private @Nullable SmbSession session;
    private @Nullable SmbTree tree;
    private boolean lost;
    private boolean finalized;
    /** The view's opens by file id, for oplock breaks (which name a file id, §7.3). */
    final Map<SmbFileId, Open> opens = new ConcurrentHashMap<>();

    View(String server, String share, SmbSession session, SmbTree tree) {
      this.server = server;
      this.share = share;
      this.session = session;
      this.tree = tree;
    }

    /** The live tree, or null when the connection was lost or the view finalized. */
    synchronized @Nullable SmbTree liveTree() {
      return lost || finalized ? null : tree;
    }

    /** Whether {@code t} is still this view's live tree. */
    synchronized boolean isLive(SmbTree t) {
      return !lost && !finalized && tree == t;
    }

    /** Records that {@code t}'s connection is gone (only if it is still the current tree). */
    synchronized void lost(SmbTree t) {
      if (tree == t) {
        lost = true;
      }
    }

    /**
     * Installs a re-established session and tree; false if the view was finalized meanwhile. The
     * session it replaces is handed to {@code replaced} (a timed-out one may still be alive on the
     * server and deserves a LOGOFF).
     */
    boolean reconnected(SmbSession newSession, SmbTree newTree, java.util.function.Consumer<SmbSession> replaced) {
      SmbSession old;
      synchronized (this) {
        if (finalized) {
          return false;
        }
        old = session;
        session = newSession;
        tree = newTree;
        lost = false;
      }
      if (old != null && old != newSession) {
        replaced.accept(old);
      }
      return true;
    }

    /** Marks the view finalized and hands back what must be torn down. */
    synchronized @Nullable SmbSession finalizeView() {
      finalized = true;
      SmbSession s = session;
      session = null;
      tree = null;
      return s;
    }

    synchronized boolean isFinalized() {
      return finalized;
    }
  }

  /**
   * The SRV_OPEN context, also listed in its FCB's context ({@link FcbOpens}): RDBSS frees the
   * SRV_OPENs of an orphaned FCB without calling {@code closeSrvOpen} or {@code forceClosed} (§2.4,
   * §4.2), so the FCB's deallocation is where their server opens get closed.
   */
  static final class Open {
    final View view;
    final SmbTree tree;
    final SmbFileId fileId;
    final boolean directory;
    /**
     * For {@code indicateChangeOfBufferingStateForSrvOpen} only, which tolerates a freed SRV_OPEN
     * (§9 pitfall 16). Never read its fields: after its free that is a use-after-free bugcheck.
     */
    final SrvOpen srvOpen;
    final FcbOpens fcbOpens;
    // Guarded by this.
    private boolean closed;

    Open(View view, SmbTree tree, SmbFileId fileId, boolean directory, SrvOpen srvOpen,
        FcbOpens fcbOpens) {
      this.view = view;
      this.tree = tree;
      this.fileId = fileId;
      this.directory = directory;
      this.srvOpen = srvOpen;
      this.fcbOpens = fcbOpens;
    }

    /** Whether the server still knows this file id (the tree is live). */
    boolean isStale() {
      return !view.isLive(tree);
    }

    /** Marks the open closed; true the first time only (closeSrvOpen and forceClosed may both run). */
    synchronized boolean markClosed() {
      if (closed) {
        return false;
      }
      closed = true;
      return true;
    }
  }

  /** The FCB context: the server opens made for the FCB and not closed yet. */
  static final class FcbOpens {
    final List<Open> opens = new java.util.concurrent.CopyOnWriteArrayList<>();
  }

  /** The FOBX context of a directory handle: the listing being returned in batches. */
  static final class Listing {
    final List<FileDirectoryEntry> entries;
    int next;

    Listing(List<FileDirectoryEntry> entries) {
      this.entries = entries;
    }
  }
}
