package dev.rdbss.minirdr.smb.client;

import dev.rdbss.api.NtStatus;
import dev.rdbss.api.file.FileDirectoryEntry;
import dev.rdbss.api.file.FileInformation;
import dev.rdbss.api.file.FileInformationClass;
import dev.rdbss.api.file.FsInformation;
import dev.rdbss.api.io.ChangeNotification;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A connected share (an SMB2 tree) and the operations on its files. Paths are relative to the
 * share root, with {@code \} separators and no leading separator ({@code ""} is the root); names
 * are case-insensitive and case-preserving, as on Windows.
 */
public interface SmbTree {

  /** The share name. */
  String share();

  /** The session the tree belongs to. */
  SmbSession session();

  /**
   * Opens or creates a file or directory (SMB2 CREATE).
   *
   * @return the open; or OBJECT_NAME_NOT_FOUND, OBJECT_PATH_NOT_FOUND, OBJECT_NAME_COLLISION,
   *     SHARING_VIOLATION, DELETE_PENDING, ACCESS_DENIED, FILE_IS_A_DIRECTORY, NOT_A_DIRECTORY, …
   */
  CompletableFuture<SmbResult<SmbCreateResult>> create(String path, SmbCreateRequest request);

  /**
   * Reads up to {@code length} bytes at {@code offset} (SMB2 READ).
   *
   * @return the bytes read, fewer than asked for near the end of file; END_OF_FILE when
   *     {@code offset} is at or past it; FILE_LOCK_CONFLICT when another open locks the range
   */
  CompletableFuture<SmbResult<byte[]>> read(SmbFileId file, long offset, int length);

  /**
   * Reads up to {@code into.remaining()} bytes at {@code offset} straight into {@code into}, from
   * its position (SMB2 READ): for a caller that has its buffer already, such as a mini-redirector
   * filling RDBSS's read buffer (spec §5.2), so the bytes are not first gathered in an array of
   * their own and then copied. The buffer is written on the transport's thread before the stage
   * completes; the caller must not look at it until then. Its position is left where it was.
   *
   * <p>This default reads an array with {@link #read(SmbFileId, long, int)} and copies it; a
   * transport that can place the server's bytes directly overrides it.
   *
   * @return the number of bytes read, fewer than asked for near the end of file; the failures of
   *     {@link #read(SmbFileId, long, int)}
   */
  default CompletableFuture<SmbResult<Integer>> read(SmbFileId file, long offset, ByteBuffer into) {
    ByteBuffer target = into.duplicate();
    return read(file, offset, target.remaining()).thenApply(answer -> {
      byte[] data = answer.valueOrNull();
      if (data == null) {
        return SmbResult.failure(answer.status());
      }
      int n = Math.min(data.length, target.remaining());
      target.put(data, 0, n);
      return SmbResult.of(answer.status(), n);
    });
  }

  /**
   * Writes {@code data} at {@code offset} (SMB2 WRITE); writing past the end extends the file, and
   * the gap reads as zeros.
   *
   * @return the number of bytes written, or FILE_LOCK_CONFLICT, ACCESS_DENIED, …
   */
  CompletableFuture<SmbResult<Integer>> write(SmbFileId file, long offset, byte[] data);

  /** Flushes the server's buffers of the file (SMB2 FLUSH). */
  CompletableFuture<NtStatus> flush(SmbFileId file);

  /**
   * Closes the open (SMB2 CLOSE): its locks are released, and a file marked for deletion goes
   * when its last open closes.
   */
  CompletableFuture<NtStatus> close(SmbFileId file);

  /**
   * Queries file information (SMB2 QUERY_INFO). Transports answer at least {@link
   * FileInformationClass#BASIC}, {@link FileInformationClass#STANDARD}, {@link
   * FileInformationClass#INTERNAL} and {@link FileInformationClass#NETWORK_OPEN}.
   */
  CompletableFuture<SmbResult<FileInformation>> queryInfo(
      SmbFileId file, FileInformationClass informationClass);

  /**
   * Sets file information (SMB2 SET_INFO): {@link FileInformation.EndOfFile}, {@link
   * FileInformation.Rename} (OBJECT_NAME_COLLISION when the target exists and replacing was not
   * asked for), {@link FileInformation.Disposition} (the file goes at last close; new opens get
   * DELETE_PENDING until then) and {@link FileInformation.Basic}.
   */
  CompletableFuture<NtStatus> setInfo(SmbFileId file, FileInformation information);

  /**
   * Lists the entries of an open directory whose names match {@code pattern} ({@code *} and
   * {@code ?} wildcards, case-insensitive), in the server's order (SMB2 QUERY_DIRECTORY, restarted
   * and repeated until the server has no more).
   *
   * @return the entries (Windows servers include {@code .} and {@code ..} when they match), or
   *     NO_SUCH_FILE when nothing matches
   */
  CompletableFuture<SmbResult<List<FileDirectoryEntry>>> queryDirectory(
      SmbFileId directory, String pattern);

  /**
   * Locks a byte range (SMB2 LOCK).
   *
   * @param exclusive an exclusive (write) lock, else a shared (read) lock
   * @param failImmediately answer LOCK_NOT_GRANTED at once on a conflict instead of waiting
   */
  CompletableFuture<NtStatus> lock(
      SmbFileId file, ByteRange range, boolean exclusive, boolean failImmediately);

  /** Unlocks a range locked before by the same open, exactly (RANGE_NOT_LOCKED otherwise). */
  CompletableFuture<NtStatus> unlock(SmbFileId file, ByteRange range);

  /**
   * Waits for changes under an open directory (SMB2 CHANGE_NOTIFY).
   *
   * @param completionFilter the {@code FILE_NOTIFY_CHANGE_*} bits to watch
   * @param watchTree whether changes in subdirectories count
   * @return the changes once some happen; the status is an error if the directory is closed or
   *     the connection is lost while waiting
   */
  CompletableFuture<ChangeNotification> changeNotify(
      SmbFileId directory, int completionFilter, boolean watchTree);

  /**
   * Answers an oplock break (SMB2 OPLOCK_BREAK acknowledgement) after the holder has flushed what
   * it cached: the holder now has {@code newLevel}.
   */
  CompletableFuture<NtStatus> acknowledgeOplockBreak(SmbFileId file, OplockLevel newLevel);

  /**
   * Queries the share's volume (SMB2 QUERY_INFO, {@code SMB2_0_INFO_FILESYSTEM}) through an open
   * file: {@link FsInformation.Volume} (label and serial number) and {@link FsInformation.Size}
   * (capacity and free space). A transport that cannot ask answers NOT_SUPPORTED, the default;
   * {@link FsInformation.Attribute} is not asked of servers here (neither transport carries it), so
   * it answers NOT_SUPPORTED too.
   */
  default CompletableFuture<SmbResult<FsInformation>> queryVolumeInfo(
      SmbFileId file, Class<? extends FsInformation> type) {
    return CompletableFuture.completedFuture(SmbResult.failure(NtStatus.NOT_SUPPORTED));
  }

  /** Disconnects the tree (SMB2 TREE_DISCONNECT): its opens are closed by the server. */
  CompletableFuture<NtStatus> disconnect();
}
