package dev.rdbss.minirdr.csc.store;

import java.util.Objects;

/**
 * A file changed on both sides (issue 7 point 3; compared through {@link ServerVersion}, the
 * last-write time and size of spec §5.2's basic and standard information): the server's version stays, the local one is kept
 * beside it under {@code keptAs}, and the conflict is recorded here so that it can be reported
 * (the status command, the CLI) after the sync that found it and after a restart.
 *
 * @param id the conflict's id, ascending in the order conflicts were recorded
 * @param journalId the journal entry whose replay found the conflict
 * @param key the file that changed on both sides
 * @param keptAs the path, on the same share, where the local version was kept (empty when the
 *     local change was a delete and nothing was kept)
 * @param reason a short human-readable reason, such as "changed on the server"
 */
public record Conflict(long id, long journalId, CacheKey key, String keptAs, String reason) {

  public Conflict {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(keptAs, "keptAs");
    Objects.requireNonNull(reason, "reason");
  }
}
