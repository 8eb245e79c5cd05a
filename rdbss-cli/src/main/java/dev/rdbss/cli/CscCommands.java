package dev.rdbss.cli;

import dev.rdbss.api.NtStatus;
import dev.rdbss.api.io.ControlResult;
import dev.rdbss.api.io.DeviceHandle;
import dev.rdbss.api.io.IoSession;
import dev.rdbss.minirdr.csc.CscControlCodes;
import dev.rdbss.minirdr.csc.CscProvider;
import dev.rdbss.minirdr.csc.CscShareStatus;
import dev.rdbss.minirdr.csc.SyncReport;
import java.util.List;
import java.util.Locale;

/**
 * The CSC sample's commands as the shell ({@code csc status|offline|online|sync|pin}) and the demo
 * send them: device control requests to {@code \Device\CscRedirector} ({@link CscControlCodes}),
 * as Windows' offline-files service reaches its redirector. A command that fails throws a {@link
 * ShellException} naming the status.
 */
final class CscCommands {

  private CscCommands() {}

  /** The status of {@code share}, or of every share the plugin knows when it is empty. */
  static List<CscShareStatus> status(IoSession session, String share) {
    return CscShareStatus.parseAll(text(send(session, CscControlCodes.FSCTL_CSC_STATUS, share, "csc status")));
  }

  /** Takes {@code share} offline on request; its open handles are closed (§4.1). */
  static CscShareStatus offline(IoSession session, String share) {
    return CscShareStatus.parse(
        text(send(session, CscControlCodes.FSCTL_CSC_OFFLINE, share, "csc offline " + share)).trim());
  }

  /** Brings {@code share} online: the journal is replayed, then offline handles are closed. */
  static SyncReport online(IoSession session, String share) {
    return SyncReport.parse(text(send(session, CscControlCodes.FSCTL_CSC_ONLINE, share, "csc online " + share)));
  }

  /** Replays the journal of {@code share} without changing its mode. */
  static SyncReport sync(IoSession session, String share) {
    return SyncReport.parse(text(send(session, CscControlCodes.FSCTL_CSC_SYNC, share, "csc sync " + share)));
  }

  /** Pins {@code path} (a file or a folder) for this logon; the number of files pinned. */
  static long pin(IoSession session, String path) {
    String answer = text(send(session, CscControlCodes.FSCTL_CSC_PIN, path, "csc pin " + path)).trim();
    try {
      return Long.parseLong(answer);
    } catch (NumberFormatException e) {
      throw new ShellException("csc pin " + path + ": unexpected answer '" + answer + "'");
    }
  }

  /** One status as a line for people. */
  static String describe(CscShareStatus s) {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "%-20s %-7s (%s)", s.share(), s.mode(),
        s.cause().name().toLowerCase(Locale.ROOT)));
    sb.append("  pending=").append(s.pending()).append(" conflicts=").append(s.conflicts());
    if (s.syncTotal() > 0) {
      sb.append(" syncing ").append(s.syncDone()).append('/').append(s.syncTotal());
    }
    return sb.toString();
  }

  /** A sync report for people: counts, then one line per conflict. */
  static List<String> describe(SyncReport r) {
    List<String> lines = new java.util.ArrayList<>();
    lines.add(String.format(Locale.ROOT, "%s: %d applied, %d already applied, %d conflict(s), %d remaining",
        r.share(), r.applied(), r.alreadyApplied(), r.conflicts().size(), r.remaining()));
    for (SyncReport.SyncConflict c : r.conflicts()) {
      lines.add("  conflict: " + c.path() + " (" + c.reason() + ")"
          + (c.keptAs().isEmpty() ? "" : "; your version is kept as " + c.keptAs()));
    }
    return lines;
  }

  private static byte[] send(IoSession session, int code, String target, String what) {
    try (DeviceHandle device = session.openDevice(CscProvider.DEVICE)) {
      ControlResult r = device.fsctl(code, CscControlCodes.input(target), CscControlCodes.OUTPUT_LENGTH);
      if (!r.status().isSuccess()) {
        throw new ShellException(what + ": " + r.status());
      }
      return r.output();
    }
  }

  private static String text(byte[] output) {
    return CscControlCodes.text(output);
  }

  /** Whether {@code status} is one a CSC command answers for a share it does not cache. */
  static boolean notCached(NtStatus status) {
    return status.equals(NtStatus.BAD_NETWORK_NAME);
  }
}
