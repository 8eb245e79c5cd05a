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

  /**
   * The NET_ROOT's name followed by the path in the share. The path in the share is not kept apart:
   * it is the tail of this string, cut when asked (rarely), one string less per FCB (rdbss-bench,
   * memory per open handle).
   */
  private final String name;
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
  /** Immutable, replaced on change ({@link SmallLists}): most FCBs have one SRV_OPEN. */
  private List<SrvOpenImpl> srvOpens = List.of();
  // The cached attributes of §11 (what RxFinishFcbInitialization's packet said, then what the
  // engine learnt since), as fields rather than a retained FcbInitPacket (rdbss-bench, memory).
  private int fileAttributes;
  private int numberOfLinks = 1;
  private Instant creationTime = NEVER;
  private Instant lastAccessTime = NEVER;
  private Instant lastWriteTime = NEVER;
  private Instant changeTime = NEVER;
  private long allocationSize;
  private long fileSize;
  private long validDataLength;
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
    this.name = netRoot.rawName() + pathInShare;
    this.resource =
        // Named by the FCB's own name string: the rank makes it "FCB \srv\share\a.txt" in
        // messages (RxResource#describe) without a second string per FCB.
        new RxResource(name, LockRank.FCB, serialNumber(), device.lockOrder(), device.bugChecks());
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
    return rawPath();
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
    return fileAttributes;
  }

  @Override
  public synchronized int numberOfLinks() {
    alive();
    return numberOfLinks;
  }

  @Override
  public synchronized Instant creationTime() {
    alive();
    return creationTime;
  }

  @Override
  public synchronized Instant lastAccessTime() {
    alive();
    return lastAccessTime;
  }

  @Override
  public synchronized Instant lastWriteTime() {
    alive();
    return lastWriteTime;
  }

  @Override
  public synchronized Instant changeTime() {
    alive();
    return changeTime;
  }

  @Override
  public synchronized long allocationSize() {
    alive();
    return allocationSize;
  }

  @Override
  public synchronized long fileSize() {
    alive();
    return fileSize;
  }

  @Override
  public synchronized long validDataLength() {
    alive();
    return validDataLength;
  }

  // ------------------------------------------------------------------------ engine side

  /** The path in the share: the tail of the name after the NET_ROOT's name. */
  String rawPath() {
    return name.substring(netRoot.rawName().length());
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
    changeFileSize(packet.fileSize());
    fileAttributes = packet.fileAttributes();
    numberOfLinks = packet.numberOfLinks();
    creationTime = packet.creationTime();
    lastAccessTime = packet.lastAccessTime();
    lastWriteTime = packet.lastWriteTime();
    changeTime = packet.changeTime();
    allocationSize = packet.allocationSize();
    validDataLength = packet.validDataLength();
  }

  /** Sets the cached file size; a change bumps {@code FileSizeVersion}. */
  private void changeFileSize(long size) {
    if (size != fileSize) {
      fileSizeVersion++;
    }
    fileSize = size;
  }

  /** A write reached {@code end}: the cached file size grows to it (never shrinks here). */
  synchronized void extendFileSize(long end) {
    if (end > fileSize) {
      allocationSize = Math.max(allocationSize, end);
      validDataLength = Math.max(validDataLength, end);
      changeFileSize(end);
    }
  }

  /**
   * The mini-redirector's {@code MRxExtendForCache} / {@code MRxExtendForNonCache} granted {@code
   * allocation} for a write growing the file (§5.2): the FCB's allocation size follows (never
   * shrinks here).
   */
  synchronized void extendAllocationSize(long allocation) {
    if (allocation > allocationSize) {
      allocationSize = allocation;
    }
  }

  /** A set of the end of file succeeded: the cached size follows (§5.2). */
  synchronized void setFileSize(long size) {
    allocationSize = Math.max(allocationSize, size);
    validDataLength = Math.min(validDataLength, size);
    changeFileSize(size);
  }

  /** A write kept in the cache with file-time caching on: the FCB's times are the truth (§7.1). */
  synchronized void setWriteTimes(Instant now) {
    lastWriteTime = now;
    changeTime = now;
  }

  /** The last cleanup zero-extended the file: its valid data reaches {@code length} (§6.6). */
  synchronized void setValidDataLength(long length) {
    validDataLength = Math.min(length, fileSize);
  }

  /** An overwriting create succeeded: the cached sizes are zero (§6.4 step 5). */
  synchronized void zeroSizes() {
    allocationSize = 0;
    validDataLength = 0;
    changeFileSize(0);
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
    srvOpens = SmallLists.with(srvOpens, srvOpen);
    srvOpenListVersion++;
  }

  /** Unlinks a SRV_OPEN; returns whether it was linked. */
  synchronized boolean unlinkSrvOpen(SrvOpenImpl srvOpen) {
    List<SrvOpenImpl> rest = SmallLists.without(srvOpens, srvOpen);
    boolean removed = rest != srvOpens;
    srvOpens = rest;
    if (removed) {
      srvOpenListVersion++;
    }
    return removed;
  }

  synchronized List<SrvOpenImpl> rawSrvOpens() {
    return srvOpens; // immutable
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
          ShareAccessCounts.Grant.of(srvOpen.rawDesiredAccess(), srvOpen.rawShareAccessBits()));
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
          ShareAccessCounts.Grant.of(srvOpen.rawDesiredAccess(), srvOpen.rawShareAccessBits()));
    }
  }

  synchronized boolean isInTable() {
    return inTable;
  }

  synchronized void setInTable(boolean inTable) {
    this.inTable = inTable;
  }
}
