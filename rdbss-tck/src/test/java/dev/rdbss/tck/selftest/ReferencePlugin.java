package dev.rdbss.tck.selftest;

import static dev.rdbss.tck.selftest.Fault.*;

import dev.rdbss.api.FcbState;
import dev.rdbss.api.LockHoldingState;
import dev.rdbss.api.NetRootType;
import dev.rdbss.api.NtStatus;
import dev.rdbss.api.SrvOpenFlag;
import dev.rdbss.api.StorageType;
import dev.rdbss.api.file.CreateDisposition;
import dev.rdbss.api.file.CreateInformation;
import dev.rdbss.api.file.CreateOption;
import dev.rdbss.api.file.FileAttribute;
import dev.rdbss.api.file.FileDirectoryEntry;
import dev.rdbss.api.file.FileInformation;
import dev.rdbss.api.file.FsInformation;
import dev.rdbss.api.file.NtCreateParameters;
import dev.rdbss.api.object.Fcb;
import dev.rdbss.api.object.FcbInitPacket;
import dev.rdbss.api.object.Fobx;
import dev.rdbss.api.object.NetRoot;
import dev.rdbss.api.object.SrvCall;
import dev.rdbss.api.object.SrvOpen;
import dev.rdbss.api.object.VNetRoot;
import dev.rdbss.api.spi.CreateNetRootContext;
import dev.rdbss.api.spi.LowIoOperation;
import dev.rdbss.api.spi.LowIoParameters;
import dev.rdbss.api.spi.MiniRedirector;
import dev.rdbss.api.spi.NetRootName;
import dev.rdbss.api.spi.Out;
import dev.rdbss.api.spi.Rdbss;
import dev.rdbss.api.spi.RdbssControlCodes;
import dev.rdbss.api.spi.RxContext;
import dev.rdbss.api.spi.SrvCallCallbackContext;
import dev.rdbss.tck.selftest.MemoryServer.MemFile;
import dev.rdbss.tck.selftest.MemoryServer.ServerOpen;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * The kit's reference plugin: a careful in-memory mini-redirector that passes every rule, with the
 * {@link Fault}s of the self-test switchable one at a time. Each {@code if (fault(X))} marks the
 * mistake a real plugin makes there.
 */
final class ReferencePlugin implements MiniRedirector {

  /** What the plugin keeps per NET_ROOT (in its context): the share's files. */
  static final class ShareState {
    final String name;
    final Map<String, MemFile> files;
    volatile boolean finalized;

    ShareState(String name, Map<String, MemFile> files) {
      this.name = name;
      this.files = files;
    }
  }

  /** What the plugin keeps per SRV_OPEN (in its context): the server open. */
  static final class OpenState {
    final ServerOpen open;
    final ByteArrayOutputStream heldWrites = new ByteArrayOutputStream();
    volatile boolean released;
    /** Handles not yet cleaned up; 0 for a SRV_OPEN RDBSS keeps for a delayed close (§6.7). */
    final java.util.concurrent.atomic.AtomicInteger unclean = new java.util.concurrent.atomic.AtomicInteger();
    volatile boolean orphaned;

    OpenState(ServerOpen open) {
      this.open = open;
    }
  }

  private final Rdbss rdbss;
  private final Map<String, MemoryServer> servers;
  private final Set<Fault> faults;
  private final Map<String, ShareState> sharesByName = new ConcurrentHashMap<>();
  private final Map<SrvOpen, Boolean> fobxState = new ConcurrentHashMap<>();
  private final Map<ServerOpen, OpenState> owners = new ConcurrentHashMap<>();
  /** The server opens of each FCB, so that those RDBSS never closes (orphaned) close at its end. */
  private final Map<Fcb, java.util.List<OpenState>> opensByFcb = new ConcurrentHashMap<>();
  private final Map<String, SrvOpen> lastSrvOpen = new ConcurrentHashMap<>();
  private final AtomicLong keys = new AtomicLong();
  private final ExecutorService completer;
  private volatile boolean startedOnce;
  private volatile boolean stopped;

