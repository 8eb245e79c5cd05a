package dev.rdbss.core.engine;

import dev.rdbss.api.BitFlag;
import dev.rdbss.api.FobxFlag;
import dev.rdbss.api.NodeType;
import dev.rdbss.api.object.Fobx;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** A FOBX (spec §1.1): the state of one file object (one handle). */
final class FobxImpl extends RxNode implements Fobx {

  /** Which embedded slot it took (§1.1 allocation notes, §11), if any. */
  enum Slot {
    FCB,
    SRV_OPEN,
    NONE
  }

  private final SrvOpenImpl srvOpen;
  /** The view whose {@code NumberOfFobxs} counts this FOBX (§11), kept past the SRV_OPEN's. */
  final VNetRootImpl vNetRoot;
  final Slot slot;
  private int flags;
  // Guarded by this.
  private boolean holdsOpenCount;
  private boolean wroteThroughCache;
  private boolean extendedThroughCache;
  /** Created at the first pending request: most handles never have one (rdbss-bench, memory). */
  private java.util.@Nullable Set<PendingLowIo> pendingLowIo;

  FobxImpl(Device device, SrvOpenImpl srvOpen, VNetRootImpl vNetRoot, Slot slot) {
    super(device, NodeType.FOBX);
    this.srvOpen = srvOpen;
    this.vNetRoot = vNetRoot;
    this.slot = slot;
    if (slot != Slot.NONE) {
      flags |= FobxFlag.ENCLOSED_ALLOCATED.bit();
    }
  }

  @Override
  String displayName() {
    return srvOpen.displayName();
  }

  @Override
  public SrvOpenImpl srvOpen() {
    alive();
    return srvOpen;
  }

  @Override
  public synchronized Set<FobxFlag> flags() {
    alive();
    return BitFlag.fromBits(FobxFlag.class, flags);
  }

  @Override
  public synchronized int miniRdrFlags() {
    alive();
    return flags & 0xFFFF;
  }

  @Override
  public synchronized void setMiniRdrFlags(int bits) {
    alive();
    flags = MiniRdrFlags.replaceLow16(flags, bits, "FOBX");
  }

  // ------------------------------------------------------------------------ engine side

  SrvOpenImpl rawSrvOpen() {
    return srvOpen;
  }

  synchronized boolean hasFlag(FobxFlag flag) {
    return (flags & flag.bit()) != 0;
  }

  synchronized void setFlag(FobxFlag flag, boolean on) {
    flags = on ? flags | flag.bit() : flags & ~flag.bit();
  }

  synchronized int rawFlags() {
    return flags;
  }

  /** The handle counts in its SRV_OPEN's {@code OpenCount} (§6.4 step 6). */
  synchronized void setHoldsOpenCount() {
    holdsOpenCount = true;
  }

  /** Whether the handle still counts in its SRV_OPEN's {@code OpenCount} (checked invariants). */
  synchronized boolean holdsOpenCount() {
    return holdsOpenCount;
  }

  /**
   * Gives the handle's {@code OpenCount} back, once: at a close that is not delayed, or when a
   * delayed close is finished by the scavenger (§6.7, §11 "open count decremented").
   *
   * @return whether it held one
   */
  synchronized boolean releaseOpenCount() {
    boolean held = holdsOpenCount;
    holdsOpenCount = false;
    return held;
  }

  /** Low I/O of this handle the mini-redirector answered PENDING and has not completed (§5.2). */
  synchronized void addPendingLowIo(PendingLowIo request) {
    if (pendingLowIo == null) {
      pendingLowIo = new java.util.HashSet<>();
    }
    pendingLowIo.add(request);
  }

  synchronized void removePendingLowIo(PendingLowIo request) {
    if (pendingLowIo != null) {
      pendingLowIo.remove(request);
    }
  }

  /** Whether the mini-redirector still holds low I/O of this handle (CLEAROUT at cleanup, §6.6). */
  synchronized boolean hasPendingLowIo() {
    if (pendingLowIo == null) {
      return false;
    }
    pendingLowIo.removeIf(PendingLowIo::isEnded);
    return !pendingLowIo.isEmpty();
  }

  /** A write of this handle stayed in the page cache; {@code extended} if it grew the file. */
  synchronized void recordCachedWrite(boolean extended) {
    wroteThroughCache = true;
    extendedThroughCache |= extended;
  }

  /** Whether the handle wrote through the cache (times to push at cleanup, §6.6). */
  synchronized boolean wroteThroughCache() {
    return wroteThroughCache;
  }

  /** Whether the handle grew the file through the cache (size to push at cleanup, §6.6). */
  synchronized boolean extendedThroughCache() {
    return extendedThroughCache;
  }
}
