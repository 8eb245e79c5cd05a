package dev.rdbss.core.engine;

import dev.rdbss.api.Condition;
import dev.rdbss.api.LockHoldingState;
import dev.rdbss.api.NtStatus;
import dev.rdbss.api.object.SrvCall;
import dev.rdbss.api.spi.LockScope;
import dev.rdbss.api.spi.SrvCallCallbackContext;
import org.jspecify.annotations.Nullable;

/**
 * {@code RxConstructSrvCall} / {@code RxFinishSrvCallConstruction} (spec §6.3 step 3(a)): the
 * calldown to {@code createSrvCall}, its callback context, the winner notification and the
 * transition to Good or Bad. A failed SRV_CALL stays in the table, Bad, with its status, until the
 * scavenger takes it (negative caching, §9 pitfall 18): the construction's reference is dropped
 * without the lock, which marks it for the scavenger.
 */
final class SrvCallConstruction extends Construction implements SrvCallCallbackContext {

  private final SrvCallImpl srvCall;
  // Guarded by this.
  private NtStatus status = NtStatus.BAD_NETWORK_PATH;
  private @Nullable Object recommunicateContext;

  /**
   * Takes a reference on {@code srvCall} for as long as the construction runs, so that a caller
   * that stops waiting (§9 pitfall 4) cannot free what the mini-redirector completes later.
   */
  SrvCallConstruction(Engine engine, SrvCallImpl srvCall, RxContextImpl rxContext) {
    super(engine, "createSrvCall", rxContext);
    this.srvCall = srvCall;
    engine.references.reference(srvCall);
  }

  @Override
  public SrvCall srvCall() {
    return srvCall;
  }

  @Override
  public synchronized NtStatus status() {
    return status;
  }

  @Override
  public void complete(NtStatus status, @Nullable Object recommunicateContext) {
    synchronized (this) {
      if (!isCompleted()) {
        this.status = java.util.Objects.requireNonNull(status, "status");
        this.recommunicateContext = recommunicateContext;
      }
    }
    completed("SrvCallCallbackContext.complete");
  }

  @Override
  RxNode subject() {
    return srvCall;
  }

  @Override
  NtStatus invokeEntry() {
    return engine.device.miniRedirector().createSrvCall(srvCall, this);
  }

  @Override
  void finish(boolean timedOut) {
    NtStatus outcome;
    Object recommunicate;
    synchronized (this) {
      outcome = timedOut ? NtStatus.BAD_NETWORK_PATH : status;
      recommunicate = recommunicateContext;
    }
    if (outcome.isSuccess()) {
      NtStatus winner =
          engine.callbacks.call(
              "srvCallWinnerNotify",
              srvCall,
              () -> engine.device.miniRedirector().srvCallWinnerNotify(srvCall, true, recommunicate));
      // An unimplemented winner notification has nothing to attach: the SRV_CALL stays usable.
      if (!winner.isSuccess() && !winner.equals(NtStatus.NOT_IMPLEMENTED)) {
        outcome = winner;
      }
    }
    try (LockScope exclusive = engine.device.netNameLock().exclusiveScope()) {
      srvCall.setStatus(outcome);
      srvCall.condition.transition(outcome.isSuccess() ? Condition.GOOD : Condition.BAD);
    }
    engine.references.dereference(srvCall, LockHoldingState.NOT_HELD);
  }
}
