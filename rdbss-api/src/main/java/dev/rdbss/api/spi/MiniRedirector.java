package dev.rdbss.api.spi;

import dev.rdbss.api.ConnectionId;
import dev.rdbss.api.FcbState;
import dev.rdbss.api.NtStatus;
import dev.rdbss.api.object.Fcb;
import dev.rdbss.api.object.Fobx;
import dev.rdbss.api.object.NetRoot;
import dev.rdbss.api.object.SrvCall;
import dev.rdbss.api.object.SrvOpen;
import dev.rdbss.api.object.VNetRoot;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The dispatch table a mini-redirector implements: {@code MINIRDR_DISPATCH} (spec §5.2,
 * ARCHITECTURE.md §3.2). Names drop the {@code MRx} prefix.
 *
 * <p>The four entries without which no redirector can work are abstract: {@link #createSrvCall},
 * {@link #extractNetRootName}, {@link #createVNetRoot} and {@link #create}. Every other entry
 * defaults to {@link NtStatus#NOT_IMPLEMENTED}, what RDBSS assumes for a NULL entry; entries whose
 * result Windows ignores return {@code void}.
 *
 * <p>Rules every entry shares:
 *
 * <ul>
 *   <li>RDBSS calls entries on its own threads; a long operation returns PENDING (where allowed) or
 *       posts work with {@link Rdbss#postToWorker}, it never blocks RDBSS's worker on the network.
 *   <li>An unchecked exception escaping an entry is a bugcheck 0x7E naming the entry: a plugin
 *       reports failures as statuses.
 *   <li>Objects handed to an entry are valid for the call. To keep one longer, reference it
 *       ({@link Rdbss#reference}) or keep a name and look it up again.
 * </ul>
 */
public interface MiniRedirector {

  // ---------------------------------------------------------------- start, stop, control (§5.1)

  /**
   * {@code MRxStart}: finish initialization that needs RDBSS, when the redirector is started
   * (§5.1 step 4). SUCCESS makes it STARTED.
   */
  default NtStatus start(RxContext ctx) {
    return NtStatus.NOT_IMPLEMENTED;
  }

  /** {@code MRxStop}: the counterpart of {@link #start} during {@code RxStopMinirdr} (§5.1 step 5). */
  default NtStatus stop(RxContext ctx) {
    return NtStatus.NOT_IMPLEMENTED;
  }

  /** {@code MRxCancel}: the redirector-wide cancellation hook (§5.2); rarely implemented. */
  default NtStatus cancel(RxContext ctx) {
    return NtStatus.NOT_IMPLEMENTED;
  }

  /**
   * {@code MRxDevFcbXXXControlFile}: an FSCTL or IOCTL on the redirector's device (§5.1, §5.2).
   * This is where a plugin's private commands arrive (start, stop, offline, sync, fault injection),
   * read from {@link RxContext#control()}. To start the redirector, call
   * {@link Rdbss#startMinirdr}.
   *
   * <p>Posting rule (§5.1, §9 pitfall 15): to have RDBSS re-run the request on its worker, return a
   * status <em>other than</em> PENDING with {@link RxContext#setPostRequest} set; returning PENDING
   * means "I own completion" and strands the request if you do not complete it.
   *
   * <p>When a plugin leaves this entry unimplemented, the runtime answers its own start and stop
   * control codes by calling {@code startMinirdr}/{@code stopMinirdr}, as a plugin would.
   */
  default NtStatus devFcbXxxControlFile(RxContext ctx) {
    return NtStatus.NOT_IMPLEMENTED;
  }

  // -------------------------------------------------------------- name resolution (§5.2, §6.3)

  /**
   * {@code MRxCreateSrvCall}: connect to the server {@code srvCall.name()} (§5.2, §6.3 step 3(a)).
   *
   * <p>Must return PENDING <strong>always</strong>, and call {@link SrvCallCallbackContext#complete}
   * exactly once, from any thread, before or after returning, even on immediate failure (§9
   * pitfall 1). Do the network work off the caller's thread (§9 pitfall 4).
   */
  NtStatus createSrvCall(SrvCall srvCall, SrvCallCallbackContext callback);

  /** {@code MRxCancelCreateSrvCall}: RDBSS gave up waiting for a SRV_CALL construction (§5.2). */
  default NtStatus cancelCreateSrvCall(SrvCallCallbackContext callback) {
    return NtStatus.NOT_IMPLEMENTED;
  }

  /**
   * {@code MRxSrvCallWinnerNotify}: called once after a successful {@link #createSrvCall} (§5.2).
   * Attach the server context ({@code srvCall.setContext}) and set the case flags. A non-SUCCESS
   * answer marks the SRV_CALL Bad.
   *
   * @param thisMinirdrIsTheWinner always true in this simulation (one RDBSS copy per plugin)
   * @param recommunicateContext what the creation callback passed
   */
  default NtStatus srvCallWinnerNotify(
      SrvCall srvCall, boolean thisMinirdrIsTheWinner, @Nullable Object recommunicateContext) {
    return NtStatus.NOT_IMPLEMENTED;
  }

  /**
   * {@code MRxExtractNetRootName}: split a server-relative path into the share part and the rest
   * (§5.2, §3.1). Most plugins answer {@link NetRootName#firstComponent}.
   *
   * @param serverRelativePath the path after the server name, e.g. {@code \share\dir\f.txt}
   */
  NetRootName extractNetRootName(String serverRelativePath, SrvCall srvCall);

  /**
   * {@code MRxCreateVNetRoot}: make a view usable, connecting to the share if the NET_ROOT is new
   * (its context is {@code null}) (§5.2, §6.3 step 3(c)).
   *
   * <p>Must return PENDING always and call {@link CreateNetRootContext#complete} exactly once (§9
   * pitfall 1). Do not fail a shared NET_ROOT because one view failed (§9 pitfall 2). A UNC open may
   * reach this with no prior tree connect (§9 pitfall 17). A pipe share named {@code IPC$} probed
   * for DFS answers MORE_PROCESSING_REQUIRED, other pipes NOT_SUPPORTED (§9 pitfall 3).
   */
  NtStatus createVNetRoot(CreateNetRootContext ctx);

  /** {@code MRxUpdateNetRootState}: refresh {@code NetRoot.mrxNetRootState} (§5.2). */
  default NtStatus updateNetRootState(NetRoot netRoot) {
    return NtStatus.NOT_IMPLEMENTED;
  }

  /**
   * {@code MRxFinalizeSrvCall}: close the server connection (§2.4, §5.2). Runs on the RDBSS system
   * thread. Must clear {@code srvCall.setContext(null)} and {@code setContext2(null)}: RDBSS
   * bugchecks when it frees a SRV_CALL whose slots are still set (§1.2, §9 pitfall 6).
   */
  default void finalizeSrvCall(SrvCall srvCall, boolean force) {}

  /**
   * {@code MRxFinalizeNetRoot}: called when the last V_NET_ROOT detaches from the NET_ROOT (§2.4).
   * It may run <em>before</em> {@link #finalizeVNetRoot} of the same share: do not tear down state
   * a view still needs (§2.5 order 5, §9 pitfall 7). {@code force} is always false (§9 pitfall 5).
   */
  default void finalizeNetRoot(NetRoot netRoot, boolean force) {}

  /**
   * {@code MRxFinalizeVNetRoot}: called when the view's memory is freed (§2.4). {@code force} is
   * always false (§9 pitfall 5).
   */
  default void finalizeVNetRoot(VNetRoot vNetRoot, boolean force) {}

  /** {@code MRxPreparseName}: a last look at the canonical name before the create (§5.2, §2.5). */
  default void preparseName(RxContext ctx, String canonicalName) {}

  /**
   * {@code MRxGetConnectionId}: an id that separates otherwise equal netname-table entries (§3.1).
   * Answer SUCCESS after {@code id.set(…)}, or NOT_IMPLEMENTED; any other failure is a plugin bug.
   */
  default NtStatus getConnectionId(RxContext ctx, Out<ConnectionId> id) {
    return NtStatus.NOT_IMPLEMENTED;
  }

  // ----------------------------------------------------------- create and close (§5.2, §6.4-6.7)

  /**
   * {@code MRxCreate}: open {@code ctx.create().pathInShare()} on the server (§5.2, §6.4 step 5).
   * The FCB is held exclusively. On success: call {@link Rdbss#createNetFobx} and
   * {@link RxContext#setFobx}, {@link Rdbss#finishFcbInitialization}, set the SRV_OPEN's key and
   * buffering flags, and report the create information with
   * {@link CreateContext#setReturnedCreateInformation}. Errors include OBJECT_NAME_NOT_FOUND,
   * OBJECT_PATH_NOT_FOUND, OBJECT_NAME_COLLISION, SHARING_VIOLATION, ACCESS_DENIED, REPARSE and
   * RETRY.
   */
  NtStatus create(RxContext ctx);

  /**
   * {@code MRxShouldTryToCollapseThisOpen}: SUCCESS allows collapsing onto
   * {@code ctx.relevantSrvOpen()} (which may be null on the first call); MORE_PROCESSING_REQUIRED
   * forbids it (§5.2). Refuse when the server's file behind the open may have changed, for example
   * after a rename over it (§9 pitfall 11).
   */
  default NtStatus shouldTryToCollapseThisOpen(RxContext ctx) {
    return NtStatus.NOT_IMPLEMENTED;
  }

  /**
   * {@code MRxCollapseOpen}: reuse {@code ctx.relevantSrvOpen()} for a new handle; create its FOBX
   * with {@link Rdbss#createNetFobx} and {@link RxContext#setFobx} (§5.2). SUCCESS ends the create
   * (a SUCCESS without that FOBX is a bugcheck); MORE_PROCESSING_REQUIRED lets RDBSS continue with a
   * new SRV_OPEN and {@link #create}; any other status fails the create.
   */
  default NtStatus collapseOpen(RxContext ctx) {
    return NtStatus.NOT_IMPLEMENTED;
  }

  /**
   * {@code MRxCleanupFobx}: the handle was cleaned up (§6.6). Must not answer RETRY.
   *
   * <p>Delete-on-close is the redirector's to carry out: when the FCB's state has {@code
   * DELETE_ON_CLOSE} (from a delete-on-close open or a disposition) and its unclean count is 0, this
   * was the last handle; delete the file on the server now or in {@link #closeSrvOpen}. RDBSS has
   * already removed the FCB from its table and sends no set-information for the delete.
   */
  default NtStatus cleanupFobx(RxContext ctx) {
    return NtStatus.NOT_IMPLEMENTED;
  }

  /**
   * {@code MRxCloseSrvOpen}: close the open on the server, also for delayed closes the scavenger
   * finishes (§6.7). Must not answer RETRY. RDBSS then marks it CLOSED and invalidates its key.
   */
  default NtStatus closeSrvOpen(RxContext ctx) {
    return NtStatus.NOT_IMPLEMENTED;
  }

  /**
   * {@code MRxForceClosed}: the SRV_OPEN is being finalized (§2.4). Called on every finalization of
   * a closed or failed SRV_OPEN, not only forced ones, and never for SRV_OPENs of an orphaned FCB.
   */
  default NtStatus forceClosed(SrvOpen srvOpen) {
    return NtStatus.NOT_IMPLEMENTED;
  }

  /** {@code MRxDeallocateForFcb}: release per-FCB state; the FCB is being freed (§2.4). */
  default NtStatus deallocateForFcb(Fcb fcb) {
    return NtStatus.NOT_IMPLEMENTED;
  }

  /**
   * {@code MRxDeallocateForFobx}: release per-handle state (§2.4). May come before or after
   * {@link #closeSrvOpen} (§2.5 orders 3 and 4, §9 pitfall 7).
   */
  default NtStatus deallocateForFobx(Fobx fobx) {
    return NtStatus.NOT_IMPLEMENTED;
  }

  /** {@code MRxFlush}: push buffered data to the server. */
  default NtStatus flush(RxContext ctx) {
    return NtStatus.NOT_IMPLEMENTED;
  }

  /** {@code MRxTruncate}: at last cleanup, truncate to the FCB's size (§2.5 order 2); result ignored. */
  default void truncate(RxContext ctx) {}

  /** {@code MRxZeroExtend}: at last cleanup, zero-extend to valid data length (§2.5 order 2). */
  default void zeroExtend(RxContext ctx) {}

  /**
   * {@code MRxExtendForCache}: a cached write extends the file beyond its allocation (§5.2).
   *
   * @param newFileSize the size the file grows to
   * @param newAllocationSize where to write the allocation the server granted
   */
  default NtStatus extendForCache(RxContext ctx, long newFileSize, Out<Long> newAllocationSize) {
    return NtStatus.NOT_IMPLEMENTED;
  }

  /** {@code MRxExtendForNonCache}: as {@link #extendForCache}, for non-cached writes. */
  default NtStatus extendForNonCache(RxContext ctx, long newFileSize, Out<Long> newAllocationSize) {
    return NtStatus.NOT_IMPLEMENTED;
  }

  /**
   * {@code MRxIsLockRealizable}: whether the protocol can express a lock of this shape; answer
   * NOT_SUPPORTED for shapes it lacks (§5.2).
   */
  default NtStatus isLockRealizable(
      Fcb fcb, long byteOffset, long length, boolean exclusive, boolean failImmediately) {
    return NtStatus.NOT_IMPLEMENTED;
  }

  /**
   * {@code MRxAreFilesAliased}: note the inverted sense (§5.2): SUCCESS means the two FCBs are
   * <em>not</em> the same file, MORE_PROCESSING_REQUIRED means they are.
   */
  default NtStatus areFilesAliased(Fcb fcb1, Fcb fcb2) {
    return NtStatus.NOT_IMPLEMENTED;
  }

  /**
   * {@code MRxIsValidDirectory}: the rest of a tree-connect path names a directory (§6.5); answer
   * BAD_NETWORK_PATH if not.
   */
  default NtStatus isValidDirectory(RxContext ctx, String directoryName) {
    return NtStatus.NOT_IMPLEMENTED;
  }

  // ----------------------------------------------------------------- information (§5.2)

  /** {@code MRxQueryDirectory}: enumerate a directory into {@link RxContext#info()}. */
  default NtStatus queryDirectory(RxContext ctx) {
    return NtStatus.NOT_IMPLEMENTED;
  }

  /**
   * {@code MRxQueryFileInfo}. Not called for what RDBSS answers from its own copy of the file's
   * attributes (spec §7.1): sizes ({@code STANDARD}) while the FCB's buffering state has
   * FILESIZECACHEING, times and attributes ({@code BASIC}) while it has FILETIMECACHEING, both
   * ({@code NETWORK_OPEN}) with both (§9 pitfall 13: grant these only when the server lets you).
   */
  default NtStatus queryFileInfo(RxContext ctx) {
    return NtStatus.NOT_IMPLEMENTED;
  }

  /** {@code MRxSetFileInfo}: rename, disposition, end of file, basic information. */
  default NtStatus setFileInfo(RxContext ctx) {
    return NtStatus.NOT_IMPLEMENTED;
  }

  /** {@code MRxSetFileInfoAtCleanup}: cached times or size pushed at cleanup (§6.6); result ignored. */
  default void setFileInfoAtCleanup(RxContext ctx) {}

  /** {@code MRxQueryVolumeInfo}. */
  default NtStatus queryVolumeInfo(RxContext ctx) {
    return NtStatus.NOT_IMPLEMENTED;
  }

  /** {@code MRxSetVolumeInfo}. */
  default NtStatus setVolumeInfo(RxContext ctx) {
    return NtStatus.NOT_IMPLEMENTED;
  }

  /** {@code MRxQuerySdInfo}: the security descriptor. */
  default NtStatus querySdInfo(RxContext ctx) {
    return NtStatus.NOT_IMPLEMENTED;
  }

  /** {@code MRxSetSdInfo}. */
  default NtStatus setSdInfo(RxContext ctx) {
    return NtStatus.NOT_IMPLEMENTED;
  }

  /** {@code MRxQueryEaInfo}: extended attributes. */
  default NtStatus queryEaInfo(RxContext ctx) {
    return NtStatus.NOT_IMPLEMENTED;
  }

  /** {@code MRxSetEaInfo}. */
  default NtStatus setEaInfo(RxContext ctx) {
    return NtStatus.NOT_IMPLEMENTED;
  }

  /** {@code MRxQueryQuotaInfo}. */
  default NtStatus queryQuotaInfo(RxContext ctx) {
    return NtStatus.NOT_IMPLEMENTED;
  }

  /** {@code MRxSetQuotaInfo}. */
  default NtStatus setQuotaInfo(RxContext ctx) {
    return NtStatus.NOT_IMPLEMENTED;
  }

  // ------------------------------------------------------------------------- print (§5.2)

  /** {@code MRxOpenPrintFile}. */
  default NtStatus openPrintFile(RxContext ctx) {
    return NtStatus.NOT_IMPLEMENTED;
  }

  /** {@code MRxClosePrintFile}. */
  default NtStatus closePrintFile(RxContext ctx) {
    return NtStatus.NOT_IMPLEMENTED;
  }

  /** {@code MRxWritePrintFile}. */
  default NtStatus writePrintFile(RxContext ctx) {
    return NtStatus.NOT_IMPLEMENTED;
  }

  /** {@code MRxEnumeratePrintQueue}. */
  default NtStatus enumeratePrintQueue(RxContext ctx) {
    return NtStatus.NOT_IMPLEMENTED;
  }

  // ------------------------------------------------------------------------- low I/O (§5.2)

  /**
   * {@code MRxLowIOSubmit[operation]}: read, write, lock, unlock, FSCTL, IOCTL, change notification
   * or clearout, with parameters in {@link RxContext#lowIo()} (§5.2 "Low I/O").
   *
   * <p>Answer synchronously, or answer PENDING and later set {@link RxContext#setIoStatus} and
   * {@link RxContext#setInformation} and call {@link Rdbss#lowIoCompletion} exactly once, from any
   * thread.
   */
  default NtStatus lowIoSubmit(LowIoOperation operation, RxContext ctx) {
    return NtStatus.NOT_IMPLEMENTED;
  }

  // ----------------------------------------------------------------------- buffering (§7)

  /**
   * {@code MRxComputeNewBufferingState}: the buffering a server-side change (an oplock break, a
   * lease change) leaves the SRV_OPEN with (§7.2 step 2). On SUCCESS, {@code newBufferingState.set}
   * must have been called: RDBSS pre-fills a sentinel and checks (§9 pitfall 12).
   *
   * @param mrxContext what the mini-redirector passed to {@code indicateChangeOfBufferingState}
   */
  default NtStatus computeNewBufferingState(
      SrvOpen srvOpen, @Nullable Object mrxContext, Out<Set<FcbState>> newBufferingState) {
    return NtStatus.NOT_IMPLEMENTED;
  }

  /**
   * {@code MRxCompleteBufferingStateChangeRequest}: acknowledge the change to the server (§7.2 step
   * 5); result ignored.
   */
  default void completeBufferingStateChangeRequest(
      RxContext ctx, SrvOpen srvOpen, @Nullable Object mrxContext) {}
}
