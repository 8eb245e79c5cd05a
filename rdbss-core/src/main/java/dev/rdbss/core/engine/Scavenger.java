package dev.rdbss.core.engine;

import dev.rdbss.api.BugCheckCode;
import dev.rdbss.api.BugCheckError;
import dev.rdbss.api.NodeType;
import dev.rdbss.api.spi.LockScope;
import dev.rdbss.api.spi.WorkQueue;
import dev.rdbss.api.spi.RdbssClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The scavenger of one device (spec §6.8), on the injectable clock.
 *
 * <p>An object marked by a non-exclusive dereference to its floor (§2.3) is finalized one period
 * ({@code ScavengerTimeout}) after it was marked, unless a new reference resurrected it first. The
 * pass runs on the RDBSS worker and finalizes each entry under its governing lock, exclusively:
 * FOBXs under their FCB, then V_NET_ROOTs, NET_ROOTs and SRV_CALLs under the netname lock, so that
 * an idle V_NET_ROOT → NET_ROOT → SRV_CALL chain goes in one pass (§6.8 "Idle connections").
 *
 * <p>List operations are checked: marking an object twice or unmarking one that is not marked is
 * list corruption, bugcheck 0x139, where Windows 10 failed fast (§9 pitfall 10).
 */
final class Scavenger {

  /** The scavenger's states (§6.8). */
  enum State {
    INACTIVE,
    DORMANT,
    ACTIVE,
    SUSPENDED
  }

  private static final List<NodeType> PASS_ORDER =
      List.of(NodeType.FOBX, NodeType.V_NET_ROOT, NodeType.NET_ROOT, NodeType.SRV_CALL);

  private final Engine engine;
  private final Duration period;
  // Guarded by the device's scavenger mutex.
  private final Map<RxNode, Long> marked = new LinkedHashMap<>();
  private State state = State.INACTIVE;
  private RdbssClock.@Nullable Timer timer;

  Scavenger(Engine engine, Duration period) {
    this.engine = engine;
    this.period = period;
  }

  /** Marks {@code node} and takes the scavenger's extra reference (§2.3). Mutex held. */
  void mark(RxNode node) {
    if (marked.containsKey(node) || node.isMarkedForScavenge()) {
      throw corruption("marking " + node + " twice");
    }
    node.setMarkedForScavenge(true);
    node.addCount(1);
    marked.put(node, engine.device.clock().nanoTime());
    if (state == State.INACTIVE) {
      arm();
    }
  }

  /** Undoes a mark and drops the scavenger's extra reference (§2.3). Mutex held. */
  void unmark(RxNode node) {
    if (marked.remove(node) == null || !node.isMarkedForScavenge()) {
      throw corruption("unmarking " + node + ", which is not on the scavenger list (double unlink)");
    }
    node.setMarkedForScavenge(false);
    node.addCount(-1);
  }

  private BugCheckError corruption(String what) {
    return engine.device.bugChecks()
        .raise(
            BugCheckCode.KERNEL_SECURITY_CHECK_FAILURE,
            "§9 pitfall 10",
            "scavenger list corruption: " + what);
  }

  private void arm() {
    state = State.DORMANT;
    timer =
        engine.device
            .clock()
            .schedule(period, () -> engine.device.worker().post(WorkQueue.DELAYED, this::pass));
  }

  /** One scavenger pass (§6.8); runs on the RDBSS worker. */
  void pass() {
    pass(false);
  }

  /**
   * Finalizes every marked object whatever its age, as unregistration does when it finalizes the
   * name tables (§5.1 step 6), until nothing marked is left or nothing more can go. Called with no
   * lock held.
   */
  void finalizeAllMarked() {
    // A pass can mark more than it finalizes (a delayed close's FOBX frees its FCB, whose view is
    // then marked): go on while passes make progress.
    while (markedCount() > 0) {
      int finalized = pass(true);
      engine.device.worker().awaitIdle();
      if (finalized == 0) {
        return;
      }
    }
  }

  private int pass(boolean all) {
    long now;
    List<RxNode> due = new ArrayList<>();
    synchronized (engine.device.scavengerMutex()) {
      state = State.ACTIVE;
      if (timer != null) {
        timer.cancel();
        timer = null;
      }
      now = engine.device.clock().nanoTime();
      for (Map.Entry<RxNode, Long> e : marked.entrySet()) {
        if (all || now - e.getValue() >= period.toNanos()) {
          due.add(e.getKey());
        }
      }
    }
    engine.traceRuntime(all ? "scavengeAll" : "scavengerPass", null);
    int finalized = 0;
    for (NodeType type : PASS_ORDER) {
      for (RxNode node : due) {
        if (node.nodeType() == type && finalizeEntry(node)) {
          finalized++;
        }
      }
    }
    synchronized (engine.device.scavengerMutex()) {
      state = State.INACTIVE;
      if (!marked.isEmpty()) {
        arm();
      }
    }
    return finalized;
  }

