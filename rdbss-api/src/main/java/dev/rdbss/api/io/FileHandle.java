package dev.rdbss.api.io;

import dev.rdbss.api.NtStatus;
import dev.rdbss.api.file.CreateInformation;
import dev.rdbss.api.file.FileInformation;
import dev.rdbss.api.file.FileInformationClass;
import dev.rdbss.api.file.FsInformation;
import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/**
 * An open file or directory handle (ARCHITECTURE.md §3.4): a FILE_OBJECT with its FOBX.
 *
 * <p>Every request answers a status; none throws for a status a caller is meant to handle. After
 * {@link #cleanup()}, requests other than {@link #close()} answer FILE_CLOSED (spec §6.6). On a
 * handle orphaned by a forced finalization, requests other than cleanup and close answer
 * UNEXPECTED_NETWORK_ERROR, and directory queries FILE_CLOSED (§4.2).
 *
 * <p>{@link #close()} performs the cleanup first if it was not done, as closing a Windows handle
 * does ({@code IRP_MJ_CLEANUP}, then {@code IRP_MJ_CLOSE} when the last reference goes).
 */
public interface FileHandle extends AutoCloseable {

  /** The path the handle was opened with. */
  String path();

  /** What the create did. */
  CreateInformation createInformation();

  /** Reads up to {@code length} bytes at {@code offset}. */
  ReadResult read(long offset, int length);

  /**
   * Reads up to {@code into.remaining()} bytes at {@code offset} into the caller's buffer, from its
   * position, which advances by the count read; the information field is that count. Nothing
   * else of the buffer changes on success; on failure its position stays, and what lies past it
   * is unspecified (the mini-redirector may have begun filling it). A caller that reads into one
   * buffer again and again allocates nothing for the data, and the bytes are copied once, by the
   * mini-redirector or the page cache (issue 10; low I/O READ, spec §5.2; cached read, §7.1).
   *
   * <p>The runtime's handles hand the mini-redirector a view of this buffer for the duration of
   * the request. A mini-redirector that answers PENDING and completes after the runtime's I/O
   * timeout (IO_TIMEOUT, a misbehaving one) may still write into it afterwards; a caller that
   * cannot accept that reads with {@link #read(long, int)}. This default reads a {@link
   * ReadResult} and copies it.
   *
   * @throws java.nio.ReadOnlyBufferException if {@code into} is read-only
   */
  default IoStatusBlock read(long offset, ByteBuffer into) {
    if (into.isReadOnly()) {
      throw new ReadOnlyBufferException();
    }
    ReadResult result = read(offset, into.remaining());
    if (!result.status().isSuccess()) {
      return IoStatusBlock.of(result.status());
    }
    return new IoStatusBlock(result.status(), result.transferTo(into));
  }

  /** Writes {@code data} at {@code offset}; the information field is the count written. */
  IoStatusBlock write(long offset, byte[] data);

  /** Flushes buffered data to the server. */
  IoStatusBlock flush();

  /**
   * Locks a byte range.
   *
   * @param failImmediately answer LOCK_NOT_GRANTED at once on conflict, rather than waiting
   */
  IoStatusBlock lock(long offset, long length, boolean exclusive, boolean failImmediately);

  /** Unlocks a byte range this handle locked (RANGE_NOT_LOCKED otherwise). */
  IoStatusBlock unlock(long offset, long length);

  /** Unlocks every range this handle holds. */
  IoStatusBlock unlockAll();

  /** Queries file information of the given class. */
  <T extends FileInformation> QueryResult<T> queryInformation(
      FileInformationClass informationClass, Class<T> type);

  /** Sets file information (rename, disposition, end of file, basic). */
  IoStatusBlock setInformation(FileInformation information);

  /** Queries volume information. */
  <T extends FsInformation> QueryResult<T> queryVolumeInformation(Class<T> type);

  /**
   * Enumerates the directory, one batch a call.
   *
   * @param pattern a name pattern with {@code *} and {@code ?}, or {@code null} for all
   * @param restartScan whether to start over
   */
  DirectoryResult queryDirectory(@Nullable String pattern, boolean restartScan);

  /**
   * Watches the directory for changes; the stage completes when something changes, when the handle
   * is cleaned up (NOTIFY_CLEANUP) or when the connection is deleted (CANCELLED).
   *
   * @param completionFilter the {@code FILE_NOTIFY_CHANGE_*} bits
   */
  CompletionStage<ChangeNotification> notifyChangeDirectory(int completionFilter, boolean watchTree);

  /** Sends an FSCTL on the file. */
  ControlResult fsctl(int controlCode, byte[] input, int outputLength);

  /** Sends an IOCTL on the file. */
  ControlResult ioctl(int controlCode, byte[] input, int outputLength);

  /** {@code IRP_MJ_CLEANUP}: the handle is closed by the user; byte-range locks are released. */
  NtStatus cleanup();

  /**
   * {@code IRP_MJ_CLOSE}, with cleanup first if it was not done. Closing never fails, as in Windows;
   * closing twice does nothing.
   */
  @Override
  void close();
}
