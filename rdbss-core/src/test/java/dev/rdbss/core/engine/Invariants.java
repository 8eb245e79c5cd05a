package dev.rdbss.core.engine;

import dev.rdbss.api.SrvOpenFlag;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The reference-count invariants of spec §9 pitfall 22, checked over every live object of a device:
 * count ≥ floor + the children and marks that hold it; no object freed while referenced; everything
 * reachable from an open handle alive; {@code NumberOfFobxs}, {@code NumberOfFcbs},
 * {@code NumberOfSrvOpens}, {@code OpenCount} and {@code UncleanCount} equal to the live counts; a
 * SRV_OPEN's {@code OpenCount} equal to the live FOBXs that hold one (open handles and dormant
 * delayed closes), and none held by an open handle once the SRV_OPEN is CLOSED; each view's
 * forced-finalization index ({@link ViewMembers}, §4.2) naming exactly its live FCBs and SRV_OPENs.
 */
final class Invariants {

  private Invariants() {}

  /** The broken invariants, one line each; empty when all hold. */
  static List<String> check(Device device, Collection<FobxImpl> openHandles,
      Collection<FobxImpl> cleanedHandles) {
    List<String> broken = new ArrayList<>();
    List<RxNode> live = device.liveObjects();
    for (RxNode n : live) {
      if (n.isFreed()) {
        broken.add("freed object still listed live: " + n);
        continue;
      }
      int count;
      boolean marked;
      synchronized (device.scavengerMutex()) {
        count = n.count();
        marked = n.isMarkedForScavenge();
      }
      int holders = (int) live.stream().filter(m -> ObjectTree.holds(m, n)).count();
      int minimum = References.floor(n.nodeType()) + holders + (marked ? 1 : 0);
      if (count < minimum) {
        broken.add(n + " has " + count + " references, fewer than floor + holders + mark = " + minimum);
      }
    }
    for (FobxImpl fobx : openHandles) {
      SrvOpenImpl srvOpen = fobx.rawSrvOpen();
      FcbImpl fcb = srvOpen.rawFcb();
      NetRootImpl netRoot = fcb.rawNetRoot();
      // The FCB's parent is the object it holds (§2.2: its view, or its NET_ROOT when read as [D]).
      for (RxNode n :
          List.of(fobx, srvOpen, fcb, fcb.referencedParent(), netRoot, netRoot.rawSrvCall())) {
        if (n.isFreed()) {
          broken.add("an open handle reaches a freed object: " + n);
        }
      }
    }
    for (RxNode n : live) {
      if (n instanceof VNetRootImpl v) {
        long fobxs = live.stream().filter(m -> m instanceof FobxImpl x && x.vNetRoot == v).count();
        if (v.rawNumberOfFobxs() != fobxs) {
          broken.add(v + " NumberOfFobxs " + v.rawNumberOfFobxs() + " but " + fobxs + " live");
        }
        // The index forced finalization walks (§4.2): the live FCBs created through the view and
        // the SRV_OPENs still bound to it, no more and no fewer.
        long createdFcbs =
            live.stream().filter(m -> m instanceof FcbImpl c && c.rawVNetRoot() == v).count();
        long boundOpens =
            live.stream().filter(m -> m instanceof SrvOpenImpl o && o.rawVNetRoot() == v).count();
        if (v.members.fcbCount() != createdFcbs || v.members.srvOpenCount() != boundOpens) {
          broken.add(v + " indexes " + v.members.fcbCount() + " FCBs and "
              + v.members.srvOpenCount() + " SRV_OPENs but " + createdFcbs + " and " + boundOpens
              + " live");
        }
      } else if (n instanceof NetRootImpl r) {
        long fcbs = live.stream().filter(m -> m instanceof FcbImpl c && c.rawNetRoot() == r).count();
        if (r.rawNumberOfFcbs() != fcbs) {
          broken.add(r + " NumberOfFcbs " + r.rawNumberOfFcbs() + " but " + fcbs + " live");
        }
        long opens =
            live.stream()
                .filter(m -> m instanceof SrvOpenImpl o && o.rawFcb().rawNetRoot() == r
                    && !o.isUpperFinalizationDone())
                .count();
        if (r.rawNumberOfSrvOpens() != opens) {
          broken.add(r + " NumberOfSrvOpens " + r.rawNumberOfSrvOpens() + " but " + opens + " live");
        }
      } else if (n instanceof FcbImpl c) {
        long open = openHandles.stream().filter(x -> x.rawSrvOpen().rawFcb() == c).count();
        long unclean =
            openHandles.stream()
                .filter(x -> x.rawSrvOpen().rawFcb() == c && !cleanedHandles.contains(x))
                .count();
        if (c.rawOpenCount() != open || c.rawUncleanCount() != unclean) {
          broken.add(c + " OpenCount/UncleanCount " + c.rawOpenCount() + "/" + c.rawUncleanCount()
              + " but " + open + "/" + unclean + " handles");
        }
      } else if (n instanceof SrvOpenImpl o) {
        // OpenCount is held by the FOBXs of open handles and by dormant FOBXs whose close was
        // delayed until the scavenger finalizes them (§6.7, §11 "open count decremented").
        List<FobxImpl> holders = new ArrayList<>();
        for (RxNode m : live) {
          if (m instanceof FobxImpl x && x.rawSrvOpen() == o && x.holdsOpenCount()) {
            holders.add(x);
          }
        }
        if (o.rawOpenCount() != holders.size()) {
          broken.add(o + " OpenCount " + o.rawOpenCount() + " but " + holders.size()
              + " live FOBXs hold one");
        }
        // Closed on the server: only dormant FOBXs may still hold a count (an oplock break closes
        // a close-delayed open, §7.2 step 5); never a handle that is open.
        if (o.hasFlag(SrvOpenFlag.CLOSED)) {
          for (FobxImpl x : holders) {
            if (openHandles.contains(x)) {
              broken.add(o + " is CLOSED with open count " + o.rawOpenCount()
                  + ", held by an open handle " + x);
            }
          }
        }
      }
    }
    return broken;
  }

