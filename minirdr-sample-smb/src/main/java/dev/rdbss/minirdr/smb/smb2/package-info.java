/**
 * The {@code smb2} transport: the client interface over a real SMB 2/3 server through smbj.
 *
 * <p>Connection setup uses smbj's client, session and share objects; file requests are built as
 * SMB2 messages and sent on smbj's session (which signs them), so that every answer's NTSTATUS
 * reaches the caller unchanged, create actions and end-of-file answers included. smbj asks for no
 * oplock or lease and handles no break, so this transport grants {@code OplockLevel.NONE} and
 * declares no buffering-state capability.
 */
@NullMarked
package dev.rdbss.minirdr.smb.smb2;

import org.jspecify.annotations.NullMarked;
