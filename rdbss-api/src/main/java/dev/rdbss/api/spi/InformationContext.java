package dev.rdbss.api.spi;

import dev.rdbss.api.file.FileDirectoryEntry;
import dev.rdbss.api.file.FileInformation;
import dev.rdbss.api.file.FileInformationClass;
import dev.rdbss.api.file.FsInformation;
import org.jspecify.annotations.Nullable;

/**
 * {@code RxContext->Info} (spec §5.2 "Information"): what a query, set or directory enumeration
 * carries and how the mini-redirector answers it.
 *
 * <ul>
 *   <li>{@code queryFileInfo}: read {@link #fileInformationClass()}, answer with {@link #setResult}.
 *   <li>{@code setFileInfo} and {@code setFileInfoAtCleanup}: read {@link #input()}.
 *   <li>{@code queryDirectory}: read the pattern and flags, add entries with
 *       {@link #addDirectoryEntry} until it returns false (the caller's buffer is full; answer
 *       SUCCESS, or BUFFER_OVERFLOW when an entry did not fit, which counts as partial success), or
 *       answer NO_MORE_FILES when nothing is left.
 *   <li>{@code queryVolumeInfo}: read {@link #fsInformationClass()}, answer with {@link #setFsResult}.
 * </ul>
 *
 * <p>A mini-redirector that needs to re-run the request on the RDBSS worker sets
 * {@link RxContext#setPostRequest}.
 */
public interface InformationContext {

  /** The information class of a file query, set or directory enumeration. */
  @Nullable FileInformationClass fileInformationClass();

  /** The information to set (for set requests). */
  @Nullable FileInformation input();

  /** Answers a file query. */
  void setResult(FileInformation information);

  /** The answer set so far, or {@code null}. */
  @Nullable FileInformation result();

  /** The directory search pattern (wildcards {@code *} and {@code ?}), or {@code null} for all. */
  @Nullable String fileNamePattern();

  /** Whether the enumeration restarts from the beginning. */
  boolean restartScan();

  /** Whether the caller wants one entry only. */
  boolean returnSingleEntry();

  /** Whether this is the first query on the handle. */
  boolean initialQuery();

  /**
   * Adds a directory entry.
   *
   * @return false when the caller's buffer is full and the entry was not added
   */
  boolean addDirectoryEntry(FileDirectoryEntry entry);

  /** The volume information class asked for. */
  @Nullable Class<? extends FsInformation> fsInformationClass();

  /** Answers a volume query. */
  void setFsResult(FsInformation information);

  /** Sets the length the caller would need, with a BUFFER_TOO_SMALL answer (§5.2). */
  void setInformationToReturn(long length);
}
