package dev.rdbss.core.engine;

import dev.rdbss.api.BugCheckCode;
import dev.rdbss.api.BugCheckError;
import dev.rdbss.api.ConnectionFinalizeLevel;
import dev.rdbss.api.ConnectionId;
import dev.rdbss.api.Credentials;
import dev.rdbss.api.FcbState;
import dev.rdbss.api.FobxFlag;
import dev.rdbss.api.Irql;
import dev.rdbss.api.LockHoldingState;
import dev.rdbss.api.NetRootFlag;
import dev.rdbss.api.NodeType;
import dev.rdbss.api.NtStatus;
import dev.rdbss.api.SrvOpenFlag;
import dev.rdbss.api.StorageType;
import dev.rdbss.api.file.CreateOption;
import dev.rdbss.api.object.Fcb;
import dev.rdbss.api.object.FcbInitPacket;
import dev.rdbss.api.object.Fobx;
import dev.rdbss.api.object.NetRoot;
import dev.rdbss.api.object.Referenceable;
import dev.rdbss.api.object.SrvCall;
import dev.rdbss.api.object.SrvOpen;
import dev.rdbss.api.object.VNetRoot;
import dev.rdbss.api.observe.TraceEvent;
import dev.rdbss.api.spi.IrqlScope;
import dev.rdbss.api.spi.NetNameTable;
import dev.rdbss.api.spi.Out;
import dev.rdbss.api.spi.Rdbss;
import dev.rdbss.api.spi.RdbssClock;
import dev.rdbss.api.spi.RxContext;
import dev.rdbss.api.spi.WorkQueue;
import dev.rdbss.core.kernel.RxResource;
import dev.rdbss.core.netname.DuplicatePrefixException;
import dev.rdbss.core.netname.PrefixEntry;
import dev.rdbss.core.netname.PrefixTable;
import dev.rdbss.core.trace.Tracer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The {@link Rdbss} service of one device: every routine a plugin may call (ARCHITECTURE.md §3.1),
 * with its preconditions checked (lock, IRQL, ownership of the object) and each call traced.
 */
final class RdbssService implements Rdbss {

  private final Engine engine;
  private final Device device;
  private final NetNameTableImpl netNameTable;
  private final DormantFobxs dormantFobxs;

  RdbssService(Engine engine) {
    this.engine = engine;
    this.device = engine.device;
    this.netNameTable = new NetNameTableImpl(engine);
    this.dormantFobxs = new DormantFobxs(engine);
  }

  /** The engine behind this service (for the I/O path and the engine's tests). */
  Engine engine() {
    return engine;
  }

  // ------------------------------------------------------------------ forced finalization (§4)

  @Override
  public void forceFinalizeAllVNetRoots(NetRoot netRoot) {
    NetRootImpl n = own(netRoot, NetRootImpl.class, "forceFinalizeAllVNetRoots");
    if (device.options().forceFinalizeAllVNetRootsUse()
        == EngineOptions.ForceFinalizeAllVNetRootsUse.INTERNAL) {
      throw violation(
          "§4.1, §9 pitfall 19",
          "forceFinalizeAllVNetRoots is internal to RDBSS under the setting"
              + " rdbss.forceFinalizeAllVNetRoots=internal (the RDBSS routine index's reading): a"
              + " mini-redirector closes the files of a connection with finalizeConnection(netRoot,"
              + " vNetRoot, FORCE_FILES_CLOSED), which then finalizes every view of the share");
    }
    traced(
        "forceFinalizeAllVNetRoots",
        n,
        () -> {
          engine.teardown.forceFinalizeAllVNetRoots(n);
          return null;
        });
  }

  @Override
  public boolean finalizeVNetRoot(VNetRoot vNetRoot, boolean recursive, boolean force) {
    VNetRootImpl v = own(vNetRoot, VNetRootImpl.class, "finalizeVNetRoot");
    return traced(
        "finalizeVNetRoot", v, () -> engine.finalization.finalizeVNetRoot(v, recursive, force));
  }

  @Override
  public boolean finalizeNetRoot(NetRoot netRoot, boolean recursive, boolean force) {
    NetRootImpl n = own(netRoot, NetRootImpl.class, "finalizeNetRoot");
    return traced(
        "finalizeNetRoot", n, () -> engine.finalization.finalizeNetRoot(n, recursive, force));
  }

