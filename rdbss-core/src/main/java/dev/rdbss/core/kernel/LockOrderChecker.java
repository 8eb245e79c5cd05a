package dev.rdbss.core.kernel;

import dev.rdbss.api.BugCheckCode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Driver Verifier's deadlock detection, reduced to the fixed hierarchy of {@link LockRank} (spec
 * §3.3, §10: "enforce the lock order with a per-owner lock stack and fail fast on violations").
 *
 * <p>It keeps, per {@link LockOwner}, the resources held and how many times. Before a
 * <em>blocking</em> acquire, the new lock is checked against every lock the owner holds: allowed if
 * its rank is strictly greater, or equal with a greater order key, or if the owner already holds
 * this very lock (a recursive acquisition never waits). Holding a leaf forbids everything but that
 * recursion. Try-acquires are not checked (taking a lower lock without waiting is exactly how RDBSS
 * escapes the order, §3.3) but are tracked, so later blocking acquires are checked against them.
 *
 * <p>Bugcheck parameters of a violation: 1 the new lock's rank level, 2 the held lock's rank
 * level, 3 the new lock's order key, 4 the held lock's order key. Thread-safe: an owner may be
 * released on its behalf from another thread.
 */
public final class LockOrderChecker {

  // How many emptied lists are kept for reuse: one per thread that takes locks at a time is plenty.
  private static final int SPARE_LISTS = 16;

  private final BugChecks bugChecks;
  // Guarded by this. Owner -> the resources it holds, in acquisition order. A low I/O request
  // makes a new owner per call and an FCB read or write acquires twice, so the per-owner list is
  // a small array pair recycled through spareLists rather than a map allocated per owner
  // (rdbss-bench read4k, issue 10).
  private final Map<LockOwner, HeldLocks> held = new HashMap<>();
  private final ArrayDeque<HeldLocks> spareLists = new ArrayDeque<>();

  /** A checker whose violations are recorded in {@code bugChecks}. */
  public LockOrderChecker(BugChecks bugChecks) {
    this.bugChecks = Objects.requireNonNull(bugChecks, "bugChecks");
  }

  /** The resources {@code owner} holds, in the order it first acquired them. */
  public synchronized List<RxResource> heldBy(LockOwner owner) {
    HeldLocks resources = held.get(owner);
    return resources == null ? List.of() : resources.toList();
  }

  /** Whether {@code owner} holds any resource. */
  public synchronized boolean holdsAny(LockOwner owner) {
    return held.containsKey(owner);
  }

  /**
   * Checks that {@code owner} may wait for {@code resource}; {@link RxResource} calls it before a
   * blocking acquire.
   */
  void checkBlockingAcquire(LockOwner owner, RxResource resource) {
    RxResource conflict = conflictFor(owner, resource);
    if (conflict != null) {
      // Raised outside the monitor: bugcheck hooks take a dump and may ask what is held.
      throw bugChecks.raise(
          BugCheckCode.DRIVER_VERIFIER_DETECTED_VIOLATION,
          "§3.3",
          message(owner, resource, conflict),
          resource.rank().level(),
          conflict.rank().level(),
          resource.orderKey(),
          conflict.orderKey());
    }
  }

  /** Records one acquisition (blocking or try) by {@code owner}. */
  synchronized void acquired(LockOwner owner, RxResource resource) {
    HeldLocks resources = held.get(owner);
    if (resources == null) {
      HeldLocks spare = spareLists.pollFirst();
      resources = spare != null ? spare : new HeldLocks();
      held.put(owner, resources);
    }
    resources.add(resource);
  }

  /** Records one release on behalf of {@code owner}; the resource has checked that it was held. */
  synchronized void released(LockOwner owner, RxResource resource) {
    HeldLocks resources = held.get(owner);
    if (resources == null || !resources.remove(resource) || !resources.isEmpty()) {
      return;
    }
    held.remove(owner); // owners come and go (one per context); do not keep them
    if (spareLists.size() < SPARE_LISTS) {
      spareLists.addFirst(resources);
    }
  }

  private synchronized @Nullable RxResource conflictFor(LockOwner owner, RxResource resource) {
    HeldLocks resources = held.get(owner);
    if (resources == null || resources.indexOf(resource) >= 0) {
      return null;
    }
    for (int i = 0; i < resources.size; i++) {
      RxResource holding = resources.resource(i);
      if (!mayWaitFor(resource, holding)) {
        return holding;
      }
    }
    return null;
  }

  /**
   * The resources one owner holds with how many times each, in the order first acquired. An owner
   * holds a handful at most (the lock order has six ranks), so a linear scan of two arrays beats a
   * map. RxResource has identity equality. Guarded by the checker's monitor.
   */
  private static final class HeldLocks {
    private @Nullable RxResource[] resources = new RxResource[4];
    private int[] counts = new int[4];
    private int size;

    int indexOf(RxResource resource) {
      for (int i = 0; i < size; i++) {
        if (resources[i] == resource) {
          return i;
        }
      }
      return -1;
    }

    RxResource resource(int index) {
      return Objects.requireNonNull(resources[index]);
    }

    void add(RxResource resource) {
      int i = indexOf(resource);
      if (i >= 0) {
        counts[i]++;
        return;
      }
      if (size == resources.length) {
        resources = Arrays.copyOf(resources, size * 2);
        counts = Arrays.copyOf(counts, size * 2);
      }
      resources[size] = resource;
      counts[size] = 1;
      size++;
    }

    /** Undoes one acquisition; false when the resource was not listed. */
    boolean remove(RxResource resource) {
      int i = indexOf(resource);
      if (i < 0) {
        return false;
      }
      if (--counts[i] > 0) {
        return true;
      }
      // Keeps the acquisition order of the others.
      System.arraycopy(resources, i + 1, resources, i, size - i - 1);
      System.arraycopy(counts, i + 1, counts, i, size - i - 1);
      size--;
      resources[size] = null; // a recycled list keeps no resource alive
      return true;
    }

    boolean isEmpty() {
      return size == 0;
    }

    List<RxResource> toList() {
      List<RxResource> list = new ArrayList<>(size);
      for (int i = 0; i < size; i++) {
        list.add(resource(i));
      }
      return List.copyOf(list);
    }
  }

  private static boolean mayWaitFor(RxResource wanted, RxResource holding) {
    if (holding.rank().isLeaf()) {
      return false;
    }
    int byRank = Integer.compare(wanted.rank().level(), holding.rank().level());
    return byRank > 0 || (byRank == 0 && wanted.orderKey() > holding.orderKey());
  }

  private static String message(LockOwner owner, RxResource wanted, RxResource holding) {
    String head =
        "lock order: acquiring " + wanted.describe() + " while holding " + holding.describe();
    if (holding.rank().isLeaf()) {
      return head + " (the " + holding.rank().displayName() + " is a leaf: release it before"
          + " acquiring anything; " + LockRank.ORDER + "); owner " + owner + ".";
    }
    if (holding.rank() == wanted.rank()) {
      return head + " (two locks of the same rank are taken lower order key first: "
          + wanted.orderKey() + " after " + holding.orderKey() + " could deadlock; "
          + LockRank.ORDER + "); owner " + owner + ".";
    }
    return head + " (" + LockRank.ORDER + "); owner " + owner
        + ". Take the locks in this order, or use the try-acquire idiom: try without waiting; on"
        + " failure release the higher lock, wait for the lower one, then re-acquire (§3.3).";
  }
}
