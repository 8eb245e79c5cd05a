package dev.rdbss.api.spi;

import dev.rdbss.api.ConnectionId;
import dev.rdbss.api.object.NetRoot;
import dev.rdbss.api.object.Referenceable;
import dev.rdbss.api.object.SrvCall;
import dev.rdbss.api.object.VNetRoot;
import java.util.Objects;
import java.util.Optional;

/**
 * The netname (prefix) table of the plugin's device (spec §3): keys {@code \server},
 * {@code \server\share} and view keys such as {@code \;X:3e7\server\share}, guarded by a
 * shared/exclusive lock.
 *
 * <p>Lookups need the lock held (shared or exclusive). A successful lookup <em>references</em> what
 * it returns: the caller owns that reference and gives it back with {@link Rdbss#dereference} when
 * done, so a plugin never keeps a pointer it does not own (§3.2).
 *
 * <p>The upgrade idiom (§3.3): look up under the shared lock; on a miss, release it, take the lock
 * exclusively and look up again, since the table may have changed ({@link #version()} tells).
 */
public interface NetNameTable {

  /** Takes the lock shared, waiting if needed. */
  LockScope acquireShared();

  /** Takes the lock exclusively, waiting if needed. */
  LockScope acquireExclusive();

  /** Takes the lock exclusively only if that needs no wait (§3.3 "try without waiting"). */
  Optional<LockScope> tryAcquireExclusive();

  /** Whether the calling thread holds the lock exclusively. */
  boolean isHeldExclusively();

  /** Whether the calling thread holds the lock, shared or exclusive. */
  boolean isHeld();

  /** {@code Version}: bumped on every insert and removal (§3.1). */
  long version();

  /**
   * Looks up {@code name} as §3.2 says: the longest SRV_CALL prefix, the shortest NET_ROOT or
   * V_NET_ROOT prefix, at {@code \} and {@code :} boundaries and on the whole name; the connection
   * id must match byte for byte.
   *
   * @return the referenced entry and the unmatched rest of the name
   */
  Optional<Lookup> lookup(String name, ConnectionId connectionId);

  /** {@link #lookup} with {@link ConnectionId#NONE}. */
  default Optional<Lookup> lookup(String name) {
    return lookup(name, ConnectionId.NONE);
  }

  /** A referenced SRV_CALL whose key is exactly {@code name}, e.g. {@code \server}. */
  Optional<SrvCall> lookupSrvCall(String name);

  /** A referenced NET_ROOT whose key is exactly {@code name}, e.g. {@code \server\share}. */
  Optional<NetRoot> lookupNetRoot(String name);

  /** A referenced V_NET_ROOT whose key is exactly {@code name}. */
  Optional<VNetRoot> lookupVNetRoot(String name);

  /**
   * A lookup result.
   *
   * @param entry the referenced object; the caller dereferences it
   * @param remainingName the part of the name after the matched key, starting with {@code \} or
   *     empty
   */
  record Lookup(Referenceable entry, String remainingName) {
    public Lookup {
      Objects.requireNonNull(entry, "entry");
      Objects.requireNonNull(remainingName, "remainingName");
    }
  }
}
