package dev.rdbss.api.file;

/**
 * Access-mask bits of an NT create request ({@code ACCESS_MASK}, {@code winnt.h}). An access mask is
 * kept as an {@code int} because callers combine standard, specific and generic rights freely.
 */
public final class AccessMask {
  public static final int FILE_READ_DATA = 0x0001;
  public static final int FILE_LIST_DIRECTORY = 0x0001;
  public static final int FILE_WRITE_DATA = 0x0002;
  public static final int FILE_ADD_FILE = 0x0002;
  public static final int FILE_APPEND_DATA = 0x0004;
  public static final int FILE_ADD_SUBDIRECTORY = 0x0004;
  public static final int FILE_READ_EA = 0x0008;
  public static final int FILE_WRITE_EA = 0x0010;
  public static final int FILE_EXECUTE = 0x0020;
  public static final int FILE_TRAVERSE = 0x0020;
  public static final int FILE_DELETE_CHILD = 0x0040;
  public static final int FILE_READ_ATTRIBUTES = 0x0080;
  public static final int FILE_WRITE_ATTRIBUTES = 0x0100;
  public static final int DELETE = 0x0001_0000;
  public static final int READ_CONTROL = 0x0002_0000;
  public static final int WRITE_DAC = 0x0004_0000;
  public static final int WRITE_OWNER = 0x0008_0000;
  public static final int SYNCHRONIZE = 0x0010_0000;
  public static final int MAXIMUM_ALLOWED = 0x0200_0000;
  public static final int GENERIC_ALL = 0x1000_0000;
  public static final int GENERIC_EXECUTE = 0x2000_0000;
  public static final int GENERIC_WRITE = 0x4000_0000;
  public static final int GENERIC_READ = 0x8000_0000;

  /** {@code FILE_GENERIC_READ}. */
  public static final int FILE_GENERIC_READ =
      READ_CONTROL | FILE_READ_DATA | FILE_READ_ATTRIBUTES | FILE_READ_EA | SYNCHRONIZE;

  /** {@code FILE_GENERIC_WRITE}. */
  public static final int FILE_GENERIC_WRITE =
      READ_CONTROL
          | FILE_WRITE_DATA
          | FILE_WRITE_ATTRIBUTES
          | FILE_WRITE_EA
          | FILE_APPEND_DATA
          | SYNCHRONIZE;

  /** {@code FILE_ALL_ACCESS}. */
  public static final int FILE_ALL_ACCESS = 0x000F_0000 | SYNCHRONIZE | 0x1FF;

  private static final int DATA_ACCESS =
      FILE_READ_DATA | FILE_WRITE_DATA | FILE_APPEND_DATA | FILE_EXECUTE | DELETE;

  private AccessMask() {}

  /** Maps the four generic rights to file-specific rights, as the I/O manager does. */
  public static int mapGeneric(int mask) {
    int mapped = mask & ~(GENERIC_ALL | GENERIC_EXECUTE | GENERIC_WRITE | GENERIC_READ);
    if ((mask & GENERIC_READ) != 0) {
      mapped |= FILE_GENERIC_READ;
    }
    if ((mask & GENERIC_WRITE) != 0) {
      mapped |= FILE_GENERIC_WRITE;
    }
    if ((mask & GENERIC_EXECUTE) != 0) {
      mapped |= READ_CONTROL | FILE_READ_ATTRIBUTES | FILE_EXECUTE | SYNCHRONIZE;
    }
    if ((mask & GENERIC_ALL) != 0) {
      mapped |= FILE_ALL_ACCESS;
    }
    return mapped;
  }

  /** True when the (mapped) mask asks for data, execute or delete access (spec §6.4 step 5). */
  public static boolean touchesData(int mask) {
    return (mapGeneric(mask) & DATA_ACCESS) != 0;
  }

  /** True when the mask asks only for attribute, synchronize or read-control access (§6.4, §9 pitfall 13). */
  public static boolean isAttributeOnly(int mask) {
    return !touchesData(mask);
  }
}
