package dev.rdbss.api.file;

import dev.rdbss.api.BitFlag;

/** Create options of an NT create request ({@code FILE_*} option bits of {@code NtCreateFile}). */
public enum CreateOption implements BitFlag {
  DIRECTORY_FILE(0x1),
  WRITE_THROUGH(0x2),
  SEQUENTIAL_ONLY(0x4),
  NO_INTERMEDIATE_BUFFERING(0x8),
  SYNCHRONOUS_IO_ALERT(0x10),
  SYNCHRONOUS_IO_NONALERT(0x20),
  NON_DIRECTORY_FILE(0x40),
  CREATE_TREE_CONNECTION(0x80),
  COMPLETE_IF_OPLOCKED(0x100),
  NO_EA_KNOWLEDGE(0x200),
  OPEN_REMOTE_INSTANCE(0x400),
  RANDOM_ACCESS(0x800),
  DELETE_ON_CLOSE(0x1000),
  OPEN_BY_FILE_ID(0x2000),
  OPEN_FOR_BACKUP_INTENT(0x4000),
  NO_COMPRESSION(0x8000),
  OPEN_REPARSE_POINT(0x20_0000),
  OPEN_NO_RECALL(0x40_0000);

  private final int bit;

  CreateOption(int bit) {
    this.bit = bit;
  }

  @Override
  public int bit() {
    return bit;
  }
}
