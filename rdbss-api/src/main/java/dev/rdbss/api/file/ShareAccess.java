package dev.rdbss.api.file;

import dev.rdbss.api.BitFlag;

/** The share-access bits of an NT create request ({@code FILE_SHARE_*}). */
public enum ShareAccess implements BitFlag {
  READ(0x1),
  WRITE(0x2),
  DELETE(0x4);

  private final int bit;

  ShareAccess(int bit) {
    this.bit = bit;
  }

  @Override
  public int bit() {
    return bit;
  }
}
