package dev.rdbss.core.engine;

import dev.rdbss.api.BitFlag;
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

  /**
   * One open's contribution: what it accesses and what it lets others do. A grant is a value with
   * 64 possible states, so {@link #of} hands out shared instances: a handle keeps its grant until
   * cleanup (§6.6) without a set or an object of its own (rdbss-bench, memory per handle).
   */
  record Grant(boolean read, boolean write, boolean delete, boolean shareRead,
      boolean shareWrite, boolean shareDelete) {

    private static final Grant[] ALL = new Grant[64];

    static {
      for (int i = 0; i < ALL.length; i++) {
        ALL[i] = new Grant((i & 1) != 0, (i & 2) != 0, (i & 4) != 0, (i & 8) != 0,
            (i & 16) != 0, (i & 32) != 0);
      }
    }

    static Grant of(int desiredAccess, Set<ShareAccess> share) {
      return of(desiredAccess, BitFlag.toBits(share));
    }

    /** {@code shareBits}: the {@link ShareAccess} bits, as {@link BitFlag#toBits} gives them. */
    static Grant of(int desiredAccess, int shareBits) {
      int access = AccessMask.mapGeneric(desiredAccess);
      int index =
          ((access & (AccessMask.FILE_READ_DATA | AccessMask.FILE_EXECUTE)) != 0 ? 1 : 0)
              | ((access & (AccessMask.FILE_WRITE_DATA | AccessMask.FILE_APPEND_DATA)) != 0 ? 2 : 0)
              | ((access & AccessMask.DELETE) != 0 ? 4 : 0)
              | ((shareBits & ShareAccess.READ.bit()) != 0 ? 8 : 0)
              | ((shareBits & ShareAccess.WRITE.bit()) != 0 ? 16 : 0)
              | ((shareBits & ShareAccess.DELETE.bit()) != 0 ? 32 : 0);
      return ALL[index];
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
    boolean conflict =
        (grant.read() && sharedRead < openCount)
            || (grant.write() && sharedWrite < openCount)
            || (grant.delete() && sharedDelete < openCount)
            || (readers != 0 && !grant.shareRead())
            || (writers != 0 && !grant.shareWrite())
            || (deleters != 0 && !grant.shareDelete());
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
    sharedRead += grant.shareRead() ? delta : 0;
    sharedWrite += grant.shareWrite() ? delta : 0;
    sharedDelete += grant.shareDelete() ? delta : 0;
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
