package dev.rdbss.api;

/**
 * The storage type an FCB takes in {@code RxFinishFcbInitialization} (spec §11,
 * {@code RDBSS_STORAGE_TYPE_CODES}): a file, a directory, not yet known, a spool file or a mailslot.
 */
public enum StorageType {
  UNKNOWN,
  DIRECTORY,
  FILE,
  SPOOL_FILE,
  MAILSLOT;

  /** True for the types that carry byte-range lock state (§11: "for files"). */
  public boolean isFile() {
    return this == FILE || this == SPOOL_FILE;
  }
}
