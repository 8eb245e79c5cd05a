package dev.rdbss.tck;

/**
 * Rules of finalization and {@code forceFinalizeAllVNetRoots} (spec §2.4, §2.5, §4.1–§4.3; §9
 * pitfalls 6, 7, 9, 16, 19, 21).
 */
public interface FinalizationRules {

  /** {@code finalizeSrvCall} clears both SRV_CALL context slots (pitfall 6). */
  void required_s9_p6_finalizeSrvCallClearsContexts();

  /** Every permitted order of finalizeNetRoot and finalizeVNetRoot is tolerated (pitfall 7). */
  void required_s9_p7_everyPermittedFinalizeOrder();

  /** Every permitted order of closeSrvOpen and deallocateForFobx is tolerated (pitfall 7). */
  void required_s9_p7_everyPermittedCloseOrder();

  /** {@code forceClosed} also follows a normal close (pitfall 7). */
  void required_s9_p7_forceClosedFollowsNormalClose();

  /** Forced finalization orphans open files: I/O fails, cleanup and close succeed (§4.2, p21b). */
  void required_s4_2_forceFinalizeAllVNetRootsOrphansOpenFiles();

  /** After forced finalization a new open builds a fresh view and NET_ROOT (§4.2, p21b). */
  void required_s4_1_newOpenAfterForcedFinalizationBuildsFreshView();

  /** A forced {@code net use /delete} closes the plugin's server opens when the handles go (§4.3). */
  void required_s4_3_forcedDeleteReleasesServerOpens();

  /** A plugin never touches an object RDBSS finalized (§2.4, pitfall 16). */
  void required_s2_4_noUseOfFinalizedObjects();

  /** The plugin works under each reading of the documentation's contradictions (pitfall 19). */
  void required_s9_p19_everyDocumentedReading();

  /** Calling forceFinalizeAllVNetRoots twice finalizes once (p21c). */
  void required_s4_1_forceFinalizeIsIdempotent();

  /** An unforced delete with an open file is FILES_OPEN and the file keeps working (pitfall 9). */
  void required_s9_p9_unforcedDeleteWithOpenFile();

  /** Random permitted callback orders under random open/close/teardown sequences (pitfall 7). */
  void stochastic_s9_p7_randomOrdersAndTeardowns();

  /** The reference-count invariants after every step (pitfall 22). */
  void untested_s9_p22_referenceCountInvariants();
}
