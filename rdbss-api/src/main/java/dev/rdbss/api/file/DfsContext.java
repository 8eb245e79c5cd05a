package dev.rdbss.api.file;

/**
 * {@code NtCreateParameters.DfsContext}: whether a create comes from the DFS client, and how (spec
 * §6.4 step 1). The DFS client marks the opens it redirects through a DFS referral; every other
 * open carries {@link #NONE}.
 *
 * <ul>
 *   <li>{@link #DFS_OPEN} ({@code DFS_OPEN_CONTEXT}): an open through a DFS referral. It needs a
 *       server that speaks DFS: when the SRV_CALL lacks {@link dev.rdbss.api.SrvCallFlag#DFS_AWARE_SERVER}
 *       RDBSS fails it with {@link dev.rdbss.api.NtStatus#DFS_UNAVAILABLE}; otherwise the new handle's
 *       FOBX carries {@link dev.rdbss.api.FobxFlag#DFS_OPEN}.
 *   <li>{@link #DOWNLEVEL_OPEN} ({@code DFS_DOWNLEVEL_OPEN_CONTEXT}): an open the DFS client sends
 *       to a share it takes for a plain (down-level) one. On a NET_ROOT that is a DFS root ({@link
 *       dev.rdbss.api.NetRootFlag#DFS_AWARE_NETROOT}) RDBSS fails it with {@link
 *       dev.rdbss.api.NtStatus#OBJECT_TYPE_MISMATCH}, which sends the DFS client back to ask for a
 *       referral.
 * </ul>
 */
public enum DfsContext {
  /** Not a DFS open. */
  NONE,
  /** {@code DFS_OPEN_CONTEXT}: an open through a DFS referral. */
  DFS_OPEN,
  /** {@code DFS_DOWNLEVEL_OPEN_CONTEXT}: a DFS open of a share taken for a down-level one. */
  DOWNLEVEL_OPEN
}
