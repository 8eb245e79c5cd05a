package dev.rdbss.api.io;

import dev.rdbss.api.NtStatus;
import dev.rdbss.api.file.FileDirectoryEntry;
import java.util.List;
import java.util.Objects;

/**
 * One batch of a directory enumeration: a status (NO_MORE_FILES when the enumeration is over) and
 * the entries.
 *
 * @param status the status
 * @param entries the entries of this batch
 */
public record DirectoryResult(NtStatus status, List<FileDirectoryEntry> entries) {

  public DirectoryResult {
    Objects.requireNonNull(status, "status");
    entries = List.copyOf(entries);
  }
}