  @Override
  public boolean finalizeSrvCall(SrvCall srvCall, boolean force) {
    SrvCallImpl s = own(srvCall, SrvCallImpl.class, "finalizeSrvCall");
    return traced("finalizeSrvCall", s, () -> engine.finalization.finalizeSrvCall(s, force));
  }

  @Override
  public boolean finalizeNetFcb(Fcb fcb, boolean recursive, boolean force, int referenceCount) {
    FcbImpl f = own(fcb, FcbImpl.class, "finalizeNetFcb");
    return traced(
        "finalizeNetFcb",
        f,
        () -> engine.finalization.finalizeNetFcb(f, recursive, force, referenceCount));
  }

  @Override
  public boolean finalizeSrvOpen(SrvOpen srvOpen, boolean recursive, boolean force) {
    SrvOpenImpl o = own(srvOpen, SrvOpenImpl.class, "finalizeSrvOpen");
    return traced(
        "finalizeSrvOpen", o, () -> engine.finalization.finalizeSrvOpen(o, recursive, force));
  }

  @Override
  public boolean finalizeNetFobx(Fobx fobx, boolean recursive, boolean force) {
    FobxImpl x = own(fobx, FobxImpl.class, "finalizeNetFobx");
    return traced(
        "finalizeNetFobx", x, () -> engine.finalization.finalizeNetFobx(x, recursive, force));
  }

  @Override
  public NtStatus finalizeConnection(
      NetRoot netRoot, @Nullable VNetRoot vNetRoot, ConnectionFinalizeLevel level) {
    NetRootImpl n = own(netRoot, NetRootImpl.class, "finalizeConnection");
    VNetRootImpl v = vNetRoot == null ? null : own(vNetRoot, VNetRootImpl.class, "finalizeConnection");
    if (v != null && v.rawNetRoot() != n) {
      throw violation("§4.3", "finalizeConnection: the V_NET_ROOT does not view that NET_ROOT");
    }
    return traced("finalizeConnection", n, () -> engine.teardown.finalizeConnection(n, v, level));
  }

  // ------------------------------------------------------------------------ creation (§6.3, §11)

  @Override
  public SrvCall createSrvCall(
      RxContext ctx, String name, @Nullable String innerNamePrefix, ConnectionId connectionId) {
    return traced(
        "createSrvCall",
        null,
        () -> {
          creationPreconditions("createSrvCall", "§6.3");
          requireName(name, "createSrvCall", name.length() > 1 && name.indexOf('\\', 1) < 0,
              "a SRV_CALL name is one component, \\server");
          SrvCallImpl srvCall = new SrvCallImpl(device, name, innerNamePrefix, connectionId);
          srvCall.condition.enterTransition();
          srvCall.setPrefixEntry(
              insert(name, PrefixTable.Kind.SRV_CALL, srvCall, connectionId,
                  PrefixTable.srvCallCaseInsensitiveLength(name)));
          return born(srvCall);
        });
  }

  @Override
  public NetRoot createNetRoot(
      SrvCall srvCall, String name, Set<NetRootFlag> netRootFlags, ConnectionId connectionId) {
    SrvCallImpl s = own(srvCall, SrvCallImpl.class, "createNetRoot");
    return traced(
        "createNetRoot",
        s,
        () -> {
          creationPreconditions("createNetRoot", "§6.3");
          String server = s.rawName();
          requireName(name, "createNetRoot",
              name.equals(server) || name.startsWith(server + "\\"),
              "a NET_ROOT name is its SRV_CALL's name plus the share, " + server + "\\share");
          for (NetRootFlag f : netRootFlags) {
            if (!f.isMiniRdrVisible()) {
              throw violation("§1.4", "createNetRoot: " + f + " is an RDBSS-private flag");
            }
          }
          NetRootImpl netRoot = new NetRootImpl(device, s, name, netRootFlags);
          engine.references.reference(s);
          netRoot.setPrefixEntry(
              insert(name, PrefixTable.Kind.NET_ROOT, netRoot, connectionId,
                  PrefixTable.netRootCaseInsensitiveLength(
                      name, server.length(), s.isCaseInsensitiveNetRoots())));
          extension(netRoot);
          return born(netRoot);
        });
  }

