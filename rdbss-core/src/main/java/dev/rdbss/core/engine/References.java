package dev.rdbss.core.engine;

import dev.rdbss.api.BugCheckCode;
import dev.rdbss.api.LockHoldingState;
import dev.rdbss.api.NodeType;

/**
 * {@code RxReference} and {@code RxDereference} (spec §2.1–2.3), and the FCB's count-only pair.
 *
 * <p>Floors: 1 for the objects a table owns a reference to (SRV_CALL, NET_ROOT, V_NET_ROOT, FCB),
 * 0 for SRV_OPEN and FOBX. A dereference to the floor finalizes at once when the caller holds the
 * governing lock exclusively; otherwise SRV_CALL, NET_ROOT and V_NET_ROOT (and a FOBX at 0) are
 * marked for the scavenger, which takes an extra reference. A reference to a marked object undoes
 * the mark: the object is resurrected.
 */
final class References {

  private final Engine engine;

  References(Engine engine) {
    this.engine = engine;
  }

  /** {@code RxReference} (§2.3). */
  void reference(RxNode node) {
    node.alive();
    synchronized (engine.device.scavengerMutex()) {
      node.addCount(1);
      if (node.isMarkedForScavenge()) {
        engine.scavenger.unmark(node);
      }
    }
  }

  /**
   * {@code RxDereference} (§2.3). {@code state} says what the caller holds of the governing lock;
   * the public routine checks it against reality before calling this.
   */
  void dereference(RxNode node, LockHoldingState state) {
    node.alive();
    synchronized (engine.device.scavengerMutex()) {
      if (node.isMarkedForScavenge()) {
        // A marked object has no holder left but its table and the scavenger: a reference taken
        // since would have undone the mark. Whoever dereferences it drops one it never took.
        throw engine.device.bugChecks()
            .raise(
                BugCheckCode.RDBSS_FILE_SYSTEM,
                "§2.1",
                "dereference of "
                    + node
                    + ", which no one references any more (it waits for the scavenger): a"
                    + " reference was dropped that was never taken, or dropped twice",
                node.serialNumber());
      }
      int after = node.addCount(-1);
      int floor = floor(node.nodeType());
      if (after < floor) {
        node.addCount(1);
        throw engine.device.bugChecks()
            .raise(
                BugCheckCode.RDBSS_FILE_SYSTEM,
                "§2.1",
                "reference count of "
                    + node
                    + " would fall below its floor of "
                    + floor
                    + ": a reference was dropped that was never taken (dereference once per"
                    + " reference, and never the table's own reference)",
                node.serialNumber(),
                after);
      }
      if (after > 1) {
        return;
      }
      if (state != LockHoldingState.EXCLUSIVE) {
        if (marksAt(node.nodeType(), after) && !node.isMarkedForScavenge()) {
          engine.scavenger.mark(node);
        }
        return;
      }
      // §2.3 "undo any mark": nothing to undo, a marked object was refused above.
    }
    finalizeAtFloor(node);
  }

  /** What an exclusive dereference to the floor runs (§2.3, last bullet). */
  void finalizeAtFloor(RxNode node) {
    Finalization f = engine.finalization;
    if (node instanceof SrvCallImpl s) {
      f.finalizeSrvCall(s, true);
    } else if (node instanceof NetRootImpl n) {
      f.finalizeNetRoot(n, true, true);
    } else if (node instanceof VNetRootImpl v) {
      f.finalizeVNetRoot(v, true, true);
    } else if (node instanceof SrvOpenImpl o) {
      if (o.rawOpenCount() == 0) {
        f.finalizeSrvOpen(o, false, false);
      }
    } else if (node instanceof FobxImpl x) {
      f.finalizeNetFobx(x, true, false);
    }
  }

  /** {@code RxpReferenceNetFcb}: count only (§2.3). */
  int referenceFcb(FcbImpl fcb) {
    fcb.alive();
    synchronized (engine.device.scavengerMutex()) {
      return fcb.addCount(1);
    }
  }

  /** {@code RxpDereferenceNetFcb}: count only, never finalizes (§2.3). */
  int dereferenceFcb(FcbImpl fcb) {
    fcb.alive();
    synchronized (engine.device.scavengerMutex()) {
      int after = fcb.addCount(-1);
      if (after < 1) {
        fcb.addCount(1);
        throw engine.device.bugChecks()
            .raise(
                BugCheckCode.RDBSS_FILE_SYSTEM,
                "§2.3",
                "reference count of "
                    + fcb
                    + " would fall below 1, the FCB table's reference: a reference was dropped"
                    + " that was never taken",
                fcb.serialNumber());
      }
      return after;
    }
  }

  static int floor(NodeType type) {
    return switch (type) {
      case SRV_OPEN, FOBX -> 0;
      default -> 1;
    };
  }

  /** §2.3: which objects a non-exclusive dereference marks for the scavenger. */
  private static boolean marksAt(NodeType type, int count) {
    return switch (type) {
      case SRV_CALL, NET_ROOT, V_NET_ROOT -> count <= 1;
      case FOBX -> count == 0;
      default -> false;
    };
  }
}
