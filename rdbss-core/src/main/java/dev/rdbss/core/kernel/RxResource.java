package dev.rdbss.core.kernel;

import dev.rdbss.api.BugCheckCode;
import dev.rdbss.api.BugCheckError;
import dev.rdbss.api.spi.LockScope;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * An ERESOURCE: a shared/exclusive lock whose acquisitions belong to a {@link LockOwner} rather
 * than to a thread (spec §10, ARCHITECTURE.md §3.3).
 *
 * <p>Why not {@code ReentrantReadWriteLock}: only the acquiring thread may release it, while
 * asynchronous low I/O releases the FCB on behalf of the originating request from the completing
 * thread ({@code LowIoContext.ResourceThreadId}, spec §5.2). Semantics follow ERESOURCE:
 *
 * <ul>
 *   <li>exclusive is recursive for its owner, and the exclusive owner may also acquire shared,
 *       which counts as one more recursive acquisition;
 *   <li>shared is recursive; a new shared owner waits while another owner holds the lock
 *       exclusively or an exclusive waiter is queued (so writers are not starved), but an owner
 *       that already holds it shared never waits for more;
 *   <li>an owner holding it only shared that waits for exclusive would wait for itself forever:
 *       a bugcheck explaining the upgrade idiom of §3.3 instead of a hang;
 *   <li>every {@link #release} undoes one acquisition; releasing what the owner does not hold is a
 *       bugcheck;
 *   <li>blocking acquires are checked against the lock order ({@link LockOrderChecker});
 *       try-acquires never block and are exempt, since they are how RDBSS takes a lower lock
 *       while holding a higher one (§3.3).
 * </ul>
 *
 * <p>Waits are not interruptible, like a kernel-mode non-alertable wait; an interrupt that arrives
 * meanwhile is kept on the thread. No busy-waiting: a monitor with {@code wait}/{@code notifyAll}.
 */
public final class RxResource {

  private static final Map<LockOwner, Integer> NO_SHARED_OWNERS = Map.of();

  private final String name;
  private final LockRank rank;
  private final long orderKey;
  private final LockOrderChecker checker;
  private final BugChecks bugChecks;

  // Guarded by this.
  private @Nullable LockOwner exclusiveOwner;
  private int exclusiveCount; // the exclusive owner's acquisitions, shared ones included
  // The shared owners: the empty NO_SHARED_OWNERS until the first shared acquisition, since most
  // FCB resources are only ever taken exclusively and a map per FCB was measurable (rdbss-bench,
  // memory per open handle); kept once made, so shared acquisitions do not allocate it again.
  private Map<LockOwner, Integer> sharedOwners = NO_SHARED_OWNERS;
  private int sharedCount;
  private int exclusiveWaiters;
  private int sharedWaiters;

  /**
   * A resource.
   *
   * @param name what messages call it, such as {@code "\srv\share\a.txt"} for an FCB
   * @param rank its place in the lock order
   * @param orderKey orders two locks of the same rank (two FCBs: lower serial number first)
   * @param checker the lock-order checker shared by every resource of the runtime
   * @param bugChecks where violations are recorded
   */
  public RxResource(
      String name, LockRank rank, long orderKey, LockOrderChecker checker, BugChecks bugChecks) {
    this.name = Objects.requireNonNull(name, "name");
    this.rank = Objects.requireNonNull(rank, "rank");
    this.orderKey = orderKey;
    this.checker = Objects.requireNonNull(checker, "checker");
    this.bugChecks = Objects.requireNonNull(bugChecks, "bugChecks");
  }

  // ------------------------------------------------------------------------------ acquire/release

  /** Acquires exclusively for the calling thread, waiting if needed. */
  public void acquireExclusive() {
    acquireExclusive(LockOwner.currentThread());
  }

  /**
   * Acquires exclusively for {@code owner}, waiting if needed ({@code
   * ExAcquireResourceExclusiveLite}).
   */
  public void acquireExclusive(LockOwner owner) {
    checker.checkBlockingAcquire(owner, this);
    if (!acquireExclusiveUnlessUpgrade(owner)) {
      // Raised outside the monitor: bugcheck hooks take a dump that may look at this lock.
      throw upgradeDeadlock(owner);
    }
  }

  /** Acquires exclusively, or answers false when the owner holds the lock only shared. */
  private synchronized boolean acquireExclusiveUnlessUpgrade(LockOwner owner) {
    if (owner.equals(exclusiveOwner)) {
      grantExclusive(owner);
      return true;
    }
    if (sharedOwners.containsKey(owner)) {
      return false;
    }
    exclusiveWaiters++;
    notifyAll(); // for awaitWaiters; other waiters re-check and wait again
    boolean interrupted = false;
    try {
      while (exclusiveOwner != null || !sharedOwners.isEmpty()) {
        try {
          wait();
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    } finally {
      exclusiveWaiters--;
    }
    grantExclusive(owner);
    restoreInterrupt(interrupted);
    return true;
  }

  /** Acquires shared for the calling thread, waiting if needed. */
  public void acquireShared() {
    acquireShared(LockOwner.currentThread());
  }

  /** Acquires shared for {@code owner}, waiting if needed ({@code ExAcquireResourceSharedLite}). */
  public void acquireShared(LockOwner owner) {
    checker.checkBlockingAcquire(owner, this);
    synchronized (this) {
      boolean interrupted = false;
      if (!canGrantShared(owner)) {
        sharedWaiters++;
        notifyAll(); // for awaitWaiters; other waiters re-check and wait again
        try {
          while (!canGrantShared(owner)) {
            try {
              wait();
            } catch (InterruptedException e) {
              interrupted = true;
            }
          }
        } finally {
          sharedWaiters--;
        }
      }
      grantShared(owner);
      restoreInterrupt(interrupted);
    }
  }

  /** {@link #tryAcquireExclusive(LockOwner)} for the calling thread. */
  public boolean tryAcquireExclusive() {
    return tryAcquireExclusive(LockOwner.currentThread());
  }

  /**
   * Acquires exclusively for {@code owner} only if that needs no wait; never blocks and is not
   * subject to the order check. An owner holding the lock only shared gets {@code false}: there
   * is no in-place upgrade.
   */
  public synchronized boolean tryAcquireExclusive(LockOwner owner) {
    if (owner.equals(exclusiveOwner) || (exclusiveOwner == null && sharedOwners.isEmpty())) {
      grantExclusive(owner);
      return true;
    }
    return false;
  }

  /** {@link #tryAcquireShared(LockOwner)} for the calling thread. */
  public boolean tryAcquireShared() {
    return tryAcquireShared(LockOwner.currentThread());
  }

  /** Acquires shared for {@code owner} only if that needs no wait; never blocks, never checked. */
  public synchronized boolean tryAcquireShared(LockOwner owner) {
    if (!canGrantShared(owner)) {
      return false;
    }
    grantShared(owner);
    return true;
  }

  /** Releases one acquisition of the calling thread. */
  public void release() {
    release(LockOwner.currentThread());
  }

  /**
   * Releases one acquisition on behalf of {@code owner}, from any thread ({@code
   * ExReleaseResourceForThreadLite}). Releasing a lock the owner does not hold is a bugcheck.
   */
  public void release(LockOwner owner) {
    synchronized (this) {
      if (owner.equals(exclusiveOwner)) {
        if (--exclusiveCount == 0) {
          exclusiveOwner = null;
          notifyAll();
        }
        checker.released(owner, this);
        return;
      }
      Integer count = sharedOwners.get(owner);
      if (count != null) {
        sharedCount--;
        if (count > 1) {
          sharedOwners.put(owner, count - 1);
        } else {
          sharedOwners.remove(owner);
          if (sharedOwners.isEmpty()) {
            notifyAll();
          }
        }
        checker.released(owner, this);
        return;
      }
    }
    throw bugChecks.raise(
        BugCheckCode.RDBSS_FILE_SYSTEM,
        "§3.3",
        "release of " + describe() + " on behalf of " + owner + ", which does not hold it"
            + " (held by " + holdersForMessage() + "). Release only what the same owner acquired,"
            + " once per acquisition.",
        rank.level(),
        owner.token());
  }

  // ------------------------------------------------------------------------------------- scopes

  /** Acquires exclusively for the calling thread; closing the scope releases it. */
  public LockScope exclusiveScope() {
    return exclusiveScope(LockOwner.currentThread());
  }

  /** Acquires exclusively for {@code owner}; closing the scope releases it for that owner. */
  public LockScope exclusiveScope(LockOwner owner) {
    acquireExclusive(owner);
    return new Scope(owner, true);
  }

  /** Acquires shared for the calling thread; closing the scope releases it. */
  public LockScope sharedScope() {
    return sharedScope(LockOwner.currentThread());
  }

  /** Acquires shared for {@code owner}; closing the scope releases it for that owner. */
  public LockScope sharedScope(LockOwner owner) {
    acquireShared(owner);
    return new Scope(owner, false);
  }

  /** {@link #tryAcquireExclusive()} as a scope: empty if the lock was not available. */
  public Optional<LockScope> tryExclusiveScope() {
    return tryExclusiveScope(LockOwner.currentThread());
  }

  /** {@link #tryAcquireExclusive(LockOwner)} as a scope: empty if the lock was not available. */
  public Optional<LockScope> tryExclusiveScope(LockOwner owner) {
    return tryAcquireExclusive(owner) ? Optional.of(new Scope(owner, true)) : Optional.empty();
  }

  /** {@link #tryAcquireShared()} as a scope: empty if the lock was not available. */
  public Optional<LockScope> trySharedScope() {
    LockOwner owner = LockOwner.currentThread();
    return tryAcquireShared(owner) ? Optional.of(new Scope(owner, false)) : Optional.empty();
  }

  // ------------------------------------------------------------------------------------ queries

  /** Whether {@code owner} holds the lock exclusively. */
  public synchronized boolean isHeldExclusivelyBy(LockOwner owner) {
    return owner.equals(exclusiveOwner);
  }

  /** Whether {@code owner} holds the lock, shared or exclusive. */
  public synchronized boolean isHeldBy(LockOwner owner) {
    return owner.equals(exclusiveOwner) || sharedOwners.containsKey(owner);
  }

  /** Whether the calling thread holds the lock exclusively. */
  public boolean isHeldExclusively() {
    return isHeldExclusivelyBy(LockOwner.currentThread());
  }

  /** Whether the calling thread holds the lock, shared or exclusive. */
  public boolean isHeld() {
    return isHeldBy(LockOwner.currentThread());
  }

  /**
   * How many acquisitions {@code owner} holds, shared or exclusive ({@code
   * ExIsResourceAcquiredSharedLite} counts the same way); 0 if none.
   */
  public synchronized int holdCount(LockOwner owner) {
    if (owner.equals(exclusiveOwner)) {
      return exclusiveCount;
    }
    return sharedOwners.getOrDefault(owner, 0);
  }

  /**
   * The shared acquisitions outstanding, over all shared owners and counting recursion; the
   * exclusive owner's shared acquisitions count as exclusive ones and are not included.
   */
  public synchronized int sharedCount() {
    return sharedCount;
  }

  /** The exclusive owner, or {@code null} if the lock is not held exclusively. */
  public synchronized @Nullable LockOwner exclusiveOwner() {
    return exclusiveOwner;
  }

  /** How many owners wait to acquire exclusively ({@code ExGetExclusiveWaiterCount}). */
  public synchronized int exclusiveWaiterCount() {
    return exclusiveWaiters;
  }

  /** How many owners wait to acquire shared ({@code ExGetSharedWaiterCount}). */
  public synchronized int sharedWaiterCount() {
    return sharedWaiters;
  }

  /**
   * Blocks until at least {@code exclusive} owners wait for exclusive access and {@code shared}
   * for shared access: lets tests know a thread is queued without sleeping.
   */
  synchronized void awaitWaiters(int exclusive, int shared) throws InterruptedException {
    while (exclusiveWaiters < exclusive || sharedWaiters < shared) {
      wait();
    }
  }

  /** The name given at construction. */
  public String name() {
    return name;
  }

  /** The place in the lock order. */
  public LockRank rank() {
    return rank;
  }

  /** The key that orders two locks of the same rank. */
  public long orderKey() {
    return orderKey;
  }

  /**
   * The lock as messages name it: the rank and the name ({@code "FCB \srv\share\a.txt"}), or the
   * name alone when it already starts with the rank ({@code "netname table"}).
   */
  public String describe() {
    String rankName = rank.displayName();
    return name.toLowerCase(Locale.ROOT).startsWith(rankName.toLowerCase(Locale.ROOT))
        ? name
        : rankName + " " + name;
  }

  @Override
  public String toString() {
    return "RxResource[" + describe() + ", key " + orderKey + "]";
  }

  // ----------------------------------------------------------------------------------- internals

  private boolean canGrantShared(LockOwner owner) {
    // An owner already inside never waits (that could wait on an exclusive waiter that waits on
    // it); anyone else yields to the exclusive owner and to queued exclusive waiters.
    return owner.equals(exclusiveOwner)
        || sharedOwners.containsKey(owner)
        || (exclusiveOwner == null && exclusiveWaiters == 0);
  }

  private void grantExclusive(LockOwner owner) {
    exclusiveOwner = owner;
    exclusiveCount++;
    checker.acquired(owner, this);
  }

  private void grantShared(LockOwner owner) {
    if (owner.equals(exclusiveOwner)) {
      exclusiveCount++;
    } else {
      if (sharedOwners == NO_SHARED_OWNERS) {
        sharedOwners = new LinkedHashMap<>(4);
      }
      sharedOwners.merge(owner, 1, Integer::sum);
      sharedCount++;
    }
    checker.acquired(owner, this);
  }

  private static void restoreInterrupt(boolean interrupted) {
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private BugCheckError upgradeDeadlock(LockOwner owner) {
    return bugChecks.raise(
        BugCheckCode.DRIVER_VERIFIER_DETECTED_VIOLATION,
        "§3.3",
        owner + " holds " + describe() + " shared and asks for it exclusively: it would wait for"
            + " itself forever (an ERESOURCE has no upgrade). Use the upgrade idiom of §3.3:"
            + " release the shared lock, acquire exclusively, then look up again (the table may"
            + " have changed meanwhile; compare its version).",
        rank.level(),
        owner.token());
  }

  private synchronized String holdersForMessage() {
    if (exclusiveOwner != null) {
      return exclusiveOwner + " exclusively";
    }
    return sharedOwners.isEmpty() ? "nobody" : sharedOwners.keySet() + " shared";
  }

  /** A held acquisition; closing it twice is a bugcheck, as a double release is. */
  private final class Scope implements LockScope {
    private final LockOwner owner;
    private final boolean exclusive;
    private boolean closed; // guarded by RxResource.this

    Scope(LockOwner owner, boolean exclusive) {
      this.owner = owner;
      this.exclusive = exclusive;
    }

    /** Marks the scope closed; false if it already was. */
    private boolean markClosed() {
      synchronized (RxResource.this) {
        boolean wasOpen = !closed;
        closed = true;
        return wasOpen;
      }
    }

    @Override
    public boolean isExclusive() {
      return exclusive;
    }

    @Override
    public void close() {
      if (markClosed()) {
        release(owner);
        return;
      }
      throw bugChecks.raise(
          BugCheckCode.RDBSS_FILE_SYSTEM,
          "§3.3",
          "the " + (exclusive ? "exclusive" : "shared") + " scope of " + describe() + " held by "
              + owner + " was closed twice; each acquisition is released exactly once.",
          rank.level(),
          owner.token());
    }
  }
}
