package dev.rdbss.core.engine;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The objects of one V_NET_ROOT that its forced finalization has to visit (spec §4.2): the FCBs
 * created through the view, and the SRV_OPENs opened through it that are not yet finalized.
 *
 * <p>Why an index: §4.2 reads "all FCBs of the NET_ROOT are walked" for each view, but only two
 * kinds of FCB have anything to do with the view: one holding a SRV_OPEN of it (to be orphaned),
 * and one created through it (finalized if idle, so that the view is not kept by it). Walking every
 * FCB of the share for every view made {@code RxForceFinalizeAllVNetRoots} cost views × FCBs
 * (rdbss-bench); with this index each view visits its own objects only, and every other FCB is left
 * alone (its resource is not even taken). Which FCBs are acted on, and how, is unchanged.
 *
 * <p>The index is kept where the objects are born and finalized ({@code RdbssService} births,
 * {@code Finalization}): an FCB from birth until it is freed (its view never changes); a SRV_OPEN
 * from birth until its upper finalization unbinds it from the view. Each member remembers its slot,
 * so adding and removing are O(1) (the last member moves into the freed slot) and nothing is
 * allocated per member.
 */
final class ViewMembers {

  private static final int INITIAL_CAPACITY = 4;
  // Guarded by this. Unordered: removal moves the last member into the freed slot. The first
  // count slots hold members; the slots after them are null, so no freed object stays reachable.
  private @Nullable FcbImpl[] fcbs = new FcbImpl[0];
  private int fcbCount;
  private @Nullable SrvOpenImpl[] srvOpens = new SrvOpenImpl[0];
  private int srvOpenCount;

  /** An FCB was created through the view. */
  synchronized void add(FcbImpl fcb) {
    if (fcbCount == fcbs.length) {
      fcbs = Arrays.copyOf(fcbs, Math.max(INITIAL_CAPACITY, fcbCount * 2));
    }
    fcbs[fcbCount] = fcb;
    fcb.viewSlot = fcbCount++;
  }

  /** The FCB is freed; nothing if it is not a member. */
  synchronized void remove(FcbImpl fcb) {
    int slot = fcb.viewSlot;
    if (slot < 0 || slot >= fcbCount || fcbs[slot] != fcb) {
      return;
    }
    FcbImpl last = member(fcbs, --fcbCount);
    fcbs[slot] = last;
    last.viewSlot = slot;
    fcbs[fcbCount] = null;
    fcb.viewSlot = -1;
  }

  /** A SRV_OPEN was opened through the view. */
  synchronized void add(SrvOpenImpl srvOpen) {
    if (srvOpenCount == srvOpens.length) {
      srvOpens = Arrays.copyOf(srvOpens, Math.max(INITIAL_CAPACITY, srvOpenCount * 2));
    }
    srvOpens[srvOpenCount] = srvOpen;
    srvOpen.viewSlot = srvOpenCount++;
  }

  /** The SRV_OPEN no longer belongs to the view (upper finalization); nothing if not a member. */
  synchronized void remove(SrvOpenImpl srvOpen) {
    int slot = srvOpen.viewSlot;
    if (slot < 0 || slot >= srvOpenCount || srvOpens[slot] != srvOpen) {
      return;
    }
    SrvOpenImpl last = member(srvOpens, --srvOpenCount);
    srvOpens[slot] = last;
    last.viewSlot = slot;
    srvOpens[srvOpenCount] = null;
    srvOpen.viewSlot = -1;
  }

  /**
   * The FCBs forced finalization of the view visits (§4.2): those created through it and those
   * holding one of its SRV_OPENs, each once, not yet freed, in creation order (the order in which
   * the walk over every FCB of the NET_ROOT met them, so callbacks and trace events come in the
   * same order as before the index).
   */
  synchronized List<FcbImpl> fcbsToVisit(VNetRootImpl view) {
    FcbImpl[] out = new FcbImpl[fcbCount + srvOpenCount];
    int n = 0;
    for (int i = 0; i < fcbCount; i++) {
      FcbImpl fcb = member(fcbs, i);
      if (!fcb.isFreed()) {
        out[n++] = fcb;
      }
    }
    // An open usually finds the FCB its own view created, which is listed already; only FCBs
    // created through another view are added here (possibly several times: deduplicated below).
    boolean repeats = false;
    int created = n;
    for (int i = 0; i < srvOpenCount; i++) {
      FcbImpl fcb = member(srvOpens, i).rawFcb();
      if (fcb.rawVNetRoot() != view && !fcb.isFreed()) {
        repeats |= n > created;
        out[n++] = fcb;
      }
    }
    if (!isInCreationOrder(out, n)) {
      // Removal moves members around, and other views' FCBs come last: sort by serial number.
      Arrays.sort(out, 0, n, Comparator.comparingLong(RxNode::serialNumber));
    }
    if (repeats) {
      int distinct = 0;
      for (int i = 0; i < n; i++) {
        if (distinct == 0 || out[distinct - 1] != out[i]) {
          out[distinct++] = out[i];
        }
      }
      n = distinct;
    }
    return Arrays.asList(out).subList(0, n);
  }

  /** The member in {@code slot}, below the count: never null there. */
  private static <T> T member(@Nullable T[] members, int slot) {
    return Objects.requireNonNull(members[slot], "view index slot below its count");
  }

  private static boolean isInCreationOrder(FcbImpl[] fcbs, int n) {
    for (int i = 1; i < n; i++) {
      if (fcbs[i - 1].serialNumber() > fcbs[i].serialNumber()) {
        return false;
      }
    }
    return true;
  }

  /** How many FCBs and SRV_OPENs are indexed (for tests and the object tree). */
  synchronized int fcbCount() {
    return fcbCount;
  }

  synchronized int srvOpenCount() {
    return srvOpenCount;
  }
}
