package dev.rdbss.minirdr.csc;

/**
 * Whether a cached share is served by its server or by the cache (issue 7 points 1 and 2). Every
 * change of mode closes every handle open on the share through {@code forceFinalizeAllVNetRoots}
 * (spec §4.1), so a handle always belongs to exactly one mode.
 */
public enum ShareMode {
  /** Opens go to the server; what is read or written is also cached. */
  ONLINE,
  /** Opens are served from the cache; changes are recorded in the journal for the next sync. */
  OFFLINE
}
