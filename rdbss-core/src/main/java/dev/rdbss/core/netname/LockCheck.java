package dev.rdbss.core.netname;

/**
 * How the table learns whether its caller holds the netname {@code TableLock} (spec §3.3) without
 * depending on the kernel's lock classes.
 *
 * <p>{@link PrefixTable} calls {@link #requireHeld} first thing in every locked operation, before
 * it reads or writes anything. The engine's implementation checks its ERESOURCE for the calling
 * owner and bugchecks when the rule is broken; tests pass a recording stub.
 */
@FunctionalInterface
public interface LockCheck {

  /**
   * Returns normally when the caller holds the table lock in the required mode, and throws
   * otherwise; whatever it throws propagates out of the table operation, which then has changed
   * nothing.
   *
   * @param exclusive {@code true} when the operation needs the lock exclusively (insert, remove);
   *     {@code false} when shared or exclusive will do (lookups)
   * @param operation the routine being checked, one of the {@code PrefixTable.OP_*} names, for the
   *     bugcheck message
   */
  void requireHeld(boolean exclusive, String operation);
}