  @Override
  public VNetRoot createVNetRoot(
      RxContext ctx,
      NetRoot netRoot,
      String canonicalName,
      String localNetRootName,
      String filePath,
      ConnectionId connectionId) {
    NetRootImpl n = own(netRoot, NetRootImpl.class, "createVNetRoot");
    RxContextImpl context = ours(ctx, "createVNetRoot");
    return traced(
        "createVNetRoot",
        n,
        () -> {
          creationPreconditions("createVNetRoot", "§6.3");
          requireName(canonicalName, "createVNetRoot",
              canonicalName.startsWith(localNetRootName + n.rawName()),
              "a V_NET_ROOT name is the local prefix followed by the NET_ROOT's name");
          Credentials credentials = context.credentials();
          if (credentials == null) {
            throw violation("§6.3", "createVNetRoot needs the context of a user request");
          }
          VNetRootImpl view =
              new VNetRootImpl(
                  device,
                  n,
                  canonicalName,
                  context.logonId(),
                  credentials,
                  context.hasExplicitCredentials(),
                  filePath,
                  driveOf(localNetRootName),
                  connectionId);
          engine.references.reference(n);
          PrefixEntry<RxNode> netRootEntry = n.prefixEntry();
          int netRootInsensitive =
              netRootEntry == null ? n.rawName().length() : netRootEntry.caseInsensitiveLength();
          view.setPrefixEntry(
              insert(canonicalName, PrefixTable.Kind.V_NET_ROOT, view, connectionId,
                  PrefixTable.vNetRootCaseInsensitiveLength(
                      canonicalName, netRootInsensitive, localNetRootName.length(),
                      n.rawSrvCall().isCaseInsensitiveFileNames())));
          n.attach(view);
          extension(view);
          return born(view);
        });
  }

  @Override
  public Fcb createNetFcb(RxContext ctx, VNetRoot vNetRoot, String name) {
    VNetRootImpl v = own(vNetRoot, VNetRootImpl.class, "createNetFcb");
    return traced(
        "createNetFcb",
        v,
        () -> {
          device.irqls().requireAtMost(Irql.APC_LEVEL, "createNetFcb", "§6.4");
          NetRootImpl n = v.rawNetRoot();
          engine.requireExclusive(n.fcbTable.lock, "createNetFcb", "§6.4");
          requireName(name, "createNetFcb", name.isEmpty() || name.startsWith("\\"),
              "an FCB name is a path within the share, starting with a backslash");
          FcbImpl fcb = new FcbImpl(device, n, v, name);
          n.fcbTable.insert(fcb);
          return bornFcb(fcb, v); // with the table's reference; the first is the caller's
        });
  }

  /**
   * What every new FCB gets (§2.2): a reference on its parent, which [R] reads as the view it is
   * created through and [D] as its NET_ROOT (§9 pitfall 19); a second reference (the FCB table's,
   * or for a fake FCB the floor that stands for it); a place in NumberOfFcbs; its extension.
   */
  private FcbImpl bornFcb(FcbImpl fcb, VNetRootImpl v) {
    NetRootImpl n = v.rawNetRoot();
    RxNode parent =
        device.options().fcbParentReference() == EngineOptions.FcbParentReference.NET_ROOT
            ? n
            : v;
    fcb.setReferencedParent(parent);
    engine.references.reference(parent);
    engine.references.referenceFcb(fcb);
    n.addFcbs(1);
    v.members.add(fcb); // what the view's forced finalization visits (§4.2)
    extension(fcb);
    return born(fcb);
  }

  /**
   * §6.4 step 2: the fake FCB ({@code RxCreateNetFcb} for an open-target-directory create on a
   * NET_ROOT without symbolic links). Like any FCB it references its view (or NET_ROOT, per the
   * pitfall-19 setting) and counts in NumberOfFcbs, but it is FAKEFCB and NAME_ALREADY_REMOVED from
   * birth: it never enters the FCB table, so no open finds it and the mini-redirector never sees a
   * create for it. It is returned with two references, the floor the FCB table's reference is for
   * other FCBs and the caller's (the handle's), so that the handle's close frees it.
   */
  FcbImpl createFakeFcb(VNetRootImpl v, String name) {
    return traced(
        "createNetFcb",
        v,
        () -> {
          FcbImpl fcb = new FcbImpl(device, v.rawNetRoot(), v, name);
          fcb.setState(FcbState.FAKEFCB, true);
          fcb.setState(FcbState.NAME_ALREADY_REMOVED, true);
          return bornFcb(fcb, v);
        });
  }

