package dev.rdbss.tck;

/** Rules of buffering state and oplocks (spec §7; §9 pitfalls 12, 13, 16). */
public interface BufferingAndOplocksRules {

  /** What create grants in the SRV_OPEN's buffering flags is a set of §7.1 buffering bits. */
  void required_s7_1_grantsAreBufferingFlags();

  /** {@code computeNewBufferingState} sets its out value whenever it answers SUCCESS (pitfall 12). */
  void optional_s9_p12_computeNewBufferingStateSetsState();

  /** After a break, another user reads what the first wrote through its cache (§7.2 step 4). */
  void optional_s7_3_breakKeepsDataCoherent();

  /** A reopen after a break works and leaves nothing behind (§7.3 key association). */
  void optional_s7_3_reopenAfterBreak();

  /** Whether the plugin should grant FILESIZECACHEING (pitfall 13). */
  void untested_s9_p13_fileSizeCachingDeclared();

  /** Buffered locks flushed before the acknowledgement (§7.2 step 5). */
  void untested_s7_2_lockBufferingFlushedBeforeAcknowledgement();
}
