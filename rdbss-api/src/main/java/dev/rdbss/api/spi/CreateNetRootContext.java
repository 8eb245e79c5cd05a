package dev.rdbss.api.spi;

import dev.rdbss.api.NtStatus;
import dev.rdbss.api.object.NetRoot;
import dev.rdbss.api.object.VNetRoot;

/**
 * The V_NET_ROOT creation context and callback ({@code MRX_CREATENETROOT_CONTEXT}, spec §5.2
 * {@code MRxCreateVNetRoot}, §6.3 step 3(c)).
 *
 * <p>The contract (§9 pitfall 1): {@code createVNetRoot} returns {@code PENDING} and the
 * mini-redirector calls {@link #complete} exactly once, from any thread. A new NET_ROOT is
 * recognized by its {@code null} context (§5.2). Report a failure in the NET_ROOT status only when
 * the NET_ROOT itself is new or unusable: a failing <em>view</em> on a shared NET_ROOT must leave
 * the NET_ROOT status SUCCESS, or other users' mounts break (§9 pitfall 2).
 */
public interface CreateNetRootContext {

  /** The context of the request that caused the construction. */
  RxContext rxContext();

  /** The V_NET_ROOT being built. */
  VNetRoot vNetRoot();

  /** Its NET_ROOT (new or shared). */
  NetRoot netRoot();

  /** {@code VirtualNetRootStatus} so far; pre-set to SUCCESS. */
  NtStatus virtualNetRootStatus();

  /** {@code NetRootStatus} so far; pre-set to SUCCESS. */
  NtStatus netRootStatus();

  /**
   * Reports the outcome, exactly once. The combination rules of §6.3 step 3(c) apply.
   *
   * @param virtualNetRootStatus the status of the view
   * @param netRootStatus the status of the NET_ROOT
   */
  void complete(NtStatus virtualNetRootStatus, NtStatus netRootStatus);

  /** Whether {@link #complete} was called. */
  boolean isCompleted();

  /** Whether RDBSS gave up on this construction (timeout or cancellation). */
  boolean isCancelled();
}
