package dev.rdbss.core.engine;

import dev.rdbss.api.BitFlag;
import dev.rdbss.api.FcbState;
import dev.rdbss.api.NetRootType;
import dev.rdbss.api.NtStatus;
import dev.rdbss.api.SrvOpenFlag;
import dev.rdbss.api.file.CreateOption;
import dev.rdbss.api.file.FileAttribute;
import dev.rdbss.api.file.NtCreateParameters;
import org.jspecify.annotations.Nullable;

/**
 * {@code RxSearchForCollapsibleOpen} (spec §6.4 step 5): whether a new handle can share an existing
 * SRV_OPEN of its FCB instead of opening the file on the server again. The FCB is held
 * exclusively.
 *
 * <p>The rules, in the order RDBSS applies them:
 *
 * <ol>
 *   <li>A backup-intent open disables collapsing for the FCB (clears {@code COLLAPSING_ENABLED},
 *       scavenges the FCB's dormant FOBXs, purges its cache) and never collapses.
 *   <li>An open asking for attributes only never collapses.
 *   <li>Only OPEN and OPEN_IF consult {@code shouldTryToCollapseThisOpen} (with no relevant
 *       SRV_OPEN yet); anything but SUCCESS forbids collapsing. A delete-on-close open never
 *       collapses. When collapsing is off, the per-SRV_OPEN share state is checked; a conflict there
 *       (a SRV_OPEN without handles, e.g. a delayed close, holding the server's share mode)
 *       disables collapsing, scavenges and purges, and a new SRV_OPEN is made.
 *   <li>Only disk NET_ROOTs collapse.
 *   <li>Candidates: SRV_OPENs of the same V_NET_ROOT (one from another view marks the create for
 *       the sharing-violation retry of step 7), not orphaned (§4.2), with the same desired access
 *       and share access and none of CLOSED, COLLAPSING_DISABLED, FILE_DELETED, FILE_RENAMED
 *       (such a SRV_OPEN is checked against the per-SRV_OPEN share state instead); a different
 *       reparse-point option ends the search for good; a read-only file is skipped (byte-range
 *       locking on read-only files is enabled, RDBSS's default); the mini-redirector must agree
 *       again with the candidate as relevant SRV_OPEN. Choosing a close-delayed SRV_OPEN clears
 *       CLOSE_DELAYED and its SRV_CALL count; its dormant FOBX keeps its open count until finalized.
 *   <li>A search that found nothing is retried once after scavenging the FCB's dormant FOBXs (if
 *       any were) and once after purging the FCB (if that is safe).
 * </ol>
 */
final class CollapseSearch {

  /**
   * The outcome.
   *
   * @param status SUCCESS with the chosen SRV_OPEN; NOT_FOUND when a new SRV_OPEN must be made; or
   *     the failure that ends the create (a per-SRV_OPEN sharing violation)
   * @param srvOpen the SRV_OPEN to collapse onto, on SUCCESS
   */
  record Outcome(NtStatus status, @Nullable SrvOpenImpl srvOpen) {
    static final Outcome NOT_FOUND = new Outcome(NtStatus.NOT_FOUND, null);

    boolean found() {
      return srvOpen != null;
    }
  }

  /** One pass's answer: the outcome, and whether retrying after a scavenge or purge may help. */
  private record Pass(Outcome outcome, boolean retryable) {}

  private static final int UNUSABLE =
      SrvOpenFlag.CLOSED.bit()
          | SrvOpenFlag.COLLAPSING_DISABLED.bit()
          | SrvOpenFlag.FILE_DELETED.bit()
          | SrvOpenFlag.FILE_RENAMED.bit();

  private final Engine engine;
  private final DormantFobxs dormant;

  CollapseSearch(Engine engine, DormantFobxs dormant) {
    this.engine = engine;
    this.dormant = dormant;
  }

  Outcome search(RxContextImpl ctx, FcbImpl fcb, VNetRootImpl view) {
    CreateContextImpl create = (CreateContextImpl) ctx.create();
    NtCreateParameters p = create.parameters();
    ShareAccessCounts.Grant grant = ShareAccessCounts.Grant.of(p.desiredAccess(), p.shareAccess());
    if (p.has(CreateOption.OPEN_FOR_BACKUP_INTENT)) {
      disableCollapsing(fcb, "backupIntent");
      return Outcome.NOT_FOUND;
    }
    if (!grant.accessesData()) {
      return Outcome.NOT_FOUND; // attribute-only opens never collapse
    }
    boolean shouldTry = false;
    if (p.disposition().mayCollapse()) {
      ctx.setRelevantSrvOpen(null);
      shouldTry = askMiniRdr(ctx, fcb);
    }
    if (!shouldTry || p.has(CreateOption.DELETE_ON_CLOSE)) {
      if (!fcb.shareAccessPerSrvOpens.check(grant).isSuccess()) {
        disableCollapsing(fcb, "srvOpenSharingConflict");
      }
      return Outcome.NOT_FOUND;
    }
    if (fcb.rawNetRoot() != view.rawNetRoot() || fcb.rawNetRoot().type() != NetRootType.DISK) {
      return Outcome.NOT_FOUND;
    }
    boolean scavenged = false;
    boolean purged = false;
    while (true) {
      Pass pass = scan(ctx, fcb, view, p, grant);
      if (pass.outcome().found() || !pass.retryable()) {
        return pass.outcome();
      }
      if (!scavenged) {
        scavenged = true;
        if (dormant.scavengeRelated(fcb)) {
          continue;
        }
      }
      if (!purged && DormantFobxs.isOkToPurge(fcb)) {
        purged = true;
        purge(fcb);
        continue;
      }
      return pass.outcome();
    }
  }

