package dev.rdbss.minirdr.csc;

import dev.rdbss.api.Credentials;
import dev.rdbss.api.NtStatus;
import dev.rdbss.api.StorageType;
import dev.rdbss.api.file.AccessMask;
import dev.rdbss.api.file.CreateDisposition;
import dev.rdbss.api.file.CreateInformation;
import dev.rdbss.api.file.CreateOption;
import dev.rdbss.api.file.FileAttribute;
import dev.rdbss.api.file.FileDirectoryEntry;
import dev.rdbss.api.file.FileInformation;
import dev.rdbss.api.file.FileInformationClass;
import dev.rdbss.api.file.FsInformation;
import dev.rdbss.api.file.NtCreateParameters;
import dev.rdbss.api.object.Fcb;
import dev.rdbss.api.object.FcbInitPacket;
import dev.rdbss.api.object.Fobx;
import dev.rdbss.api.object.NetRoot;
import dev.rdbss.api.object.SrvCall;
import dev.rdbss.api.object.SrvOpen;
import dev.rdbss.api.object.VNetRoot;
import dev.rdbss.api.spi.ControlContext;
import dev.rdbss.api.spi.CreateNetRootContext;
import dev.rdbss.api.spi.InformationContext;
import dev.rdbss.api.spi.LowIoOperation;
import dev.rdbss.api.spi.LowIoParameters;
import dev.rdbss.api.spi.MiniRedirector;
import dev.rdbss.api.spi.NetRootName;
import dev.rdbss.api.spi.Rdbss;
import dev.rdbss.api.spi.RxContext;
import dev.rdbss.api.spi.SrvCallCallbackContext;
import dev.rdbss.api.spi.WorkQueue;
import dev.rdbss.minirdr.csc.CscContexts.Listing;
import dev.rdbss.minirdr.csc.CscContexts.Open;
import dev.rdbss.minirdr.csc.CscContexts.Server;
import dev.rdbss.minirdr.csc.CscContexts.View;
import dev.rdbss.minirdr.csc.store.CacheEntry;
import dev.rdbss.minirdr.csc.store.CacheKey;
import dev.rdbss.minirdr.csc.store.CacheStore;
import dev.rdbss.minirdr.csc.store.EntryInfo;
import dev.rdbss.minirdr.csc.store.ServerVersion;
import dev.rdbss.minirdr.smb.client.OplockBreakListener;
import dev.rdbss.minirdr.smb.client.OplockLevel;
import dev.rdbss.minirdr.smb.client.SmbClient;
import dev.rdbss.minirdr.smb.client.SmbCreateRequest;
import dev.rdbss.minirdr.smb.client.SmbCreateResult;
import dev.rdbss.minirdr.smb.client.SmbFileId;
import dev.rdbss.minirdr.smb.client.SmbResult;
import dev.rdbss.minirdr.smb.client.SmbSession;
import dev.rdbss.minirdr.smb.client.SmbTree;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * The client-side-caching sample mini-redirector (issue 7, spec §4.1, §4.2): RDBSS's dispatch table
 * ({@code MINIRDR_DISPATCH}, §5.2) over the SMB sample's client, with a cache store under it.
 *
 * <h2>Two modes, one share at a time</h2>
 *
 * Each cached share is {@link ShareMode#ONLINE} or {@link ShareMode#OFFLINE}. Online, opens go to
 * the server through the SMB client, and what is read or written is also cached: a file opened
 * for reading is copied into the cache in full when the cached copy is missing or stale, and the
 * handle's writes, renames and deletes keep the copy current. Offline, create, read, write,
 * rename, delete, queries and listings are served from the cache, and every change is recorded in
 * the store's journal in the same SQLite transaction as the cache change.
 *
 * <p>A NET_ROOT never changes mode. Its context is the mode it was built in, and every view and
 * handle under it works in that mode. A transition ({@link Transitions}) takes the netname table lock
 * exclusively and calls {@code forceFinalizeAllVNetRoots} on the share's NET_ROOT (§4.1): every
 * handle opened before answers UNEXPECTED_NETWORK_ERROR except cleanup and close (§4.2), and the
 * next open builds a fresh NET_ROOT and V_NET_ROOT in the new mode. Drive mappings keep working
 * (ARCHITECTURE.md §3.4).
 *
 * <h2>Nothing written is lost at a transition</h2>
 *
 * This plugin grants no buffering state (no oplock is asked of the server, no caching flag is set
 * on a SRV_OPEN), so every write reaches {@link #lowIoSubmit} before the caller sees it succeed, and
 * is on the server (online) or committed to the cache and journal (offline) when it is
 * acknowledged. RDBSS's own flush at orphaning (§4.2 [S]) therefore finds nothing dirty, and a
 * SIGKILL cannot take an acknowledged offline write with it (issue 7 point 5). An online write that
 * finds the server gone is written into the cache and journal instead, and answered SUCCESS.
 *
 * <h2>Threads and locks</h2>
 *
 * A transport error seen inside an I/O call (which RDBSS runs with the FCB held) is posted to the
 * RDBSS worker: the transition needs the netname lock, which comes before any FCB in the lock order
 * (ARCHITECTURE.md §3.3). The commands of {@link CscControlCodes} that change a mode ask RDBSS to
 * re-run them on its worker (MORE_PROCESSING_REQUIRED with PostRequest, §5.1, §9 pitfall 15).
 */
public final class CscMiniRedirector implements MiniRedirector, AutoCloseable {

  private static final System.Logger LOG = System.getLogger(CscMiniRedirector.class.getName());

  /** Bytes asked for per READ when a file is copied into the cache. */
  private static final int FILL_CHUNK = 64 * 1024;

  private static final OplockBreakListener NO_BREAKS = (tree, fileId, level) -> {
    // No oplock is ever asked for; a server that breaks one anyway is answered at once.
    tree.acknowledgeOplockBreak(fileId, OplockLevel.NONE);
  };

  private final Rdbss rdbss;
  private final SmbClient client;
  private final boolean ownsClient;
  private final CacheStore store;
  private final CscCache cache;
  private final CscSettings settings;
  private final Map<String, ShareState> shares = new ConcurrentHashMap<>();
  /**
   * Credentials of each owner seen online, in memory only (never in the store): sync replays an
   * owner's journal as that owner, and an offline view checks a logon against them.
   */
  private final Map<String, Credentials> credentials = new ConcurrentHashMap<>();
  /** Which owner each logon id is (for commands, which carry a logon id and no credentials). */
  private final Map<Long, String> owners = new ConcurrentHashMap<>();
  private final Map<String, Boolean> reachableServers = new ConcurrentHashMap<>();
  private final Transitions transitions;
  private final Synchronizer synchronizer;
  /** The store's folder when the provider made a temporary one (no server cached); else null. */
  private final @Nullable Path throwawayFolder;

  CscMiniRedirector(
      Rdbss rdbss,
      SmbClient client,
      boolean ownsClient,
      CacheStore store,
      @Nullable Path throwawayFolder,
      CscSettings settings,
      List<SyncListener> listeners) {
    this.throwawayFolder = throwawayFolder;
    this.rdbss = rdbss;
    this.client = client;
    this.ownsClient = ownsClient;
    this.store = store;
    this.cache = new CscCache(store);
    this.settings = settings;
    this.synchronizer = new Synchronizer(client, cache, credentials, listeners);
    this.transitions = new Transitions(rdbss, client, synchronizer, settings.probeInterval());
  }

  /** The store under this redirector (tests look at the journal and conflicts through it). */
  public CacheStore store() {
    return store;
  }

  /**
   * The report of the last sync of a share ({@code \\server\share}), whoever started it (a
   * command, the probe, or the first online view of a logon with changes from an earlier run).
   */
  public Optional<SyncReport> lastSyncReport(String share) {
    return synchronizer.lastReport(share);
  }

  /** The status of every share this redirector knows, as {@link CscControlCodes#FSCTL_CSC_STATUS} answers. */
  public List<CscShareStatus> status() {
    List<CscShareStatus> all = new ArrayList<>();
    shares.values().stream()
        .sorted(java.util.Comparator.comparing(ShareState::unc))
        .forEach(s -> all.add(statusOf(s)));
    return all;
  }

  private CscShareStatus statusOf(ShareState s) {
    return new CscShareStatus(
        s.unc(),
        s.mode(),
        s.cause(),
        cache.pendingCount(s.server(), s.share()),
        cache.conflictCount(s.server(), s.share()),
        s.syncDone(),
        s.syncTotal());
  }

  // ------------------------------------------------------------------ start, stop, control (§5.1)

  /**
   * {@code MRxStart} (§5.1 step 4): a restarted redirector probes again for the shares that are
   * offline because their server was unreachable (a stop cancelled their probes).
   */
  @Override
  public NtStatus start(RxContext ctx) {
    shares.values().stream()
        .filter(s -> s.mode() == ShareMode.OFFLINE && s.cause() == ModeCause.UNREACHABLE)
        .forEach(transitions::armProbe);
    return NtStatus.SUCCESS;
  }

  /**
   * {@code MRxStop} (§5.1 step 5): no probe may fire for a stopped redirector. The store stays
   * open: it belongs to the redirector until the runtime drops it.
   */
  @Override
  public NtStatus stop(RxContext ctx) {
    shares.values().forEach(ShareState::cancelProbe);
    return NtStatus.SUCCESS;
  }

  /**
   * {@code MRxDevFcbXXXControlFile} (§5.1, §5.2): the commands of {@link CscControlCodes}. Status
   * answers at once on the caller's thread. Offline, online, sync and pin need the netname lock or
   * the network: outside the RDBSS worker they answer MORE_PROCESSING_REQUIRED with PostRequest
   * set, and RDBSS re-runs them there and waits (the posting rule of §5.1, pitfall 15). Any other
   * code answers NOT_IMPLEMENTED, leaving start and stop to RDBSS's default.
   */
  @Override
  public NtStatus devFcbXxxControlFile(RxContext ctx) {
    ControlContext control = ctx.control();
    int code = control.controlCode();
    boolean ours =
        code == CscControlCodes.FSCTL_CSC_STATUS
            || code == CscControlCodes.FSCTL_CSC_OFFLINE
            || code == CscControlCodes.FSCTL_CSC_ONLINE
            || code == CscControlCodes.FSCTL_CSC_SYNC
            || code == CscControlCodes.FSCTL_CSC_PIN;
    if (!ours) {
      return NtStatus.NOT_IMPLEMENTED;
    }
    String input = new String(control.input(), StandardCharsets.UTF_8).trim();
    if (code == CscControlCodes.FSCTL_CSC_STATUS) {
      StringBuilder out = new StringBuilder();
      if (input.isEmpty()) {
        status().forEach(s -> out.append(s.toLine()).append('\n'));
      } else {
        UncName name = UncName.parse(input);
        if (name == null) {
          return NtStatus.OBJECT_NAME_INVALID;
        }
        ShareState s = shares.get(ShareState.key(name.server(), name.share()));
        if (s == null) {
          return settings.caches(name.server()) ? NtStatus.OBJECT_NAME_NOT_FOUND : NtStatus.BAD_NETWORK_NAME;
        }
        out.append(statusOf(s).toLine()).append('\n');
      }
      return answer(control, out.toString());
    }
    if (control.outputBufferLength() < 256) {
      return NtStatus.BUFFER_TOO_SMALL; // checked before doing anything
    }
    if (!rdbss.isRdbssThread()) {
      ctx.setPostRequest(true);
      return NtStatus.MORE_PROCESSING_REQUIRED;
    }
    UncName name = UncName.parse(input);
    if (name == null) {
      return NtStatus.OBJECT_NAME_INVALID;
    }
    if (!settings.caches(name.server())) {
      return NtStatus.BAD_NETWORK_NAME;
    }
    ShareState share = shareState(name.server(), name.share());
    if (code == CscControlCodes.FSCTL_CSC_OFFLINE) {
      transitions.goOffline(share, ModeCause.REQUESTED);
      return answer(control, statusOf(share).toLine() + "\n");
    }
    if (code == CscControlCodes.FSCTL_CSC_ONLINE) {
      Transitions.Outcome outcome = transitions.goOnline(share, ModeCause.REQUESTED);
      if (!outcome.status().isSuccess()) {
        return outcome.status();
      }
      return answer(control, outcome.report().toText());
    }
    if (code == CscControlCodes.FSCTL_CSC_SYNC) {
      Synchronizer.Result result = synchronizer.sync(share);
      if (!result.status().isSuccess()) {
        if (Transitions.isUnreachable(result.status())) {
          transitions.goOffline(share, ModeCause.UNREACHABLE);
        }
        return result.status();
      }
      return answer(control, result.report().toText());
    }
    // FSCTL_CSC_PIN
    String owner = owners.get(ctx.logonId().value());
    if (owner == null) {
      return NtStatus.ACCESS_DENIED; // no credentials known for this logon in this runtime
    }
    if (share.mode() != ShareMode.ONLINE) {
      return NtStatus.NETWORK_UNREACHABLE;
    }
    SmbResult<Integer> pinned = pin(share, owner, name.path());
    if (!pinned.isSuccess()) {
      if (Transitions.isUnreachable(pinned.status())) {
        transitions.goOffline(share, ModeCause.UNREACHABLE);
      }
      return pinned.status();
    }
    return answer(control, pinned.get() + "\n");
  }

  private static NtStatus answer(ControlContext control, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    if (bytes.length > control.outputBufferLength()) {
      return NtStatus.BUFFER_TOO_SMALL;
    }
    control.setOutput(bytes);
    return NtStatus.SUCCESS;
  }

  /**
   * Pins a file or every file under a folder: copies it into the cache in full now, through a
   * session of the owner's own, and marks it pinned so that it is never evicted (issue 7 point 1).
   */
  private SmbResult<Integer> pin(ShareState share, String owner, String path) {
    Credentials who = credentials.get(owner);
    if (who == null) {
      return SmbResult.failure(NtStatus.ACCESS_DENIED);
    }
    SmbResult<SmbSession> session = await(client.connect(share.server(), who, NO_BREAKS));
    SmbSession s = session.valueOrNull();
    if (s == null) {
      return SmbResult.failure(session.status());
    }
    try {
      SmbResult<SmbTree> tree = await(s.treeConnect(share.share()));
      SmbTree t = tree.valueOrNull();
      if (t == null) {
        return SmbResult.failure(tree.status());
      }
      View view = new View(share, ShareMode.ONLINE, owner, who, s, t);
      return pinPath(view, t, path.isEmpty() ? "\\" : path);
    } finally {
      s.logoff();
    }
  }

  private SmbResult<Integer> pinPath(View view, SmbTree tree, String path) {
    boolean root = path.equals("\\");
    SmbResult<SmbCreateResult> opened =
        await(tree.create(treePath(path), SmbCreateRequest.of(readAnything())));
    SmbCreateResult created = opened.valueOrNull();
    if (created == null) {
      return SmbResult.failure(opened.status());
    }
    EntryInfo info = entryInfo(created.attributes());
    CacheKey key = view.key(path);
    try {
      if (!info.directory()) {
        SmbResult<byte[]> data = readAll(tree, created.fileId(), info.size());
        byte[] bytes = data.valueOrNull();
        if (bytes == null) {
          return SmbResult.failure(data.status());
        }
        cache.storeFile(key, info, bytes);
        cache.pin(key);
        return SmbResult.success(1);
      }
      if (!root) {
        cache.storeFolder(key, info);
      }
      cache.pin(key);
      SmbResult<List<FileDirectoryEntry>> listed = await(tree.queryDirectory(created.fileId(), "*"));
      List<FileDirectoryEntry> entries = listed.valueOrNull();
      if (entries == null) {
        return listed.status().equals(NtStatus.NO_SUCH_FILE)
            ? SmbResult.success(0)
            : SmbResult.failure(listed.status());
      }
      int files = 0;
      for (FileDirectoryEntry e : entries) {
        if (e.fileName().equals(".") || e.fileName().equals("..")) {
          continue;
        }
        SmbResult<Integer> child = pinPath(view, tree, key.child(e.fileName()).path());
        if (!child.isSuccess()) {
          return child;
        }
        files += child.get();
      }
      return SmbResult.success(files);
    } finally {
      tree.close(created.fileId());
    }
  }

  // ---------------------------------------------------------------- name resolution (§5.2, §6.3)

  /**
   * {@code MRxCreateSrvCall} (§5.2, §6.1, §9 pitfalls 1, 4): always PENDING, completed exactly once
   * on RDBSS's worker. A server this plugin is not configured to cache is refused with
   * BAD_NETWORK_PATH at once, so that MUP asks the next provider (the SMB sample): that is how the
   * plugin claims only its servers. A cached server is claimed whether or not it answers: if it
   * does not, its shares start offline.
   */
  @Override
  public NtStatus createSrvCall(SrvCall srvCall, SrvCallCallbackContext callback) {
    String server = stripLeadingSeparators(srvCall.name());
    if (!settings.caches(server)) {
      callback.complete(NtStatus.BAD_NETWORK_PATH, null);
      return NtStatus.PENDING;
    }
    Runnable probe =
        () -> {
          NtStatus reached = awaitStatus(client.probe(server));
          reachableServers.put(server.toLowerCase(Locale.ROOT), reached.isSuccess());
          callback.complete(NtStatus.SUCCESS, new Server(server));
        };
    if (rdbss.isRdbssThread()) {
      probe.run();
    } else {
      NtStatus posted = rdbss.postToWorker(WorkQueue.DELAYED, probe);
      if (!posted.isSuccess()) {
        callback.complete(posted, null);
      }
    }
    return NtStatus.PENDING;
  }

  /** {@code MRxSrvCallWinnerNotify} (§5.2): attaches the server and declares SMB's case rules. */
  @Override
  public NtStatus srvCallWinnerNotify(
      SrvCall srvCall, boolean thisMinirdrIsTheWinner, @Nullable Object recommunicateContext) {
    if (!(recommunicateContext instanceof Server)) {
      return NtStatus.UNEXPECTED_NETWORK_ERROR;
    }
    srvCall.setContext(recommunicateContext);
    srvCall.setCaseInsensitiveNetRoots(true);
    srvCall.setCaseInsensitiveFileNames(true);
    return NtStatus.SUCCESS;
  }

  /** {@code MRxFinalizeSrvCall} (§2.4, §9 pitfall 6): both context slots cleared. */
  @Override
  public void finalizeSrvCall(SrvCall srvCall, boolean force) {
    srvCall.setContext(null);
    srvCall.setContext2(null);
  }

  /** {@code MRxExtractNetRootName} (§5.2): the share is the first component after the server. */
  @Override
  public NetRootName extractNetRootName(String serverRelativePath, SrvCall srvCall) {
    return NetRootName.firstComponent(serverRelativePath);
  }

  /**
   * {@code MRxCreateVNetRoot} (§5.2, §6.3 step 3(c), §9 pitfalls 1, 2, 17): always PENDING,
   * completed exactly once on RDBSS's worker. A new NET_ROOT takes the share's current mode as its
   * context; a view takes its NET_ROOT's mode.
   *
   * <ul>
   *   <li>Online: an SMB session and tree with the view's credentials. If the owner has journal
   *       entries that could not be replayed before (their credentials were unknown), they are
   *       replayed now. When the server cannot be reached and the NET_ROOT is new, the share turns
   *       offline (its probe armed) and the view is built offline; on an existing online NET_ROOT
   *       the failure is answered and a transition is posted.
   *   <li>Offline: no network. A logon whose credentials differ from those its user had online in
   *       this runtime is refused (LOGON_FAILURE); the view sees only its owner's cache entries
   *       (issue 7 point 6).
   * </ul>
   */
  @Override
  public NtStatus createVNetRoot(CreateNetRootContext ctx) {
    VNetRoot vNetRoot = ctx.vNetRoot();
    NetRoot netRoot = ctx.netRoot();
    boolean newNetRoot = netRoot.context() == null;
    String server = stripLeadingSeparators(netRoot.srvCall().name());
    String shareName = lastComponent(netRoot.name());
    Runnable work =
        () -> {
          ShareState share = shareState(server, shareName);
          if (newNetRoot) {
            share.netRootName(netRoot.name());
          }
          ShareMode mode =
              netRoot.context() instanceof ShareMode ? (ShareMode) netRoot.context() : share.mode();
          Credentials who = vNetRoot.credentials();
          String owner = ownerOf(who);
          NtStatus status = NtStatus.UNEXPECTED_NETWORK_ERROR;
          View view = null;
          if (mode == ShareMode.ONLINE) {
            SmbResult<View> connected = connectView(share, owner, who);
            view = connected.valueOrNull();
            status = connected.status();
            if (view == null && Transitions.isUnreachable(status)) {
              if (newNetRoot) {
                share.setMode(ShareMode.OFFLINE, ModeCause.UNREACHABLE);
                transitions.armProbe(share);
                mode = ShareMode.OFFLINE;
              } else {
                transitions.postOffline(share, ModeCause.UNREACHABLE);
              }
            }
          }
          if (mode == ShareMode.OFFLINE) {
            Credentials known = credentials.get(owner);
            if (known != null && !known.sameAs(who)) {
              status = NtStatus.LOGON_FAILURE;
            } else {
              view = new View(share, ShareMode.OFFLINE, owner, copyOf(who), null, null);
              status = NtStatus.SUCCESS;
            }
          }
          if (view != null && ctx.isCancelled()) {
            teardown(view);
            view = null;
          }
          if (view != null) {
            owners.put(vNetRoot.logonId().value(), owner);
            vNetRoot.setContext(view);
          }
          if (newNetRoot) {
            netRoot.setContext(mode);
          }
          NtStatus netRootStatus =
              newNetRoot && !status.isSuccess() && !isCredentialFailure(status)
                  ? status
                  : NtStatus.SUCCESS;
          ctx.complete(status, netRootStatus);
        };
    if (rdbss.isRdbssThread()) {
      work.run();
    } else {
      NtStatus posted = rdbss.postToWorker(WorkQueue.DELAYED, work);
      if (!posted.isSuccess()) {
        ctx.complete(posted, NtStatus.SUCCESS);
      }
    }
    return NtStatus.PENDING;
  }

  private SmbResult<View> connectView(ShareState share, String owner, Credentials who) {
    SmbResult<SmbSession> session = await(client.connect(share.server(), who, NO_BREAKS));
    SmbSession s = session.valueOrNull();
    if (s == null) {
      return SmbResult.failure(session.status());
    }
    SmbResult<SmbTree> tree = await(s.treeConnect(share.share()));
    SmbTree t = tree.valueOrNull();
    if (t == null) {
      s.logoff();
      return SmbResult.failure(tree.status());
    }
    Credentials kept = copyOf(who);
    credentials.put(owner, kept);
    if (cache.pendingCount(share.server(), share.share(), owner) > 0) {
      // Changes this owner made offline in an earlier run, replayed now that we can act as them.
      synchronizer.sync(share);
    }
    return SmbResult.success(new View(share, ShareMode.ONLINE, owner, kept, s, t));
  }

  /**
   * {@code MRxFinalizeVNetRoot} (§2.4, §9 pitfalls 5, 7): ends the view's session, if any
   * (asynchronously). Independent of the NET_ROOT's finalization order.
   */
  @Override
  public void finalizeVNetRoot(VNetRoot vNetRoot, boolean force) {
    Object context = vNetRoot.context();
    if (context instanceof View) {
      teardown((View) context);
    }
    vNetRoot.setContext(null);
  }

  /** {@code MRxFinalizeNetRoot} (§2.4): drops the mode; the share's state stays with the plugin. */
  @Override
  public void finalizeNetRoot(NetRoot netRoot, boolean force) {
    netRoot.setContext(null);
  }

  private static void teardown(View view) {
    view.markFinalized();
    SmbSession session = view.session;
    if (session != null) {
      session.logoff();
    }
  }

  // ----------------------------------------------------------- create and close (§5.2, §6.4-6.7)

  /**
   * {@code MRxCreate} (§5.2, §6.4 step 5, §11). Online: the server opens the file (statuses pass
   * through), and a file opened for reading is copied into the cache when the cached copy is
   * missing or older than the server's (last-write time and size differ); a file created or
   * overwritten is cached empty. Offline: the cache answers, with the dispositions and statuses a
   * server would use (OBJECT_NAME_NOT_FOUND, OBJECT_PATH_NOT_FOUND, OBJECT_NAME_COLLISION,
   * FILE_IS_A_DIRECTORY, NOT_A_DIRECTORY); creations and overwrites are journaled. Either way:
   * {@code finishFcbInitialization}, {@code createNetFobx}, and the create information (pitfall 14).
   * No buffering state is granted (see the class comment).
   */
  @Override
  public NtStatus create(RxContext ctx) {
    Fcb fcb = Objects.requireNonNull(ctx.fcb(), "create without an FCB");
    SrvOpen srvOpen = Objects.requireNonNull(ctx.relevantSrvOpen(), "create without a SRV_OPEN");
    VNetRoot vNetRoot = ctx.create().vNetRoot();
    if (vNetRoot == null || !(vNetRoot.context() instanceof View)) {
      return NtStatus.BAD_NETWORK_PATH;
    }
    View view = (View) vNetRoot.context();
    if (view.isFinalized()) {
      return NtStatus.UNEXPECTED_NETWORK_ERROR; // the share changed mode while this open was on its way
    }
    String path = sharePath(ctx.create().pathInShare());
    NtCreateParameters parameters = ctx.create().parameters();
    Opened opened =
        view.mode == ShareMode.ONLINE
            ? createOnline(view, path, parameters)
            : createOffline(view, path, parameters);
    if (opened.open == null) {
      return opened.status;
    }
    Open open = opened.open;
    EntryInfo info = Objects.requireNonNull(opened.info);
    CscContexts.FcbOpens fcbOpens;
    if (fcb.context() instanceof CscContexts.FcbOpens) {
      fcbOpens = (CscContexts.FcbOpens) fcb.context();
    } else {
      fcbOpens = new CscContexts.FcbOpens();
      fcb.setContext(fcbOpens);
    }
    fcbOpens.opens.add(open);
    srvOpen.setContext(open);
    if (open.fileId != null) {
      srvOpen.setKey(open.fileId);
    }
    rdbss.finishFcbInitialization(
        fcb,
        info.directory() ? StorageType.DIRECTORY : StorageType.FILE,
        new FcbInitPacket(
            info.attributes(),
            1,
            info.creationTime(),
            info.lastAccessTime(),
            info.lastWriteTime(),
            info.changeTime(),
            info.size(),
            info.size(),
            info.size()));
    Fobx fobx = rdbss.createNetFobx(ctx, srvOpen);
    ctx.setFobx(fobx);
    ctx.create().setReturnedCreateInformation(Objects.requireNonNull(opened.createInformation));
    return NtStatus.SUCCESS;
  }

  /** The outcome of a create in either mode. */
  private static final class Opened {
    final NtStatus status;
    final @Nullable Open open;
    final @Nullable EntryInfo info;
    final @Nullable CreateInformation createInformation;

    Opened(NtStatus status, @Nullable Open open, @Nullable EntryInfo info,
        @Nullable CreateInformation createInformation) {
      this.status = status;
      this.open = open;
      this.info = info;
      this.createInformation = createInformation;
    }

    static Opened failed(NtStatus status) {
      return new Opened(status, null, null, null);
    }
  }

  private Opened createOnline(View view, String path, NtCreateParameters parameters) {
    SmbTree tree = Objects.requireNonNull(view.tree, "online view without a tree");
    SmbResult<SmbCreateResult> answer =
        await(tree.create(treePath(path), SmbCreateRequest.of(parameters)));
    SmbCreateResult created = answer.valueOrNull();
    if (created == null) {
      noteTransportFailure(view.share, answer.status());
      return Opened.failed(answer.status());
    }
    EntryInfo info = entryInfo(created.attributes());
    CacheKey key = view.key(path);
    boolean mirrored = false;
    try {
      mirrored = cacheOnOpen(view, tree, created, key, info, parameters);
    } catch (RuntimeException storeFailure) {
      // The cache is a copy: failing to keep it never fails the open the server granted.
      LOG.log(System.Logger.Level.WARNING, "caching " + key + " failed", storeFailure);
    }
    Open open = new Open(view, path, info.directory(), created.fileId(), mirrored);
    return new Opened(NtStatus.SUCCESS, open, info, created.createAction());
  }

  /**
   * What an online open puts in the cache (issue 7 point 1: "what is read or written is cached").
   *
   * @return whether the cache now holds a current, complete copy that the handle's writes keep
   *     current
   */
  private boolean cacheOnOpen(View view, SmbTree tree, SmbCreateResult created, CacheKey key,
      EntryInfo info, NtCreateParameters parameters) {
    if (key.isRoot()) {
      return false;
    }
    if (info.directory()) {
      cache.storeFolder(key, info);
      return false;
    }
    Optional<CacheEntry> cached = cache.lookup(key);
    if (cached.isPresent() && cached.get().dirty()) {
      // Offline changes of this owner are still waiting for sync: keep them, mirror nothing.
      return false;
    }
    ServerVersion version = ServerVersion.of(info);
    if (cached.isPresent()
        && cached.get().complete()
        && version.equals(cached.get().serverVersion())) {
      return true; // the copy is current
    }
    if (info.size() == 0) { // created, overwritten or simply empty: nothing to read
      cache.storeFile(key, info, new byte[0]);
      return true;
    }
    if ((parameters.desiredAccess() & (AccessMask.FILE_READ_DATA | AccessMask.GENERIC_READ
        | AccessMask.GENERIC_ALL)) == 0) {
      return false; // cannot read it through this open; it is cached when opened for reading
    }
    SmbResult<byte[]> data = readAll(tree, created.fileId(), info.size());
    byte[] bytes = data.valueOrNull();
    if (bytes == null) {
      noteTransportFailure(view.share, data.status());
      return false;
    }
    cache.storeFile(key, info, bytes);
    return true;
  }

  private Opened createOffline(View view, String path, NtCreateParameters parameters) {
    CacheKey key = view.key(path);
    boolean wantsDirectory = parameters.has(CreateOption.DIRECTORY_FILE);
    boolean wantsFile = parameters.has(CreateOption.NON_DIRECTORY_FILE);
    CreateDisposition disposition = parameters.disposition();
    Instant now = rdbss.clock().instant();
    if (key.isRoot()) {
      if (wantsFile) {
        return Opened.failed(NtStatus.FILE_IS_A_DIRECTORY);
      }
      EntryInfo root = cache.lookup(key).map(CacheEntry::info)
          .orElse(EntryInfo.newDirectory(Instant.EPOCH, FileAttribute.DIRECTORY.bit()));
      return new Opened(NtStatus.SUCCESS, new Open(view, path, true, null, true), root,
          CreateInformation.OPENED);
    }
    Optional<CacheEntry> existing = cache.lookup(key);
    if (existing.isPresent() && existing.get().directory() == false && !existing.get().complete()) {
      // Only part of it was ever read online: not available offline, as Windows says of a file
      // it never cached.
      existing = Optional.empty();
      if (disposition == CreateDisposition.CREATE || disposition == CreateDisposition.OPEN_IF) {
        return Opened.failed(NtStatus.ACCESS_DENIED);
      }
    }
    if (existing.isEmpty()) {
      CacheKey parent = key.parent();
      if (!parent.isRoot()) {
        Optional<CacheEntry> folder = cache.lookup(parent);
        if (folder.isEmpty() || !folder.get().directory()) {
          return Opened.failed(NtStatus.OBJECT_PATH_NOT_FOUND);
        }
      }
      if (disposition == CreateDisposition.OPEN || disposition == CreateDisposition.OVERWRITE) {
        return Opened.failed(NtStatus.OBJECT_NAME_NOT_FOUND);
      }
      int attributes = 0;
      for (FileAttribute a : parameters.fileAttributes()) {
        attributes |= a.bit();
      }
      CacheEntry made = wantsDirectory
          ? cache.createFolderOffline(key, attributes | FileAttribute.DIRECTORY.bit(), now)
          : cache.createFileOffline(key, attributes == 0 ? FileAttribute.NORMAL.bit() : attributes, now);
      Open open = new Open(view, made.key().path(), made.directory(), null, true);
      return new Opened(NtStatus.SUCCESS, open, made.info(), CreateInformation.CREATED);
    }
    CacheEntry entry = existing.get();
    if (disposition == CreateDisposition.CREATE) {
      return Opened.failed(NtStatus.OBJECT_NAME_COLLISION);
    }
    if (entry.directory() && wantsFile) {
      return Opened.failed(NtStatus.FILE_IS_A_DIRECTORY);
    }
    if (!entry.directory() && wantsDirectory) {
      return Opened.failed(NtStatus.NOT_A_DIRECTORY);
    }
    CreateInformation action = CreateInformation.OPENED;
    EntryInfo info = entry.info();
    if (!entry.directory()
        && (disposition == CreateDisposition.OVERWRITE
            || disposition == CreateDisposition.OVERWRITE_IF
            || disposition == CreateDisposition.SUPERSEDE)) {
      info = cache.setSizeOffline(key, 0, now).info();
      action = disposition == CreateDisposition.SUPERSEDE
          ? CreateInformation.SUPERSEDED
          : CreateInformation.OVERWRITTEN;
    }
    cache.touch(key);
    Open open = new Open(view, entry.key().path(), entry.directory(), null, true);
    return new Opened(NtStatus.SUCCESS, open, info, action);
  }

  /**
   * {@code MRxShouldTryToCollapseThisOpen} (§6.4, pitfall 11): never collapses; each handle is one
   * server open (online) or one cache open (offline), bound to its mode.
   */
  @Override
  public NtStatus shouldTryToCollapseThisOpen(RxContext ctx) {
    return NtStatus.MORE_PROCESSING_REQUIRED;
  }

  /** {@code MRxCleanupFobx} (§5.2, §6.6): nothing to tell anyone. Never RETRY. */
  @Override
  public NtStatus cleanupFobx(RxContext ctx) {
    return NtStatus.SUCCESS;
  }

  /**
   * {@code MRxCloseSrvOpen} (§5.2, §6.7). Online: the server open is closed, after the cache copy
   * learns the server's new version if this handle wrote (so a later offline edit is compared with
   * the right base). Offline: a delete asked for through the handle happens now, journaled. Never
   * RETRY; SUCCESS even when the server is gone (it dropped the open with the connection).
   */
  @Override
  public NtStatus closeSrvOpen(RxContext ctx) {
    SrvOpen srvOpen = ctx.relevantSrvOpen();
    if (srvOpen == null && ctx.fobx() != null) {
      srvOpen = ctx.fobx().srvOpen();
    }
    if (srvOpen != null && srvOpen.context() instanceof Open) {
      Open open = (Open) srvOpen.context();
      Fcb fcb = ctx.fcb();
      if (fcb != null && fcb.state().contains(dev.rdbss.api.FcbState.DELETE_ON_CLOSE)) {
        open.deleteOnClose = true; // a delete-on-close open or a disposition (RDBSS promoted it)
      }
      close(open);
    }
    return NtStatus.SUCCESS;
  }

  /** {@code MRxForceClosed} (§2.4, pitfall 7): the same close, idempotent. */
  @Override
  public NtStatus forceClosed(SrvOpen srvOpen) {
    if (srvOpen.context() instanceof Open) {
      close((Open) srvOpen.context());
    }
    return NtStatus.SUCCESS;
  }

  /**
   * {@code MRxDeallocateForFcb} (§5.2): the FCB is being freed. Closes whatever open of it is still
   * open: RDBSS frees the SRV_OPENs of an <em>orphaned</em> FCB (every transition orphans, §4.2)
   * without calling {@code closeSrvOpen} or {@code forceClosed}, and a server open left behind
   * would keep its share mode and block the sync's replay of the same file.
   */
  @Override
  public NtStatus deallocateForFcb(Fcb fcb) {
    Object context = fcb.context();
    if (context instanceof CscContexts.FcbOpens) {
      for (Open open : ((CscContexts.FcbOpens) context).opens) {
        close(open);
      }
    }
    fcb.setContext(null);
    return NtStatus.SUCCESS;
  }

  /** {@code MRxDeallocateForFobx} (pitfall 7): drops the listing. */
  @Override
  public NtStatus deallocateForFobx(Fobx fobx) {
    fobx.setContext(null);
    return NtStatus.SUCCESS;
  }

  private void close(Open open) {
    if (!open.markClosed()) {
      return;
    }
    try {
      if (open.mode() == ShareMode.OFFLINE) {
        if (open.deleteOnClose) {
          cache.deleteOffline(open.key());
        }
        return;
      }
      SmbTree tree = Objects.requireNonNull(open.view.tree);
      SmbFileId id = Objects.requireNonNull(open.fileId);
      NtStatus closed = await(tree.close(id));
      if (closed.isSuccess() && open.deleteOnClose) {
        cache.forget(open.key());
      } else if (closed.isSuccess() && open.wroteOnline && open.mirrored) {
        // The version is read after the close: servers set the last-write time of a written file
        // when its handle closes (Samba's delayed write time), and the next offline change must be
        // compared with that version, not an earlier one.
        SmbResult<SmbCreateResult> stat = await(tree.create(treePath(open.path),
            SmbCreateRequest.of(attributesOnly())));
        SmbCreateResult seen = stat.valueOrNull();
        if (seen != null) {
          tree.close(seen.fileId());
          cache.serverVersion(open.key(), ServerVersion.of(entryInfo(seen.attributes())));
        }
      }
    } catch (RuntimeException storeFailure) {
      LOG.log(System.Logger.Level.WARNING, "closing " + open.key() + " failed", storeFailure);
    }
  }

  /** {@code MRxFlush} (§5.2): online, the server flushes; offline, writes are already durable. */
  @Override
  public NtStatus flush(RxContext ctx) {
    Open open = openOf(ctx);
    if (open == null) {
      return NtStatus.UNEXPECTED_NETWORK_ERROR;
    }
    if (open.mode() == ShareMode.OFFLINE) {
      return NtStatus.SUCCESS;
    }
    NtStatus status = await(Objects.requireNonNull(open.view.tree).flush(Objects.requireNonNull(open.fileId)));
    noteTransportFailure(open.view.share, status);
    return status;
  }

  // ---------------------------------------------------------------------------- low I/O (§5.2)

  /**
   * {@code MRxLowIOSubmit[op]} (§5.2), answered synchronously. READ: the server (online) or the
   * cache (offline; END_OF_FILE at or past the end). WRITE: online, the server, and the cache copy
   * if current; when the server has become unreachable the bytes go into the cache and journal and
   * the write succeeds (nothing acknowledged is lost), and the transition is posted. Offline,
   * cache and journal in one transaction. Locks: the server's (online); offline there is no other
   * client, and RDBSS checks conflicts between local handles itself, so they are granted. CLEAROUT:
   * SUCCESS; FSCTL/IOCTL on files: NOT_SUPPORTED.
   */
  @Override
  public NtStatus lowIoSubmit(LowIoOperation operation, RxContext ctx) {
    if (operation == LowIoOperation.FSCTL || operation == LowIoOperation.IOCTL) {
      return NtStatus.NOT_SUPPORTED;
    }
    if (operation == LowIoOperation.CLEAROUT) {
      return NtStatus.SUCCESS;
    }
    Open open = openOf(ctx);
    if (open == null) {
      return NtStatus.UNEXPECTED_NETWORK_ERROR;
    }
    switch (operation) {
      case READ:
        return read(ctx, open);
      case WRITE:
        return write(ctx, open);
      case SHAREDLOCK:
      case EXCLUSIVELOCK:
      case UNLOCK:
      case UNLOCK_MULTIPLE:
        return open.mode() == ShareMode.OFFLINE ? NtStatus.SUCCESS : lockOnline(operation, ctx, open);
      default:
        return NtStatus.NOT_SUPPORTED;
    }
  }

  private NtStatus read(RxContext ctx, Open open) {
    LowIoParameters.ReadWrite p = ctx.lowIo().parameters(LowIoParameters.ReadWrite.class);
    byte[] data;
    if (open.mode() == ShareMode.OFFLINE) {
      Optional<CacheEntry> entry = cache.lookup(open.key());
      if (entry.isEmpty()) {
        return NtStatus.FILE_DELETED;
      }
      if (p.byteOffset() >= entry.get().size()) {
        return NtStatus.END_OF_FILE;
      }
      data = cache.read(open.key(), p.byteOffset(), p.byteCount());
    } else {
      SmbResult<byte[]> answer = await(Objects.requireNonNull(open.view.tree)
          .read(Objects.requireNonNull(open.fileId), p.byteOffset(), p.byteCount()));
      byte[] got = answer.valueOrNull();
      if (got == null) {
        noteTransportFailure(open.view.share, answer.status());
        return answer.status();
      }
      data = got;
    }
    int n = Math.min(data.length, p.byteCount());
    p.buffer().duplicate().put(data, 0, n);
    ctx.setInformation(n);
    return NtStatus.SUCCESS;
  }

  private NtStatus write(RxContext ctx, Open open) {
    LowIoParameters.ReadWrite p = ctx.lowIo().parameters(LowIoParameters.ReadWrite.class);
    ByteBuffer source = p.buffer().duplicate();
    byte[] data = new byte[Math.min(source.remaining(), p.byteCount())];
    source.get(data);
    Instant now = rdbss.clock().instant();
    if (open.mode() == ShareMode.OFFLINE) {
      cache.writeOffline(open.key(), p.byteOffset(), data, now);
      ctx.setInformation(data.length);
      return NtStatus.SUCCESS;
    }
    SmbResult<Integer> answer = await(Objects.requireNonNull(open.view.tree)
        .write(Objects.requireNonNull(open.fileId), p.byteOffset(), data));
    Integer written = answer.valueOrNull();
    if (written == null) {
      if (Transitions.isUnreachable(answer.status()) && open.mirrored) {
        // The server went away under the write: keep the bytes in the cache and journal, so the
        // sync brings them to the server (issue 7 point 2: nothing written is lost).
        cache.writeOffline(open.key(), p.byteOffset(), data, now);
        noteTransportFailure(open.view.share, answer.status());
        ctx.setInformation(data.length);
        return NtStatus.SUCCESS;
      }
      noteTransportFailure(open.view.share, answer.status());
      return answer.status();
    }
    open.wroteOnline = true;
    if (open.mirrored) {
      try {
        cache.writeClean(open.key(), p.byteOffset(), data, now);
      } catch (RuntimeException storeFailure) {
        open.mirrored = false;
        cache.forget(open.key()); // a copy that missed a write must not be served offline
      }
    }
    ctx.setInformation(written);
    return NtStatus.SUCCESS;
  }

  private NtStatus lockOnline(LowIoOperation operation, RxContext ctx, Open open) {
    SmbTree tree = Objects.requireNonNull(open.view.tree);
    SmbFileId id = Objects.requireNonNull(open.fileId);
    NtStatus status;
    if (operation == LowIoOperation.UNLOCK_MULTIPLE) {
      LowIoParameters.LockList p = ctx.lowIo().parameters(LowIoParameters.LockList.class);
      status = NtStatus.SUCCESS;
      for (LowIoParameters.LockRange r : p.ranges()) {
        NtStatus s = await(tree.unlock(id, new dev.rdbss.minirdr.smb.client.ByteRange(r.byteOffset(), r.length())));
        status = status.isSuccess() ? s : status;
      }
    } else {
      LowIoParameters.Lock p = ctx.lowIo().parameters(LowIoParameters.Lock.class);
      var range = new dev.rdbss.minirdr.smb.client.ByteRange(p.byteOffset(), p.length());
      status = operation == LowIoOperation.UNLOCK
          ? await(tree.unlock(id, range))
          : await(tree.lock(id, range, operation == LowIoOperation.EXCLUSIVELOCK, p.failImmediately()));
    }
    noteTransportFailure(open.view.share, status);
    return status;
  }

  // ------------------------------------------------------------------------ information (§5.2)

  /**
   * {@code MRxQueryFileInfo} (§5.2): the server's answer online; offline, the cached metadata as
   * BASIC, STANDARD, INTERNAL (the store's entry id) and NETWORK_OPEN.
   */
  @Override
  public NtStatus queryFileInfo(RxContext ctx) {
    Open open = openOf(ctx);
    if (open == null) {
      return NtStatus.UNEXPECTED_NETWORK_ERROR;
    }
    FileInformationClass asked = ctx.info().fileInformationClass();
    if (asked == null) {
      return NtStatus.INVALID_PARAMETER;
    }
    if (open.mode() == ShareMode.ONLINE) {
      SmbResult<FileInformation> answer =
          await(Objects.requireNonNull(open.view.tree).queryInfo(Objects.requireNonNull(open.fileId), asked));
      FileInformation information = answer.valueOrNull();
      if (information == null) {
        noteTransportFailure(open.view.share, answer.status());
        return answer.status();
      }
      ctx.info().setResult(information);
      return answer.status();
    }
    CacheKey key = open.key();
    Optional<CacheEntry> found = key.isRoot() ? cache.lookup(key) : cache.lookup(key);
    EntryInfo i = found.map(CacheEntry::info)
        .orElse(key.isRoot() ? EntryInfo.newDirectory(Instant.EPOCH, FileAttribute.DIRECTORY.bit()) : null);
    if (i == null) {
      return NtStatus.FILE_DELETED;
    }
    FileInformation answer;
    switch (asked) {
      case BASIC:
        answer = new FileInformation.Basic(i.creationTime(), i.lastAccessTime(), i.lastWriteTime(),
            i.changeTime(), i.attributes());
        break;
      case STANDARD:
        answer = new FileInformation.Standard(i.size(), i.size(), 1, open.deleteOnClose, i.directory());
        break;
      case INTERNAL:
        answer = new FileInformation.Internal(found.map(CacheEntry::id).orElse(0L));
        break;
      case NETWORK_OPEN:
        answer = new FileInformation.NetworkOpen(i.creationTime(), i.lastAccessTime(),
            i.lastWriteTime(), i.changeTime(), i.size(), i.size(), i.attributes());
        break;
      default:
        return NtStatus.INVALID_PARAMETER;
    }
    ctx.info().setResult(answer);
    return NtStatus.SUCCESS;
  }

  /**
   * {@code MRxSetFileInfo} (§5.2): rename (same share; OBJECT_NAME_COLLISION unless replacing),
   * disposition (delete at close), end of file, basic information. Online the server decides and
   * the cache follows; offline the cache decides and the journal records it.
   */
  @Override
  public NtStatus setFileInfo(RxContext ctx) {
    Open open = openOf(ctx);
    if (open == null) {
      return NtStatus.UNEXPECTED_NETWORK_ERROR;
    }
    FileInformation input = ctx.info().input();
    if (input == null) {
      return NtStatus.INVALID_PARAMETER;
    }
    if (input instanceof FileInformation.Rename) {
      FileInformation.Rename r = (FileInformation.Rename) input;
      input = new FileInformation.Rename(r.replaceIfExists(), sharePath(r.fileName()));
    }
    if (open.mode() == ShareMode.OFFLINE) {
      return setFileInfoOffline(open, input);
    }
    NtStatus status = await(Objects.requireNonNull(open.view.tree).setInfo(Objects.requireNonNull(open.fileId),
        input instanceof FileInformation.Rename
            ? new FileInformation.Rename(((FileInformation.Rename) input).replaceIfExists(),
                treePath(((FileInformation.Rename) input).fileName()))
            : input));
    noteTransportFailure(open.view.share, status);
    if (!status.isSuccess()) {
      return status;
    }
    try {
      if (input instanceof FileInformation.Rename) {
        String target = ((FileInformation.Rename) input).fileName();
        cache.renameClean(open.key(), target);
        open.path = target;
      } else if (input instanceof FileInformation.Disposition) {
        open.deleteOnClose = ((FileInformation.Disposition) input).deleteFile();
      } else if (input instanceof FileInformation.EndOfFile && open.mirrored) {
        cache.setSizeClean(open.key(), ((FileInformation.EndOfFile) input).endOfFile(), rdbss.clock().instant());
        open.wroteOnline = true;
      }
    } catch (RuntimeException storeFailure) {
      open.mirrored = false;
      cache.forget(open.key());
    }
    return status;
  }

  private NtStatus setFileInfoOffline(Open open, FileInformation input) {
    Instant now = rdbss.clock().instant();
    if (input instanceof FileInformation.Rename) {
      FileInformation.Rename r = (FileInformation.Rename) input;
      NtStatus status = cache.renameOffline(open.key(), r.fileName(), r.replaceIfExists());
      if (status.isSuccess()) {
        open.path = open.view.key(r.fileName()).path();
      }
      return status;
    }
    if (input instanceof FileInformation.Disposition) {
      boolean delete = ((FileInformation.Disposition) input).deleteFile();
      if (delete && open.directory && !cache.children(open.key()).isEmpty()) {
        return NtStatus.DIRECTORY_NOT_EMPTY;
      }
      open.deleteOnClose = delete;
      return NtStatus.SUCCESS;
    }
    if (input instanceof FileInformation.EndOfFile) {
      if (open.directory) {
        return NtStatus.INVALID_PARAMETER;
      }
      cache.setSizeOffline(open.key(), ((FileInformation.EndOfFile) input).endOfFile(), now);
      return NtStatus.SUCCESS;
    }
    if (input instanceof FileInformation.Basic || input instanceof FileInformation.Allocation) {
      return NtStatus.SUCCESS; // times and allocation are the server's to keep; accepted, not journaled
    }
    return NtStatus.INVALID_PARAMETER;
  }

  /**
   * {@code MRxQueryDirectory} (§5.2): lists once per scan (the server's listing online; the
   * owner's cached children offline, {@code .} and {@code ..} included as a server lists them),
   * then returns as many entries as fit; NO_SUCH_FILE when a pattern matches nothing,
   * NO_MORE_FILES at the end.
   */
  @Override
  public NtStatus queryDirectory(RxContext ctx) {
    Open open = openOf(ctx);
    Fobx fobx = ctx.fobx();
    if (open == null || fobx == null) {
      return NtStatus.UNEXPECTED_NETWORK_ERROR;
    }
    InformationContext info = ctx.info();
    Listing listing = fobx.context() instanceof Listing ? (Listing) fobx.context() : null;
    if (listing == null || info.initialQuery() || info.restartScan()) {
      String pattern = info.fileNamePattern() == null ? "*" : info.fileNamePattern();
      List<FileDirectoryEntry> entries;
      if (open.mode() == ShareMode.ONLINE) {
        SmbResult<List<FileDirectoryEntry>> answer =
            await(Objects.requireNonNull(open.view.tree).queryDirectory(Objects.requireNonNull(open.fileId), pattern));
        List<FileDirectoryEntry> got = answer.valueOrNull();
        if (got == null) {
          noteTransportFailure(open.view.share, answer.status());
          return answer.status();
        }
        entries = got;
      } else {
        entries = listOffline(open, pattern);
        if (entries.isEmpty()) {
          return NtStatus.NO_SUCH_FILE;
        }
      }
      listing = new Listing(List.copyOf(entries));
      fobx.setContext(listing);
    }
    if (listing.next >= listing.entries.size()) {
      return NtStatus.NO_MORE_FILES;
    }
    int added = 0;
    while (listing.next < listing.entries.size()) {
      if (!info.addDirectoryEntry(listing.entries.get(listing.next))) {
        return added == 0 ? NtStatus.BUFFER_OVERFLOW : NtStatus.SUCCESS;
      }
      listing.next++;
      added++;
      if (info.returnSingleEntry()) {
        break;
      }
    }
    return NtStatus.SUCCESS;
  }

  private List<FileDirectoryEntry> listOffline(Open open, String pattern) {
    List<FileDirectoryEntry> entries = new ArrayList<>();
    EntryInfo self = cache.lookup(open.key()).map(CacheEntry::info)
        .orElse(EntryInfo.newDirectory(Instant.EPOCH, FileAttribute.DIRECTORY.bit()));
    for (String dot : List.of(".", "..")) {
      if (Wildcards.matches(pattern, dot)) {
        entries.add(directoryEntry(dot, 0, self));
      }
    }
    for (CacheEntry child : cache.children(open.key())) {
      if (!child.directory() && !child.complete()) {
        continue; // not available offline
      }
      String name = child.key().name();
      if (Wildcards.matches(pattern, name)) {
        entries.add(directoryEntry(name, child.id(), child.info()));
      }
    }
    return entries;
  }

  private static FileDirectoryEntry directoryEntry(String name, long index, EntryInfo i) {
    return new FileDirectoryEntry(name, null, index, i.creationTime(), i.lastAccessTime(),
        i.lastWriteTime(), i.changeTime(), i.size(), i.size(), i.attributes());
  }

  /** {@code MRxQueryVolumeInfo} (§5.2): the label (the share's name) and the file system's attributes. */
  @Override
  public NtStatus queryVolumeInfo(RxContext ctx) {
    Open open = openOf(ctx);
    Class<? extends FsInformation> asked = ctx.info().fsInformationClass();
    if (asked == FsInformation.Volume.class) {
      String label = open == null ? "" : open.view.share.share();
      ctx.info().setFsResult(new FsInformation.Volume(label, label.hashCode()));
      return NtStatus.SUCCESS;
    }
    if (asked == FsInformation.Attribute.class) {
      ctx.info().setFsResult(new FsInformation.Attribute(0x2 | 0x4, 255, "CSC"));
      return NtStatus.SUCCESS;
    }
    return NtStatus.NOT_SUPPORTED;
  }

  // ----------------------------------------------------------------------------- helpers

  /** Turns a transport failure seen in an I/O call into a transition, posted to the worker. */
  private void noteTransportFailure(ShareState share, NtStatus status) {
    if (Transitions.isUnreachable(status)) {
      transitions.postOffline(share, ModeCause.UNREACHABLE);
    }
  }

  ShareState shareState(String server, String share) {
    return shares.computeIfAbsent(
        ShareState.key(server, share),
        k -> new ShareState(
            server,
            share,
            reachableServers.getOrDefault(server.toLowerCase(Locale.ROOT), true)
                ? ShareMode.ONLINE
                : ShareMode.OFFLINE));
  }

  /** The owner of cache entries: the logon's qualified user name (stable across restarts). */
  static String ownerOf(Credentials who) {
    return who.qualifiedUserName().toLowerCase(Locale.ROOT);
  }

  private static Credentials copyOf(Credentials who) {
    return Credentials.of(who.userName(), who.domain(), who.password().clone());
  }

  private static @Nullable Open openOf(RxContext ctx) {
    Fobx fobx = ctx.fobx();
    SrvOpen srvOpen = fobx != null ? fobx.srvOpen() : ctx.relevantSrvOpen();
    if (srvOpen == null) {
      return null;
    }
    Object context = srvOpen.context();
    return context instanceof Open ? (Open) context : null;
  }

  static EntryInfo entryInfo(FileInformation.NetworkOpen a) {
    boolean directory = (a.fileAttributes() & FileAttribute.DIRECTORY.bit()) != 0;
    return new EntryInfo(directory, directory ? 0 : a.endOfFile(), a.creationTime(),
        a.lastAccessTime(), a.lastWriteTime(), a.changeTime(), a.fileAttributes());
  }

  private static NtCreateParameters attributesOnly() {
    return new NtCreateParameters(
        AccessMask.FILE_READ_ATTRIBUTES | AccessMask.SYNCHRONIZE,
        0,
        java.util.EnumSet.of(FileAttribute.NORMAL),
        java.util.EnumSet.allOf(dev.rdbss.api.file.ShareAccess.class),
        CreateDisposition.OPEN,
        java.util.EnumSet.noneOf(CreateOption.class));
  }

  private static NtCreateParameters readAnything() {
    return new NtCreateParameters(
        AccessMask.FILE_GENERIC_READ,
        0,
        java.util.EnumSet.of(FileAttribute.NORMAL),
        java.util.EnumSet.allOf(dev.rdbss.api.file.ShareAccess.class),
        CreateDisposition.OPEN,
        java.util.EnumSet.noneOf(CreateOption.class));
  }

  /** Reads a whole file through an open, chunk by chunk. */
  static SmbResult<byte[]> readAll(SmbTree tree, SmbFileId id, long size) {
    ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(size, Integer.MAX_VALUE - 8));
    long offset = 0;
    while (offset < size) {
      SmbResult<byte[]> chunk = await(tree.read(id, offset, (int) Math.min(FILL_CHUNK, size - offset)));
      byte[] bytes = chunk.valueOrNull();
      if (bytes == null) {
        if (chunk.status().equals(NtStatus.END_OF_FILE)) {
          break;
        }
        return SmbResult.failure(chunk.status());
      }
      if (bytes.length == 0) {
        break;
      }
      out.write(bytes, 0, bytes.length);
      offset += bytes.length;
    }
    return SmbResult.success(out.toByteArray());
  }

  /** {@code \dir\f.txt} from RDBSS's path in share (empty for the root becomes {@code \}). */
  static String sharePath(String pathInShare) {
    String p = pathInShare.replace('/', '\\');
    if (!p.startsWith("\\")) {
      p = "\\" + p;
    }
    while (p.length() > 1 && p.endsWith("\\")) {
      p = p.substring(0, p.length() - 1);
    }
    return p;
  }

  /** The SMB client's form of a path: no leading separator, {@code ""} for the root. */
  static String treePath(String sharePath) {
    return stripLeadingSeparators(sharePath);
  }

  static String stripLeadingSeparators(String path) {
    int i = 0;
    while (i < path.length() && path.charAt(i) == '\\') {
      i++;
    }
    return path.substring(i);
  }

  private static String lastComponent(String name) {
    return name.substring(name.lastIndexOf('\\') + 1);
  }

  private static boolean isCredentialFailure(NtStatus status) {
    return status.equals(NtStatus.LOGON_FAILURE)
        || status.equals(NtStatus.ACCESS_DENIED)
        || status.equals(NtStatus.NETWORK_ACCESS_DENIED);
  }

  static <T> T await(CompletableFuture<T> future) {
    try {
      return future.join();
    } catch (CompletionException e) {
      throw new IllegalStateException("the SMB transport failed instead of answering a status", e);
    }
  }

  private static NtStatus awaitStatus(CompletableFuture<NtStatus> future) {
    return future.handle((s, e) -> s != null ? s : NtStatus.UNEXPECTED_NETWORK_ERROR).join();
  }

  /**
   * Releases the transport (if the provider built it) and the store (its folder lock, so that
   * another runtime may open the cache), when the runtime unregisters the plugin. Idempotent.
   */
  @Override
  public void close() {
    shares.values().forEach(ShareState::cancelProbe);
    if (ownsClient) {
      client.close();
    }
    try {
      store.close();
    } catch (IOException e) {
      LOG.log(System.Logger.Level.WARNING, "closing the cache store failed", e);
    }
    Path folder = throwawayFolder;
    if (folder != null) {
      deleteTree(folder);
    }
  }

  /** Deletes a temporary cache folder and everything in it; a failure is logged, never thrown. */
  static void deleteTree(Path folder) {
    try (Stream<Path> all = Files.walk(folder)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      LOG.log(System.Logger.Level.WARNING, "could not delete the temporary cache " + folder, e);
    }
  }

  @Override
  public String toString() {
    return "CscMiniRedirector[" + client.transportName() + ", servers " + settings.servers() + "]";
  }
}