  ReferencePlugin(Rdbss rdbss, Map<String, MemoryServer> servers, Set<Fault> faults) {
    this.rdbss = rdbss;
    this.servers = servers;
    this.faults = faults;
    this.completer = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "reference-plugin-io");
      t.setDaemon(true);
      return t;
    });
  }

  private boolean fault(Fault f) {
    return faults.contains(f);
  }

  // ------------------------------------------------------------------ lifecycle (§5.1)

  @Override
  public NtStatus start(RxContext ctx) {
    if (fault(START_FAILS_AFTER_STOP) && startedOnce) {
      return NtStatus.REDIRECTOR_STARTED;
    }
    startedOnce = true;
    stopped = false;
    return NtStatus.SUCCESS;
  }

  @Override
  public NtStatus stop(RxContext ctx) {
    if (fault(STOP_THROWS_WITH_OPEN_FILES) && !fobxState.isEmpty()) {
      throw new IllegalStateException("files are open");
    }
    stopped = true;
    return NtStatus.SUCCESS;
  }

  @Override
  public NtStatus devFcbXxxControlFile(RxContext ctx) {
    if (fault(START_PENDING_WITH_POST) && stopped
        && ctx.control().controlCode() == RdbssControlCodes.FSCTL_RDBSS_START) {
      ctx.setPostRequest(true);
      return NtStatus.PENDING;
    }
    return NtStatus.NOT_IMPLEMENTED; // RDBSS's own start and stop handling
  }

  // ------------------------------------------------------------------ connections (§5.2, §6.3)

  @Override
  public NtStatus createSrvCall(SrvCall srvCall, SrvCallCallbackContext callback) {
    MemoryServer server = servers.get(srvCall.name().substring(1).toUpperCase(Locale.ROOT));
    if (server == null) {
      if (!fault(SRV_CALL_SILENT_ON_FAILURE)) {
        callback.complete(fault(UNKNOWN_SERVER_WRONG_STATUS) ? NtStatus.UNSUCCESSFUL
            : NtStatus.BAD_NETWORK_PATH, null);
      }
    } else {
      callback.complete(NtStatus.SUCCESS, server);
      if (fault(SRV_CALL_COMPLETES_TWICE)) {
        callback.complete(NtStatus.SUCCESS, server);
      }
    }
    return fault(SRV_CALL_ANSWERS_SUCCESS) ? NtStatus.SUCCESS : NtStatus.PENDING;
  }

  @Override
  public NtStatus srvCallWinnerNotify(SrvCall srvCall, boolean winner, @Nullable Object server) {
    srvCall.setContext(server);
    if (!fault(NO_CASE_FLAGS)) {
      srvCall.setCaseInsensitiveNetRoots(true);
      srvCall.setCaseInsensitiveFileNames(true);
    }
    return NtStatus.SUCCESS;
  }

  @Override
  public void finalizeSrvCall(SrvCall srvCall, boolean force) {
    if (fault(FINALIZE_SRV_CALL_ASSUMES_CALLER_THREAD) && rdbss.isRdbssThread()) {
      throw new IllegalStateException("finalizeSrvCall expected on the finalizing thread");
    }
    if (!fault(KEEPS_SRV_CALL_CONTEXT)) {
      srvCall.setContext(null);
      srvCall.setContext2(null);
    }
  }

  @Override
  public NetRootName extractNetRootName(String serverRelativePath, SrvCall srvCall) {
    return NetRootName.firstComponent(serverRelativePath);
  }

  @Override
  public NtStatus createVNetRoot(CreateNetRootContext ctx) {
    NetRoot netRoot = ctx.netRoot();
    boolean newNetRoot = netRoot.context() == null;
    NtStatus view = viewStatus(ctx, newNetRoot);
    if (view != null) {
      NtStatus share = newNetRoot || fault(FAILS_SHARED_NET_ROOT) ? view : NtStatus.SUCCESS;
      ctx.complete(view, share);
      if (fault(VNET_ROOT_COMPLETES_TWICE)) {
        ctx.complete(view, share);
      }
    }
    return fault(VNET_ROOT_ANSWERS_SUCCESS) ? NtStatus.SUCCESS : NtStatus.PENDING;
  }

  /** The view's status, having set up a new NET_ROOT; null to stay silent (a fault). */
  private @Nullable NtStatus viewStatus(CreateNetRootContext ctx, boolean newNetRoot) {
    NetRoot netRoot = ctx.netRoot();
    MemoryServer server = (MemoryServer) Objects.requireNonNull(netRoot.srvCall().context());
    String shareName = netRoot.name().substring(netRoot.name().indexOf('\\', 1) + 1);
    Map<String, MemFile> files = server.shares.get(shareName.toUpperCase(Locale.ROOT));
    if (netRoot.type() == NetRootType.PIPE) {
      if (fault(IPC_CLAIMED_AS_DISK)) {
        files = server.shares.values().iterator().next();
      } else {
        // The DFS probe (§9 pitfall 3): IPC$ continues, other pipes are not supported.
        return shareName.equalsIgnoreCase("IPC$") ? NtStatus.MORE_PROCESSING_REQUIRED
            : NtStatus.NOT_SUPPORTED;
      }
    }
    if (files == null) {
      if (fault(VNET_ROOT_SILENT_ON_FAILURE)) {
        return null;
      }
      return fault(UNKNOWN_SHARE_WRONG_STATUS) ? NtStatus.UNSUCCESSFUL : NtStatus.BAD_NETWORK_NAME;
    }
    VNetRoot view = ctx.vNetRoot();
    if (!server.authenticates(view.credentials().userName(), view.credentials().password())) {
      return NtStatus.LOGON_FAILURE;
    }
    if (fault(NEEDS_NET_USE) && view.localDrive().isEmpty()) {
      return NtStatus.UNEXPECTED_NETWORK_ERROR;
    }
    if (fault(REFUSES_SECOND_VIEW) && !newNetRoot) {
      return NtStatus.ACCESS_DENIED;
    }
    if (fault(LEAKS_DRIVE_VIEW_REFERENCE) && view.localDrive().isPresent()) {
      rdbss.reference(view);
    }
    if (newNetRoot) {
      Map<String, MemFile> shareFiles = files;
      ShareState state = new ShareState(netRoot.name(), shareFiles);
      if (fault(REUSES_FINALIZED_SHARE_STATE)) {
        state = sharesByName.computeIfAbsent(key(netRoot.name()),
            k -> new ShareState(k, shareFiles));
      }
      netRoot.setType(NetRootType.DISK);
      netRoot.setContext(state);
      if (fault(LEAKS_NET_ROOT_REFERENCE)) {
        rdbss.reference(netRoot);
      }
    }
    return NtStatus.SUCCESS;
  }

  @Override
  public void finalizeNetRoot(NetRoot netRoot, boolean force) {
    if (netRoot.context() instanceof ShareState) {
      ShareState state = (ShareState) netRoot.context();
      state.finalized = true;
      if (fault(FINALIZE_VNET_ROOT_NEEDS_NET_ROOT_STATE)) {
        netRoot.setContext(null); // frees what finalizeVNetRoot still reads
      }
    }
  }

  @Override
  public void finalizeVNetRoot(VNetRoot vNetRoot, boolean force) {
    if (fault(FINALIZE_VNET_ROOT_NEEDS_NET_ROOT_STATE)) {
      ShareState state = (ShareState) Objects.requireNonNull(vNetRoot.netRoot().context(),
          "share state");
      Objects.requireNonNull(state.name);
    }
    if (fault(FINALIZE_NEEDS_SCAVENGER) && !rdbss.isRdbssThread()) {
      throw new IllegalStateException("finalizeVNetRoot off the scavenger");
    }
    if (fault(EXTRA_NET_ROOT_DEREFERENCE) && vNetRoot.netRoot().context() != null) {
      rdbss.dereference(vNetRoot.netRoot(), LockHoldingState.NOT_HELD);
    }
  }

  // ------------------------------------------------------------------ create (§6.4)

  private static String key(String path) {
    return MemoryServer.key(path);
  }

  private static @Nullable ShareState shareOf(NetRoot netRoot) {
    Object c = netRoot.context();
    return c instanceof ShareState ? (ShareState) c : null;
  }

  @Override
  public NtStatus create(RxContext ctx) {
    Fcb fcb = Objects.requireNonNull(ctx.fcb());
    ShareState share = shareOf(fcb.netRoot());
    if (share == null || share.finalized) {
      return NtStatus.UNEXPECTED_NETWORK_ERROR;
    }
    NtCreateParameters p = ctx.create().parameters();
    String path = ctx.create().pathInShare();
    String k = key(path);
    if (fault(TOUCHES_FINALIZED_SRV_OPEN)) {
      SrvOpen previous = lastSrvOpen.get(k);
      if (previous != null) {
        previous.flags(); // a view RDBSS may have freed
      }
    }
    MemFile file;
    CreateInformation info;
    synchronized (MemoryServer.class) {
      file = share.files.get(k);
      String parent = k.lastIndexOf('\\') <= 0 ? "" : k.substring(0, k.lastIndexOf('\\'));
      if (file == null && !share.files.containsKey(parent)) {
        return NtStatus.OBJECT_PATH_NOT_FOUND;
      }
      CreateDisposition d = p.disposition();
      if (file == null) {
        if (d == CreateDisposition.OPEN || d == CreateDisposition.OVERWRITE) {
          return fault(MISSING_FILE_WRONG_STATUS) ? NtStatus.UNSUCCESSFUL
              : NtStatus.OBJECT_NAME_NOT_FOUND;
        }
        file = new MemFile(path.substring(path.lastIndexOf('\\') + 1),
            p.has(CreateOption.DIRECTORY_FILE));
        share.files.put(k, file);
        info = CreateInformation.CREATED;
      } else {
        if (d == CreateDisposition.CREATE && !fault(CREATE_OVERWRITES_EXISTING)) {
          return NtStatus.OBJECT_NAME_COLLISION;
        }
        if (file.directory && p.has(CreateOption.NON_DIRECTORY_FILE)) {
          return NtStatus.FILE_IS_A_DIRECTORY;
        }
        if (!file.directory && p.has(CreateOption.DIRECTORY_FILE)) {
          return NtStatus.NOT_A_DIRECTORY;
        }
        NtStatus admitted = MemoryServer.admit(file, p.desiredAccess(), p.shareAccess());
        if (!admitted.isSuccess()) {
          // As a server breaks a batch oplock on a conflicting open, the client gives up the
          // handles it only keeps for a delayed close (§6.7); an orphaned one stays until RDBSS
          // frees it (§4.2).
          for (ServerOpen o : new java.util.ArrayList<>(file.opens)) {
            OpenState idle = owners.get(o);
            if (idle != null && idle.unclean.get() == 0 && !idle.orphaned) {
              release(idle, true);
            }
          }
          admitted = MemoryServer.admit(file, p.desiredAccess(), p.shareAccess());
        }
        if (!admitted.isSuccess()) {
          return admitted;
        }
        if (d.overwrites() || d == CreateDisposition.CREATE) {
          file.data = new byte[0];
          info = d == CreateDisposition.SUPERSEDE ? CreateInformation.SUPERSEDED
              : CreateInformation.OVERWRITTEN;
        } else {
          info = CreateInformation.OPENED;
        }
      }
    }
    java.util.List<Object> broken = new java.util.ArrayList<>();
    synchronized (MemoryServer.class) {
      file.opens.forEach(o -> broken.add(o.key));
    }
    ServerOpen open = MemoryServer.open(file, p.desiredAccess(), p.shareAccess());
    SrvOpen srvOpen = Objects.requireNonNull(ctx.relevantSrvOpen());
    Object openKey = "K" + keys.incrementAndGet();
    open.key = openKey;
    srvOpen.setKey(openKey);
    OpenState openState = new OpenState(open);
    owners.put(open, openState);
    openState.unclean.incrementAndGet();
    srvOpen.setContext(openState);
    opensByFcb.computeIfAbsent(fcb, f -> new java.util.concurrent.CopyOnWriteArrayList<>())
        .add(openState);
    // A second open of the file breaks the oplocks of the others (§7.3), by key.
    for (Object other : broken) {
      rdbss.indicateChangeOfBufferingState(fcb.netRoot().srvCall(), other, "break");
    }
    Set<FcbState> grant = EnumSet.of(FcbState.COLLAPSING);
    if (fault(GRANTS_NON_BUFFERING_BITS)) {
      grant.add(FcbState.DELETE_ON_CLOSE);
    }
    srvOpen.setBufferingFlags(grant);
    lastSrvOpen.put(k, srvOpen);
    long size = fault(NO_FILE_SIZE_AT_CREATE) ? 0 : file.data.length;
    rdbss.finishFcbInitialization(fcb, file.directory ? StorageType.DIRECTORY : StorageType.FILE,
        new FcbInitPacket(attributes(file), 1, Instant.EPOCH, Instant.EPOCH, Instant.EPOCH,
            Instant.EPOCH, size, size, size));
    if (fault(LEAKS_FCB_REFERENCE)) {
      rdbss.referenceNetFcb(fcb);
    }
    Fobx fobx = rdbss.createNetFobx(ctx, srvOpen);
    ctx.setFobx(fobx);
    fobxState.put(srvOpen, Boolean.TRUE);
    ctx.create().setReturnedCreateInformation(
        fault(CREATE_INFO_ALWAYS_OPENED) ? CreateInformation.OPENED : info);
    return NtStatus.SUCCESS;
  }

  private static int attributes(MemFile file) {
    return file.directory ? FileAttribute.DIRECTORY.bit() : FileAttribute.ARCHIVE.bit();
  }

  @Override
  public NtStatus shouldTryToCollapseThisOpen(RxContext ctx) {
    SrvOpen candidate = ctx.relevantSrvOpen();
    if (candidate == null || fault(COLLAPSES_ONTO_REPLACED_FILE)) {
      return NtStatus.SUCCESS;
    }
    ShareState share = shareOf(candidate.fcb().netRoot());
    Object state = candidate.context();
    if (share == null || !(state instanceof OpenState) || ((OpenState) state).released) {
      return NtStatus.MORE_PROCESSING_REQUIRED;
    }
    // The file at the name may have been replaced since this SRV_OPEN opened it (§9 pitfall 11).
    return share.files.get(key(candidate.fcb().pathInShare())) == ((OpenState) state).open.file
        ? NtStatus.SUCCESS : NtStatus.MORE_PROCESSING_REQUIRED;
  }

  @Override
  public NtStatus collapseOpen(RxContext ctx) {
    SrvOpen srvOpen = Objects.requireNonNull(ctx.relevantSrvOpen());
    ctx.setFobx(rdbss.createNetFobx(ctx, srvOpen));
    fobxState.put(srvOpen, Boolean.TRUE);
    ((OpenState) Objects.requireNonNull(srvOpen.context())).unclean.incrementAndGet();
    return NtStatus.SUCCESS;
  }

  // ------------------------------------------------------------------ cleanup and close (§6.6, §6.7)

  @Override
  public NtStatus cleanupFobx(RxContext ctx) {
    SrvOpen srvOpen = ctx.relevantSrvOpen();
    if (fault(CLEANUP_FAILS_WHEN_ORPHANED) && srvOpen != null && srvOpen.isOrphaned()) {
      return NtStatus.UNEXPECTED_NETWORK_ERROR;
    }
    if (srvOpen != null && srvOpen.context() instanceof OpenState) {
      OpenState state = (OpenState) srvOpen.context();
      state.unclean.decrementAndGet();
      state.orphaned = srvOpen.isOrphaned();
    }
    Fcb fcb = Objects.requireNonNull(ctx.fcb());
    if (fcb.state().contains(FcbState.DELETE_ON_CLOSE) && fcb.uncleanCount() == 0) {
      ShareState share = shareOf(fcb.netRoot());
      if (share != null && srvOpen != null && srvOpen.context() instanceof OpenState) {
        synchronized (MemoryServer.class) {
          String k = key(fcb.pathInShare());
          if (share.files.get(k) == ((OpenState) srvOpen.context()).open.file) {
            share.files.remove(k);
          }
        }
      }
    }
    return fault(CLEANUP_ANSWERS_RETRY) ? NtStatus.RETRY : NtStatus.SUCCESS;
  }

  @Override
  public NtStatus closeSrvOpen(RxContext ctx) {
    SrvOpen srvOpen = Objects.requireNonNull(ctx.relevantSrvOpen());
    if (fault(CLOSE_NEEDS_FOBX_STATE)) {
      Objects.requireNonNull(fobxState.get(srvOpen), "per-FOBX state, freed by deallocateForFobx");
    }
    release(srvOpen, !fault(CLOSE_KEEPS_SERVER_OPEN));
    return NtStatus.SUCCESS;
  }

  private void release(SrvOpen srvOpen, boolean closeOnServer) {
    if (srvOpen.context() instanceof OpenState) {
      release((OpenState) srvOpen.context(), closeOnServer);
    }
  }

  /** Applies held writes and closes the server open, once. */
  private void release(OpenState state, boolean closeOnServer) {
    synchronized (state) {
      if (state.released) {
        return;
      }
      state.released = true;
      if (state.heldWrites.size() > 0 && !fault(WRITES_DROPPED_AT_CLOSE)) {
        synchronized (MemoryServer.class) {
          state.open.file.data = state.heldWrites.toByteArray();
        }
      }
      if (closeOnServer) {
        MemoryServer.close(state.open);
      }
      owners.remove(state.open);
    }
  }

  @Override
  public NtStatus forceClosed(SrvOpen srvOpen) {
    if (fault(FORCE_CLOSED_REJECTS_CLOSED_OPEN) && srvOpen.flags().contains(SrvOpenFlag.CLOSED)) {
      throw new IllegalStateException("forceClosed for a SRV_OPEN that was closed normally");
    }
    release(srvOpen, !fault(CLOSE_KEEPS_SERVER_OPEN));
    return NtStatus.SUCCESS;
  }

  @Override
  public NtStatus deallocateForFobx(Fobx fobx) {
    fobxState.remove(fobx.srvOpen());
    return NtStatus.SUCCESS;
  }

  @Override
  public NtStatus deallocateForFcb(Fcb fcb) {
    // Orphaned opens get neither closeSrvOpen nor forceClosed (§4.2): close them here.
    if (fault(DEALLOCATE_FCB_THROWS)) {
      Objects.requireNonNull(fcb.context(), "the FCB's extension, never allocated");
    }
    java.util.List<OpenState> left = opensByFcb.remove(fcb);
    if (left != null && !fault(ORPHANED_SERVER_OPEN_KEPT)) {
      left.forEach(o -> release(o, true));
    }
    return NtStatus.SUCCESS;
  }



  // ------------------------------------------------------------------ low I/O (§5.2)

  @Override
  public NtStatus lowIoSubmit(LowIoOperation operation, RxContext ctx) {
    Fcb fcb = Objects.requireNonNull(ctx.fcb());
    SrvOpen srvOpen = ctx.relevantSrvOpen();
    switch (operation) {
      case READ:
        return read(ctx, srvOpen);
      case WRITE:
        return write(ctx, srvOpen);
      case SHAREDLOCK:
      case EXCLUSIVELOCK:
        return fault(LOCKS_NOT_SUPPORTED) ? NtStatus.NOT_SUPPORTED : NtStatus.SUCCESS;
      case UNLOCK:
      case UNLOCK_MULTIPLE:
        return NtStatus.SUCCESS;
      default:
        return NtStatus.NOT_SUPPORTED;
    }
  }

  private static MemFile fileOf(@Nullable SrvOpen srvOpen) {
    return ((OpenState) Objects.requireNonNull(Objects.requireNonNull(srvOpen).context())).open.file;
  }

  private NtStatus read(RxContext ctx, @Nullable SrvOpen srvOpen) {
    LowIoParameters.ReadWrite rw = ctx.lowIo().parameters(LowIoParameters.ReadWrite.class);
    MemFile file = fileOf(srvOpen);
    synchronized (MemoryServer.class) {
      byte[] data = file.data;
      if (rw.byteOffset() >= data.length) {
        if (fault(READ_PAST_END_SUCCEEDS)) {
          ctx.setInformation(0);
          return NtStatus.SUCCESS;
        }
        return NtStatus.END_OF_FILE;
      }
      int n = (int) Math.min(rw.byteCount(), data.length - rw.byteOffset());
      rw.buffer().put(data, (int) rw.byteOffset(), n);
      ctx.setInformation(n);
      return NtStatus.SUCCESS;
    }
  }

  /** Writes are answered PENDING and completed on the plugin's own thread, as a network reply. */
  private NtStatus write(RxContext ctx, @Nullable SrvOpen srvOpen) {
    LowIoParameters.ReadWrite rw = ctx.lowIo().parameters(LowIoParameters.ReadWrite.class);
    MemFile file = fileOf(srvOpen);
    ByteBuffer buffer = rw.buffer();
    byte[] data = new byte[buffer.remaining()];
    buffer.get(data);
    long offset = fault(WRITE_IGNORES_OFFSET) ? file.data.length : rw.byteOffset();
    if (fault(WRITES_DROPPED_AT_CLOSE)) {
      OpenState state = (OpenState) Objects.requireNonNull(
          Objects.requireNonNull(srvOpen).context());
      synchronized (MemoryServer.class) {
        byte[] now = state.heldWrites.size() > 0 ? state.heldWrites.toByteArray() : file.data;
        byte[] next = apply(now, offset, data);
        state.heldWrites.reset();
        state.heldWrites.write(next, 0, next.length);
      }
    } else {
      synchronized (MemoryServer.class) {
        file.data = apply(file.data, offset, data);
      }
    }
    if (fault(LOW_IO_NEVER_COMPLETES)) {
      return NtStatus.PENDING;
    }
    completer.execute(() -> {
      ctx.setIoStatus(NtStatus.SUCCESS);
      ctx.setInformation(data.length);
      rdbss.lowIoCompletion(ctx);
      if (fault(LOW_IO_COMPLETES_TWICE)) {
        rdbss.lowIoCompletion(ctx);
      }
    });
    return NtStatus.PENDING;
  }

  private byte[] apply(byte[] current, long offset, byte[] data) {
    int end = (int) offset + data.length;
    byte[] next = end > current.length ? Arrays.copyOf(current, end) : current;
    if (fault(WRITE_GAP_NOT_ZEROED) && offset > current.length) {
      Arrays.fill(next, current.length, (int) offset, (byte) 0x55);
    }
    System.arraycopy(data, 0, next, (int) offset, data.length);
    return next;
  }

  // ------------------------------------------------------------------ information (§5.2)

  @Override
  public NtStatus queryFileInfo(RxContext ctx) {
    Fcb fcb = Objects.requireNonNull(ctx.fcb());
    ShareState share = shareOf(fcb.netRoot());
    MemFile file = share == null ? null : share.files.get(key(fcb.pathInShare()));
    if (file == null) {
      return NtStatus.OBJECT_NAME_NOT_FOUND;
    }
    long size = fault(NO_FILE_SIZE_AT_CREATE) ? 0 : file.data.length;
    switch (Objects.requireNonNull(ctx.info().fileInformationClass())) {
      case STANDARD:
        ctx.info().setResult(new FileInformation.Standard(size, size, 1, false, file.directory));
        return NtStatus.SUCCESS;
      case BASIC:
        ctx.info().setResult(new FileInformation.Basic(Instant.EPOCH, Instant.EPOCH,
            Instant.EPOCH, Instant.EPOCH, attributes(file)));
        return NtStatus.SUCCESS;
      default:
        return NtStatus.INVALID_PARAMETER;
    }
  }

  @Override
  public NtStatus setFileInfo(RxContext ctx) {
    Fcb fcb = Objects.requireNonNull(ctx.fcb());
    ShareState share = shareOf(fcb.netRoot());
    if (share == null) {
      return NtStatus.UNEXPECTED_NETWORK_ERROR;
    }
    FileInformation in = ctx.info().input();
    String k = key(fcb.pathInShare());
    synchronized (MemoryServer.class) {
      MemFile file = share.files.get(k);
      if (file == null) {
        return NtStatus.OBJECT_NAME_NOT_FOUND;
      }
      if (in instanceof FileInformation.EndOfFile) {
        if (!fault(END_OF_FILE_IGNORED)) {
          file.data = Arrays.copyOf(file.data, (int) ((FileInformation.EndOfFile) in).endOfFile());
        }
        return NtStatus.SUCCESS;
      }
      if (in instanceof FileInformation.Disposition) {
        if (((FileInformation.Disposition) in).deleteFile()) {
          share.files.remove(k);
        }
        return NtStatus.SUCCESS;
      }
      if (in instanceof FileInformation.Rename) {
        FileInformation.Rename r = (FileInformation.Rename) in;
        String target = key(r.fileName().startsWith("\\") ? r.fileName()
            : "\\" + r.fileName());
        if (share.files.containsKey(target) && !r.replaceIfExists()) {
          return NtStatus.OBJECT_NAME_COLLISION;
        }
        share.files.remove(k);
        file.displayName = target;
        share.files.put(target, file);
        return NtStatus.SUCCESS;
      }
      if (in instanceof FileInformation.Basic || in instanceof FileInformation.Allocation) {
        return NtStatus.SUCCESS;
      }
      return NtStatus.INVALID_PARAMETER;
    }
  }

  @Override
  public NtStatus queryDirectory(RxContext ctx) {
    Fcb fcb = Objects.requireNonNull(ctx.fcb());
    ShareState share = shareOf(fcb.netRoot());
    if (share == null) {
      return NtStatus.UNEXPECTED_NETWORK_ERROR;
    }
    if (!ctx.info().initialQuery() && !ctx.info().restartScan()) {
      return NtStatus.NO_MORE_FILES;
    }
    String dir = key(fcb.pathInShare());
    String pattern = ctx.info().fileNamePattern();
    String prefix = pattern == null || pattern.equals("*") ? ""
        : key(pattern.endsWith("*") ? pattern.substring(0, pattern.length() - 1) : pattern);
    boolean any = false;
    synchronized (MemoryServer.class) {
      for (Map.Entry<String, MemFile> e : share.files.entrySet()) {
        String k = e.getKey();
        String parent = k.lastIndexOf('\\') < 0 ? "" : k.substring(0, k.lastIndexOf('\\'));
        String leaf = k.substring(k.lastIndexOf('\\') + 1);
        if (k.isEmpty() || !parent.equals(dir) || !leaf.startsWith(prefix)) {
          continue;
        }
        MemFile f = e.getValue();
        any = true;
        String display = f.displayName.substring(f.displayName.lastIndexOf('\\') + 1);
        if (!ctx.info().addDirectoryEntry(new FileDirectoryEntry(display.toLowerCase(Locale.ROOT),
            null, 0, Instant.EPOCH, Instant.EPOCH, Instant.EPOCH, Instant.EPOCH, f.data.length,
            f.data.length, attributes(f)))) {
          return NtStatus.BUFFER_OVERFLOW;
        }
      }
    }
    return any ? NtStatus.SUCCESS : NtStatus.NO_MORE_FILES;
  }

  @Override
  public NtStatus queryVolumeInfo(RxContext ctx) {
    ctx.info().setFsResult(new FsInformation.Volume("REFERENCE", 0x7c4));
    return NtStatus.SUCCESS;
  }

  // ------------------------------------------------------------------ buffering (§7)

  @Override
  public NtStatus computeNewBufferingState(
      SrvOpen srvOpen, @Nullable Object mrxContext, Out<Set<FcbState>> newBufferingState) {
    if (!fault(FORGETS_NEW_BUFFERING_STATE)) {
      newBufferingState.set(EnumSet.of(FcbState.COLLAPSING));
    }
    return NtStatus.SUCCESS;
  }

}