  @Override
  public SrvOpen createSrvOpen(VNetRoot vNetRoot, Fcb fcb) {
    VNetRootImpl v = own(vNetRoot, VNetRootImpl.class, "createSrvOpen");
    FcbImpl f = own(fcb, FcbImpl.class, "createSrvOpen");
    return traced(
        "createSrvOpen",
        f,
        () -> {
          device.irqls().requireAtMost(Irql.APC_LEVEL, "createSrvOpen", "§6.4");
          engine.requireExclusive(f.resource, "createSrvOpen", "§6.4");
          if (v.rawNetRoot() != f.rawNetRoot()) {
            throw violation("§6.4", "createSrvOpen: the view and the FCB belong to different shares");
          }
          boolean embedded = !f.hasState(FcbState.SRVOPEN_USED);
          if (embedded) {
            f.setState(FcbState.SRVOPEN_USED, true);
          }
          SrvOpenImpl srvOpen = new SrvOpenImpl(device, f, v, embedded);
          engine.references.reference(v);
          engine.references.referenceFcb(f);
          f.linkSrvOpen(srvOpen);
          f.rawNetRoot().addSrvOpens(1);
          v.members.add(srvOpen); // until its upper finalization unbinds it (§4.2)
          // §6.4 step 5 "start key association": until the create completes, an indication for a
          // key nobody knows yet may be this open's (§7.3).
          engine.buffering.startKeyAssociation(srvOpen);
          extension(srvOpen);
          return born(srvOpen);
        });
  }

  @Override
  public Fobx createNetFobx(RxContext ctx, SrvOpen srvOpen) {
    SrvOpenImpl o = own(srvOpen, SrvOpenImpl.class, "createNetFobx");
    return traced(
        "createNetFobx",
        o,
        () -> {
          device.irqls().requireAtMost(Irql.APC_LEVEL, "createNetFobx", "§11");
          FcbImpl f = o.rawFcb();
          engine.requireExclusive(f.resource, "createNetFobx", "§11");
          VNetRootImpl v = o.rawVNetRoot();
          if (v == null || o.isUpperFinalizationDone()) {
            throw violation("§11", "createNetFobx on a SRV_OPEN that is being finalized: " + o);
          }
          FobxImpl.Slot slot;
          if (!f.hasState(FcbState.FOBX_USED)) {
            f.setState(FcbState.FOBX_USED, true);
            slot = FobxImpl.Slot.FCB;
          } else if (!o.hasFlag(SrvOpenFlag.FOBX_USED)) {
            o.setFlag(SrvOpenFlag.FOBX_USED, true);
            slot = FobxImpl.Slot.SRV_OPEN;
          } else {
            slot = FobxImpl.Slot.NONE;
          }
          FobxImpl fobx = new FobxImpl(device, o, v, slot);
          if (ctx instanceof RxContextImpl impl && impl.hasCreatePart()) {
            var options = impl.create().parameters();
            fobx.setFlag(FobxFlag.BACKUP_INTENT, options.has(CreateOption.OPEN_FOR_BACKUP_INTENT));
            fobx.setFlag(FobxFlag.DELETE_ON_CLOSE, options.has(CreateOption.DELETE_ON_CLOSE));
          }
          engine.references.reference(o);
          v.addFobxs(1);
          o.linkFobx(fobx);
          extension(fobx);
          return born(fobx);
        });
  }

  @Override
  public void finishFcbInitialization(
      Fcb fcb, StorageType storageType, @Nullable FcbInitPacket initPacket) {
    FcbImpl f = own(fcb, FcbImpl.class, "finishFcbInitialization");
    traced(
        "finishFcbInitialization",
        f,
        () -> {
          device.irqls().requireAtMost(Irql.APC_LEVEL, "finishFcbInitialization", "§11");
          f.setStorageType(storageType);
          // [S] While the page cache holds writes the server has not seen, the cached attributes
          // (the size above all) are newer than the server's: a second open must not shrink the
          // file under them (§7.1, §9 pitfall 13).
          if (!f.hasState(FcbState.TIME_AND_SIZE_ALREADY_SET)
              && initPacket != null
              && !engine.cache.hasDirtyData(f)) {
            f.setAttributes(initPacket);
            f.setState(FcbState.TIME_AND_SIZE_ALREADY_SET, true);
          } else if (storageType == StorageType.MAILSLOT
              && f.hasState(FcbState.TIME_AND_SIZE_ALREADY_SET)) {
            f.setAttributes(
                new FcbInitPacket(0, 0, Instant.EPOCH, Instant.EPOCH, Instant.EPOCH, Instant.EPOCH,
                    0, 0, 0));
          }
          return null;
        });
  }

