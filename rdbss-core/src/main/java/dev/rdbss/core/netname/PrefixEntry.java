package dev.rdbss.core.netname;

import dev.rdbss.api.ConnectionId;
import org.jspecify.annotations.Nullable;

/**
 * One entry of a {@link PrefixTable} ({@code RX_PREFIX_ENTRY}, spec §3.1): a key, the kind of object
 * it names, the object itself, the connection id it was inserted with and how many leading
 * characters of the key compare without regard to case.
 *
 * <p>Entries are made only by {@link PrefixTable#insert} and compare by identity. After {@link
 * PrefixTable#remove} an entry stays readable but {@link #isInTable()} turns {@code false} and it can
 * never go back in; a new insert makes a new entry.
 *
 * @param <C> the container type: the engine's SRV_CALL, NET_ROOT and V_NET_ROOT objects
 */
public final class PrefixEntry<C> {

  private final PrefixTable<C> table;
  private final String key;
  private final PrefixTable.Kind kind;
  private final C container;
  private final ConnectionId connectionId;
  private final int caseInsensitiveLength;
  // Written under the exclusive lock, read by anyone (dumps, assertions) without it.
  private volatile boolean inTable;

  // The table's hash chain runs through its entries, as RX_PREFIX_ENTRY's HashLinks do: the folded
  // hash of the key (PrefixTable.foldedHash) and the next entry of the same chain. Only the table
  // reads and writes them, under its lock (§3.3).
  final int foldedHash;
  @Nullable PrefixEntry<C> nextInChain;

  PrefixEntry(
      PrefixTable<C> table,
      String key,
      PrefixTable.Kind kind,
      C container,
      ConnectionId connectionId,
      int caseInsensitiveLength,
      int foldedHash) {
    this.table = table;
    this.key = key;
    this.kind = kind;
    this.container = container;
    this.connectionId = connectionId;
    this.caseInsensitiveLength = caseInsensitiveLength;
    this.foldedHash = foldedHash;
  }

  /** The key as inserted, e.g. {@code \server}, {@code \server\share}, {@code \;X:3e7\server\share}. */
  public String key() {
    return key;
  }

  /** What the key names. */
  public PrefixTable.Kind kind() {
    return kind;
  }

  /** The object the entry stands for. */
  public C container() {
    return container;
  }

  /** The connection id the entry was inserted with; lookups must present the same bytes. */
  public ConnectionId connectionId() {
    return connectionId;
  }

  /**
   * How many leading characters of the key compare ignoring case; the rest compare exactly (spec
   * §3.2).
   */
  public int caseInsensitiveLength() {
    return caseInsensitiveLength;
  }

  /** Whether the entry is linked into its table: inserted and not yet removed. */
  public boolean isInTable() {
    return inTable;
  }

  boolean belongsTo(PrefixTable<?> candidate) {
    return table == candidate;
  }

  void setInTable(boolean inTable) {
    this.inTable = inTable;
  }

  @Override
  public String toString() {
    return kind
        + " '"
        + key
        + "' (case-insensitive length "
        + caseInsensitiveLength
        + ", connection id "
        + connectionId
        + (inTable ? ")" : ", not in table)");
  }
}
