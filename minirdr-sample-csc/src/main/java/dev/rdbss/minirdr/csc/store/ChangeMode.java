package dev.rdbss.minirdr.csc.store;

/**
 * Who else knows about a change made through the store (issue 7 points 1 and 4). Either way the
 * change is durable when the store's method returns, which is what lets the plugin flush an
 * orphaned handle's data before a transition completes (spec §4.2).
 *
 * <ul>
 *   <li>{@link #ONLINE}: the server has the change already (the redirector wrote through to it);
 *       the cache only follows. Nothing is journaled and the entry's dirty flag is unchanged.
 *   <li>{@link #OFFLINE}: only the cache has the change. It is journaled in the same transaction as
 *       the cache change, the entry becomes dirty, and the data is on disk before the call returns:
 *       when it returns, the change is acknowledged and survives a crash.
 * </ul>
 */
public enum ChangeMode {
  ONLINE,
  OFFLINE
}
