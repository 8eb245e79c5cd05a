package dev.rdbss.core.netname;

/**
 * An insert that would put a second entry of the same kind, the same key and the same connection id
 * into the table (spec §3.1). The engine is meant to look the name up first, under the lock it then
 * keeps (§3.3 upgrade idiom), so reaching this is an engine bug, not a caller-visible status.
 */
public final class DuplicatePrefixException extends IllegalStateException {

  private static final long serialVersionUID = 1L;

  @SuppressWarnings("serial") // Never serialized; the field is for the engine's diagnostics.
  private final PrefixEntry<?> existing;

  DuplicatePrefixException(PrefixEntry<?> existing, String key) {
    super(
        PrefixTable.OP_INSERT
            + ": cannot insert "
            + existing.kind()
            + " key '"
            + key
            + "' with connection id "
            + existing.connectionId()
            + ": it matches the entry already in the table, "
            + existing
            + " (spec §3.1); look the name up under the exclusive lock before inserting (§3.3)");
    this.existing = existing;
  }

  /** The entry already in the table that the refused key would have duplicated. */
  public PrefixEntry<?> existing() {
    return existing;
  }
}
