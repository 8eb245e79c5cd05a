package dev.rdbss.api.spi;

import dev.rdbss.api.NtStatus;
import dev.rdbss.api.object.SrvCall;
import org.jspecify.annotations.Nullable;

/**
 * The SRV_CALL creation calldown and callback ({@code MRX_SRVCALL_CALLBACK_CONTEXT} with its
 * {@code MRX_SRVCALLDOWN_STRUCTURE}, spec §5.2 {@code MRxCreateSrvCall}).
 *
 * <p>The contract (§9 pitfall 1): {@code createSrvCall} returns {@code PENDING} and the
 * mini-redirector calls {@link #complete} <strong>exactly once</strong>, from any thread, before or
 * after {@code createSrvCall} returns, even on immediate failure. A second completion is a bugcheck;
 * no completion within the runtime's timeout leaves the SRV_CALL Bad with BAD_NETWORK_PATH.
 */
public interface SrvCallCallbackContext {

  /** The SRV_CALL being built. */
  SrvCall srvCall();

  /** The context of the request that caused the construction. */
  RxContext rxContext();

  /** The status so far; pre-set to BAD_NETWORK_PATH. */
  NtStatus status();

  /**
   * Reports the outcome, exactly once.
   *
   * @param status SUCCESS, or why the server cannot be reached (BAD_NETWORK_PATH,
   *     NETWORK_UNREACHABLE, LOGON_FAILURE, …)
   * @param recommunicateContext on success, what the winner notification receives (for example the
   *     server connection), or {@code null}
   */
  void complete(NtStatus status, @Nullable Object recommunicateContext);

  /** Whether {@link #complete} was called. */
  boolean isCompleted();

  /** Whether RDBSS gave up on this construction (timeout or cancellation); completing is still allowed. */
  boolean isCancelled();
}
