package dev.rdbss.api.file;

/**
 * The {@code FILE_INFORMATION_CLASS} values a query or set carries (spec §5.2 "Information"), with
 * their Windows numbers. The classes the wrapper gives a typed form are those of
 * {@link FileInformation}; directory classes list {@link FileDirectoryEntry} values.
 */
public enum FileInformationClass {
  DIRECTORY(1),
  FULL_DIRECTORY(2),
  BOTH_DIRECTORY(3),
  BASIC(4),
  STANDARD(5),
  INTERNAL(6),
  EA(7),
  ACCESS(8),
  NAME(9),
  RENAME(10),
  LINK(11),
  NAMES(12),
  DISPOSITION(13),
  POSITION(14),
  FULL_EA(15),
  MODE(16),
  ALIGNMENT(17),
  ALL(18),
  ALLOCATION(19),
  END_OF_FILE(20),
  ALTERNATE_NAME(21),
  STREAM(22),
  NETWORK_OPEN(34),
  ATTRIBUTE_TAG(35),
  ID_BOTH_DIRECTORY(37),
  ID_FULL_DIRECTORY(38),
  VALID_DATA_LENGTH(39);

  private final int value;

  FileInformationClass(int value) {
    this.value = value;
  }

  /** The {@code FILE_INFORMATION_CLASS} number. */
  public int value() {
    return value;
  }

  /** Whether this class enumerates a directory ({@code IRP_MJ_DIRECTORY_CONTROL}). */
  public boolean isDirectoryClass() {
    return switch (this) {
      case DIRECTORY, FULL_DIRECTORY, BOTH_DIRECTORY, NAMES, ID_BOTH_DIRECTORY, ID_FULL_DIRECTORY ->
          true;
      default -> false;
    };
  }
}
