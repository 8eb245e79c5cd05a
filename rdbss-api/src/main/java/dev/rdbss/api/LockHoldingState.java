package dev.rdbss.api;

/**
 * What the caller of {@code RxDereference} holds of the lock that governs the object (spec §2.3):
 * the netname-table lock for SRV_CALL, NET_ROOT and V_NET_ROOT, the FCB lock for SRV_OPEN and FOBX.
 *
 * <p>Only {@link #EXCLUSIVE} lets a dereference to the floor finalize the object at once; otherwise
 * the object is marked for the scavenger. Claiming a state that does not match the locks the caller
 * really holds is a contract violation (§11) and a bugcheck.
 */
public enum LockHoldingState {
  NOT_HELD,
  SHARED,
  EXCLUSIVE
}
