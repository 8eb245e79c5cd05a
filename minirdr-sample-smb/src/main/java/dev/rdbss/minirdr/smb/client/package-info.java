/**
 * The SMB client interface both transports implement: {@link dev.rdbss.minirdr.smb.client.SmbClient}
 * connects to a server as a user ({@link dev.rdbss.minirdr.smb.client.SmbSession}), a session
 * connects to a share ({@link dev.rdbss.minirdr.smb.client.SmbTree}), and a tree opens files by NT
 * create parameters and works on the returned {@link dev.rdbss.minirdr.smb.client.SmbFileId}s, as
 * the SMB2 protocol does.
 *
 * <p>Every operation is asynchronous (a mini-redirector must never block its caller, spec §5.2) and
 * every server answer, success or failure, is an {@link dev.rdbss.api.NtStatus}: a returned future
 * never completes exceptionally because of the server or the network.
 */
@NullMarked
package dev.rdbss.minirdr.smb.client;

import org.jspecify.annotations.NullMarked;