  @Override
  public NtStatus setSrvCallDomainName(SrvCall srvCall, @Nullable String domainName) {
    SrvCallImpl s = own(srvCall, SrvCallImpl.class, "setSrvCallDomainName");
    return traced(
        "setSrvCallDomainName",
        s,
        () -> {
          device.irqls().requireAtMost(Irql.APC_LEVEL, "setSrvCallDomainName", "§11");
          s.setDomainName(domainName == null || domainName.isEmpty() ? null : domainName);
          return NtStatus.SUCCESS;
        });
  }

  // ----------------------------------------------------------------- reference counting (§2.3)

  @Override
  public void reference(Referenceable instance) {
    RxNode node = own(instance, RxNode.class, "reference");
    traced(
        "reference",
        node,
        () -> {
          requireReferenceIrql("reference");
          engine.references.reference(node);
          return null;
        });
  }

  @Override
  public void dereference(Referenceable instance, LockHoldingState state) {
    RxNode node = own(instance, RxNode.class, "dereference");
    traced(
        "dereference",
        node,
        () -> {
          requireReferenceIrql("dereference");
          LockHoldingState actual = actualState(node);
          if (actual != state) {
            throw device.bugChecks()
                .raise(
                    BugCheckCode.RDBSS_FILE_SYSTEM,
                    "§11",
                    "dereference of "
                        + node
                        + " claims the "
                        + governingLockName(node)
                        + " is "
                        + state
                        + " but the caller holds it "
                        + actual
                        + ": pass the state you really hold (only EXCLUSIVE lets RDBSS finalize at"
                        + " once, §2.3)");
          }
          engine.references.dereference(node, state);
          return null;
        });
  }

  @Override
  public int referenceNetFcb(Fcb fcb) {
    FcbImpl f = own(fcb, FcbImpl.class, "referenceNetFcb");
    return traced(
        "referenceNetFcb",
        f,
        () -> {
          requireReferenceIrql("referenceNetFcb");
          return engine.references.referenceFcb(f);
        });
  }

  @Override
  public int dereferenceNetFcb(Fcb fcb) {
    FcbImpl f = own(fcb, FcbImpl.class, "dereferenceNetFcb");
    return traced(
        "dereferenceNetFcb",
        f,
        () -> {
          requireReferenceIrql("dereferenceNetFcb");
          return engine.references.dereferenceFcb(f);
        });
  }

  /**
   * RxReference, RxDereference and the FCB pair are pageable and take the scavenger mutex, so
   * they too are bounded at APC_LEVEL (§3.3: every routine of this area; Rdbss's contract).
   */
  private void requireReferenceIrql(String routine) {
    device.irqls().requireAtMost(Irql.APC_LEVEL, routine, "§3.3");
  }

  private LockHoldingState actualState(RxNode node) {
    RxResource lock = governingLock(node);
    if (lock.isHeldExclusively()) {
      return LockHoldingState.EXCLUSIVE;
    }
    return lock.isHeld() ? LockHoldingState.SHARED : LockHoldingState.NOT_HELD;
  }

  /** §2.3: the netname lock for connection objects, the FCB lock for SRV_OPEN and FOBX. */
  private RxResource governingLock(RxNode node) {
    if (node instanceof SrvOpenImpl o) {
      return o.rawFcb().resource;
    }
    if (node instanceof FobxImpl x) {
      return x.rawSrvOpen().rawFcb().resource;
    }
    return device.netNameLock();
  }

  private String governingLockName(RxNode node) {
    return node.nodeType() == NodeType.SRV_OPEN || node.nodeType() == NodeType.FOBX
        ? "FCB lock"
        : "netname table lock";
  }

  // ---------------------------------------------------------------- tables and kernel rules

  @Override
  public NetNameTable netNameTable() {
    return netNameTable;
  }

  @Override
  public IrqlScope raiseIrql(Irql level) {
    return device.irqls().raise(level);
  }

  @Override
  public Irql currentIrql() {
    return device.irqls().current();
  }

  @Override
  public boolean isRdbssThread() {
    return device.worker().isWorkerThread();
  }

