package dev.rdbss.api.file;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One entry of a directory listing ({@code FILE_BOTH_DIR_INFORMATION} and its narrower relatives),
 * what {@code MRxQueryDirectory} adds to the query context (spec §5.2).
 *
 * @param fileName the name within the directory, no path
 * @param shortName the 8.3 name, or {@code null} when the server has none
 * @param fileIndex the server's index of the entry (0 when unknown)
 * @param creationTime creation time
 * @param lastAccessTime last access time
 * @param lastWriteTime last write time
 * @param changeTime last change time
 * @param endOfFile the file size
 * @param allocationSize the allocation size
 * @param fileAttributes {@link FileAttribute} bits
 */
public record FileDirectoryEntry(
    String fileName,
    @Nullable String shortName,
    long fileIndex,
    Instant creationTime,
    Instant lastAccessTime,
    Instant lastWriteTime,
    Instant changeTime,
    long endOfFile,
    long allocationSize,
    int fileAttributes) {

  public FileDirectoryEntry {
    Objects.requireNonNull(fileName, "fileName");
    if (fileName.isEmpty() || fileName.indexOf('\\') >= 0) {
      throw new IllegalArgumentException("a directory entry name is one non-empty component: " + fileName);
    }
  }

  /** Whether the entry is a directory. */
  public boolean isDirectory() {
    return (fileAttributes & FileAttribute.DIRECTORY.bit()) != 0;
  }
}
