package dev.rdbss.minirdr.smb.client;

import dev.rdbss.api.Credentials;
import dev.rdbss.api.NtStatus;
import dev.rdbss.api.spi.Capability;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * One transport to SMB servers: the embedded simulated server ({@code sim}) or a real SMB 2/3
 * server ({@code smb2}). Obtain one from {@link SmbTransports}.
 *
 * <p>A returned future completes with a status for every answer of the server or the network
 * (BAD_NETWORK_PATH for a server that cannot be reached, LOGON_FAILURE for refused credentials,
 * CONNECTION_DISCONNECTED when the connection is lost, IO_TIMEOUT when the server is silent for
 * too long); it completes exceptionally only on a bug. Credentials never appear in the client's
 * logs, exceptions or {@code toString()}.
 */
public interface SmbClient extends AutoCloseable {

  /** The transport's name: {@code sim} or {@code smb2}. */
  String transportName();

  /**
   * What the transport supports. A transport without {@link Capability#BUFFERING_STATE_CHANGES}
   * grants no oplock and sends no break, whatever a create asks for.
   */
  Set<Capability> capabilities();

  /**
   * Reaches {@code server} without authenticating (SMB2 NEGOTIATE only): what a mini-redirector's
   * {@code createSrvCall} needs, since a SRV_CALL stands for a server and carries no user (spec
   * §5.2). A later {@link #connect} may reuse the connection.
   *
   * @return SUCCESS, BAD_NETWORK_PATH (no such server, or nothing answers), or another failure
   */
  CompletableFuture<NtStatus> probe(String server);

  /**
   * Connects to {@code server} and sets up a session as {@code credentials}' user
   * (SMB2 NEGOTIATE and SESSION_SETUP).
   *
   * @param server the server name as it appears in {@code \\server\share}
   * @param credentials the user, domain and password
   * @param breaks where the session's oplock breaks go
   * @return the session, BAD_NETWORK_PATH (no such server, or nothing answers), LOGON_FAILURE,
   *     or another failure status
   */
  CompletableFuture<SmbResult<SmbSession>> connect(
      String server, Credentials credentials, OplockBreakListener breaks);

  /** Drops every connection of this client without waiting for the servers. */
  @Override
  void close();
}
