package dev.rdbss.core.memory;

import dev.rdbss.api.FcbState;
import dev.rdbss.api.NtStatus;
import dev.rdbss.api.StorageType;
import dev.rdbss.api.file.CreateDisposition;
import dev.rdbss.api.file.CreateInformation;
import dev.rdbss.api.file.CreateOption;
import dev.rdbss.api.file.FileAttribute;
import dev.rdbss.api.file.FileDirectoryEntry;
import dev.rdbss.api.file.FileInformation;
import dev.rdbss.api.file.FsInformation;
import dev.rdbss.api.file.NtCreateParameters;
import dev.rdbss.api.io.ChangeNotification;
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
import dev.rdbss.api.spi.RxContext;
import dev.rdbss.api.spi.SrvCallCallbackContext;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * A small in-memory mini-redirector for core's tests of the I/O path (issue 5 point 12): servers
 * with shares of files and directories held in maps, every callback recorded by name, and knobs to
 * break a contract on purpose. It is not a sample and is not shipped.
 *
 * <p>Names are case-insensitive. The creation callbacks complete before the entry returns unless
 * a test installs its own behaviour with {@link #onCreateSrvCall} / {@link #onCreateVNetRoot}.
 */
public final class MemoryMiniRedirector implements MiniRedirector {

  /** One file or directory. */
  static final class Node {
    final boolean directory;
    boolean readOnly;
    byte[] data = new byte[0];
    final Instant created;

    Node(boolean directory, Instant created) {
      this.directory = directory;
      this.created = created;
    }
  }

  /** One share: paths within it (upper-cased) to nodes; the root is {@code ""}. */
  public static final class Share {
    final Map<String, Node> nodes = new TreeMap<>();
    final Map<String, String> displayNames = new TreeMap<>();

    Share(Instant now) {
      nodes.put("", new Node(true, now));
      displayNames.put("", "");
    }

    /** Adds a file with {@code content} at {@code path} ({@code \dir\f.txt}). */
    public synchronized Share file(String path, byte[] content) {
      Node n = new Node(false, Instant.EPOCH);
      n.data = content.clone();
      put(path, n);
      return this;
    }

    /** Marks the file at {@code path} read-only ({@code FILE_ATTRIBUTE_READONLY}). */
    public synchronized Share readOnly(String path) {
      Node n = java.util.Objects.requireNonNull(nodes.get(key(path)), path);
      n.readOnly = true;
      return this;
    }

    /** Adds a directory at {@code path}. */
    public synchronized Share directory(String path) {
      put(path, new Node(true, Instant.EPOCH));
      return this;
    }

    /** The content of the file at {@code path}, or {@code null}. */
    public synchronized byte @Nullable [] content(String path) {
      Node n = nodes.get(key(path));
      return n == null || n.directory ? null : n.data.clone();
    }

    /** Whether something exists at {@code path}. */
    public synchronized boolean exists(String path) {
      return nodes.containsKey(key(path));
    }

    private void put(String path, Node node) {
      nodes.put(key(path), node);
      displayNames.put(key(path), path);
    }
  }

  /** How the redirector answers {@code shouldTryToCollapseThisOpen} (§6.4 step 5). */
  public enum Collapsing {
    /** Never collapses (the entry is left NOT_IMPLEMENTED, what most plugins do). */
    OFF,
    /**
     * Collapses unless the file behind the SRV_OPEN is no longer the one at its path, as a
     * redirector must when its server lets a rename replace an open file (§9 pitfall 11).
     */
    CHECKED,
    /** Always agrees: the faithful consequence of not checking (§9 pitfall 11). */
    NAIVE
  }

  private final Map<String, Map<String, Share>> servers = new ConcurrentHashMap<>();
  private final Map<String, dev.rdbss.api.NetRootType> shareTypes = new ConcurrentHashMap<>();
  private final Map<String, java.util.ArrayDeque<NtStatus>> createFailures =
      new ConcurrentHashMap<>();
  private volatile Collapsing collapsing = Collapsing.OFF;
  private volatile @Nullable NtStatus collapseOpenAnswer;
  private final java.util.concurrent.atomic.AtomicInteger creationCallsOffRdbssThread =
      new java.util.concurrent.atomic.AtomicInteger();
  private final List<String> calls = new ArrayList<>();
  private @Nullable Rdbss rdbss;
  private @Nullable Consumer<SrvCallCallbackContext> createSrvCallBehaviour;
  private @Nullable Consumer<CreateNetRootContext> createVNetRootBehaviour;
  private java.util.function.@Nullable Function<RxContext, NtStatus> deviceControlBehaviour;
  private volatile NtStatus createSrvCallAnswer = NtStatus.PENDING;
  private final Map<LowIoOperation, java.util.function.Function<RxContext, NtStatus>>
      lowIoBehaviours = new ConcurrentHashMap<>();
  private volatile boolean sharedLocksUnsupported;
  // Guarded by this: queued directory notifications, with the share and directory they watch.
  private final List<WatchedDirectory> notifications = new ArrayList<>();
  // Guarded by this: for each createVNetRoot, whether its NET_ROOT's context was null (new).
  private final List<Boolean> netRootContextNull = new ArrayList<>();

  /** A queued NOTIFY_CHANGE_DIRECTORY. */
  private record WatchedDirectory(Share share, String directory, RxContext ctx) {}

  /**
   * What the mini-redirector remembers of an open, as a real one keeps the server's file id: the
   * key it gave the SRV_OPEN and the objects, kept even after RDBSS freed them (§9 pitfall 16).
   */
  public record OpenRecord(Object key, SrvOpen srvOpen, SrvCall srvCall) {}

  private final Map<String, OpenRecord> opens = new ConcurrentHashMap<>();
  private final AtomicLong keys = new AtomicLong();
  private final AtomicLong pagingReads = new AtomicLong();
  private final AtomicLong pagingWrites = new AtomicLong();
  private volatile Set<FcbState> grantedBuffering = Set.of();
  private volatile Set<FcbState> nextBufferingState = Set.of();
  private volatile boolean forgetNewBufferingState;
  private volatile @Nullable NtStatus pagingWriteFailure;
  private volatile @Nullable Set<FcbState> breakDuringCreate;
  private volatile NtStatus extendAnswer = NtStatus.SUCCESS;
  private volatile @Nullable Runnable stopBehaviour;
  private final Set<String> dfsAwareServers = ConcurrentHashMap.newKeySet();
  private final Map<String, Integer> netRootFlags = new ConcurrentHashMap<>();

  /** Gives the mini-redirector the service its provider received. */
  public MemoryMiniRedirector attach(Rdbss rdbss) {
    this.rdbss = rdbss;
    return this;
  }

  /** Adds (or returns) share {@code share} of server {@code server}. */
  public Share share(String server, String share) {
    return servers
        .computeIfAbsent(server.toUpperCase(Locale.ROOT), s -> new ConcurrentHashMap<>())
        .computeIfAbsent(share.toUpperCase(Locale.ROOT), s -> new Share(Instant.EPOCH));
  }

  /** Declares {@code \\server\share} a share of another type (PRINT, …) than DISK (§1.4). */
  public void shareType(String server, String share, dev.rdbss.api.NetRootType type) {
    share(server, share);
    shareTypes.put(("\\" + server + "\\" + share).toUpperCase(Locale.ROOT), type);
  }

  /**
   * Declares server {@code server} DFS-aware: its SRV_CALL gets {@code DFS_AWARE_SERVER} in the
   * winner notification (§1.4, §6.4 step 1).
   */
  public void dfsAwareServer(String server) {
    dfsAwareServers.add(server.toUpperCase(Locale.ROOT));
  }

  /**
   * Sets the mini-redirector's NET_ROOT flags ({@link dev.rdbss.api.NetRootFlag} bits: DFS root,
   * symbolic links) that {@code \\server\share}'s new NET_ROOT gets in {@code createVNetRoot}.
   */
  public void netRootFlags(String server, String share, dev.rdbss.api.NetRootFlag... flags) {
    share(server, share);
    netRootFlags.put(("\\" + server + "\\" + share).toUpperCase(Locale.ROOT),
        dev.rdbss.api.BitFlag.toBits(Set.of(flags)));
  }

  /** How {@code shouldTryToCollapseThisOpen} answers (default {@link Collapsing#OFF}). */
  public void collapsing(Collapsing mode) {
    this.collapsing = mode;
  }

  /**
   * Makes {@code collapseOpen} answer {@code answer} without creating a FOBX (a contract breach for
   * SUCCESS, a decline for MORE_PROCESSING_REQUIRED); {@code null} restores the normal collapse.
   */
  public void collapseOpenAnswer(@Nullable NtStatus answer) {
    this.collapseOpenAnswer = answer;
  }

  /**
   * The next {@code statuses.length} creates of {@code path} answer these statuses, in order,
   * without opening anything (a server-side sharing violation, RETRY, REPARSE, …).
   */
  public void failCreates(String path, NtStatus... statuses) {
    createFailures
        .computeIfAbsent(key(path), k -> new java.util.ArrayDeque<>())
        .addAll(List.of(statuses));
  }

  /** Whether every createSrvCall and createVNetRoot ran on the RDBSS thread (§9 pitfall 4). */
  public boolean creationCallsRanOnRdbssThread() {
    return creationCallsOffRdbssThread.get() == 0;
  }

  /** Replaces how {@code createSrvCall} completes (it still answers PENDING). */
  public void onCreateSrvCall(Consumer<SrvCallCallbackContext> behaviour) {
    this.createSrvCallBehaviour = behaviour;
  }

  /** Replaces how {@code createVNetRoot} completes (it still answers PENDING). */
  public void onCreateVNetRoot(Consumer<CreateNetRootContext> behaviour) {
    this.createVNetRootBehaviour = behaviour;
  }

  /** What {@code createSrvCall} answers (PENDING unless a test breaks the contract on purpose). */
  public void answerCreateSrvCallWith(NtStatus answer) {
    this.createSrvCallAnswer = answer;
  }

  /** Answers device control requests (default: NOT_IMPLEMENTED, so RDBSS's default applies). */
  public void onDeviceControl(java.util.function.Function<RxContext, NtStatus> behaviour) {
    this.deviceControlBehaviour = behaviour;
  }

  /**
   * Replaces how {@code lowIoSubmit} answers {@code operation} (the call is still recorded). A
   * behaviour may answer PENDING and complete later through {@link #completeLowIo}, from any
   * thread.
   */
  public void onLowIo(
      LowIoOperation operation, java.util.function.Function<RxContext, NtStatus> behaviour) {
    lowIoBehaviours.put(operation, behaviour);
  }

  /**
   * Sets the status and information of a request answered PENDING and calls {@code
   * lowIoCompletion} (§5.2), on the calling thread.
   */
  public NtStatus completeLowIo(RxContext ctx, NtStatus status, long information) {
    ctx.setIoStatus(status);
    ctx.setInformation(information);
    return rdbss().lowIoCompletion(ctx);
  }

  /** Makes {@code isLockRealizable} refuse shared locks (NOT_SUPPORTED), as a protocol without them. */
  public void refuseSharedLocks() {
    this.sharedLocksUnsupported = true;
  }

  /**
   * Reports a change in {@code directory} of a share: every notification queued on that directory
   * completes with it, through {@code lowIoCompletion} on the calling thread.
   *
   * @return how many notifications it completed
   */
  public int fireChange(
      String server, String share, String directory, ChangeNotification.Action action,
      String fileName) {
    Share s = share(server, share);
    List<WatchedDirectory> due = new ArrayList<>();
    synchronized (this) {
      for (var it = notifications.iterator(); it.hasNext(); ) {
        WatchedDirectory w = it.next();
        if (w.share() == s && w.directory().equals(key(directory))) {
          it.remove();
          due.add(w);
        }
      }
    }
    for (WatchedDirectory w : due) {
      w.ctx().lowIo().parameters(LowIoParameters.NotifyChangeDirectory.class)
          .changes().add(new ChangeNotification.Change(action, fileName));
      completeLowIo(w.ctx(), NtStatus.SUCCESS, 1);
    }
    return due.size();
  }

  /** How many directory notifications are queued here. */
  public synchronized int queuedNotifications() {
    return notifications.size();
  }

  /**
   * The CSC pattern (ARCHITECTURE.md §3.6, spec §4.1): under the exclusive netname lock, force
   * every view of {@code \server\share} closed through this mini-redirector's {@code Rdbss}.
   */
  public void forceFinalizeAllVNetRoots(String server, String share) {
    Rdbss r = rdbss();
    try (var exclusive = r.netNameTable().acquireExclusive()) {
      NetRoot netRoot = r.netNameTable().lookupNetRoot("\\" + server + "\\" + share)
          .orElseThrow(() -> new IllegalStateException("no NET_ROOT \\" + server + "\\" + share));
      try {
        r.forceFinalizeAllVNetRoots(netRoot);
      } finally {
        r.dereference(netRoot, dev.rdbss.api.LockHoldingState.EXCLUSIVE);
      }
    }
  }

  /** For each {@code createVNetRoot} so far, whether its NET_ROOT came with a {@code null} context. */
  public synchronized List<Boolean> netRootContextWasNull() {
    return List.copyOf(netRootContextNull);
  }

  // ------------------------------------------------------------------ buffering knobs (§7)

  /** The buffering flags {@code create} grants every new SRV_OPEN (§7.1; default none). */
  public MemoryMiniRedirector grantBuffering(FcbState... flags) {
    this.grantedBuffering = Set.of(flags);
    return this;
  }

  /** What {@code computeNewBufferingState} answers from now on (default: no buffering). */
  public void answerBufferingChangesWith(FcbState... newState) {
    this.nextBufferingState = Set.of(newState);
  }

  /**
   * Makes {@code computeNewBufferingState} answer SUCCESS without setting the out value, as the
   * nfs41 release build did (§9 pitfall 12).
   */
  public void forgetToSetNewBufferingState(boolean forget) {
    this.forgetNewBufferingState = forget;
  }

  /** Makes paging writes (cache flushes) fail with {@code status}; {@code null} to stop. */
  public void failPagingWritesWith(@Nullable NtStatus status) {
    this.pagingWriteFailure = status;
  }

  /**
   * The next {@code create} reports a break of its own open by key before it returns: the break
   * races the open's response (§7.3 key association).
   */
  public void breakDuringNextCreate(FcbState... newState) {
    this.breakDuringCreate = Set.of(newState);
  }

  /** What the last successful create of {@code path} gave the SRV_OPEN. */
  public OpenRecord lastOpen(String path) {
    OpenRecord r = opens.get(key(path));
    if (r == null) {
      throw new IllegalStateException("no open of " + path + " so far");
    }
    return r;
  }

  /**
   * The server breaks the oplock of the last open of {@code path}, leaving {@code newState}:
   * {@code rdbss.indicateChangeOfBufferingState} by key (§7.3), from the calling thread.
   */
  public void breakOplock(String path, FcbState... newState) {
    OpenRecord r = lastOpen(path);
    answerBufferingChangesWith(newState);
    rdbss().indicateChangeOfBufferingState(r.srvCall(), r.key(), "break " + path);
  }

  /**
   * The same through {@code indicateChangeOfBufferingStateForSrvOpen}, with the SRV_OPEN this
   * mini-redirector kept, which may be freed by now (§9 pitfall 16).
   */
  public void breakOplockForSrvOpen(String path, FcbState... newState) {
    OpenRecord r = lastOpen(path);
    answerBufferingChangesWith(newState);
    rdbss().indicateChangeOfBufferingStateForSrvOpen(
        r.srvCall(), r.srvOpen(), r.key(), "break " + path);
  }

  /**
   * Finalizes every dormant (close-delayed) file, as nfs41 does before it deletes a connection
   * (§9 pitfall 8).
   */
  public void scavengeDormantFiles() {
    rdbss().scavengeAllFobxs();
  }

  /** How many paging (cache) reads and writes reached this mini-redirector. */
  public long pagingIo(LowIoOperation operation) {
    return operation == LowIoOperation.READ ? pagingReads.get() : pagingWrites.get();
  }

  @Override
  public NtStatus computeNewBufferingState(
      SrvOpen srvOpen, @Nullable Object mrxContext, Out<Set<FcbState>> newBufferingState) {
    record("computeNewBufferingState");
    if (!forgetNewBufferingState) {
      newBufferingState.set(nextBufferingState);
    }
    return NtStatus.SUCCESS;
  }

  @Override
  public void completeBufferingStateChangeRequest(
      RxContext ctx, SrvOpen srvOpen, @Nullable Object mrxContext) {
    record("completeBufferingStateChangeRequest");
  }

  @Override
  public void setFileInfoAtCleanup(RxContext ctx) {
    record("setFileInfoAtCleanup");
    if (ctx.info().input() instanceof FileInformation.EndOfFile eof) {
      Fcb fcb = java.util.Objects.requireNonNull(ctx.fcb());
      Share share = shareOf(fcb.netRoot());
      if (share != null) {
        synchronized (share) {
          Node node = share.nodes.get(key(fcb.pathInShare()));
          if (node != null) {
            node.data = Arrays.copyOf(node.data, (int) eof.endOfFile());
          }
        }
      }
    }
  }

  /** The allocation unit the in-memory server grants a growing file in (§5.2 extend entries). */
  public static final long ALLOCATION_UNIT = 4096;

  /**
   * Makes {@code extendForCache} and {@code extendForNonCache} answer {@code answer} (default:
   * SUCCESS, granting whole {@link #ALLOCATION_UNIT}s).
   */
  public void answerExtendWith(NtStatus answer) {
    this.extendAnswer = answer;
  }

  @Override
  public NtStatus extendForCache(RxContext ctx, long newFileSize, Out<Long> newAllocationSize) {
    record("extendForCache");
    return extend(newFileSize, newAllocationSize);
  }

  @Override
  public NtStatus extendForNonCache(RxContext ctx, long newFileSize, Out<Long> newAllocationSize) {
    record("extendForNonCache");
    return extend(newFileSize, newAllocationSize);
  }

  private NtStatus extend(long newFileSize, Out<Long> newAllocationSize) {
    NtStatus answer = extendAnswer;
    if (answer.isSuccess()) {
      long units = (newFileSize + ALLOCATION_UNIT - 1) / ALLOCATION_UNIT;
      newAllocationSize.set(units * ALLOCATION_UNIT);
    }
    return answer;
  }

  @Override
  public void zeroExtend(RxContext ctx) {
    record("zeroExtend");
  }

  @Override
  public void truncate(RxContext ctx) {
    record("truncate");
  }

  /** The entries called so far, in order. */
  public synchronized List<String> calls() {
    return List.copyOf(calls);
  }

  /** Forgets the calls recorded so far. */
  public synchronized void clearCalls() {
    calls.clear();
  }

  /** How many times {@code entry} was called. */
  public synchronized long count(String entry) {
    return calls.stream().filter(entry::equals).count();
  }

  private synchronized void record(String entry) {
    calls.add(entry);
  }

  /** The service its provider received, for tests that act as the plugin (a CSC-like call). */
  public Rdbss rdbss() {
    if (rdbss == null) {
      throw new IllegalStateException("attach(rdbss) first");
    }
    return rdbss;
  }

  /** Runs {@code behaviour} inside {@code MRxStop}, while the device is STOP_IN_PROGRESS (§5.1). */
  public void onStop(Runnable behaviour) {
    this.stopBehaviour = behaviour;
  }

  @Override
  public NtStatus stop(RxContext ctx) {
    record("stop");
    Runnable behaviour = stopBehaviour;
    if (behaviour != null) {
      behaviour.run();
    }
    return NtStatus.SUCCESS;
  }

  @Override
  public NtStatus devFcbXxxControlFile(RxContext ctx) {
    record("devFcbXxxControlFile");
    var behaviour = deviceControlBehaviour;
    return behaviour == null ? NtStatus.NOT_IMPLEMENTED : behaviour.apply(ctx);
  }

  // ------------------------------------------------------------------------- connections

  @Override
  public NtStatus createSrvCall(SrvCall srvCall, SrvCallCallbackContext callback) {
    record("createSrvCall");
    if (!rdbss().isRdbssThread()) {
      creationCallsOffRdbssThread.incrementAndGet();
    }
    Consumer<SrvCallCallbackContext> behaviour = createSrvCallBehaviour;
    if (behaviour != null) {
      behaviour.accept(callback);
    } else {
      boolean known = servers.containsKey(srvCall.name().substring(1).toUpperCase(Locale.ROOT));
      callback.complete(known ? NtStatus.SUCCESS : NtStatus.BAD_NETWORK_PATH, null);
    }
    return createSrvCallAnswer;
  }

  @Override
  public NtStatus srvCallWinnerNotify(
      SrvCall srvCall, boolean thisMinirdrIsTheWinner, @Nullable Object recommunicateContext) {
    record("srvCallWinnerNotify");
    srvCall.setCaseInsensitiveNetRoots(true);
    srvCall.setCaseInsensitiveFileNames(true);
    srvCall.setDfsAwareServer(
        dfsAwareServers.contains(srvCall.name().substring(1).toUpperCase(Locale.ROOT)));
    return NtStatus.SUCCESS;
  }

  @Override
  public NetRootName extractNetRootName(String serverRelativePath, SrvCall srvCall) {
    record("extractNetRootName");
    return NetRootName.firstComponent(serverRelativePath);
  }

  @Override
  public NtStatus createVNetRoot(CreateNetRootContext ctx) {
    record("createVNetRoot");
    synchronized (this) {
      netRootContextNull.add(ctx.netRoot().context() == null);
    }
    if (!rdbss().isRdbssThread()) {
      creationCallsOffRdbssThread.incrementAndGet();
    }
    Consumer<CreateNetRootContext> behaviour = createVNetRootBehaviour;
    if (behaviour != null) {
      behaviour.accept(ctx);
    } else {
      completeCreateVNetRoot(ctx);
    }
    return NtStatus.PENDING;
  }

  /**
   * What {@code createVNetRoot} does by default, for a test behaviour that wraps it: a pipe NET_ROOT
   * answers MORE_PROCESSING_REQUIRED when it is {@code IPC$} (the DFS probe) and NOT_SUPPORTED
   * otherwise (§9 pitfall 3); an unknown share fails; a known share's new NET_ROOT gets its type
   * (DISK unless declared otherwise) and a context, which marks it initialized.
   */
  public void completeCreateVNetRoot(CreateNetRootContext ctx) {
    NetRoot netRoot = ctx.netRoot();
    // Only a new NET_ROOT may carry a failure in its own status (§9 pitfall 2).
    boolean newNetRoot = netRoot.context() == null;
    if (netRoot.type() == dev.rdbss.api.NetRootType.PIPE) {
      NtStatus answer = netRoot.name().toUpperCase(Locale.ROOT).endsWith("\\IPC$")
          ? NtStatus.MORE_PROCESSING_REQUIRED
          : NtStatus.NOT_SUPPORTED;
      ctx.complete(answer, newNetRoot ? answer : NtStatus.SUCCESS);
      return;
    }
    if (shareOf(netRoot) == null) {
      ctx.complete(NtStatus.BAD_NETWORK_NAME,
          newNetRoot ? NtStatus.BAD_NETWORK_NAME : NtStatus.SUCCESS);
      return;
    }
    if (newNetRoot) {
      netRoot.setType(shareTypes.getOrDefault(
          netRoot.name().toUpperCase(Locale.ROOT), dev.rdbss.api.NetRootType.DISK));
      netRoot.setContext("share " + netRoot.name());
      netRoot.setMiniRdrFlags(
          netRootFlags.getOrDefault(netRoot.name().toUpperCase(Locale.ROOT), 0));
    }
    ctx.complete(NtStatus.SUCCESS, NtStatus.SUCCESS);
  }

  @Override
  public void finalizeSrvCall(SrvCall srvCall, boolean force) {
    record("finalizeSrvCall");
    srvCall.setContext(null);
    srvCall.setContext2(null);
  }

  @Override
  public void finalizeNetRoot(NetRoot netRoot, boolean force) {
    record("finalizeNetRoot");
  }

  @Override
  public void finalizeVNetRoot(VNetRoot vNetRoot, boolean force) {
    record("finalizeVNetRoot");
  }

  // ------------------------------------------------------------------------------ files

  @Override
  public NtStatus create(RxContext ctx) {
    record("create");
    Fcb fcb = java.util.Objects.requireNonNull(ctx.fcb());
    Share share = shareOf(fcb.netRoot());
    if (share == null) {
      return NtStatus.BAD_NETWORK_NAME;
    }
    NtCreateParameters p = ctx.create().parameters();
    String key = key(ctx.create().pathInShare());
    java.util.ArrayDeque<NtStatus> failures = createFailures.get(key);
    if (failures != null) {
      NtStatus failure;
      synchronized (failures) {
        failure = failures.poll();
      }
      if (failure != null) {
        return failure;
      }
    }
    CreateInformation info;
    Node node;
    if (p.openTargetDirectory()) {
      // SL_OPEN_TARGET_DIRECTORY on a share with symbolic links (§6.4 step 2): open the parent
      // directory of the name, and say whether the name itself exists.
      synchronized (share) {
        String parent = key.contains("\\") ? key.substring(0, key.lastIndexOf('\\')) : "";
        node = share.nodes.get(parent);
        if (node == null || !node.directory) {
          return NtStatus.OBJECT_PATH_NOT_FOUND;
        }
        info = share.nodes.containsKey(key) ? CreateInformation.EXISTS
            : CreateInformation.DOES_NOT_EXIST;
      }
    } else synchronized (share) {
      node = share.nodes.get(key);
      if (node == null && !parentExists(share, key)) {
        return NtStatus.OBJECT_PATH_NOT_FOUND;
      }
      CreateDisposition d = p.disposition();
      if (node == null) {
        if (d == CreateDisposition.OPEN || d == CreateDisposition.OVERWRITE) {
          return NtStatus.OBJECT_NAME_NOT_FOUND;
        }
        node = new Node(p.has(CreateOption.DIRECTORY_FILE), Instant.EPOCH);
        share.put(ctx.create().pathInShare(), node);
        info = CreateInformation.CREATED;
      } else {
        if (d == CreateDisposition.CREATE) {
          return NtStatus.OBJECT_NAME_COLLISION;
        }
        if (node.directory && p.has(CreateOption.NON_DIRECTORY_FILE)) {
          return NtStatus.FILE_IS_A_DIRECTORY;
        }
        if (!node.directory && p.has(CreateOption.DIRECTORY_FILE)) {
          return NtStatus.NOT_A_DIRECTORY;
        }
        if (d.overwrites()) {
          node.data = new byte[0];
          info = d == CreateDisposition.SUPERSEDE ? CreateInformation.SUPERSEDED
              : CreateInformation.OVERWRITTEN;
        } else {
          info = CreateInformation.OPENED;
        }
      }
    }
    SrvOpen srvOpen = java.util.Objects.requireNonNull(ctx.relevantSrvOpen());
    Object openKey = "K" + keys.incrementAndGet();
    srvOpen.setKey(openKey);
    srvOpen.setBufferingFlags(grantedBuffering);
    SrvCall srvCall = fcb.netRoot().srvCall();
    opens.put(key(ctx.create().pathInShare()), new OpenRecord(openKey, srvOpen, srvCall));
    Set<FcbState> racingBreak = breakDuringCreate;
    if (racingBreak != null) {
      breakDuringCreate = null;
      answerBufferingChangesWith(racingBreak.toArray(new FcbState[0]));
      rdbss().indicateChangeOfBufferingState(srvCall, openKey, "break during create");
    }
    srvOpen.setContext(node); // the server file this open is on (§9 pitfall 11)
    rdbss().finishFcbInitialization(
        fcb,
        node.directory ? StorageType.DIRECTORY : StorageType.FILE,
        new FcbInitPacket(attributes(node), 1, node.created, node.created, node.created,
            node.created, node.data.length, node.data.length, node.data.length));
    Fobx fobx = rdbss().createNetFobx(ctx, srvOpen);
    ctx.setFobx(fobx);
    reportCreateInformation(ctx, info);
    return NtStatus.SUCCESS;
  }

  @Override
  public NtStatus shouldTryToCollapseThisOpen(RxContext ctx) {
    record("shouldTryToCollapseThisOpen");
    Collapsing mode = collapsing;
    if (mode == Collapsing.OFF) {
      return NtStatus.MORE_PROCESSING_REQUIRED;
    }
    SrvOpen candidate = ctx.relevantSrvOpen();
    if (mode == Collapsing.CHECKED && candidate != null) {
      Share share = shareOf(candidate.fcb().netRoot());
      if (share == null) {
        return NtStatus.MORE_PROCESSING_REQUIRED;
      }
      synchronized (share) {
        // The file at the path may have been replaced since this SRV_OPEN opened it.
        if (share.nodes.get(key(candidate.fcb().pathInShare())) != candidate.context()) {
          return NtStatus.MORE_PROCESSING_REQUIRED;
        }
      }
    }
    return NtStatus.SUCCESS;
  }

  @Override
  public NtStatus collapseOpen(RxContext ctx) {
    record("collapseOpen");
    NtStatus answer = collapseOpenAnswer;
    if (answer != null) {
      return answer;
    }
    SrvOpen srvOpen = java.util.Objects.requireNonNull(ctx.relevantSrvOpen());
    ctx.setFobx(rdbss().createNetFobx(ctx, srvOpen));
    return NtStatus.SUCCESS;
  }

  /**
   * The last handle of an FCB that RDBSS marked DELETE_ON_CLOSE (§6.6) deletes the file: the server
   * side of delete-on-close is the redirector's, as VirtualBox's and nfs41's are.
   */
  @Override
  public NtStatus cleanupFobx(RxContext ctx) {
    record("cleanupFobx");
    Fcb fcb = java.util.Objects.requireNonNull(ctx.fcb());
    if (fcb.state().contains(dev.rdbss.api.FcbState.DELETE_ON_CLOSE) && fcb.uncleanCount() == 0) {
      Share share = shareOf(fcb.netRoot());
      if (share != null) {
        synchronized (share) {
          String k = key(fcb.pathInShare());
          // Only the file this FCB opened: a file created at the name since is another one.
          SrvOpen srvOpen = ctx.relevantSrvOpen();
          if (srvOpen != null && share.nodes.get(k) == srvOpen.context()) {
            share.nodes.remove(k);
            share.displayNames.remove(k);
            record("deleted " + fcb.pathInShare());
          }
        }
      }
    }
    return NtStatus.SUCCESS;
  }

  @Override
  public NtStatus isValidDirectory(RxContext ctx, String directoryName) {
    record("isValidDirectory");
    NetRoot netRoot = java.util.Objects.requireNonNull(ctx.create().netRoot());
    Share share = shareOf(netRoot);
    if (share == null) {
      return NtStatus.BAD_NETWORK_PATH;
    }
    synchronized (share) {
      Node n = share.nodes.get(key(directoryName));
      return n != null && n.directory ? NtStatus.SUCCESS : NtStatus.BAD_NETWORK_PATH;
    }
  }

  @Override
  public NtStatus closeSrvOpen(RxContext ctx) {
    record("closeSrvOpen");
    return NtStatus.SUCCESS;
  }

  @Override
  public NtStatus forceClosed(SrvOpen srvOpen) {
    record("forceClosed");
    return NtStatus.SUCCESS;
  }

  @Override
  public NtStatus deallocateForFcb(Fcb fcb) {
    record("deallocateForFcb");
    return NtStatus.SUCCESS;
  }

  @Override
  public NtStatus deallocateForFobx(Fobx fobx) {
    record("deallocateForFobx");
    return NtStatus.SUCCESS;
  }

  @Override
  public NtStatus isLockRealizable(
      Fcb fcb, long byteOffset, long length, boolean exclusive, boolean failImmediately) {
    record("isLockRealizable");
    return !exclusive && sharedLocksUnsupported ? NtStatus.NOT_SUPPORTED : NtStatus.SUCCESS;
  }

  @Override
  public NtStatus lowIoSubmit(LowIoOperation operation, RxContext ctx) {
    record("lowIoSubmit[" + operation + "]");
    var behaviour = lowIoBehaviours.get(operation);
    if (behaviour != null) {
      return behaviour.apply(ctx);
    }
    Fcb fcb = java.util.Objects.requireNonNull(ctx.fcb());
    Share share = shareOf(fcb.netRoot());
    if (share == null) {
      return NtStatus.UNEXPECTED_NETWORK_ERROR;
    }
    switch (operation) {
      case READ:
      case WRITE:
        return readWrite(operation, ctx, share, key(fcb.pathInShare()));
      case SHAREDLOCK:
      case EXCLUSIVELOCK:
      case UNLOCK:
      case UNLOCK_MULTIPLE:
        return NtStatus.SUCCESS;
      case NOTIFY_CHANGE_DIRECTORY:
        return queueNotification(share, key(fcb.pathInShare()), ctx);
      default:
        return NtStatus.NOT_SUPPORTED;
    }
  }

  /** Queues a notification until {@link #fireChange}; RDBSS's cancellation removes it. */
  private NtStatus queueNotification(Share share, String directory, RxContext ctx) {
    WatchedDirectory watched = new WatchedDirectory(share, directory, ctx);
    synchronized (this) {
      notifications.add(watched);
    }
    ctx.setCancelRoutine(() -> {
      record("notifyCancelled");
      synchronized (this) {
        notifications.remove(watched);
      }
    });
    return NtStatus.PENDING;
  }

  private NtStatus readWrite(LowIoOperation op, RxContext ctx, Share share, String key) {
    LowIoParameters.ReadWrite rw = ctx.lowIo().parameters(LowIoParameters.ReadWrite.class);
    if (rw.pagingIo()) {
      (op == LowIoOperation.READ ? pagingReads : pagingWrites).incrementAndGet();
      NtStatus failure = pagingWriteFailure;
      if (op == LowIoOperation.WRITE && failure != null) {
        return failure;
      }
    }
    synchronized (share) {
      Node node = share.nodes.get(key);
      if (node == null || node.directory) {
        return NtStatus.INVALID_DEVICE_REQUEST;
      }
      long offset = rw.byteOffset();
      ByteBuffer buffer = rw.buffer();
      if (op == LowIoOperation.READ) {
        if (offset >= node.data.length) {
          return NtStatus.END_OF_FILE;
        }
        int n = (int) Math.min(rw.byteCount(), node.data.length - offset);
        buffer.put(node.data, (int) offset, n);
        ctx.setInformation(n);
        return NtStatus.SUCCESS;
      }
      int n = buffer.remaining();
      long end = offset + n;
      if (end > node.data.length) {
        node.data = Arrays.copyOf(node.data, (int) end);
      }
      buffer.get(node.data, (int) offset, n);
      ctx.setInformation(n);
      return NtStatus.SUCCESS;
    }
  }

  @Override
  public NtStatus queryFileInfo(RxContext ctx) {
    record("queryFileInfo");
    Fcb fcb = java.util.Objects.requireNonNull(ctx.fcb());
    Share share = shareOf(fcb.netRoot());
    if (share == null) {
      return NtStatus.UNEXPECTED_NETWORK_ERROR;
    }
    synchronized (share) {
      Node node = share.nodes.get(key(fcb.pathInShare()));
      if (node == null) {
        return NtStatus.OBJECT_NAME_NOT_FOUND;
      }
      switch (java.util.Objects.requireNonNull(ctx.info().fileInformationClass())) {
        case STANDARD:
          ctx.info().setResult(new FileInformation.Standard(
              node.data.length, node.data.length, 1, false, node.directory));
          return NtStatus.SUCCESS;
        case BASIC:
          ctx.info().setResult(new FileInformation.Basic(
              node.created, node.created, node.created, node.created, attributes(node)));
          return NtStatus.SUCCESS;
        default:
          return NtStatus.INVALID_PARAMETER;
      }
    }
  }

  @Override
  public NtStatus setFileInfo(RxContext ctx) {
    record("setFileInfo");
    Fcb fcb = java.util.Objects.requireNonNull(ctx.fcb());
    Share share = shareOf(fcb.netRoot());
    if (share == null) {
      return NtStatus.UNEXPECTED_NETWORK_ERROR;
    }
    FileInformation in = ctx.info().input();
    synchronized (share) {
      Node node = share.nodes.get(key(fcb.pathInShare()));
      if (node == null) {
        return NtStatus.OBJECT_NAME_NOT_FOUND;
      }
      if (in instanceof FileInformation.EndOfFile eof) {
        node.data = Arrays.copyOf(node.data, (int) eof.endOfFile());
        return NtStatus.SUCCESS;
      }
      if (in instanceof FileInformation.Disposition d && d.deleteFile()) {
        share.nodes.remove(key(fcb.pathInShare()));
        share.displayNames.remove(key(fcb.pathInShare()));
        return NtStatus.SUCCESS;
      }
      if (in instanceof FileInformation.Rename r) {
        String target = key(r.fileName());
        if (share.nodes.containsKey(target) && !r.replaceIfExists()) {
          return NtStatus.OBJECT_NAME_COLLISION;
        }
        share.nodes.remove(key(fcb.pathInShare()));
        share.displayNames.remove(key(fcb.pathInShare()));
        share.put(r.fileName(), node);
        return NtStatus.SUCCESS;
      }
      return NtStatus.INVALID_PARAMETER;
    }
  }

  @Override
  public NtStatus queryDirectory(RxContext ctx) {
    record("queryDirectory");
    Fcb fcb = java.util.Objects.requireNonNull(ctx.fcb());
    Share share = shareOf(fcb.netRoot());
    if (share == null) {
      return NtStatus.UNEXPECTED_NETWORK_ERROR;
    }
    if (!ctx.info().initialQuery() && !ctx.info().restartScan()) {
      return NtStatus.NO_MORE_FILES;
    }
    String dir = key(fcb.pathInShare());
    boolean any = false;
    synchronized (share) {
      for (Map.Entry<String, Node> e : share.nodes.entrySet()) {
        String k = e.getKey();
        if (k.isEmpty() || !k.startsWith(dir + "\\") || k.indexOf('\\', dir.length() + 1) >= 0) {
          continue;
        }
        String display = java.util.Objects.requireNonNullElse(share.displayNames.get(k), k);
        String name = display.substring(display.lastIndexOf('\\') + 1);
        Node n = e.getValue();
        any = true;
        if (!ctx.info().addDirectoryEntry(new FileDirectoryEntry(name, null, 0, n.created,
            n.created, n.created, n.created, n.data.length, n.data.length, attributes(n)))) {
          return NtStatus.BUFFER_OVERFLOW;
        }
      }
    }
    return any ? NtStatus.SUCCESS : NtStatus.NO_MORE_FILES;
  }

  @Override
  public NtStatus queryVolumeInfo(RxContext ctx) {
    record("queryVolumeInfo");
    ctx.info().setFsResult(new FsInformation.Volume("MEMORY", 0x1234));
    return NtStatus.SUCCESS;
  }

  // ---------------------------------------------------------------------------- helpers

  private @Nullable Share shareOf(NetRoot netRoot) {
    String name = netRoot.name();
    int sep = name.indexOf('\\', 1);
    if (sep < 0) {
      return null;
    }
    Map<String, Share> shares = servers.get(name.substring(1, sep).toUpperCase(Locale.ROOT));
    return shares == null ? null : shares.get(name.substring(sep + 1).toUpperCase(Locale.ROOT));
  }

  private static boolean parentExists(Share share, String key) {
    int sep = key.lastIndexOf('\\');
    String parent = sep <= 0 ? "" : key.substring(0, sep);
    Node n = share.nodes.get(parent);
    return n != null && n.directory;
  }

  private static int attributes(Node node) {
    int kind = node.directory ? FileAttribute.DIRECTORY.bit() : FileAttribute.ARCHIVE.bit();
    return node.readOnly ? kind | FileAttribute.READONLY.bit() : kind;
  }

  static String key(String path) {
    return path.toUpperCase(Locale.ROOT);
  }

  // ------------------------------------------------------ where create information goes (pitfall 14)

  /** Where {@code create} reports what it did (§6.4 step 5, §9 pitfall 14). */
  public enum CreateInformationPlace {
    /** The context's {@code ReturnedCreateInformation}, as RDBSS prefers. */
    CONTEXT,
    /** Only the information field, as the documentation says. */
    INFORMATION_FIELD,
    /** Both, disagreeing: the context says OVERWRITTEN, the information field the truth. */
    BOTH_DISAGREEING
  }

  private volatile CreateInformationPlace createInformationPlace = CreateInformationPlace.CONTEXT;

  /** Chooses where {@code create} reports its create information (default: the context). */
  public void reportCreateInformationIn(CreateInformationPlace place) {
    this.createInformationPlace = place;
  }

  private void reportCreateInformation(RxContext ctx, CreateInformation info) {
    switch (createInformationPlace) {
      case INFORMATION_FIELD:
        ctx.setInformation(info.value());
        break;
      case BOTH_DISAGREEING:
        ctx.setInformation(info.value());
        ctx.create().setReturnedCreateInformation(CreateInformation.OVERWRITTEN);
        break;
      default:
        ctx.create().setReturnedCreateInformation(info);
    }
  }
}
