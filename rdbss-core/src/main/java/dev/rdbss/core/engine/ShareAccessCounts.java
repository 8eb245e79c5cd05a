package dev.rdbss.core.engine;

import dev.rdbss.api.NtStatus;
import dev.rdbss.api.file.AccessMask;
import dev.rdbss.api.file.ShareAccess;
import java.util.Set;

/**
 * The share access of an FCB ({@code SHARE_ACCESS}, checked and updated as {@code
 * IoCheckShareAccess} does; spec §6.4 steps 4 and 6, removed at cleanup §6.6). An open that asks for
 * no data access (attributes only) neither checks nor counts.
 */
final class ShareAccessCounts {

  private int openCount;
  private int readers;
  private int writers;
  private int deleters;
  private int sharedRead;
  private int sharedWrite;
  private int sharedDelete;

  /** One open's contribution: what it accesses and what it lets others do. */
  record Grant(boolean read, boolean write, boolean delete, Set<ShareAccess> share) {

    static Grant of(int desiredAccess, Set<ShareAccess> share) {
      int access = AccessMask.mapGeneric(desiredAccess);
      return new Grant(
          (access & (AccessMask.FILE_READ_DATA | AccessMask.FILE_EXECUTE)) != 0,
          (access & (AccessMask.FILE_WRITE_DATA | AccessMask.FILE_APPEND_DATA)) != 0,
          (access & AccessMask.DELETE) != 0,
          share);
    }

    boolean accessesData() {
      return read || write || delete;
    }
  }

  /** {@code IoCheckShareAccess}: SHARING_VIOLATION when {@code grant} conflicts with the opens. */
  synchronized NtStatus check(Grant grant) {
    if (!grant.accessesData()) {
      return NtStatus.SUCCESS;
    }
    boolean shareRead = grant.share().contains(ShareAccess.READ);
    boolean shareWrite = grant.share().contains(ShareAccess.WRITE);
    boolean shareDelete = grant.share().contains(ShareAccess.DELETE);
    boolean conflict =
        (grant.read() && sharedRead < openCount)
            || (grant.write() && sharedWrite < openCount)
            || (grant.delete() && sharedDelete < openCount)
            || (readers != 0 && !shareRead)
            || (writers != 0 && !shareWrite)
            || (deleters != 0 && !shareDelete);
    return conflict ? NtStatus.SHARING_VIOLATION : NtStatus.SUCCESS;
  }

  /** {@code IoSetShareAccess} / {@code IoUpdateShareAccess}: counts an open that passed. */
  synchronized void add(Grant grant) {
    change(grant, 1);
  }

  /** {@code IoRemoveShareAccess}, at cleanup. */
  synchronized void remove(Grant grant) {
    change(grant, -1);
  }

  private void change(Grant grant, int delta) {
    if (!grant.accessesData()) {
      return;
    }
    openCount += delta;
    readers += grant.read() ? delta : 0;
    writers += grant.write() ? delta : 0;
    deleters += grant.delete() ? delta : 0;
    sharedRead += grant.share().contains(ShareAccess.READ) ? delta : 0;
    sharedWrite += grant.share().contains(ShareAccess.WRITE) ? delta : 0;
    sharedDelete += grant.share().contains(ShareAccess.DELETE) ? delta : 0;
  }

  synchronized int openCount() {
    return openCount;
  }

  /**
   * Whether no open lets others read, write or delete: the FCB then has no sharers at all, and a
   * buffering state that is not computed grants every caching bit (§7.2 step 3).
   */
  synchronized boolean sharesNothing() {
    return sharedRead + sharedWrite + sharedDelete == 0;
  }
}
