package dev.rdbss.api.file;

import java.time.Instant;
import java.util.Objects;

/**
 * Typed file information, what {@code MRxQueryFileInfo} returns and {@code MRxSetFileInfo} receives
 * (spec §5.2 "Information"). Each record is one {@code FILE_*_INFORMATION} structure; Java types
 * replace the wire layout, the fields and their meaning stay.
 */
public sealed interface FileInformation {

  /** The information class this record answers. */
  FileInformationClass informationClass();

  /**
   * {@code FILE_BASIC_INFORMATION}. In a set, a {@code null} time means "leave unchanged" (Windows
   * passes 0) and {@code fileAttributes} 0 means "leave unchanged".
   */
  record Basic(
      Instant creationTime,
      Instant lastAccessTime,
      Instant lastWriteTime,
      Instant changeTime,
      int fileAttributes)
      implements FileInformation {
    public Basic {
      Objects.requireNonNull(creationTime, "creationTime");
      Objects.requireNonNull(lastAccessTime, "lastAccessTime");
      Objects.requireNonNull(lastWriteTime, "lastWriteTime");
      Objects.requireNonNull(changeTime, "changeTime");
    }

    @Override
    public FileInformationClass informationClass() {
      return FileInformationClass.BASIC;
    }
  }

  /** {@code FILE_STANDARD_INFORMATION}. */
  record Standard(
      long allocationSize, long endOfFile, int numberOfLinks, boolean deletePending, boolean directory)
      implements FileInformation {
    @Override
    public FileInformationClass informationClass() {
      return FileInformationClass.STANDARD;
    }
  }

  /** {@code FILE_INTERNAL_INFORMATION}: the server's file id. */
  record Internal(long indexNumber) implements FileInformation {
    @Override
    public FileInformationClass informationClass() {
      return FileInformationClass.INTERNAL;
    }
  }

  /** {@code FILE_NAME_INFORMATION}: the path relative to the share, starting with {@code \}. */
  record Name(String fileName) implements FileInformation {
    public Name {
      Objects.requireNonNull(fileName, "fileName");
    }

    @Override
    public FileInformationClass informationClass() {
      return FileInformationClass.NAME;
    }
  }

  /**
   * {@code FILE_RENAME_INFORMATION}: the new name, a path relative to the same share (a rename across
   * NET_ROOTs is NOT_SAME_DEVICE, spec §8).
   */
  record Rename(boolean replaceIfExists, String fileName) implements FileInformation {
    public Rename {
      Objects.requireNonNull(fileName, "fileName");
    }

    @Override
    public FileInformationClass informationClass() {
      return FileInformationClass.RENAME;
    }
  }

  /** {@code FILE_DISPOSITION_INFORMATION}: mark or unmark for deletion at last close. */
  record Disposition(boolean deleteFile) implements FileInformation {
    @Override
    public FileInformationClass informationClass() {
      return FileInformationClass.DISPOSITION;
    }
  }

  /** {@code FILE_END_OF_FILE_INFORMATION}: truncate or extend. */
  record EndOfFile(long endOfFile) implements FileInformation {
    public EndOfFile {
      if (endOfFile < 0) {
        throw new IllegalArgumentException("endOfFile must not be negative: " + endOfFile);
      }
    }

    @Override
    public FileInformationClass informationClass() {
      return FileInformationClass.END_OF_FILE;
    }
  }

  /** {@code FILE_ALLOCATION_INFORMATION}. */
  record Allocation(long allocationSize) implements FileInformation {
    @Override
    public FileInformationClass informationClass() {
      return FileInformationClass.ALLOCATION;
    }
  }

  /** {@code FILE_NETWORK_OPEN_INFORMATION}: what a network client asks for in one round trip. */
  record NetworkOpen(
      Instant creationTime,
      Instant lastAccessTime,
      Instant lastWriteTime,
      Instant changeTime,
      long allocationSize,
      long endOfFile,
      int fileAttributes)
      implements FileInformation {
    @Override
    public FileInformationClass informationClass() {
      return FileInformationClass.NETWORK_OPEN;
    }
  }
}
