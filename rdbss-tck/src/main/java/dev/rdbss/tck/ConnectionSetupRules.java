package dev.rdbss.tck;

/**
 * Rules of connection setup (spec §5.2 "Name resolution / connections", §6.1, §6.3; §9 pitfalls 1,
 * 2, 3, 4, 17). Every rule is a method here, so an implementation cannot leave one out.
 */
public interface ConnectionSetupRules {

  /** {@code createSrvCall} answers PENDING, also when it completes at once (§5.2, pitfall 1). */
  void required_s5_2_createSrvCallAnswersPending();

  /** The SRV_CALL callback is completed exactly once (§5.2, pitfall 1). */
  void required_s5_2_createSrvCallCompletesExactlyOnce();

  /** An unreachable server is reported through the callback, not by silence (pitfall 1). */
  void required_s9_p1_createSrvCallCompletesOnFailure();

  /** {@code createVNetRoot} answers PENDING (§5.2, pitfall 1). */
  void required_s5_2_createVNetRootAnswersPending();

  /** The V_NET_ROOT callback is completed exactly once (§5.2, pitfall 1). */
  void required_s5_2_createVNetRootCompletesExactlyOnce();

  /** An unknown share is reported through the callback, not by silence (pitfall 1). */
  void required_s9_p1_createVNetRootCompletesOnFailure();

  /** An unknown server is BAD_NETWORK_PATH (§6.1). */
  void required_s6_1_unknownServerIsBadNetworkPath();

  /** An unknown share is BAD_NETWORK_NAME (§6.1). */
  void required_s6_1_unknownShareIsBadNetworkName();

  /** The winner notification sets the SRV_CALL's case flags (§5.2, §3.2). */
  void required_s5_2_winnerNotifySetsCaseFlags();

  /** A failing view on a shared NET_ROOT leaves the NET_ROOT Good for its other users (pitfall 2). */
  void required_s9_p2_failingViewKeepsSharedNetRootGood();

  /** The DFS probe of {@code \server\IPC$} is not claimed as a share (pitfall 3). */
  void required_s9_p3_ipcProbeIsNotClaimed();

  /** A share reached by UNC with no drive mapped first works (pitfall 17). */
  void required_s9_p17_uncBeforeNetUse();

  /** Connections are set up on the RDBSS thread or posted there (pitfall 4). */
  void optional_s9_p4_creationRunsOnRdbssThread();

  /** A second user's view of the same share is built as a new V_NET_ROOT (§6.3). */
  void required_s6_3_secondUserGetsOwnView();

  /** A caller's thread dying between request and completion (pitfall 4). */
  void untested_s9_p4_callerThreadDeath();

  /** {@code cancelCreateSrvCall} (§5.2). */
  void untested_s5_2_cancelCreateSrvCall();

  /** The retry after NETWORK_CREDENTIAL_CONFLICT (§6.3). */
  void untested_s6_3_credentialConflictRetry();

  /** A Bad SRV_CALL answering later opens until scavenged (pitfall 18). */
  void untested_s9_p18_negativeCaching();
}
