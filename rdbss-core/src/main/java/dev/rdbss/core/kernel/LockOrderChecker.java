package dev.rdbss.core.kernel;

import dev.rdbss.api.BugCheckCode;
import java.util.HashMap;
import java.util.LinkedHashMap;
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

  private final BugChecks bugChecks;
  // Owner -> resource -> acquisitions, in acquisition order. RxResource has identity equality.
  private final Map<LockOwner, LinkedHashMap<RxResource, Integer>> held = new HashMap<>();

  /** A checker whose violations are recorded in {@code bugChecks}. */
  public LockOrderChecker(BugChecks bugChecks) {
    this.bugChecks = Objects.requireNonNull(bugChecks, "bugChecks");
  }

  /** The resources {@code owner} holds, in the order it first acquired them. */
  public synchronized List<RxResource> heldBy(LockOwner owner) {
    Map<RxResource, Integer> resources = held.get(owner);
    return resources == null ? List.of() : List.copyOf(resources.keySet());
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
    held.computeIfAbsent(owner, o -> new LinkedHashMap<>()).merge(resource, 1, Integer::sum);
  }

  /** Records one release on behalf of {@code owner}; the resource has checked that it was held. */
  synchronized void released(LockOwner owner, RxResource resource) {
    LinkedHashMap<RxResource, Integer> resources = held.get(owner);
    if (resources == null) {
      return;
    }
    Integer count = resources.get(resource);
    if (count == null) {
      return;
    }
    if (count > 1) {
      resources.put(resource, count - 1);
    } else {
      resources.remove(resource);
      if (resources.isEmpty()) {
        held.remove(owner); // owners come and go (one per context); do not keep them
      }
    }
  }

  private synchronized @Nullable RxResource conflictFor(LockOwner owner, RxResource resource) {
    Map<RxResource, Integer> resources = held.get(owner);
    if (resources == null || resources.containsKey(resource)) {
      return null;
    }
    for (RxResource holding : resources.keySet()) {
      if (!mayWaitFor(resource, holding)) {
        return holding;
      }
    }
    return null;
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
