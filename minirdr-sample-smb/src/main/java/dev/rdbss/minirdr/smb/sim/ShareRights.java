package dev.rdbss.minirdr.smb.sim;

/** What a user may do on a share (Samba's {@code read list} and {@code write list}). */
public enum ShareRights {
  /** Open for reading, list, query; any open asking for write or delete access is ACCESS_DENIED. */
  READ_ONLY,
  /** Everything. */
  READ_WRITE
}
