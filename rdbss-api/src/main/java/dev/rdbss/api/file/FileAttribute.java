package dev.rdbss.api.file;

import dev.rdbss.api.BitFlag;

/** File attributes ({@code FILE_ATTRIBUTE_*}). */
public enum FileAttribute implements BitFlag {
  READONLY(0x1),
  HIDDEN(0x2),
  SYSTEM(0x4),
  DIRECTORY(0x10),
  ARCHIVE(0x20),
  NORMAL(0x80),
  TEMPORARY(0x100),
  SPARSE_FILE(0x200),
  REPARSE_POINT(0x400),
  COMPRESSED(0x800),
  OFFLINE(0x1000),
  NOT_CONTENT_INDEXED(0x2000),
  ENCRYPTED(0x4000);

  private final int bit;

  FileAttribute(int bit) {
    this.bit = bit;
  }

  @Override
  public int bit() {
    return bit;
  }
}
