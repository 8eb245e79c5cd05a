package dev.rdbss.core.engine;

import dev.rdbss.api.Condition;
import dev.rdbss.api.LockHoldingState;
import dev.rdbss.api.NtStatus;
import dev.rdbss.api.object.NetRoot;
import dev.rdbss.api.object.VNetRoot;
import dev.rdbss.api.spi.CreateNetRootContext;
import dev.rdbss.api.spi.LockScope;
import dev.rdbss.api.spi.RxContext;
import java.util.Objects;

/**
 * {@code RxConstructNetRoot} (spec §6.3 step 3(c)): the calldown to {@code createVNetRoot}, its
 * callback, and the combination of the two statuses it reports:
 *
 * <ul>
 *   <li>both SUCCESS: NET_ROOT and view Good, SUCCESS;
 *   <li>NET_ROOT SUCCESS, view failed: NET_ROOT Good, view Bad, the view's status;
 *   <li>NET_ROOT failed: both Bad, the view's status if it is a failure, else the NET_ROOT's.
 * </ul>
 *
 * RDBSS applies the NET_ROOT status even to a NET_ROOT other views share, which is why a plugin
 * must not report a view's failure there (§9 pitfall 2). On a timeout the view is Bad with
 * BAD_NETWORK_PATH, and so is the NET_ROOT if it was being built with it.
 */
final class VNetRootConstruction extends Construction implements CreateNetRootContext {

  private final VNetRootImpl vNetRoot;
  private final NetRootImpl netRoot;
  private final boolean newNetRoot;
  private final RxContextImpl rxContext;
  // Guarded by this.
  private NtStatus virtualNetRootStatus = NtStatus.SUCCESS;
  private NtStatus netRootStatus = NtStatus.SUCCESS;

  VNetRootConstruction(
      Engine engine, VNetRootImpl vNetRoot, boolean newNetRoot, RxContextImpl rxContext) {
    super(engine, "createVNetRoot");
    this.vNetRoot = vNetRoot;
    this.netRoot = vNetRoot.rawNetRoot();
    this.newNetRoot = newNetRoot;
    this.rxContext = rxContext;
    // Held until finished, so that a caller that stops waiting (§9 pitfall 4) frees nothing the
    // mini-redirector completes later.
    engine.references.reference(vNetRoot);
  }

  @Override
  public RxContext rxContext() {
    return rxContext;
  }

  @Override
  public VNetRoot vNetRoot() {
    return vNetRoot;
  }

  @Override
  public NetRoot netRoot() {
    return netRoot;
  }

  @Override
  public synchronized NtStatus virtualNetRootStatus() {
    return virtualNetRootStatus;
  }

  @Override
  public synchronized NtStatus netRootStatus() {
    return netRootStatus;
  }

  @Override
  public void complete(NtStatus virtualNetRootStatus, NtStatus netRootStatus) {
    synchronized (this) {
      if (!isCompletedByMiniRdr()) {
        this.virtualNetRootStatus = Objects.requireNonNull(virtualNetRootStatus, "view status");
        this.netRootStatus = Objects.requireNonNull(netRootStatus, "NET_ROOT status");
      }
    }
    completed("CreateNetRootContext.complete");
  }

  @Override
  public boolean isCompleted() {
    return isCompletedByMiniRdr();
  }

  @Override
  public boolean isCancelled() {
    return isTimedOut() || rxContext.isCancelled();
  }

  @Override
  RxNode subject() {
    return vNetRoot;
  }

  @Override
  NtStatus invokeEntry() {
    return engine.device.miniRedirector().createVNetRoot(this);
  }

  @Override
  void finish(boolean timedOut) {
    NtStatus view;
    NtStatus share;
    synchronized (this) {
      view = timedOut ? NtStatus.BAD_NETWORK_PATH : virtualNetRootStatus;
      share = timedOut && !newNetRoot ? NtStatus.SUCCESS : timedOut ? view : netRootStatus;
    }
    NtStatus combined;
    boolean netRootGood;
    boolean viewGood;
    if (share.isSuccess()) {
      netRootGood = true;
      viewGood = view.isSuccess();
      combined = view;
    } else {
      netRootGood = false;
      viewGood = false;
      combined = view.isSuccess() ? share : view;
    }
    // The combined status is recorded before the transition wakes the waiters, who read it.
    try (LockScope exclusive = engine.device.netNameLock().exclusiveScope()) {
      vNetRoot.setConstructionStatus(combined);
      if (netRoot.condition.get() != Condition.GOOD || !netRootGood) {
        netRoot.condition.transition(netRootGood ? Condition.GOOD : Condition.BAD);
      }
      vNetRoot.condition.transition(viewGood ? Condition.GOOD : Condition.BAD);
    }
    // Without the lock, as SrvCallConstruction does: the transition has already woken the caller,
    // who may drop its own reference first; the construction's must then leave the idle view to
    // the scavenger (connection caching, §6.8), not tear down the view, NET_ROOT and SRV_CALL the
    // caller has just been given (§9 pitfall 4 makes the order arbitrary).
    engine.references.dereference(vNetRoot, LockHoldingState.NOT_HELD);
  }
}
