package dev.rdbss.minirdr.smb.sim;

import dev.rdbss.api.file.AccessMask;
import dev.rdbss.api.file.ShareAccess;
import dev.rdbss.api.io.ChangeNotification;
import dev.rdbss.api.spi.RdbssClock;
import dev.rdbss.minirdr.smb.client.OplockLevel;
import dev.rdbss.minirdr.smb.client.SmbFileId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** One open of a file on the server (the SMB2 Open): what a file id stands for. */
final class SimOpen {

  private static final int READS = AccessMask.FILE_READ_DATA | AccessMask.FILE_EXECUTE;
  private static final int WRITES = AccessMask.FILE_WRITE_DATA | AccessMask.FILE_APPEND_DATA;

  final SmbFileId id;
  final SimTree tree;
  final SimNode node;
  final int access;
  final int shareAccess;
  boolean deleteOnClose;
  boolean closed;

  OplockLevel oplock = OplockLevel.NONE;
  @Nullable OplockLevel breakingTo;
  RdbssClock.@Nullable Timer breakTimer;

  int notifyFilter;
  boolean notifyWatchTree;
  /** Answers a waiting change notification with everything buffered (one task per open). */
  final Runnable answerWatcher = this::answerWatcher;
  // Null until the first CHANGE_NOTIFY: from then on changes are kept between requests, as
  // Windows servers buffer them per handle.
  @Nullable List<ChangeNotification.Change> notifyBuffer;
  final Deque<Reply<ChangeNotification>> notifyWaiters = new ArrayDeque<>();

  SimOpen(SmbFileId id, SimTree tree, SimNode node, int access, int shareAccess) {
    this.id = id;
    this.tree = tree;
    this.node = node;
    this.access = access;
    this.shareAccess = shareAccess;
  }

  boolean canRead() {
    return (access & READS) != 0;
  }

  boolean canWrite() {
    return (access & WRITES) != 0;
  }

  boolean has(int right) {
    return (access & right) == right;
  }

  /**
   * Whether an open asking for {@code wantedAccess} while sharing {@code wantedShare} conflicts
   * with this one (IoCheckShareAccess). Opens for attributes only take no part in sharing.
   */
  boolean conflictsWith(int wantedAccess, int wantedShare) {
    if (!takesPartInSharing(access) || !takesPartInSharing(wantedAccess)) {
      return false;
    }
    return ((access & READS) != 0 && !shares(wantedShare, ShareAccess.READ))
        || ((access & WRITES) != 0 && !shares(wantedShare, ShareAccess.WRITE))
        || ((access & AccessMask.DELETE) != 0 && !shares(wantedShare, ShareAccess.DELETE))
        || ((wantedAccess & READS) != 0 && !shares(shareAccess, ShareAccess.READ))
        || ((wantedAccess & WRITES) != 0 && !shares(shareAccess, ShareAccess.WRITE))
        || ((wantedAccess & AccessMask.DELETE) != 0 && !shares(shareAccess, ShareAccess.DELETE));
  }

  static boolean takesPartInSharing(int access) {
    return (access & (READS | WRITES | AccessMask.DELETE)) != 0;
  }

  private static boolean shares(int bits, ShareAccess share) {
    return (bits & share.bit()) != 0;
  }

  /** Changes collected so far, handed out and cleared. */
  List<ChangeNotification.Change> takeChanges() {
    List<ChangeNotification.Change> buffer = notifyBuffer;
    List<ChangeNotification.Change> taken = buffer == null ? List.of() : List.copyOf(buffer);
    if (buffer != null) {
      buffer.clear();
    }
    return taken;
  }

  /** Answers the oldest waiting notification with the buffered changes, if both exist. */
  private void answerWatcher() {
    if (closed || notifyBuffer == null || notifyBuffer.isEmpty()) {
      return;
    }
    Reply<ChangeNotification> waiting = notifyWaiters.poll();
    if (waiting != null) {
      waiting.send(new ChangeNotification(dev.rdbss.api.NtStatus.SUCCESS, takeChanges()));
    }
  }

  void startWatching(int filter, boolean watchTree) {
    notifyFilter = filter;
    notifyWatchTree = watchTree;
    if (notifyBuffer == null) {
      notifyBuffer = new ArrayList<>();
    }
  }

  @Override
  public String toString() {
    return "SimOpen[" + id + " " + node.path() + "]";
  }
}
