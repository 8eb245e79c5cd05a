package dev.rdbss.minirdr.smb.client;

/**
 * Receives the server's oplock breaks for the opens of one session. It runs on the transport's
 * thread (for the simulated server: the thread of the request that caused the break), so it must
 * not block; it answers later with {@link SmbTree#acknowledgeOplockBreak}, typically after flushing
 * cached writes. The conflicting open waits until the acknowledgement (or the server's break
 * timeout), as SMB2 servers do.
 */
@FunctionalInterface
public interface OplockBreakListener {

  /** Ignores every break (the server's timeout then lowers the level by itself). */
  OplockBreakListener IGNORE = (tree, file, newLevel) -> {};

  /**
   * The server lowers the oplock of {@code file} on {@code tree} to {@code newLevel}.
   *
   * @param tree the tree the file was opened on
   * @param file the open whose oplock breaks
   * @param newLevel the highest level the holder may keep
   */
  void oplockBreak(SmbTree tree, SmbFileId file, OplockLevel newLevel);
}
