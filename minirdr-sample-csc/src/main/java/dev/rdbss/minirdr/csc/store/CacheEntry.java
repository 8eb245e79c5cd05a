package dev.rdbss.minirdr.csc.store;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One cached file or folder, as the store knows it: enough to answer create, query-information
 * and directory requests (spec §5.2) offline, and to tell whether the server's copy moved on.
 *
 * @param id the store's id of the entry: stable for the entry's whole life, across renames and
 *     restarts (journal entries refer to it)
 * @param key whose entry it is and which server path it copies
 * @param info the metadata served offline
 * @param serverVersion the server's version when the entry was last known to match the server, or
 *     {@code null} if the server has never had it (created offline, not yet synced)
 * @param pinned pinned entries are kept in full ahead of use and never evicted (issue 7 point 1)
 * @param dirty the entry has local changes the server has not seen yet (journal entries not yet
 *     applied); dirty entries are never evicted
 * @param complete the cache holds the whole of the file's data (not only the parts read so far)
 * @param lastUse the position of the entry's last use in the store's use order: a larger value
 *     means a more recent use; the size limit evicts the smallest first
 */
public record CacheEntry(
    long id,
    CacheKey key,
    EntryInfo info,
    @Nullable ServerVersion serverVersion,
    boolean pinned,
    boolean dirty,
    boolean complete,
    long lastUse) {

  public CacheEntry {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(info, "info");
  }

  /** Whether the entry is a folder. */
  public boolean directory() {
    return info.directory();
  }

  /** The end of file. */
  public long size() {
    return info.size();
  }

  /** Whether the size limit may evict it: a clean, unpinned file. */
  public boolean evictable() {
    return !pinned && !dirty && !info.directory();
  }
}
