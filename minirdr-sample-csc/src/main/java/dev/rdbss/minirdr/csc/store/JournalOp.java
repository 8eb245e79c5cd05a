package dev.rdbss.minirdr.csc.store;

/**
 * The kinds of offline change the journal records (issue 7 point 1): the requests of spec §5.2
 * (create, write, set end of file, rename, delete) that change a file. Each one is described so that
 * applying it twice has the effect of applying it once, since a crash can come after the server
 * applied an entry and before the store recorded it as applied (issue 7 point 3):
 *
 * <ul>
 *   <li>{@link #CREATE} and {@link #MKDIR}: create the file or folder; replay treats "already
 *       exists" as done when the existing file is the one an earlier replay created.
 *   <li>{@link #WRITE}: write {@link JournalEntry#data()} at the absolute {@link JournalEntry#offset()}
 *       (never "append", which a replay would double).
 *   <li>{@link #CONTENT}: replace the whole content with {@link JournalEntry#data()}.
 *   <li>{@link #SET_SIZE}: set the end of file to {@link JournalEntry#size()} (truncate or extend
 *       with zeros).
 *   <li>{@link #RENAME}: rename {@link JournalEntry#key()} to {@link JournalEntry#targetPath()};
 *       replay treats "source missing, target present" as done.
 *   <li>{@link #DELETE}: delete the file or folder; replay treats "not found" as done.
 * </ul>
 */
public enum JournalOp {
  CREATE,
  MKDIR,
  WRITE,
  CONTENT,
  SET_SIZE,
  RENAME,
  DELETE
}
