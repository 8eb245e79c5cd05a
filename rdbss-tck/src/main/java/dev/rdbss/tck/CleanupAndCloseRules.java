package dev.rdbss.tck;

/** Rules of cleanup and close (spec §5.2, §6.6, §6.7, §6.8; §9 pitfall 8). */
public interface CleanupAndCloseRules {

  /** {@code cleanupFobx} and {@code closeSrvOpen} never answer RETRY (§5.2). */
  void required_s5_2_cleanupAndCloseNeverAnswerRetry();

  /** Closing every handle (and the delayed close ending) closes the server's open (§6.7). */
  void required_s6_7_closeReleasesTheServerOpen();

  /** A mapping whose files were closed can be deleted once dormant files are scavenged (pitfall 8). */
  void required_s9_p8_connectionDeletableAfterClose();

  /** Data written before close is on the server for the next user (§6.6). */
  void required_s6_6_writesReachTheServerByClose();

  /** A delayed close is reused by a matching reopen (§6.7). */
  void optional_s6_7_delayedCloseIsReused();

  /** Delete-on-close removes the file at the last cleanup (§6.6). */
  void optional_s6_6_deleteOnCloseRemovesTheFile();
}
