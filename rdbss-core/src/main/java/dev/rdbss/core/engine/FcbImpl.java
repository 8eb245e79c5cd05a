package dev.rdbss.core.engine;

import dev.rdbss.api.BitFlag;
import dev.rdbss.api.Condition;
import dev.rdbss.api.FcbState;
import dev.rdbss.api.NodeType;
import dev.rdbss.api.SrvOpenFlag;
import dev.rdbss.api.StorageType;
import dev.rdbss.api.object.Fcb;
import dev.rdbss.api.object.FcbInitPacket;
import dev.rdbss.api.object.SrvOpen;
import dev.rdbss.core.kernel.LockRank;
import dev.rdbss.core.kernel.RxResource;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * An FCB (spec §1.1): one file or directory name within a NET_ROOT, with its resource (the "FCB
 * lock"), its SRV_OPEN list, the §1.5 counters and the cached attributes of §11.
 *
 * <p>Counters and lists change under the FCB resource held exclusively; readers take a consistent
 * value through the object's monitor.
 */
final class FcbImpl extends ConditionedNode implements Fcb {

  private static final Instant NEVER = Instant.EPOCH;

  private final String name;
  private final String pathInShare;
  private final NetRootImpl netRoot;
  private final VNetRootImpl vNetRoot;
  /** The object this FCB holds a reference on (§2.2; §9 pitfall 19): its view, or its NET_ROOT. */
  private volatile RxNode referencedParent;
  final RxResource resource;
  private volatile StorageType storageType = StorageType.UNKNOWN;
  private int state;
  private int openCount;
  private int uncleanCount;
  private int uncachedUncleanCount;
  private int outstandingLockOperationsCount;
  private long srvOpenListVersion;
  private long fileSizeVersion;
  private final List<SrvOpenImpl> srvOpens = new ArrayList<>();
  private FcbInitPacket attributes =
      new FcbInitPacket(0, 1, NEVER, NEVER, NEVER, NEVER, 0, 0, 0);
  private boolean inTable;

  /** The share access of the FCB's handles (§6.4 steps 4 and 6, §6.6). */
  final ShareAccessCounts shareAccess = new ShareAccessCounts();

  /** The byte-range locks of the FCB's handles ({@code Fcb->FileLock}, §5.2, §6.6). */
  final ByteRangeLocks byteRangeLocks = new ByteRangeLocks();

  /**
   * {@code ShareAccessPerSrvOpens} (§1.5): the share access of the FCB's server opens, one count per
   * SRV_OPEN however many handles collapse onto it. A SRV_OPEN whose handles are all closed (a
   * delayed close) still counts here, which is what the collapse search checks (§6.4 step 5).
   */
  final ShareAccessCounts shareAccessPerSrvOpens = new ShareAccessCounts();

  /** Its slot in its view's {@link ViewMembers} (§4.2), -1 when not there; guarded by that index. */
  int viewSlot = -1;

  /** The key its {@link FcbTable} files it under, null when not filed; guarded by the table. */
  @org.jspecify.annotations.Nullable String tableKey;

  FcbImpl(Device device, NetRootImpl netRoot, VNetRootImpl vNetRoot, String pathInShare) {
    super(device, NodeType.FCB, Condition.UNINITIALIZED);
    this.netRoot = netRoot;
    this.vNetRoot = vNetRoot;
    this.referencedParent = vNetRoot;
    this.pathInShare = pathInShare;
    this.name = netRoot.rawName() + pathInShare;
    this.resource =
        new RxResource(
            "FCB " + name, LockRank.FCB, serialNumber(), device.lockOrder(), device.bugChecks());
  }

  @Override
  String displayName() {
    return name;
  }

  @Override
  public String name() {
    alive();
    return name;
  }

  @Override
  public String pathInShare() {
    alive();
    return pathInShare;
  }

  @Override
  public NetRootImpl netRoot() {
    alive();
    return netRoot;
  }

  @Override
  public VNetRootImpl vNetRoot() {
    alive();
    return vNetRoot;
  }

  @Override
  public StorageType storageType() {
    alive();
    return storageType;
  }

  @Override
  public synchronized Set<FcbState> state() {
    alive();
    return BitFlag.fromBits(FcbState.class, state);
  }

  @Override
  public synchronized int openCount() {
    alive();
    return openCount;
  }

  @Override
  public synchronized int uncleanCount() {
    alive();
    return uncleanCount;
  }

  @Override
  public synchronized int uncachedUncleanCount() {
    alive();
    return uncachedUncleanCount;
  }

  @Override
  public synchronized int outstandingLockOperationsCount() {
    alive();
    return outstandingLockOperationsCount;
  }

  @Override
  public synchronized long srvOpenListVersion() {
    alive();
    return srvOpenListVersion;
  }

  @Override
  public synchronized long fileSizeVersion() {
    alive();
    return fileSizeVersion;
  }

  @Override
  public synchronized List<SrvOpen> srvOpens() {
    alive();
    return List.copyOf(srvOpens);
  }

  @Override
  public synchronized int fileAttributes() {
    alive();
    return attributes.fileAttributes();
  }

  @Override
  public synchronized int numberOfLinks() {
    alive();
    return attributes.numberOfLinks();
  }

  @Override
  public synchronized Instant creationTime() {
    alive();
    return attributes.creationTime();
  }

  @Override
  public synchronized Instant lastAccessTime() {
    alive();
    return attributes.lastAccessTime();
  }

  @Override
  public synchronized Instant lastWriteTime() {
    alive();
    return attributes.lastWriteTime();
  }

  @Override
  public synchronized Instant changeTime() {
    alive();
    return attributes.changeTime();
  }

  @Override
  public synchronized long allocationSize() {
    alive();
    return attributes.allocationSize();
  }

  @Override
  public synchronized long fileSize() {
    alive();
    return attributes.fileSize();
  }

  @Override
  public synchronized long validDataLength() {
    alive();
    return attributes.validDataLength();
  }

  // ------------------------------------------------------------------------ engine side

  String rawPath() {
    return pathInShare;
  }

  NetRootImpl rawNetRoot() {
    return netRoot;
  }

  VNetRootImpl rawVNetRoot() {
    return vNetRoot;
  }

  /** What the FCB holds a reference on: its creating view ([R]) or its NET_ROOT ([D]). */
  RxNode referencedParent() {
    return referencedParent;
  }

  void setReferencedParent(RxNode parent) {
    this.referencedParent = parent;
  }

  synchronized boolean hasState(FcbState flag) {
    return (state & flag.bit()) != 0;
  }

  synchronized void setState(FcbState flag, boolean on) {
    state = on ? state | flag.bit() : state & ~flag.bit();
  }

  synchronized int rawState() {
    return state;
  }

  void setStorageType(StorageType type) {
    this.storageType = type;
  }

  /** {@code RxFinishFcbInitialization}'s attribute part (§11). */
  synchronized void setAttributes(FcbInitPacket packet) {
    if (packet.fileSize() != attributes.fileSize()) {
      fileSizeVersion++;
    }
    this.attributes = packet;
  }

  /** A write reached {@code end}: the cached file size grows to it (never shrinks here). */
  synchronized void extendFileSize(long end) {
    FcbInitPacket a = attributes;
    if (end > a.fileSize()) {
      setAttributes(
          new FcbInitPacket(a.fileAttributes(), a.numberOfLinks(), a.creationTime(),
              a.lastAccessTime(), a.lastWriteTime(), a.changeTime(),
              Math.max(a.allocationSize(), end), end, Math.max(a.validDataLength(), end)));
    }
  }

  /**
   * The mini-redirector's {@code MRxExtendForCache} / {@code MRxExtendForNonCache} granted {@code
   * allocation} for a write growing the file (§5.2): the FCB's allocation size follows (never
   * shrinks here).
   */
  synchronized void extendAllocationSize(long allocation) {
    FcbInitPacket a = attributes;
    if (allocation > a.allocationSize()) {
      setAttributes(
          new FcbInitPacket(a.fileAttributes(), a.numberOfLinks(), a.creationTime(),
              a.lastAccessTime(), a.lastWriteTime(), a.changeTime(), allocation, a.fileSize(),
              a.validDataLength()));
    }
  }

  /** A set of the end of file succeeded: the cached size follows (§5.2). */
  synchronized void setFileSize(long size) {
    FcbInitPacket a = attributes;
    setAttributes(
        new FcbInitPacket(a.fileAttributes(), a.numberOfLinks(), a.creationTime(),
            a.lastAccessTime(), a.lastWriteTime(), a.changeTime(),
            Math.max(a.allocationSize(), size), size, Math.min(a.validDataLength(), size)));
  }

  /** A write kept in the cache with file-time caching on: the FCB's times are the truth (§7.1). */
  synchronized void setWriteTimes(Instant now) {
    FcbInitPacket a = attributes;
    setAttributes(
        new FcbInitPacket(a.fileAttributes(), a.numberOfLinks(), a.creationTime(),
            a.lastAccessTime(), now, now, a.allocationSize(), a.fileSize(),
            a.validDataLength()));
  }

  /** The last cleanup zero-extended the file: its valid data reaches {@code length} (§6.6). */
  synchronized void setValidDataLength(long length) {
    FcbInitPacket a = attributes;
    setAttributes(
        new FcbInitPacket(a.fileAttributes(), a.numberOfLinks(), a.creationTime(),
            a.lastAccessTime(), a.lastWriteTime(), a.changeTime(), a.allocationSize(),
            a.fileSize(), Math.min(length, a.fileSize())));
  }

  /** An overwriting create succeeded: the cached sizes are zero (§6.4 step 5). */
  synchronized void zeroSizes() {
    FcbInitPacket a = attributes;
    setAttributes(
        new FcbInitPacket(a.fileAttributes(), a.numberOfLinks(), a.creationTime(),
            a.lastAccessTime(), a.lastWriteTime(), a.changeTime(), 0, 0, 0));
  }

  synchronized void addOpenCount(int delta) {
    openCount += delta;
  }

  synchronized void addUncleanCount(int delta) {
    uncleanCount += delta;
  }

  /** A lock or unlock is on its way to the mini-redirector (+1) or back (-1). */
  synchronized void addOutstandingLockOperations(int delta) {
    outstandingLockOperationsCount += delta;
  }

  synchronized int rawOpenCount() {
    return openCount;
  }

  synchronized int rawUncleanCount() {
    return uncleanCount;
  }

  synchronized void linkSrvOpen(SrvOpenImpl srvOpen) {
    srvOpens.add(srvOpen);
    srvOpenListVersion++;
  }

  /** Unlinks a SRV_OPEN; returns whether it was linked. */
  synchronized boolean unlinkSrvOpen(SrvOpenImpl srvOpen) {
    boolean removed = srvOpens.remove(srvOpen);
    if (removed) {
      srvOpenListVersion++;
    }
    return removed;
  }

  synchronized List<SrvOpenImpl> rawSrvOpens() {
    return List.copyOf(srvOpens);
  }

  /**
   * {@code RxUpdateShareAccessPerSrvOpens}: counts a SRV_OPEN's access and sharing once, marking it
   * {@code SHAREACCESS_UPDATED}.
   */
  void addSrvOpenShareAccess(SrvOpenImpl srvOpen) {
    synchronized (srvOpen) {
      if (srvOpen.hasFlag(SrvOpenFlag.SHAREACCESS_UPDATED)) {
        return;
      }
      srvOpen.setFlag(SrvOpenFlag.SHAREACCESS_UPDATED, true);
      shareAccessPerSrvOpens.add(
          ShareAccessCounts.Grant.of(srvOpen.rawDesiredAccess(), srvOpen.rawShareAccess()));
    }
  }

  /**
   * {@code RxRemoveShareAccessPerSrvOpens}: takes a SRV_OPEN's count back when it is closed (§6.7)
   * or finalized; once.
   */
  void removeSrvOpenShareAccess(SrvOpenImpl srvOpen) {
    synchronized (srvOpen) {
      if (!srvOpen.hasFlag(SrvOpenFlag.SHAREACCESS_UPDATED)) {
        return;
      }
      srvOpen.setFlag(SrvOpenFlag.SHAREACCESS_UPDATED, false);
      shareAccessPerSrvOpens.remove(
          ShareAccessCounts.Grant.of(srvOpen.rawDesiredAccess(), srvOpen.rawShareAccess()));
    }
  }

  synchronized boolean isInTable() {
    return inTable;
  }

  synchronized void setInTable(boolean inTable) {
    this.inTable = inTable;
  }
}