  private Pass scan(
      RxContextImpl ctx, FcbImpl fcb, VNetRootImpl view, NtCreateParameters p,
      ShareAccessCounts.Grant grant) {
    CreateContextImpl create = (CreateContextImpl) ctx.create();
    for (SrvOpenImpl candidate : fcb.rawSrvOpens()) {
      if (candidate.isUpperFinalizationDone() || candidate.hasFlag(SrvOpenFlag.ORPHANED)) {
        continue; // collapsing never selects an orphaned SRV_OPEN (§4.2)
      }
      if (candidate.rawVNetRoot() != view) {
        create.setTryForScavengingOnSharingViolation();
        continue;
      }
      boolean same =
          candidate.rawDesiredAccess() == p.desiredAccess()
              && candidate.rawShareAccessBits() == BitFlag.toBits(p.shareAccess())
              && (candidate.rawFlags() & UNUSABLE) == 0;
      if (!same) {
        NtStatus sharing = fcb.shareAccessPerSrvOpens.check(grant);
        if (!sharing.isSuccess()) {
          return new Pass(new Outcome(sharing, null), true);
        }
        continue;
      }
      int reparse = CreateOption.OPEN_REPARSE_POINT.bit();
      if (((p.createOptionBits() ^ candidate.rawCreateOptions()) & reparse) != 0) {
        return new Pass(Outcome.NOT_FOUND, false); // no scavenge or purge retry either
      }
      if ((fcb.fileAttributes() & FileAttribute.READONLY.bit()) != 0) {
        continue; // byte-range locks on read-only files are kept local per handle
      }
      ctx.setRelevantSrvOpen(candidate);
      if (!askMiniRdr(ctx, fcb)) {
        ctx.setRelevantSrvOpen(null);
        return new Pass(Outcome.NOT_FOUND, true);
      }
      if (candidate.hasFlag(SrvOpenFlag.CLOSE_DELAYED)) {
        // Reusing a delayed close: it is no longer waiting to be closed (§6.4 step 5, §6.7). Its
        // dormant FOBX stays on the scavenger's list and keeps the open count it holds until the
        // scavenger (or an on-demand scavenge) finalizes it; the SRV_OPEN is closed on the server
        // only when the new handle's count has gone too.
        candidate.setFlag(SrvOpenFlag.CLOSE_DELAYED, false);
        fcb.rawNetRoot().rawSrvCall().addCloseDelayed(-1);
      }
      return new Pass(new Outcome(NtStatus.SUCCESS, candidate), false);
    }
    return new Pass(Outcome.NOT_FOUND, true);
  }

  /** {@code MRxShouldTryToCollapseThisOpen}: only SUCCESS allows collapsing. */
  private boolean askMiniRdr(RxContextImpl ctx, FcbImpl fcb) {
    NtStatus answer =
        engine.callbacks.call(
            "shouldTryToCollapseThisOpen",
            fcb,
            () -> engine.device.miniRedirector().shouldTryToCollapseThisOpen(ctx));
    return answer.equals(NtStatus.SUCCESS);
  }

  /** Clears {@code COLLAPSING_ENABLED}, scavenges the FCB's dormant FOBXs and purges it. */
  private void disableCollapsing(FcbImpl fcb, String why) {
    fcb.setState(FcbState.COLLAPSING, false);
    engine.traceRuntime("collapsingDisabled:" + why, fcb);
    dormant.scavengeRelated(fcb);
    purge(fcb);
  }

  /** {@code RxPurgeFcbInSystemCache}: the FCB's cached data, flushed first (nothing is dropped). */
  private void purge(FcbImpl fcb) {
    engine.traceRuntime("purgeFcbInSystemCache", fcb);
    NtStatus flushed = engine.cache.flushThenPurge(fcb);
    if (!flushed.isSuccess()) {
      engine.recordOrphanFlushFailure(fcb, flushed);
    }
  }
}
