package dev.rdbss.minirdr.csc;

import java.nio.charset.StandardCharsets;

/**
 * The CSC sample's commands: device control requests sent to {@code \Device\CscRedirector} through
 * {@code IoSession.openDevice(CscProvider.DEVICE).fsctl(code, input, outputLength)} (spec §5.1,
 * §5.2 {@code MRxDevFcbXXXControlFile}; ARCHITECTURE.md §3.4), the way Windows' offline-files
 * service reaches its redirector. The CLI is built on them; codes and payloads are stable.
 *
 * <p>Input is UTF-8 text: a share as {@code \\server\share} (or, for {@link #FSCTL_CSC_PIN}, a path
 * {@code \\server\share\dir\file}); build it with {@link #input}. Output is UTF-8 text, one record
 * per line, tab-separated: parse it with {@link CscShareStatus#parseAll} or {@link
 * SyncReport#parse}. When the caller's output buffer is too small the answer is BUFFER_TOO_SMALL
 * and nothing was done except for {@link #FSCTL_CSC_STATUS} (which has no effect anyway); ask with
 * {@link #OUTPUT_LENGTH} bytes.
 *
 * <p>Common answers: SUCCESS; BAD_NETWORK_NAME for a share whose server this plugin is not
 * configured to cache (setting {@code servers}); OBJECT_NAME_INVALID for malformed input.
 *
 * <p>Codes follow {@code CTL_CODE(FILE_DEVICE_NETWORK_FILE_SYSTEM, function, METHOD_BUFFERED,
 * FILE_ANY_ACCESS)} with functions 0xA00 and up, clear of RDBSS's 0x800 range and of the SMB
 * sample's 0x900 range.
 */
public final class CscControlCodes {

  /** An output buffer large enough for every answer of a test or demo-sized cache. */
  public static final int OUTPUT_LENGTH = 64 * 1024;

  /**
   * Status. Input: empty (every share the plugin knows) or {@code \\server\share}. Output: one
   * {@link CscShareStatus} line per share: share, mode ({@code ONLINE}/{@code OFFLINE}), why it is
   * in that mode, journal entries waiting for sync, conflicts recorded, and the progress of a
   * running sync ({@code done/total}, {@code 0/0} when none runs).
   */
  public static final int FSCTL_CSC_STATUS = code(0xA00);

  /**
   * Take a share offline on request (spec §4.1): every handle open on it is closed by {@code
   * forceFinalizeAllVNetRoots} and later opens are served from the cache. It stays offline until
   * {@link #FSCTL_CSC_ONLINE} (the periodic probe only brings back shares that went offline
   * because the server became unreachable). Output: the share's status line.
   */
  public static final int FSCTL_CSC_OFFLINE = code(0xA01);

  /**
   * Bring a share back online on request: the journal is replayed to the server (sync, issue 7
   * point 3), then every offline handle is closed by {@code forceFinalizeAllVNetRoots} and later
   * opens go to the server. Answers the server's status when it still cannot be reached (the share
   * stays offline). Output: the {@link SyncReport}.
   */
  public static final int FSCTL_CSC_ONLINE = code(0xA02);

  /**
   * Replay the share's journal now, without changing its mode; the server must be reachable.
   * Output: the {@link SyncReport}. Progress goes to the listeners registered with {@link
   * CscProvider#addSyncListener} while it runs.
   */
  public static final int FSCTL_CSC_SYNC = code(0xA03);

  /**
   * Pin {@code \\server\share\path} for the calling logon: the file (or every file under the
   * folder) is cached in full now, ahead of use, and never evicted. The share must be online and
   * the caller must have used it in this runtime (the plugin keeps no credentials of its own).
   * Output: one line, the number of files pinned.
   */
  public static final int FSCTL_CSC_PIN = code(0xA04);

  private CscControlCodes() {}

  /** Encodes the input of one of these controls (a share or a path), in UTF-8. */
  public static byte[] input(String uncPath) {
    return uncPath.getBytes(StandardCharsets.UTF_8);
  }

  /** Decodes an answer's output. */
  public static String text(byte[] output) {
    return new String(output, StandardCharsets.UTF_8);
  }

  private static int code(int function) {
    return (0x14 << 16) | (function << 2);
  }
}
