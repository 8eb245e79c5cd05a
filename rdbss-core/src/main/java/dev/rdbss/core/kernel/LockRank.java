package dev.rdbss.core.kernel;

/**
 * The lock hierarchy of ARCHITECTURE.md §3.3 and spec §3.3, lowest rank first: a thread (more
 * exactly, a {@link LockOwner}) that waits for a lock may hold only locks of a lower rank, or of
 * the same rank with a lower {@linkplain RxResource#orderKey() order key}.
 *
 * <p>The order follows RDBSS: the global resource, the netname table lock, a NET_ROOT's FCB table
 * lock, an FCB's main resource, then its paging resource. The scavenger mutex and the condition
 * serialization mutex are leaves: they nest inside everything ("the scavenger mutex nests inside
 * both table locks", §3.3) and nothing is acquired while one is held.
 */
public enum LockRank {
  /** RDBSS's global resource (registration, start/stop). */
  GLOBAL_RESOURCE(1, "global resource", false),
  /** The netname (prefix) table's {@code TableLock} (§3.1). */
  NETNAME_TABLE(2, "netname table", false),
  /** A NET_ROOT's FCB table lock (§3.3). */
  FCB_TABLE(3, "FCB table", false),
  /** An FCB's main resource; two FCBs are taken lower serial number first. */
  FCB(4, "FCB", false),
  /** An FCB's paging I/O resource. */
  PAGING_RESOURCE(5, "paging resource", false),
  /** The scavenger mutex (§2.3, §6.8): a leaf. */
  SCAVENGER_MUTEX(6, "scavenger mutex", true),
  /** The mutex that serializes condition updates (§3.3): a leaf. */
  CONDITION_MUTEX(7, "condition mutex", true);

  /** The rule as messages print it. */
  static final String ORDER =
      "order: global resource -> netname table -> FCB table -> FCB -> paging resource;"
          + " the scavenger mutex and the condition mutex are leaves";

  private final int level;
  private final String displayName;
  private final boolean leaf;

  LockRank(int level, String displayName, boolean leaf) {
    this.level = level;
    this.displayName = displayName;
    this.leaf = leaf;
  }

  /**
   * The position in the order, from 1 (acquired first); a lock may be waited for while holding
   * only locks of a lower level. Also the bugcheck parameter that names the rank.
   */
  public int level() {
    return level;
  }

  /** Whether nothing may be acquired while a lock of this rank is held. */
  public boolean isLeaf() {
    return leaf;
  }

  /** The name used in messages, such as {@code "netname table"}. */
  public String displayName() {
    return displayName;
  }
}
