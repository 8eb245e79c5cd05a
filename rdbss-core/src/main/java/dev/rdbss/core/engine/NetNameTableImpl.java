package dev.rdbss.core.engine;

import dev.rdbss.api.ConnectionId;
import dev.rdbss.api.Irql;
import dev.rdbss.api.object.NetRoot;
import dev.rdbss.api.object.Referenceable;
import dev.rdbss.api.object.SrvCall;
import dev.rdbss.api.object.VNetRoot;
import dev.rdbss.api.spi.LockScope;
import dev.rdbss.api.spi.NetNameTable;
import dev.rdbss.core.netname.PrefixEntry;
import dev.rdbss.core.netname.PrefixTable;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The plugin's view of its device's netname table (spec §3): the table lock, and lookups that
 * reference what they return (§3.2), so a plugin owns exactly the references it took.
 */
final class NetNameTableImpl implements NetNameTable {

  private final Engine engine;

  NetNameTableImpl(Engine engine) {
    this.engine = engine;
  }

  private Device device() {
    return engine.device;
  }

  @Override
  public LockScope acquireShared() {
    atMostApc("acquireShared");
    return device().netNameLock().sharedScope();
  }

  @Override
  public LockScope acquireExclusive() {
    atMostApc("acquireExclusive");
    return device().netNameLock().exclusiveScope();
  }

  @Override
  public Optional<LockScope> tryAcquireExclusive() {
    atMostApc("tryAcquireExclusive");
    return device().netNameLock().tryExclusiveScope();
  }

  /** §3.3: the netname table's routines and its lock are for IRQL ≤ APC_LEVEL (pageable). */
  private void atMostApc(String routine) {
    device().irqls().requireAtMost(Irql.APC_LEVEL, "netNameTable()." + routine, "§3.3");
  }

  @Override
  public boolean isHeldExclusively() {
    return device().netNameLock().isHeldExclusively();
  }

  @Override
  public boolean isHeld() {
    return device().netNameLock().isHeld();
  }

  @Override
  public long version() {
    return device().prefixTable().version();
  }

  /**
   * §3.2: a NET_ROOT hit answers its default V_NET_ROOT (or the first one), as
   * {@code RxPrefixTableLookupName} does; a NET_ROOT without views answers itself.
   */
  @Override
  public Optional<Lookup> lookup(String name, ConnectionId connectionId) {
    atMostApc("lookup");
    @Nullable PrefixEntry<RxNode> entry = device().prefixTable().lookupEntry(name, connectionId);
    if (entry == null) {
      return Optional.empty();
    }
    RxNode found = entry.container();
    if (found instanceof NetRootImpl netRoot && netRoot.rawDefaultVNetRoot() != null) {
      found = netRoot.rawDefaultVNetRoot();
    }
    engine.references.reference(found);
    // The matched key is as long as the name's prefix it matched (§3.2).
    return Optional.of(
        new Lookup((Referenceable) found, name.substring(entry.key().length())));
  }

  @Override
  public Optional<SrvCall> lookupSrvCall(String name) {
    return exact(name, PrefixTable.Kind.SRV_CALL).map(SrvCall.class::cast);
  }

  @Override
  public Optional<NetRoot> lookupNetRoot(String name) {
    return exact(name, PrefixTable.Kind.NET_ROOT).map(NetRoot.class::cast);
  }

  @Override
  public Optional<VNetRoot> lookupVNetRoot(String name) {
    return exact(name, PrefixTable.Kind.V_NET_ROOT).map(VNetRoot.class::cast);
  }

  private Optional<RxNode> exact(String name, PrefixTable.Kind kind) {
    atMostApc("lookup" + kind);
    Optional<RxNode> found =
        device().prefixTable().find(name, kind, ConnectionId.NONE).map(PrefixEntry::container);
    found.ifPresent(engine.references::reference);
    return found;
  }
}
