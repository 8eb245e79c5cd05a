package dev.rdbss.minirdr.csc;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a sync did (issue 7 point 3): the answer of {@link CscControlCodes#FSCTL_CSC_SYNC} and
 * {@link CscControlCodes#FSCTL_CSC_ONLINE}. As text: a first line {@code share TAB applied TAB
 * skipped TAB conflicts TAB remaining}, then one line per conflict {@code conflict TAB path TAB
 * keptAs TAB reason}.
 *
 * @param share {@code \\server\share}
 * @param applied journal entries applied to the server by this sync
 * @param alreadyApplied entries found already applied (a replay after a crash) and not applied again
 * @param conflicts the conflicts this sync found
 * @param remaining entries still waiting (their logon's credentials are not known in this runtime,
 *     or the server went away during the sync)
 */
public record SyncReport(
    String share, long applied, long alreadyApplied, List<SyncConflict> conflicts, long remaining) {

  public SyncReport {
    Objects.requireNonNull(share, "share");
    conflicts = List.copyOf(conflicts);
  }

  /** The report as text. */
  public String toText() {
    StringBuilder sb = new StringBuilder();
    sb.append(share).append('\t').append(applied).append('\t').append(alreadyApplied).append('\t')
        .append(conflicts.size()).append('\t').append(remaining).append('\n');
    for (SyncConflict c : conflicts) {
      sb.append("conflict\t").append(c.path()).append('\t').append(c.keptAs()).append('\t')
          .append(c.reason()).append('\n');
    }
    return sb.toString();
  }

  /** Parses {@link #toText()}. */
  public static SyncReport parse(String text) {
    String[] lines = text.split("\n");
    String[] head = lines[0].split("\t", -1);
    if (head.length != 5) {
      throw new IllegalArgumentException("not a CSC sync report: " + lines[0]);
    }
    List<SyncConflict> conflicts = new ArrayList<>();
    for (int i = 1; i < lines.length; i++) {
      String[] f = lines[i].split("\t", -1);
      if (f.length == 4 && f[0].equals("conflict")) {
        conflicts.add(new SyncConflict(f[1], f[2], f[3]));
      }
    }
    return new SyncReport(
        head[0], Long.parseLong(head[1]), Long.parseLong(head[2]), conflicts, Long.parseLong(head[4]));
  }

  /**
   * A file changed on both sides: the server's version stays at {@code path}, the local one was
   * kept at {@code keptAs} (empty when the local change was a delete).
   *
   * @param path the path in the share, {@code \dir\f.txt}
   * @param keptAs where the local version now is, or empty
   * @param reason why, for people
   */
  public record SyncConflict(String path, String keptAs, String reason) {
    public SyncConflict {
      Objects.requireNonNull(path, "path");
      Objects.requireNonNull(keptAs, "keptAs");
      Objects.requireNonNull(reason, "reason");
    }
  }
}