  /**
   * The sharp form of the count invariant, for a quiescent engine (no routine running, the RDBSS
   * worker idle): every reference is accounted for. A count equals its floor, plus the live objects
   * that hold it (§2.2), plus the scavenger's mark, plus the creation reference of a SRV_OPEN not
   * yet closed on the server and of a FOBX whose handle is open, plus a view's connection
   * reference, plus the references the caller says it holds itself. {@link #check} only bounds the
   * count from below; this also finds references taken and never given back, and a lost update in
   * either direction.
   *
   * @param heldByCaller the references the caller holds, per object (for example view references
   *     it took with a lookup or a reference and has not dropped)
   */
  static List<String> checkExactCounts(Device device, Collection<FobxImpl> openHandles,
      Map<RxNode, Integer> heldByCaller) {
    List<String> broken = new ArrayList<>();
    List<RxNode> live = device.liveObjects();
    for (RxNode n : live) {
      int count;
      boolean marked;
      synchronized (device.scavengerMutex()) {
        count = n.count();
        marked = n.isMarkedForScavenge();
      }
      int holders = (int) live.stream().filter(m -> ObjectTree.holds(m, n)).count();
      int expected = References.floor(n.nodeType()) + holders + (marked ? 1 : 0)
          + heldByCaller.getOrDefault(n, 0);
      if (n instanceof SrvOpenImpl o && !o.hasFlag(SrvOpenFlag.CLOSED)) {
        expected++;
      } else if (n instanceof FobxImpl x && openHandles.contains(x)) {
        expected++;
      } else if (n instanceof VNetRootImpl v) {
        expected += v.additionalReferenceForDeleteFsctlTaken();
      }
      if (count != expected) {
        broken.add(n + " has " + count + " references but " + expected + " are accounted for ("
            + holders + " holders, mark " + marked + ", " + heldByCaller.getOrDefault(n, 0)
            + " held by the caller)");
      }
    }
    return broken;
  }
}
