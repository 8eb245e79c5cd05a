package dev.rdbss.minirdr.csc;

import java.util.Objects;

/**
 * How far a sync is (issue 7 point 3: "progress is reported through a listener"): after each
 * replayed journal entry, and once at the start ({@code done == 0}) and at the end ({@code done ==
 * total}). A progress bar shows {@code done / total}.
 *
 * @param share the share being synchronized, {@code \\server\share}
 * @param done journal entries handled so far (applied, found already applied, or set aside as a
 *     conflict)
 * @param total journal entries this pass set out to replay
 * @param conflicts conflicts found so far in this pass
 * @param currentPath the path of the entry just handled (empty at the start)
 */
public record SyncProgress(String share, long done, long total, long conflicts, String currentPath) {

  public SyncProgress {
    Objects.requireNonNull(share, "share");
    Objects.requireNonNull(currentPath, "currentPath");
  }

  /** Whether this is the last report of the pass. */
  public boolean finished() {
    return done >= total;
  }
}
