package dev.rdbss.api.io;

import dev.rdbss.api.ConnectionFinalizeLevel;
import dev.rdbss.api.LogonId;
import dev.rdbss.api.NtStatus;
import dev.rdbss.api.NtStatusException;
import java.util.Map;

/**
 * A logged-on user of the simulated machine (ARCHITECTURE.md §3.4). Paths are Windows paths:
 * {@code \\server\share\dir\f.txt} or, after {@link #netUse}, {@code X:\dir\f.txt}.
 *
 * <pre>{@code
 * IoSession alice = runtime.logon(Logon.user("alice", "secret"));
 * alice.netUse("X:", "\\\\files\\docs");
 * try (FileHandle report = alice.open("X:\\report.txt", CreateRequest.readWrite().openIf())) {
 *   report.write(0, bytes);
 * }
 * }</pre>
 */
public interface IoSession {

  /** The logon session's id. */
  LogonId logonId();

  /** The user, {@code DOMAIN\\user} or {@code user}. */
  String userName();

  /** Opens a file or directory; the result carries the status. */
  OpenResult tryOpen(String path, CreateRequest request);

  /**
   * Opens a file or directory.
   *
   * @throws NtStatusException with the create's status when it fails
   */
  default FileHandle open(String path, CreateRequest request) {
    return tryOpen(path, request).orThrow();
  }

  /**
   * Opens a mini-redirector's device, e.g. {@code \Device\SmbSimRedirector} (a device open, spec
   * §6.2).
   *
   * @throws NtStatusException with OBJECT_NAME_NOT_FOUND when no plugin has that device
   */
  DeviceHandle openDevice(String deviceName);

  /**
   * {@code net use X: \\server\share}: maps a drive through a tree-connect open (§6.5). The mapping
   * outlives a forced finalization of its view: the next open through it builds a fresh view.
   *
   * @param localName the drive, {@code "X:"}
   * @return SUCCESS, or why the share cannot be reached (BAD_NETWORK_PATH, BAD_NETWORK_NAME,
   *     LOGON_FAILURE, …); OBJECT_NAME_COLLISION when the drive is already mapped
   */
  NtStatus netUse(String localName, String uncPath, NetUseOptions options);

  /** {@link #netUse} with the logon's credentials. */
  default NtStatus netUse(String localName, String uncPath) {
    return netUse(localName, uncPath, NetUseOptions.defaults());
  }

  /**
   * {@code net use X: /delete}: deletes a mapping through {@code finalizeConnection} at
   * {@code level} (§4.3): FILES_OPEN while files are open, unless forced. With a UNC name ({@code
   * net use \\server\share /delete}) it deletes the deviceless connection that a tree-connect
   * open ({@code CREATE_TREE_CONNECTION}, §6.5) through {@link #tryOpen} left behind.
   *
   * @param localName the drive, {@code "X:"}, or the UNC name of a deviceless connection
   * @return SUCCESS, FILES_OPEN, or OBJECT_NAME_NOT_FOUND when there is no such connection
   */
  NtStatus netUseDelete(String localName, ConnectionFinalizeLevel level);

  /**
   * The connections of this logon: each drive mapping (drive to UNC path) and each deviceless
   * connection (its UNC name to itself).
   */
  Map<String, String> netUses();
}
