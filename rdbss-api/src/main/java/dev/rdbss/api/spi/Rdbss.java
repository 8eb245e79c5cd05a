package dev.rdbss.api.spi;

import dev.rdbss.api.ConnectionFinalizeLevel;
import dev.rdbss.api.ConnectionId;
import dev.rdbss.api.Irql;
import dev.rdbss.api.LockHoldingState;
import dev.rdbss.api.NetRootFlag;
import dev.rdbss.api.NtStatus;
import dev.rdbss.api.StorageType;
import dev.rdbss.api.object.Fcb;
import dev.rdbss.api.object.FcbInitPacket;
import dev.rdbss.api.object.Fobx;
import dev.rdbss.api.object.NetRoot;
import dev.rdbss.api.object.Referenceable;
import dev.rdbss.api.object.SrvCall;
import dev.rdbss.api.object.SrvOpen;
import dev.rdbss.api.object.VNetRoot;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The routines RDBSS offers a mini-redirector (ARCHITECTURE.md §3.1), handed to the plugin when it
 * is created. The Windows name loses its {@code Rx}/{@code Rxp} prefix; parameters keep their
 * meaning and order.
 *
 * <p>Preconditions are checked, not assumed: calling a routine without the lock it needs, above the
 * IRQL it allows, or on a freed object is a {@link dev.rdbss.api.BugCheckError} naming the rule. Unless
 * a routine says otherwise it must be called at {@code IRQL <= APC_LEVEL} (§3.3).
 *
 * <p>Lock vocabulary: "the netname lock" is {@link #netNameTable()}'s lock; "the FCB lock" is the FCB
 * resource RDBSS holds around the entries it documents as "FCB held exclusively" (for example
 * {@link MiniRedirector#create}).
 */
public interface Rdbss {

  // ----------------------------------------------------------------- forced finalization (§4)

  /**
   * {@code RxForceFinalizeAllVNetRoots}: force-finalize every V_NET_ROOT of {@code netRoot}, closing
   * every file opened through the share (§4.1). Open handles are orphaned: every request but
   * cleanup and close answers UNEXPECTED_NETWORK_ERROR (§4.2); dirty cached data is flushed to the
   * mini-redirector first. The names leave the table, so the next open builds a fresh
   * V_NET_ROOT (and NET_ROOT).
   *
   * <p>Precondition: the netname lock held <strong>exclusively</strong> by the caller, and a
   * reference on {@code netRoot} (from a lookup). RDBSS never calls it on its own (§4.1 [S]); the
   * client-side-caching pattern is:
   *
   * <pre>{@code
   * try (var exclusive = rdbss.netNameTable().acquireExclusive()) {
   *   rdbss.netNameTable().lookupNetRoot(name).ifPresent(netRoot -> {
   *     rdbss.forceFinalizeAllVNetRoots(netRoot);
   *     rdbss.dereference(netRoot, LockHoldingState.EXCLUSIVE);
   *   });
   * }
   * }</pre>
   */
  void forceFinalizeAllVNetRoots(NetRoot netRoot);

  /**
   * {@code RxFinalizeVNetRoot} (§2.4): netname lock exclusive. Without {@code force}, refuses
   * (false) unless the count is at the floor. The upper phase orphans the view's SRV_OPENs across
   * all FCBs of the NET_ROOT and removes the name; memory is freed only at the floor.
   *
   * @param recursive unused, as in Windows
   * @return whether the object was freed
   */
  boolean finalizeVNetRoot(VNetRoot vNetRoot, boolean recursive, boolean force);

  /**
   * {@code RxFinalizeNetRoot} (§2.4): netname lock exclusive. Recursive purges the FCB table first.
   *
   * @return whether the object was freed
   */
  boolean finalizeNetRoot(NetRoot netRoot, boolean recursive, boolean force);

  /**
   * {@code RxFinalizeSrvCall} (§2.4): netname lock exclusive. {@link MiniRedirector#finalizeSrvCall}
   * runs on the RDBSS system thread.
   *
   * @return whether the object was (or will be, after the worker runs) freed
   */
  boolean finalizeSrvCall(SrvCall srvCall, boolean force);

  /**
   * {@code RxFinalizeNetFcb} (§2.4, §11): FCB and FCB-table locks exclusive; {@code force} must be
   * false.
   *
   * @param referenceCount the references the caller knows to be legitimately outstanding; the upper
   *     phase runs when the count is at most this
   * @return whether the FCB was freed
   */
  boolean finalizeNetFcb(Fcb fcb, boolean recursive, boolean force, int referenceCount);

  /**
   * {@code RxFinalizeSrvOpen} (§2.4): FCB lock exclusive.
   *
   * @return whether the SRV_OPEN was freed
   */
  boolean finalizeSrvOpen(SrvOpen srvOpen, boolean recursive, boolean force);

  /**
   * {@code RxFinalizeNetFobx} (§2.4): FCB lock exclusive.
   *
   * @return whether the FOBX was freed
   */
  boolean finalizeNetFobx(Fobx fobx, boolean recursive, boolean force);

  /**
   * {@code RxFinalizeConnection}: delete a connection, the way {@code net use X: /delete} reaches a
   * redirector (§4.3, §11). With a {@code null} view, every view of the NET_ROOT in list order.
   *
   * @return SUCCESS, FILES_OPEN, CONNECTION_IN_USE, CANCELLED or LOCK_NOT_GRANTED
   */
  NtStatus finalizeConnection(
      NetRoot netRoot, @Nullable VNetRoot vNetRoot, ConnectionFinalizeLevel level);

  // ------------------------------------------------------------------ creation (§6.3, §11)

  /**
   * {@code RxCreateSrvCall}: netname lock exclusive. Inserts {@code \server} into the table and
   * returns it referenced, InTransition.
   *
   * @throws dev.rdbss.api.NtStatusException with INSUFFICIENT_RESOURCES under injected exhaustion
   */
  SrvCall createSrvCall(
      RxContext ctx, String name, @Nullable String innerNamePrefix, ConnectionId connectionId);

  /** {@code RxCreateNetRoot}: netname lock exclusive; references the SRV_CALL (§2.2). */
  NetRoot createNetRoot(
      SrvCall srvCall, String name, Set<NetRootFlag> netRootFlags, ConnectionId connectionId);

  /**
   * {@code RxCreateVNetRoot}: netname lock exclusive; captures the logon and credentials of
   * {@code ctx}; references the NET_ROOT and links into its list (§6.3 step 3(b)).
   */
  VNetRoot createVNetRoot(
      RxContext ctx,
      NetRoot netRoot,
      String canonicalName,
      String localNetRootName,
      String filePath,
      ConnectionId connectionId);

  /** {@code RxCreateNetFcb}: FCB-table lock exclusive; references the V_NET_ROOT (§6.4 step 3). */
  Fcb createNetFcb(RxContext ctx, VNetRoot vNetRoot, String name);

  /** {@code RxCreateSrvOpen}: FCB lock exclusive; references the V_NET_ROOT and the FCB (§6.4). */
  SrvOpen createSrvOpen(VNetRoot vNetRoot, Fcb fcb);

  /**
   * {@code RxCreateNetFobx}: at the end of a successful create or collapse, FCB held exclusively
   * (§11). Reuses the FCB's embedded FOBX slot if free, else the SRV_OPEN's, else allocates; the new
   * FOBX has one reference and adds one to the SRV_OPEN.
   */
  Fobx createNetFobx(RxContext ctx, SrvOpen srvOpen);

  /**
   * {@code RxFinishFcbInitialization}: fix the FCB's storage type and, the first time, its cached
   * attributes (§11). Called from {@link MiniRedirector#create} after the server open succeeded.
   */
  void finishFcbInitialization(Fcb fcb, StorageType storageType, @Nullable FcbInitPacket initPacket);

  /**
   * {@code RxSetSrvCallDomainName}: record the server's domain; null or empty clears it (§11).
   *
   * @return SUCCESS, or INSUFFICIENT_RESOURCES
   */
  NtStatus setSrvCallDomainName(SrvCall srvCall, @Nullable String domainName);

  // ------------------------------------------------------------- reference counting (§2.3)

  /** {@code RxReference}: add a reference; a scavenger-marked object is resurrected (§2.3). */
  void reference(Referenceable instance);

  /**
   * {@code RxDereference}: drop a reference (§2.3). At the floor, finalizes at once when
   * {@code state} is EXCLUSIVE, else marks for the scavenger. {@code state} must match what the
   * caller really holds of the governing lock (netname lock for SRV_CALL, NET_ROOT, V_NET_ROOT;
   * FCB lock for SRV_OPEN, FOBX).
   */
  void dereference(Referenceable instance, LockHoldingState state);

  /**
   * {@code RxpReferenceNetFcb}: count only (§2.3).
   *
   * @return the new count
   */
  int referenceNetFcb(Fcb fcb);

  /**
   * {@code RxpDereferenceNetFcb}: count only, never finalizes (§2.3).
   *
   * @return the new count
   */
  int dereferenceNetFcb(Fcb fcb);

  // ------------------------------------------------------------------- tables and kernel rules

  /** The netname table of this plugin's device (§3). */
  NetNameTable netNameTable();

  /** Raises the calling thread's IRQL for a scope (ARCHITECTURE.md §3.3). */
  IrqlScope raiseIrql(Irql level);

  /** The calling thread's IRQL. */
  Irql currentIrql();

  /** Whether the caller runs on the RDBSS system thread ("in the RDBSS process", §2.4, §9 pitfall 4). */
  boolean isRdbssThread();

  /**
   * {@code RxPostToWorkerThread}: run {@code task} on the RDBSS system thread (§10). Any IRQL.
   *
   * @return SUCCESS, or UNSUCCESSFUL after the runtime stopped (bugcheck or shutdown)
   */
  NtStatus postToWorker(WorkQueue queue, Runnable task);

  /**
   * The runtime's clock and timers (§6.8, §10). Schedule periodic work (a probe, a retry) here
   * rather than sleeping, so that a host with a manual clock can test the plugin without waiting.
   */
  RdbssClock clock();

  // -------------------------------------------------------------------------- lifecycle (§5.1)

  /**
   * {@code RxStartMinirdr}, called from {@link MiniRedirector#devFcbXxxControlFile} (§5.1 step 4).
   * Outside the RDBSS worker it answers PENDING with {@code postToFsp} set: return a non-PENDING
   * status with {@link RxContext#setPostRequest} so the request is re-run there (§9 pitfall 15).
   *
   * @return SUCCESS, PENDING, REDIRECTOR_STARTED, or the failure of {@link MiniRedirector#start}
   */
  NtStatus startMinirdr(RxContext ctx, Out<Boolean> postToFsp);

  /**
   * {@code RxStopMinirdr} (§5.1 step 5), with the same posting rule as {@link #startMinirdr}.
   *
   * @return SUCCESS, PENDING, REDIRECTOR_HAS_OPEN_HANDLES or REDIRECTOR_STOPPED
   */
  NtStatus stopMinirdr(RxContext ctx, Out<Boolean> postToFsp);

  // --------------------------------------------------------------------------- buffering (§7)

  /**
   * {@code RxChangeBufferingState} (§7.2): apply a new buffering state to the FCB of
   * {@code srvOpen}, flushing and purging cached data as the change requires. FCB lock exclusive.
   *
   * @return SUCCESS (flush errors are recorded in the trace, §7.2 [S])
   */
  NtStatus changeBufferingState(SrvOpen srvOpen, @Nullable Object mrxContext, boolean computeNewState);

  /**
   * {@code RxIndicateChangeOfBufferingState}: the server revoked or changed buffering for the open
   * it knows as {@code srvOpenKey} (§7.3). Queued; processed when the FCB is next released or by
   * the worker. Callable at DISPATCH_LEVEL; a key that matches nothing is discarded.
   */
  void indicateChangeOfBufferingState(SrvCall srvCall, Object srvOpenKey, @Nullable Object mrxContext);

  /**
   * {@code RxIndicateChangeOfBufferingStateForSrvOpen} (§7.3): the same with the SRV_OPEN known;
   * processed at once when the caller owns the FCB. An indication for a finalized SRV_OPEN is
   * discarded, never a crash (§9 pitfall 16).
   */
  void indicateChangeOfBufferingStateForSrvOpen(
      SrvCall srvCall, SrvOpen srvOpen, Object srvOpenKey, @Nullable Object mrxContext);

  // ------------------------------------------------------------------ low I/O and scavenging

  /**
   * {@code RxLowIoCompletion}: finish a low I/O request the mini-redirector answered PENDING, exactly
   * once, from any thread (§5.2). Set the context's status and information first. A completion that
   * arrives after RDBSS ended the request itself (the caller's I/O timeout, or a notification
   * cancelled by cleanup or connection deletion) is ignored; a second completion, or one for a
   * request answered synchronously, is a bugcheck.
   */
  NtStatus lowIoCompletion(RxContext ctx);

  /** {@code RxScavengeAllFobxs}: close every dormant (delayed-close) FOBX of this device (§6.8). */
  void scavengeAllFobxs();

  /**
   * {@code RxPurgeRelatedFobxs} (§6.8): purge and, if asked, finalize the dormant FOBXs of a
   * NET_ROOT.
   *
   * @return SUCCESS, or UNSUCCESSFUL if nothing could be purged
   */
  NtStatus purgeRelatedFobxs(
      NetRoot netRoot, RxContext ctx, boolean attemptFinalization, @Nullable Fcb purgingFcb);
}