  @Override
  public NtStatus postToWorker(WorkQueue queue, Runnable task) {
    if (device.bugChecks().hasCrashed()) {
      return NtStatus.UNSUCCESSFUL;
    }
    try {
      device.worker().post(queue, task);
      return NtStatus.SUCCESS;
    } catch (IllegalStateException shutDown) {
      return NtStatus.UNSUCCESSFUL;
    }
  }

  @Override
  public RdbssClock clock() {
    return device.clock();
  }

  // ------------------------------------------------------ lifecycle, buffering, low I/O (§5, §7)

  @Override
  public NtStatus startMinirdr(RxContext ctx, Out<Boolean> postToFsp) {
    RxContextImpl context = ours(ctx, "startMinirdr");
    return traced("startMinirdr", null, () -> engine.lifecycle.start(context, postToFsp));
  }

  @Override
  public NtStatus stopMinirdr(RxContext ctx, Out<Boolean> postToFsp) {
    RxContextImpl context = ours(ctx, "stopMinirdr");
    return traced("stopMinirdr", null, () -> engine.lifecycle.stop(context, postToFsp));
  }

  @Override
  public NtStatus changeBufferingState(
      SrvOpen srvOpen, @Nullable Object mrxContext, boolean computeNewState) {
    SrvOpenImpl o = own(srvOpen, SrvOpenImpl.class, "changeBufferingState");
    return traced(
        "changeBufferingState",
        o,
        () -> {
          device.irqls().requireAtMost(Irql.APC_LEVEL, "changeBufferingState", "§7.2");
          return engine.buffering.change(o, mrxContext, computeNewState);
        });
  }

  @Override
  public void indicateChangeOfBufferingState(
      SrvCall srvCall, Object srvOpenKey, @Nullable Object mrxContext) {
    SrvCallImpl s = own(srvCall, SrvCallImpl.class, "indicateChangeOfBufferingState");
    traced(
        "indicateChangeOfBufferingState",
        s,
        () -> {
          engine.buffering.indicateByKey(s, srvOpenKey, mrxContext);
          return null;
        });
  }

  @Override
  public void indicateChangeOfBufferingStateForSrvOpen(
      SrvCall srvCall, SrvOpen srvOpen, Object srvOpenKey, @Nullable Object mrxContext) {
    // Not own(): a plugin that kept a SRV_OPEN past its life (a pointer from user mode, a late
    // delegation recall) gets its indication discarded, not a use-after-free bugcheck (§9
    // pitfall 16). Objects of another device are still a contract violation.
    if (!(srvOpen instanceof SrvOpenImpl o) || o.device != device) {
      throw violation("§3.1", "indicateChangeOfBufferingStateForSrvOpen was given a SRV_OPEN that"
          + " this device's RDBSS did not create: " + srvOpen);
    }
    if (!(srvCall instanceof SrvCallImpl s) || s.device != device) {
      throw violation("§3.1", "indicateChangeOfBufferingStateForSrvOpen was given a SRV_CALL that"
          + " this device's RDBSS did not create: " + srvCall);
    }
    traced(
        "indicateChangeOfBufferingStateForSrvOpen",
        null,
        () -> {
          engine.buffering.indicateForSrvOpen(s, o, srvOpenKey, mrxContext);
          return null;
        });
  }

  @Override
  public NtStatus lowIoCompletion(RxContext ctx) {
    RxContextImpl context = ours(ctx, "lowIoCompletion");
    return traced("lowIoCompletion", null, () -> engine.lowIo.complete(context));
  }

  @Override
  public void scavengeAllFobxs() {
    traced(
        "scavengeAllFobxs",
        null,
        () -> {
          // It waits for FCB resources, which no caller above APC_LEVEL may do (§3.3).
          device.irqls().requireAtMost(Irql.APC_LEVEL, "scavengeAllFobxs", "§3.3");
          for (FobxImpl fobx : markedFobxs(null)) {
            engine.scavenger.finalizeMarkedFobx(fobx);
          }
          return null;
        });
  }

  @Override
  public NtStatus purgeRelatedFobxs(
      NetRoot netRoot, RxContext ctx, boolean attemptFinalization, @Nullable Fcb purgingFcb) {
    NetRootImpl n = own(netRoot, NetRootImpl.class, "purgeRelatedFobxs");
    FcbImpl only = purgingFcb == null ? null : own(purgingFcb, FcbImpl.class, "purgeRelatedFobxs");
    return traced(
        "purgeRelatedFobxs",
        n,
        () -> {
          device.irqls().requireAtMost(Irql.APC_LEVEL, "purgeRelatedFobxs", "§3.3");
          return dormantFobxs.purgeRelated(n, attemptFinalization, only);
        });
  }

