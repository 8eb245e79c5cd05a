package dev.rdbss.core.engine;

import dev.rdbss.api.BitFlag;
import dev.rdbss.api.Condition;
import dev.rdbss.api.NetRootFlag;
import dev.rdbss.api.NetRootType;
import dev.rdbss.api.NodeType;
import dev.rdbss.api.object.NetRoot;
import dev.rdbss.api.object.VNetRoot;
import dev.rdbss.core.netname.PrefixEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** A NET_ROOT (spec §1.1): one share, {@code \server\share}, owning its FCB table. */
final class NetRootImpl extends ConditionedNode implements NetRoot {

  private final String name;
  private final SrvCallImpl srvCall;
  final FcbTable fcbTable;
  /** Serializes {@code RxPurgeRelatedFobxs} on this NET_ROOT (§6.8). */
  final Object purgeSerialization = new Object();
  private volatile NetRootType type = NetRootType.WILD;
  private volatile int flags;
  private volatile int mrxNetRootState;
  // Guarded by the netname lock (creation and finalization hold it exclusively).
  private final List<VNetRootImpl> vNetRoots = new ArrayList<>();
  private @Nullable VNetRootImpl defaultVNetRoot;
  private volatile int numberOfFcbs;
  private volatile int numberOfSrvOpens;
  private @Nullable PrefixEntry<RxNode> prefixEntry;

  NetRootImpl(
      Device device, SrvCallImpl srvCall, String name, Set<NetRootFlag> initialFlags) {
    super(device, NodeType.NET_ROOT, Condition.UNINITIALIZED);
    this.name = name;
    this.srvCall = srvCall;
    this.flags = BitFlag.toBits(initialFlags);
    this.fcbTable = new FcbTable(device, this);
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
  public SrvCallImpl srvCall() {
    alive();
    return srvCall;
  }

  @Override
  public NetRootType type() {
    alive();
    return type;
  }

  @Override
  public void setType(NetRootType type) {
    alive();
    if (condition.get() == Condition.GOOD) {
      throw new IllegalStateException(
          "the NET_ROOT type is set while the NET_ROOT is built (in createVNetRoot), not after");
    }
    this.type = type;
  }

  @Override
  public Set<NetRootFlag> flags() {
    alive();
    return BitFlag.fromBits(NetRootFlag.class, flags);
  }

  @Override
  public int miniRdrFlags() {
    alive();
    return flags & 0xFFFF;
  }

  @Override
  public synchronized void setMiniRdrFlags(int bits) {
    alive();
    flags = MiniRdrFlags.replaceLow16(flags, bits, "NET_ROOT");
  }

  @Override
  public int mrxNetRootState() {
    alive();
    return mrxNetRootState;
  }

  @Override
  public void setMrxNetRootState(int state) {
    alive();
    this.mrxNetRootState = state;
  }

  @Override
  public int numberOfFcbs() {
    alive();
    return numberOfFcbs;
  }

  @Override
  public int numberOfSrvOpens() {
    alive();
    return numberOfSrvOpens;
  }

  @Override
  public int numberOfVirtualNetRoots() {
    alive();
    synchronized (vNetRoots) {
      return vNetRoots.size();
    }
  }

  @Override
  public @Nullable VNetRoot defaultVNetRoot() {
    alive();
    synchronized (vNetRoots) {
      return defaultVNetRoot;
    }
  }

  @Override
  public List<VNetRoot> vNetRoots() {
    alive();
    synchronized (vNetRoots) {
      return List.copyOf(vNetRoots);
    }
  }

  // ------------------------------------------------------------------------ engine side

  String rawName() {
    return name;
  }

  SrvCallImpl rawSrvCall() {
    return srvCall;
  }

  synchronized void setPrivateFlag(NetRootFlag flag, boolean on) {
    flags = on ? flags | flag.bit() : flags & ~flag.bit();
  }

  boolean hasFlag(NetRootFlag flag) {
    return (flags & flag.bit()) != 0;
  }

  void attach(VNetRootImpl vNetRoot) {
    synchronized (vNetRoots) {
      vNetRoots.add(vNetRoot);
      if (defaultVNetRoot == null) {
        defaultVNetRoot = vNetRoot;
      }
    }
  }

  /**
   * Detaches a view (§2.4 RxFinalizeVNetRoot): if it was the default, the first remaining view
   * becomes the default.
   *
   * @return whether the list is now empty
   */
  boolean detach(VNetRootImpl vNetRoot) {
    synchronized (vNetRoots) {
      vNetRoots.remove(vNetRoot);
      if (defaultVNetRoot == vNetRoot) {
        defaultVNetRoot = vNetRoots.isEmpty() ? null : vNetRoots.get(0);
      }
      return vNetRoots.isEmpty();
    }
  }

  List<VNetRootImpl> rawVNetRoots() {
    synchronized (vNetRoots) {
      return List.copyOf(vNetRoots);
    }
  }

  @Nullable VNetRootImpl rawDefaultVNetRoot() {
    synchronized (vNetRoots) {
      return defaultVNetRoot;
    }
  }

  synchronized void addFcbs(int delta) {
    numberOfFcbs += delta;
  }

  synchronized void addSrvOpens(int delta) {
    numberOfSrvOpens += delta;
  }

  int rawNumberOfFcbs() {
    return numberOfFcbs;
  }

  int rawNumberOfSrvOpens() {
    return numberOfSrvOpens;
  }

  int rawFlags() {
    return flags;
  }

  @Nullable PrefixEntry<RxNode> prefixEntry() {
    return prefixEntry;
  }

  void setPrefixEntry(@Nullable PrefixEntry<RxNode> entry) {
    this.prefixEntry = entry;
  }
}
