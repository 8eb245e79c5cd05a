package dev.rdbss.minirdr.csc;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One line of the answer to {@link CscControlCodes#FSCTL_CSC_STATUS}: a share's mode and what
 * waits for sync. The line is {@code share TAB mode TAB cause TAB pending TAB conflicts TAB
 * done/total}, for example {@code \\files\docs	OFFLINE	UNREACHABLE	3	0	0/0}.
 *
 * @param share the share, {@code \\server\share}
 * @param mode online or offline
 * @param cause why the share is in that mode
 * @param pending journal entries (of every logon) not yet applied to the server
 * @param conflicts conflicts recorded for the share (kept until the cache is cleared)
 * @param syncDone entries replayed so far by the sync that is running, 0 when none runs
 * @param syncTotal entries the running sync set out to replay, 0 when none runs
 */
public record CscShareStatus(
    String share,
    ShareMode mode,
    ModeCause cause,
    long pending,
    long conflicts,
    long syncDone,
    long syncTotal) {

  public CscShareStatus {
    Objects.requireNonNull(share, "share");
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(cause, "cause");
  }

  /** The line this status is sent as (no line terminator). */
  public String toLine() {
    return String.join(
        "\t",
        share,
        mode.name(),
        cause.name(),
        Long.toString(pending),
        Long.toString(conflicts),
        syncDone + "/" + syncTotal);
  }

  /** Parses one line. */
  public static CscShareStatus parse(String line) {
    String[] f = line.split("\t", -1);
    if (f.length != 6) {
      throw new IllegalArgumentException("not a CSC status line: " + line);
    }
    String[] progress = f[5].split("/", -1);
    return new CscShareStatus(
        f[0],
        ShareMode.valueOf(f[1]),
        ModeCause.valueOf(f[2]),
        Long.parseLong(f[3]),
        Long.parseLong(f[4]),
        Long.parseLong(progress[0]),
        Long.parseLong(progress[1]));
  }

  /** Parses a whole status answer (one line per share). */
  public static List<CscShareStatus> parseAll(String text) {
    List<CscShareStatus> all = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (!line.isBlank()) {
        all.add(parse(line));
      }
    }
    return all;
  }
}
