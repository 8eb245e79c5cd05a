package dev.rdbss.core.engine;

import dev.rdbss.api.BitFlag;
import dev.rdbss.api.Condition;
import dev.rdbss.api.FcbState;
import dev.rdbss.api.NodeType;
import dev.rdbss.api.NtStatus;
import dev.rdbss.api.SrvOpenFlag;
import dev.rdbss.api.file.ShareAccess;
import dev.rdbss.api.object.Fobx;
import dev.rdbss.api.object.SrvOpen;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** A SRV_OPEN (spec §1.1): one open on the server, bound to the view that opened it. */
final class SrvOpenImpl extends ConditionedNode implements SrvOpen {

  private final FcbImpl fcb;
  private @Nullable VNetRootImpl vNetRoot;
  /** Whether it took the FCB's embedded SRV_OPEN slot (§1.1 allocation notes, §11). */
  final boolean embeddedInFcb;
  private int flags;
  private int openCount;
  private int uncleanFobxCount;
  private int desiredAccess;
  /** {@link ShareAccess} bits: an int rather than a set per object (rdbss-bench, memory). */
  private int shareAccess;
  private int createOptions;
  /** {@link FcbState} buffering bits, as {@link BitFlag#toBits} gives them. */
  private int bufferingFlags;
  private @Nullable Object key;
  private NtStatus openStatus = NtStatus.PENDING;
  /** Immutable, replaced on change ({@link SmallLists}): most SRV_OPENs have one FOBX. */
  private List<FobxImpl> fobxs = List.of();
  /** Its slot in its view's {@link ViewMembers} (§4.2), -1 when not there; guarded by that index. */
  int viewSlot = -1;

  SrvOpenImpl(Device device, FcbImpl fcb, VNetRootImpl vNetRoot, boolean embeddedInFcb) {
    super(device, NodeType.SRV_OPEN, Condition.IN_TRANSITION);
    this.fcb = fcb;
    this.vNetRoot = vNetRoot;
    this.embeddedInFcb = embeddedInFcb;
    if (embeddedInFcb) {
      flags |= SrvOpenFlag.ENCLOSED_ALLOCATED.bit();
    }
  }

  @Override
  String displayName() {
    return fcb.displayName();
  }

  @Override
  public FcbImpl fcb() {
    alive();
    return fcb;
  }

  @Override
  public synchronized @Nullable VNetRootImpl vNetRoot() {
    alive();
    return vNetRoot;
  }

  @Override
  public synchronized Set<SrvOpenFlag> flags() {
    alive();
    return BitFlag.fromBits(SrvOpenFlag.class, flags);
  }

  @Override
  public synchronized int miniRdrFlags() {
    alive();
    return flags & 0xFFFF;
  }

  @Override
  public synchronized void setMiniRdrFlags(int bits) {
    alive();
    flags = MiniRdrFlags.replaceLow16(flags, bits, "SRV_OPEN");
  }

  @Override
  public synchronized int openCount() {
    alive();
    return openCount;
  }

  @Override
  public synchronized int uncleanFobxCount() {
    alive();
    return uncleanFobxCount;
  }

  @Override
  public synchronized int desiredAccess() {
    alive();
    return desiredAccess;
  }

  @Override
  public synchronized Set<ShareAccess> shareAccess() {
    alive();
    return Set.copyOf(BitFlag.fromBits(ShareAccess.class, shareAccess));
  }

  @Override
  public synchronized int createOptions() {
    alive();
    return createOptions;
  }

  @Override
  public synchronized Set<FcbState> bufferingFlags() {
    alive();
    return Set.copyOf(BitFlag.fromBits(FcbState.class, bufferingFlags));
  }

  @Override
  public synchronized void setBufferingFlags(Set<FcbState> newFlags) {
    alive();
    for (FcbState f : newFlags) {
      if (!f.isBufferingFlag()) {
        throw new IllegalArgumentException(
            "buffering flags are the nine *_ENABLED bits of spec §7.1; " + f + " is not one");
      }
    }
    bufferingFlags = BitFlag.toBits(newFlags);
  }

  @Override
  public synchronized @Nullable Object key() {
    alive();
    return key;
  }

  @Override
  public synchronized void setKey(@Nullable Object key) {
    alive();
    this.key = key;
  }

  @Override
  public synchronized NtStatus openStatus() {
    alive();
    return openStatus;
  }

  @Override
  public synchronized List<Fobx> fobxs() {
    alive();
    return List.copyOf(fobxs); // the immutable list itself
  }

  // ------------------------------------------------------------------------ engine side

  FcbImpl rawFcb() {
    return fcb;
  }

  synchronized @Nullable VNetRootImpl rawVNetRoot() {
    return vNetRoot;
  }

  synchronized void clearVNetRoot() {
    vNetRoot = null;
  }

  synchronized boolean hasFlag(SrvOpenFlag flag) {
    return (flags & flag.bit()) != 0;
  }

  synchronized void setFlag(SrvOpenFlag flag, boolean on) {
    flags = on ? flags | flag.bit() : flags & ~flag.bit();
  }

  synchronized int rawFlags() {
    return flags;
  }

  synchronized void addOpenCount(int delta) {
    openCount += delta;
  }

  synchronized int rawOpenCount() {
    return openCount;
  }

  synchronized void addUncleanFobxCount(int delta) {
    uncleanFobxCount += delta;
  }

  synchronized int rawDesiredAccess() {
    return desiredAccess;
  }

  synchronized Set<ShareAccess> rawShareAccess() {
    return BitFlag.fromBits(ShareAccess.class, shareAccess);
  }

  /** The {@link ShareAccess} bits of the create that made it. */
  synchronized int rawShareAccessBits() {
    return shareAccess;
  }

  synchronized int rawCreateOptions() {
    return createOptions;
  }

  synchronized NtStatus rawOpenStatus() {
    return openStatus;
  }

  synchronized void recordCreate(int access, Set<ShareAccess> share, int options) {
    this.desiredAccess = access;
    this.shareAccess = BitFlag.toBits(share);
    this.createOptions = options;
  }

  synchronized void setOpenStatus(NtStatus status) {
    this.openStatus = status;
  }

  synchronized void invalidateKey() {
    this.key = null;
  }

  synchronized void linkFobx(FobxImpl fobx) {
    fobxs = SmallLists.with(fobxs, fobx);
  }

  synchronized boolean unlinkFobx(FobxImpl fobx) {
    List<FobxImpl> rest = SmallLists.without(fobxs, fobx);
    boolean removed = rest != fobxs;
    fobxs = rest;
    return removed;
  }

  synchronized List<FobxImpl> rawFobxs() {
    return fobxs; // immutable
  }
}
