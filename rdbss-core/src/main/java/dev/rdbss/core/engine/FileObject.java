package dev.rdbss.core.engine;

import dev.rdbss.api.FcbState;
import dev.rdbss.api.SrvOpenFlag;
import dev.rdbss.api.file.CreateInformation;
import org.jspecify.annotations.Nullable;

/**
 * A FILE_OBJECT as the I/O manager hands it to RDBSS: what a host handle stands for (spec §6.4
 * step 6, §6.5, §6.6). {@code FsContext} is the FCB (or the device FCB), {@code FsContext2} the
 * FOBX (or, for a tree connect, the V_NET_ROOT). Opaque outside the engine: the host's handles
 * carry it back to {@link Fsd}.
 */
public final class FileObject {

  /** What the handle opened. */
  enum Kind {
    DEVICE,
    TREE_CONNECT,
    /** An open-target-directory handle on a fake FCB (§6.4 step 2): a rename's target only. */
    TARGET_DIRECTORY,
    FILE
  }

  final Kind kind;
  /**
   * The path the handle was opened with, or null when it was the FCB's name behind one more
   * backslash ({@code \\srv\share\a.txt} for the FCB {@code \srv\share\a.txt}), as most are:
   * {@link #path()} then derives it rather than keeping a second copy of the name per handle
   * (rdbss-bench, memory per open handle).
   */
  private final @Nullable String path;
  final CreateInformation createInformation;
  final @Nullable FcbImpl fcb;
  final @Nullable FobxImpl fobx;
  final @Nullable VNetRootImpl treeConnectView;
  final ShareAccessCounts.@Nullable Grant shareAccess;
  // Guarded by this.
  private boolean cleanupComplete;
  private boolean closed;
  private boolean directoryQueried;

  private FileObject(
      Kind kind,
      String path,
      CreateInformation createInformation,
      @Nullable FcbImpl fcb,
      @Nullable FobxImpl fobx,
      @Nullable VNetRootImpl treeConnectView,
      ShareAccessCounts.@Nullable Grant shareAccess) {
    this.kind = kind;
    this.path = fcb != null && isBackslashAndName(path, fcb.displayName()) ? null : path;
    this.createInformation = createInformation;
    this.fcb = fcb;
    this.fobx = fobx;
    this.treeConnectView = treeConnectView;
    this.shareAccess = shareAccess;
  }

  static FileObject device(String path) {
    return new FileObject(
        Kind.DEVICE, path, CreateInformation.OPENED, null, null, null, null);
  }

  static FileObject treeConnect(String path, VNetRootImpl view) {
    return new FileObject(
        Kind.TREE_CONNECT, path, CreateInformation.OPENED, null, null, view, null);
  }

  static FileObject targetDirectory(String path, FcbImpl fakeFcb) {
    return new FileObject(Kind.TARGET_DIRECTORY, path, CreateInformation.OPENED,
        fakeFcb, null, null, null);
  }

  static FileObject file(
      String path, FileObjects.Result opened) {
    FobxImpl fobx = java.util.Objects.requireNonNull(opened.fobx());
    return new FileObject(
        Kind.FILE,
        path,
        java.util.Objects.requireNonNull(opened.createInformation()),
        fobx.rawSrvOpen().rawFcb(),
        fobx,
        null,
        opened.shareAccess());
  }

  /** The path the handle was opened with. */
  public String path() {
    String p = path;
    return p != null ? p : "\\" + java.util.Objects.requireNonNull(fcb).displayName();
  }

  private static boolean isBackslashAndName(String path, String name) {
    return path.length() == name.length() + 1
        && path.charAt(0) == '\\'
        && path.startsWith(name, 1);
  }

  /** What the create did. */
  public CreateInformation createInformation() {
    return createInformation;
  }

  /** Whether this is a handle on the device itself. */
  public boolean isDevice() {
    return kind == Kind.DEVICE;
  }

  synchronized boolean isCleanupComplete() {
    return cleanupComplete;
  }

  /** Marks cleanup done; false if it was done already. */
  synchronized boolean markCleanupComplete() {
    if (cleanupComplete) {
      return false;
    }
    cleanupComplete = true;
    return true;
  }

  synchronized boolean isClosed() {
    return closed;
  }

  /** Marks the handle closed; false if it was closed already. */
  synchronized boolean markClosed() {
    if (closed) {
      return false;
    }
    closed = true;
    return true;
  }

  /** Whether this is the handle's first directory query ({@code initialQuery}), and records it. */
  synchronized boolean startDirectoryQuery() {
    boolean first = !directoryQueried;
    directoryQueried = true;
    return first;
  }

  /** Whether the handle was orphaned by a forced finalization of its view (§4.2). */
  boolean isOrphaned() {
    FobxImpl x = fobx;
    if (x == null) {
      return false;
    }
    SrvOpenImpl srvOpen = x.rawSrvOpen();
    return srvOpen.hasFlag(SrvOpenFlag.ORPHANED) || srvOpen.rawFcb().hasState(FcbState.ORPHANED);
  }

  @Override
  public String toString() {
    return "FileObject[" + kind + " " + path() + "]";
  }
}