  /**
   * The scavenge of idle V_NET_ROOTs that a credential conflict triggers (§6.3, last bullet): every
   * marked V_NET_ROOT is finalized now, and with it what only it held (its NET_ROOT, their SRV_CALL).
   * Other marked objects keep their time. Called with no lock held.
   *
   * @return how many views were finalized
   */
  int finalizeMarkedVNetRoots() {
    List<RxNode> views = new ArrayList<>();
    synchronized (engine.device.scavengerMutex()) {
      for (RxNode node : marked.keySet()) {
        if (node.nodeType() == NodeType.V_NET_ROOT) {
          views.add(node);
        }
      }
    }
    int finalized = 0;
    for (RxNode view : views) {
      if (!view.isFreed() && view.isMarkedForScavenge()) {
        finalizeEntry(view);
        finalized++;
      }
    }
    engine.traceRuntime("scavengeIdleVNetRoots", null);
    return finalized;
  }

  /**
   * Finishes a dormant FOBX now rather than at its period's end: the one implementation of
   * finishing a delayed close (§6.7, §2.5 order 4), shared by the scavenger's pass, on-demand
   * scavenging on the create and set-information paths ({@link DormantFobxs}, §6.4 step 5 and
   * step 7) and the plugin's {@code RxScavengeAllFobxs} / {@code RxPurgeRelatedFobxs} (§6.8). Under
   * the FCB, exclusively (recursively if the caller holds it): the mark is taken back if the FOBX
   * is still marked and nothing resurrected it, the FOBX is finalized, which gives back the open
   * count its handle still held on the SRV_OPEN and closes the SRV_OPEN on the server when that was
   * the last, and the FCB is then dereferenced-and-finalized with a reference taken for the
   * purpose (§2.3). A caller that holds the FCB keeps it alive with its own reference and counts.
   *
   * @return whether the FOBX was finalized (false: already finalized, or resurrected)
   */
  boolean finalizeMarkedFobx(FobxImpl fobx) {
    return finalizeEntry(fobx);
  }

  /** At most this many dormant files wait for the scavenger (§5.1 step 2, §6.6). */
  static final int MAXIMUM_DORMANT_FILES = 50;

  /**
   * §6.6: when more than {@link #MAXIMUM_DORMANT_FILES} dormant files wait, the oldest are finished
   * now rather than one period later. Called with no FCB held (each is finished under its own FCB).
   */
  void trimDormantFiles() {
    while (true) {
      FobxImpl oldest = null;
      synchronized (engine.device.scavengerMutex()) {
        int dormant = 0;
        for (RxNode n : marked.keySet()) {
          if (n instanceof FobxImpl x && x.hasFlag(dev.rdbss.api.FobxFlag.MARKED_AS_DORMANT)) {
            if (oldest == null) {
              oldest = x; // the map keeps marking order: the first is the oldest
            }
            dormant++;
          }
        }
        if (dormant <= MAXIMUM_DORMANT_FILES || oldest == null) {
          return;
        }
      }
      engine.traceRuntime("dormantFileLimit", oldest);
      if (!finalizeEntry(oldest)) {
        return; // resurrected meanwhile: nothing to trim now
      }
    }
  }

  /**
   * Undo the mark and finalize under the governing lock, if nothing resurrected it ([S] §6.8).
   *
   * @return whether it was finalized
   */
  private boolean finalizeEntry(RxNode node) {
    if (node instanceof FobxImpl fobx) {
      FcbImpl fcb = fobx.rawSrvOpen().rawFcb();
      try (LockScope held = fcb.resource.exclusiveScope()) {
        if (!takeBack(node)) {
          return false;
        }
        // A dormant FOBX is a delayed close (§6.7): finishing it closes the SRV_OPEN on the server,
        // which may leave the FCB unused; the FCB is then finalized as a close would (§2.5 order 4).
        engine.references.referenceFcb(fcb);
        engine.finalization.finalizeNetFobx(fobx, true, false);
        engine.dereferenceAndFinalizeFcb(fcb);
        return true;
      }
    }
    try (LockScope table = engine.device.netNameLock().exclusiveScope()) {
      if (takeBack(node)) {
        engine.references.finalizeAtFloor(node);
        return true;
      }
      return false;
    }
  }

  /** Unmarks {@code node} if it is still marked and still at its floor plus the mark's reference. */
  private boolean takeBack(RxNode node) {
    synchronized (engine.device.scavengerMutex()) {
      if (node.isFreed() || !node.isMarkedForScavenge()) {
        return false;
      }
      if (node.count() != References.floor(node.nodeType()) + 1) {
        return false;
      }
      unmark(node);
      return true;
    }
  }

  /** Cancels the timer (runtime shutdown). */
  void stop() {
    synchronized (engine.device.scavengerMutex()) {
      if (timer != null) {
        timer.cancel();
        timer = null;
      }
      state = State.SUSPENDED;
    }
  }

  State state() {
    synchronized (engine.device.scavengerMutex()) {
      return state;
    }
  }

  int markedCount() {
    synchronized (engine.device.scavengerMutex()) {
      return marked.size();
    }
  }
}
