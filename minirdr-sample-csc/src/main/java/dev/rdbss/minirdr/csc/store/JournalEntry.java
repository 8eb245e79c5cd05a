package dev.rdbss.minirdr.csc.store;

import java.util.Arrays;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One offline change, in the order it was made (issue 7 points 1 and 3). Entries are appended in
 * the same SQLite transaction as the cache change they describe, so the journal and the cache never
 * disagree about an acknowledged change: a write the user saw succeed is never dropped, not by a
 * mode change (spec §4.2) nor by a crash.
 *
 * @param id the entry's stable id: ascending in the order of the changes, never reused, the same
 *     after a restart; replay applies entries in ascending id order and {@link
 *     CacheStore#markApplied records} each applied id
 * @param op what changed
 * @param entryId the {@link CacheEntry#id()} of the cached entry the change was made to
 * @param key the entry's path when the change was made (for {@link JournalOp#RENAME}, the old path)
 * @param targetPath for {@link JournalOp#RENAME}: the new path; otherwise {@code null}
 * @param replaceIfExists for {@link JournalOp#RENAME}: whether an existing target is replaced
 * @param offset for {@link JournalOp#WRITE}: the absolute offset of the first byte; otherwise 0
 * @param data for {@link JournalOp#WRITE} and {@link JournalOp#CONTENT}: the bytes; otherwise empty
 * @param size for {@link JournalOp#SET_SIZE}: the new end of file; for {@link JournalOp#CONTENT}:
 *     the data's length; otherwise 0
 * @param attributes for {@link JournalOp#CREATE} and {@link JournalOp#MKDIR}: the attributes the
 *     entry was created with; otherwise 0
 * @param directory whether the entry is a folder (what a replayed {@link JournalOp#DELETE} or
 *     {@link JournalOp#RENAME} must open on the server)
 * @param baseVersion the server version the change was made against (the entry's {@link
 *     CacheEntry#serverVersion()} at the time), or {@code null} for an entry the server never had:
 *     sync compares it with the server's current version to detect a conflict
 * @param applied whether the change has been applied to the server
 */
public record JournalEntry(
    long id,
    JournalOp op,
    long entryId,
    CacheKey key,
    @Nullable String targetPath,
    boolean replaceIfExists,
    long offset,
    byte[] data,
    long size,
    int attributes,
    boolean directory,
    @Nullable ServerVersion baseVersion,
    boolean applied) {

  public JournalEntry {
    Objects.requireNonNull(op, "op");
    Objects.requireNonNull(key, "key");
    data = data.clone();
  }

  /** The bytes (a copy). */
  @Override
  public byte[] data() {
    return data.clone();
  }

  /** The new path of a rename as a key of the same logon and share. */
  public CacheKey target() {
    if (targetPath == null) {
      throw new IllegalStateException(op + " has no target");
    }
    return key.withPath(targetPath);
  }

  @Override
  public boolean equals(@Nullable Object o) {
    if (!(o instanceof JournalEntry)) {
      return false;
    }
    JournalEntry e = (JournalEntry) o;
    return id == e.id
        && op == e.op
        && entryId == e.entryId
        && key.equals(e.key)
        && Objects.equals(targetPath, e.targetPath)
        && replaceIfExists == e.replaceIfExists
        && offset == e.offset
        && Arrays.equals(data, e.data)
        && size == e.size
        && attributes == e.attributes
        && directory == e.directory
        && Objects.equals(baseVersion, e.baseVersion)
        && applied == e.applied;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(id) * 31 + op.hashCode();
  }

  /** Shows the operation and where, never the data. */
  @Override
  public String toString() {
    return "JournalEntry[" + id + " " + op + " " + key
        + (targetPath != null ? " -> " + targetPath : "")
        + (op == JournalOp.WRITE ? " @" + offset + "+" + data.length : "")
        + (op == JournalOp.SET_SIZE || op == JournalOp.CONTENT ? " size=" + size : "")
        + (applied ? " applied" : "") + "]";
  }
}
