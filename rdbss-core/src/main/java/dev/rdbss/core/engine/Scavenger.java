package dev.rdbss.core.engine;

import dev.rdbss.api.BugCheckCode;
import dev.rdbss.api.BugCheckError;
import dev.rdbss.api.NodeType;
import dev.rdbss.api.spi.LockScope;
import dev.rdbss.api.spi.WorkQueue;
import dev.rdbss.core.kernel.RdbssClock;
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
    long now;
    List<RxNode> due = new ArrayList<>();
    synchronized (engine.device.scavengerMutex()) {
      state = State.ACTIVE;
      timer = null;
      now = engine.device.clock().nanoTime();
      for (Map.Entry<RxNode, Long> e : marked.entrySet()) {
        if (now - e.getValue() >= period.toNanos()) {
          due.add(e.getKey());
        }
      }
    }
    engine.traceRuntime("scavengerPass", null);
    for (NodeType type : PASS_ORDER) {
      for (RxNode node : due) {
        if (node.nodeType() == type) {
          finalizeEntry(node);
        }
      }
    }
    synchronized (engine.device.scavengerMutex()) {
      state = State.INACTIVE;
      if (!marked.isEmpty()) {
        arm();
      }
    }
  }

  /**
   * Finalizes a FOBX marked for the scavenger now, under its FCB ({@code RxScavengeAllFobxs},
   * {@code RxPurgeRelatedFobxs}, §6.8).
   */
  void finalizeMarkedFobx(FobxImpl fobx) {
    finalizeEntry(fobx);
  }

  /** Undo the mark and finalize under the governing lock, if nothing resurrected it ([S] §6.8). */
  private void finalizeEntry(RxNode node) {
    if (node instanceof FobxImpl fobx) {
      FcbImpl fcb = fobx.rawSrvOpen().rawFcb();
      try (LockScope held = fcb.resource.exclusiveScope()) {
        if (takeBack(node)) {
          // As close does (§6.7): a temporary FCB reference, then dereference-and-finalize. The
          // FOBX takes its SRV_OPEN with it, which drops its FCB reference count-only (§2.3); left
          // there, an FCB with nothing open (orphaned, or out of reach of any later close) would
          // keep its view, NET_ROOT and SRV_CALL alive forever. §2.5 order 4: a scavenged close
          // ends with MRxDeallocateForFcb. (Found by EngineConcurrencyTest.)
          engine.references.referenceFcb(fcb);
          engine.finalization.finalizeNetFobx(fobx, true, false);
          engine.dereferenceAndFinalizeFcb(fcb);
        }
      }
      return;
    }
    try (LockScope table = engine.device.netNameLock().exclusiveScope()) {
      if (takeBack(node)) {
        engine.references.finalizeAtFloor(node);
      }
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
