package dev.rdbss.minirdr.smb.client;

import dev.rdbss.api.NtStatus;
import java.util.concurrent.CompletableFuture;

/** An authenticated user on one server (an SMB2 session). */
public interface SmbSession {

  /** The server name the session was connected to. */
  String server();

  /** The user the server authenticated (no password: it is not kept here). */
  String userName();

  /**
   * Connects to a share (SMB2 TREE_CONNECT).
   *
   * @param share the share name, without backslashes
   * @return the tree, BAD_NETWORK_NAME for an unknown share, ACCESS_DENIED when the user may not
   *     use it, or a connection failure
   */
  CompletableFuture<SmbResult<SmbTree>> treeConnect(String share);

  /** Ends the session (SMB2 LOGOFF): its trees and opens are closed by the server. */
  CompletableFuture<NtStatus> logoff();
}
