package dev.rdbss.minirdr.csc;

/**
 * Receives the progress of every sync (issue 7 point 3). Register it with {@link
 * CscProvider#addSyncListener}; a host that only has the device can poll {@link
 * CscControlCodes#FSCTL_CSC_STATUS} instead, whose lines carry the running sync's {@code
 * done/total}.
 *
 * <p>Called on the thread that runs the sync (the caller of {@link CscControlCodes#FSCTL_CSC_SYNC}
 * or {@link CscControlCodes#FSCTL_CSC_ONLINE}, or RDBSS's worker after a probe): return quickly and
 * never call back into the runtime from here.
 */
@FunctionalInterface
public interface SyncListener {

  /** One step of a sync. */
  void progress(SyncProgress progress);
}
