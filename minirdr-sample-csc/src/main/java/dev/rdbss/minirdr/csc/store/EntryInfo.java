package dev.rdbss.minirdr.csc.store;

import java.time.Instant;
import java.util.Objects;

/**
 * The metadata of a cached file or folder: what {@code FILE_BASIC_INFORMATION} and {@code
 * FILE_STANDARD_INFORMATION} report (spec §5.2 "Information"), so that a query served offline
 * answers what the server would. Times are kept at the 100-ns resolution of a FILETIME.
 *
 * @param directory whether the entry is a folder
 * @param size the end of file (0 for a folder)
 * @param creationTime creation time
 * @param lastAccessTime last access time
 * @param lastWriteTime last write time
 * @param changeTime last change time
 * @param attributes the {@code FILE_ATTRIBUTE_*} bits ({@link dev.rdbss.api.file.FileAttribute})
 */
public record EntryInfo(
    boolean directory,
    long size,
    Instant creationTime,
    Instant lastAccessTime,
    Instant lastWriteTime,
    Instant changeTime,
    int attributes) {

  public EntryInfo {
    Objects.requireNonNull(creationTime, "creationTime");
    Objects.requireNonNull(lastAccessTime, "lastAccessTime");
    Objects.requireNonNull(lastWriteTime, "lastWriteTime");
    Objects.requireNonNull(changeTime, "changeTime");
    if (size < 0) {
      throw new IllegalArgumentException("size < 0: " + size);
    }
    if (directory && size != 0) {
      throw new IllegalArgumentException("a folder has no size: " + size);
    }
    creationTime = Times.truncate(creationTime);
    lastAccessTime = Times.truncate(lastAccessTime);
    lastWriteTime = Times.truncate(lastWriteTime);
    changeTime = Times.truncate(changeTime);
  }

  /** An empty file whose four times are {@code now}. */
  public static EntryInfo newFile(Instant now, int attributes) {
    return new EntryInfo(false, 0, now, now, now, now, attributes);
  }

  /** A folder whose four times are {@code now}. */
  public static EntryInfo newDirectory(Instant now, int attributes) {
    return new EntryInfo(true, 0, now, now, now, now, attributes);
  }

  /** The same metadata with another size, written at {@code now}. */
  public EntryInfo written(long newSize, Instant now) {
    return new EntryInfo(directory, newSize, creationTime, now, now, now, attributes);
  }

  /** The same metadata with another size. */
  public EntryInfo withSize(long newSize) {
    return new EntryInfo(
        directory, newSize, creationTime, lastAccessTime, lastWriteTime, changeTime, attributes);
  }
}
