package dev.rdbss.core.engine;

import dev.rdbss.api.NtStatus;

/**
 * The wrapper's per-FCB data cache as the finalization paths see it: flush dirty data to the
 * mini-redirector, then drop what is cached (spec §4.2, §7.2 step 4).
 *
 * <p>The engine's cache is {@link PageCache}; {@link #NONE} holds no data, so there is nothing to
 * flush or purge.
 */
interface FcbCache {

  /** A cache that never holds data. */
  FcbCache NONE = fcb -> NtStatus.SUCCESS;

  /**
   * Flushes the FCB's dirty data to the mini-redirector, then purges its cached data. FCB held
   * exclusively.
   *
   * @return SUCCESS, or the status of the failed flush (the data stays cached, nothing is lost)
   */
  NtStatus flushThenPurge(FcbImpl fcb);
}