  private List<FobxImpl> markedFobxs(@Nullable NetRootImpl netRoot) {
    List<FobxImpl> marked = new ArrayList<>();
    for (RxNode node : device.liveObjects()) {
      if (node instanceof FobxImpl fobx
          && (netRoot == null || fobx.rawSrvOpen().rawFcb().rawNetRoot() == netRoot)) {
        synchronized (device.scavengerMutex()) {
          if (fobx.isMarkedForScavenge()) {
            marked.add(fobx);
          }
        }
      }
    }
    return marked;
  }

  // --------------------------------------------------------------------------------- helpers

  /** The object as this device's implementation; anything else is a contract violation. */
  private <T extends RxNode> T own(Object object, Class<T> type, String routine) {
    if (!type.isInstance(object) || ((RxNode) object).device != device) {
      throw violation(
          "§3.1",
          routine
              + " was given an object that this device's RDBSS did not create: "
              + object
              + " (objects of another plugin, or made by the plugin itself, are not accepted)");
    }
    T node = type.cast(object);
    node.alive();
    return node;
  }

  private RxContextImpl ours(RxContext ctx, String routine) {
    if (!(ctx instanceof RxContextImpl impl)) {
      throw violation(
          "§5.2", routine + " needs a context that RDBSS handed to the plugin, not " + ctx);
    }
    return impl;
  }

  private void creationPreconditions(String routine, String section) {
    engine.requireNetNameExclusive(routine, section);
    device.irqls().requireAtMost(Irql.APC_LEVEL, routine, section);
  }

  private void requireName(String name, String routine, boolean ok, String rule) {
    if (!ok) {
      throw violation("§3.1", routine + ": bad name '" + name + "': " + rule);
    }
  }

  private PrefixEntry<RxNode> insert(
      String key, PrefixTable.Kind kind, RxNode node, ConnectionId id, int insensitiveLength) {
    try {
      PrefixEntry<RxNode> entry =
          device.prefixTable().insert(key, kind, node, id, insensitiveLength);
      engine.references.reference(node); // the table's reference (§2.2)
      return entry;
    } catch (DuplicatePrefixException e) {
      throw device.bugChecks()
          .raise(
              BugCheckCode.RDBSS_FILE_SYSTEM,
              "§3.1",
              kind + " " + key + " is already in the netname table: look it up instead of"
                  + " creating it again");
    }
  }

  /** Applies the descriptor's extension factory (§1.2). */
  private void extension(RxNode node) {
    device
        .descriptor()
        .extensionFactory(node.nodeType())
        .ifPresent(factory -> node.setContext(factory.get()));
  }

  private <T extends RxNode> T born(T node) {
    device.track(node);
    return node;
  }

  private static @Nullable String driveOf(String localNetRootName) {
    // "\;X:3e7" maps drive X:; "\;:3e7" (a UNC view) maps none (§3.1).
    if (localNetRootName.length() >= 4
        && localNetRootName.startsWith("\\;")
        && localNetRootName.charAt(3) == ':'
        && Character.isLetter(localNetRootName.charAt(2))) {
      return Character.toUpperCase(localNetRootName.charAt(2)) + ":";
    }
    return null;
  }

  private BugCheckError violation(String section, String explanation) {
    return device.bugChecks()
        .raise(BugCheckCode.DRIVER_VERIFIER_DETECTED_VIOLATION, section, explanation);
  }

  /** Runs a routine with its trace event (counts before and after, the outcome). */
  private <T> T traced(String routine, @Nullable RxNode node, Supplier<T> body) {
    device.bugChecks().checkAlive();
    try (Tracer.Call call = device.tracer().begin()) {
      if (!call.isRecording()) {
        return body.get();
      }
      int before = node == null ? -1 : engine.countOf(node);
      T result = body.get();
      RxNode subject = node != null ? node : result instanceof RxNode created ? created : null;
      int after = subject == null || subject.isFreed() ? -1 : engine.countOf(subject);
      call.record(
          TraceEvent.Kind.ROUTINE,
          device.name(),
          routine,
          subject == null ? null : subject.ref(),
          node == null ? -1 : before,
          after,
          result instanceof NtStatus s ? s : null,
          result instanceof Boolean b ? (b ? "freed" : "not freed") : "");
      return result;
    }
  }
}
