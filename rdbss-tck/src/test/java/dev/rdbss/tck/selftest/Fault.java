package dev.rdbss.tck.selftest;

import dev.rdbss.tck.BufferingAndOplocksVerification;
import dev.rdbss.tck.CleanupAndCloseVerification;
import dev.rdbss.tck.ConnectionSetupVerification;
import dev.rdbss.tck.CreateAndCollapseVerification;
import dev.rdbss.tck.FinalizationVerification;
import dev.rdbss.tck.LifecycleVerification;
import dev.rdbss.tck.LowIoAndLocksVerification;

/**
 * The reference plugin's deliberate mistakes (issue 8 point 6): one for every required rule, each
 * with the rule meant to catch it and a fragment its failure message must contain. A few more
 * target optional and stochastic rules.
 */
enum Fault {
  SRV_CALL_ANSWERS_SUCCESS(ConnectionSetupVerification.class,
      "required_s5_2_createSrvCallAnswersPending", "must answer PENDING"),
  SRV_CALL_COMPLETES_TWICE(ConnectionSetupVerification.class,
      "required_s5_2_createSrvCallCompletesExactlyOnce", "called twice"),
  SRV_CALL_SILENT_ON_FAILURE(ConnectionSetupVerification.class,
      "required_s9_p1_createSrvCallCompletesOnFailure", "never completed"),
  VNET_ROOT_ANSWERS_SUCCESS(ConnectionSetupVerification.class,
      "required_s5_2_createVNetRootAnswersPending", "must answer PENDING"),
  VNET_ROOT_COMPLETES_TWICE(ConnectionSetupVerification.class,
      "required_s5_2_createVNetRootCompletesExactlyOnce", "called twice"),
  VNET_ROOT_SILENT_ON_FAILURE(ConnectionSetupVerification.class,
      "required_s9_p1_createVNetRootCompletesOnFailure", "never completed"),
  UNKNOWN_SERVER_WRONG_STATUS(ConnectionSetupVerification.class,
      "required_s6_1_unknownServerIsBadNetworkPath", "BAD_NETWORK_PATH"),
  UNKNOWN_SHARE_WRONG_STATUS(ConnectionSetupVerification.class,
      "required_s6_1_unknownShareIsBadNetworkName", "BAD_NETWORK_NAME"),
  NO_CASE_FLAGS(ConnectionSetupVerification.class,
      "required_s5_2_winnerNotifySetsCaseFlags", "case-insensitivity flags"),
  FAILS_SHARED_NET_ROOT(ConnectionSetupVerification.class,
      "required_s9_p2_failingViewKeepsSharedNetRootGood", "NET_ROOT stays Good"),
  IPC_CLAIMED_AS_DISK(ConnectionSetupVerification.class,
      "required_s9_p3_ipcProbeIsNotClaimed", "IPC$"),
  NEEDS_NET_USE(ConnectionSetupVerification.class,
      "required_s9_p17_uncBeforeNetUse", "tck-unc-first"),
  REFUSES_SECOND_VIEW(ConnectionSetupVerification.class,
      "required_s6_3_secondUserGetsOwnView", "succeeds"),
  CREATE_INFO_ALWAYS_OPENED(CreateAndCollapseVerification.class,
      "required_s6_4_createInformationMatchesDisposition", "reports CREATED"),
  MISSING_FILE_WRONG_STATUS(CreateAndCollapseVerification.class,
      "required_s6_4_missingFileIsObjectNameNotFound", "OBJECT_NAME_NOT_FOUND"),
  CREATE_OVERWRITES_EXISTING(CreateAndCollapseVerification.class,
      "required_s6_4_createOfExistingFileIsNameCollision", "OBJECT_NAME_COLLISION"),
  COLLAPSES_ONTO_REPLACED_FILE(CreateAndCollapseVerification.class,
      "required_s9_p11_noCollapseOntoReplacedFile", "collapsed onto the SRV_OPEN"),
  NO_FILE_SIZE_AT_CREATE(CreateAndCollapseVerification.class,
      "required_s11_createReportsFileSize", "end of file 12"),
  CLEANUP_ANSWERS_RETRY(CleanupAndCloseVerification.class,
      "required_s5_2_cleanupAndCloseNeverAnswerRetry", "RETRY"),
  CLOSE_KEEPS_SERVER_OPEN(CleanupAndCloseVerification.class,
      "required_s6_7_closeReleasesTheServerOpen", "SHARING_VIOLATION"),
  LEAKS_FCB_REFERENCE(CleanupAndCloseVerification.class,
      "required_s9_p8_connectionDeletableAfterClose", "FCB"),
  WRITES_DROPPED_AT_CLOSE(CleanupAndCloseVerification.class,
      "required_s6_6_writesReachTheServerByClose", "reads what the first wrote"),
  KEEPS_SRV_CALL_CONTEXT(FinalizationVerification.class,
      "required_s9_p6_finalizeSrvCallClearsContexts", "context"),
  FINALIZE_VNET_ROOT_NEEDS_NET_ROOT_STATE(FinalizationVerification.class,
      "required_s9_p7_everyPermittedFinalizeOrder", "finalizeVNetRoot"),
  CLOSE_NEEDS_FOBX_STATE(FinalizationVerification.class,
      "required_s9_p7_everyPermittedCloseOrder", "closeSrvOpen"),
  FORCE_CLOSED_REJECTS_CLOSED_OPEN(FinalizationVerification.class,
      "required_s9_p7_forceClosedFollowsNormalClose", "forceClosed"),
  CLEANUP_FAILS_WHEN_ORPHANED(FinalizationVerification.class,
      "required_s4_2_forceFinalizeAllVNetRootsOrphansOpenFiles", "cleanup of an orphaned handle"),
  REUSES_FINALIZED_SHARE_STATE(FinalizationVerification.class,
      "required_s4_1_newOpenAfterForcedFinalizationBuildsFreshView", "succeeds"),
  ORPHANED_SERVER_OPEN_KEPT(FinalizationVerification.class,
      "required_s4_3_forcedDeleteReleasesServerOpens", "SHARING_VIOLATION"),
  TOUCHES_FINALIZED_SRV_OPEN(FinalizationVerification.class,
      "required_s2_4_noUseOfFinalizedObjects", "use after free"),
  FINALIZE_SRV_CALL_ASSUMES_CALLER_THREAD(FinalizationVerification.class,
      "required_s9_p19_everyDocumentedReading", "finalizeSrvCall"),
  EXTRA_NET_ROOT_DEREFERENCE(FinalizationVerification.class,
      "required_s4_1_forceFinalizeIsIdempotent", "dereference"),
  LEAKS_DRIVE_VIEW_REFERENCE(FinalizationVerification.class,
      "required_s9_p9_unforcedDeleteWithOpenFile", "free the view"),
  READ_PAST_END_SUCCEEDS(LowIoAndLocksVerification.class,
      "required_s5_2_readPastEndIsEndOfFile", "END_OF_FILE"),
  WRITE_IGNORES_OFFSET(LowIoAndLocksVerification.class,
      "required_s5_2_writesAtOffsetsReadBack", "the file reads"),
  END_OF_FILE_IGNORED(LowIoAndLocksVerification.class,
      "required_s5_2_endOfFileTruncatesAndExtends", "the file reads"),
  LOW_IO_COMPLETES_TWICE(LowIoAndLocksVerification.class,
      "required_s5_2_lowIoCompletesExactlyOnce", "completed twice"),
  LOW_IO_NEVER_COMPLETES(LowIoAndLocksVerification.class,
      "required_s5_2_pendingLowIoIsCompleted", "never completed"),
  GRANTS_NON_BUFFERING_BITS(BufferingAndOplocksVerification.class,
      "required_s7_1_grantsAreBufferingFlags", "buffering flags"),
  START_FAILS_AFTER_STOP(LifecycleVerification.class,
      "required_s5_1_startStopStart", "start after stop"),
  STOP_THROWS_WITH_OPEN_FILES(LifecycleVerification.class,
      "required_s5_1_stopWithOpenFile", "stop"),
  START_PENDING_WITH_POST(LifecycleVerification.class,
      "required_s9_p15_deviceControlIsNotStranded", "PostRequest"),
  LEAKS_NET_ROOT_REFERENCE(LifecycleVerification.class,
      "required_s5_1_unregisterLeaksNothing", "NET_ROOT"),
  FINALIZE_NEEDS_SCAVENGER(LifecycleVerification.class,
      "required_s5_1_unregisterWithCachedConnections", "finalizeVNetRoot"),
  DEALLOCATE_FCB_THROWS(LifecycleVerification.class,
      "required_s3_3_noExceptionEscapesACallback", "deallocateForFcb"),
  // Beyond the required rules:
  FORGETS_NEW_BUFFERING_STATE(BufferingAndOplocksVerification.class,
      "optional_s9_p12_computeNewBufferingStateSetsState", "newBufferingState"),
  LOCKS_NOT_SUPPORTED(LowIoAndLocksVerification.class,
      "optional_s5_2_byteRangeLocksConflict", "exclusive lock"),
  WRITE_GAP_NOT_ZEROED(LowIoAndLocksVerification.class,
      "stochastic_s5_2_fsxAgainstModel", "shortest failing sequence");

  final Class<?> area;
  final String rule;
  final String fragment;

  Fault(Class<?> area, String rule, String fragment) {
    this.area = area;
    this.rule = rule;
    this.fragment = fragment;
  }
}
