package dev.rdbss.core.netname;

/**
 * Removal of an entry that is not linked into the table: removed twice, or never inserted into this
 * table. Windows unlinks its list entries with a fail-fast check and stops the machine with bugcheck
 * 0x139 {@code KERNEL_SECURITY_CHECK_FAILURE} (spec §9 pitfall 10); the engine turns this exception
 * into that bugcheck, with {@link #FAST_FAIL_CORRUPT_LIST_ENTRY} as its first parameter.
 *
 * <p>The table is left exactly as it was, so a dump taken afterwards shows the state that the
 * faulty removal met.
 */
public final class ListCorruptionException extends IllegalStateException {

  /** Bugcheck 0x139's first parameter for a corrupted {@code LIST_ENTRY} (the fail-fast code). */
  public static final int FAST_FAIL_CORRUPT_LIST_ENTRY = 3;

  private static final long serialVersionUID = 1L;

  /** Why the entry was not in the table. */
  public enum Reason {
    /** The entry had been inserted into this table and removed already. */
    ALREADY_REMOVED,
    /** The entry belongs to another table. */
    FOREIGN_ENTRY
  }

  @SuppressWarnings("serial") // Never serialized; the field is for the engine's diagnostics.
  private final PrefixEntry<?> entry;

  private final Reason reason;

  ListCorruptionException(PrefixEntry<?> entry, Reason reason) {
    super(
        PrefixTable.OP_REMOVE
            + ": "
            + entry
            + (reason == Reason.ALREADY_REMOVED
                ? " was removed from the netname table already"
                : " belongs to another netname table")
            + "; unlinking it would corrupt the list, which Windows stops with bugcheck 0x139"
            + " KERNEL_SECURITY_CHECK_FAILURE (spec §9 pitfall 10)");
    this.entry = entry;
    this.reason = reason;
  }

  /** The entry whose removal was refused. */
  public PrefixEntry<?> entry() {
    return entry;
  }

  /** Why it was not in the table. */
  public Reason reason() {
    return reason;
  }
}
