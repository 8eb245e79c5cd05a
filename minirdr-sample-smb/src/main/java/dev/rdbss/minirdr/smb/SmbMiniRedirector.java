package dev.rdbss.minirdr.smb;

import dev.rdbss.api.FcbState;
import dev.rdbss.api.NtStatus;
import dev.rdbss.api.StorageType;
import dev.rdbss.api.file.AccessMask;
import dev.rdbss.api.file.CreateOption;
import dev.rdbss.api.file.FileAttribute;
import dev.rdbss.api.file.FileDirectoryEntry;
import dev.rdbss.api.file.FileInformation;
import dev.rdbss.api.file.FileInformationClass;
import dev.rdbss.api.file.FsInformation;
import dev.rdbss.api.io.ChangeNotification;
import dev.rdbss.api.object.Fcb;
import dev.rdbss.api.object.FcbInitPacket;
import dev.rdbss.api.object.Fobx;
import dev.rdbss.api.object.NetRoot;
import dev.rdbss.api.object.SrvCall;
import dev.rdbss.api.object.SrvOpen;
import dev.rdbss.api.object.VNetRoot;
import dev.rdbss.api.spi.Capability;
import dev.rdbss.api.spi.ControlContext;
import dev.rdbss.api.spi.CreateNetRootContext;
import dev.rdbss.api.spi.InformationContext;
import dev.rdbss.api.spi.LowIoOperation;
import dev.rdbss.api.spi.LowIoParameters;
import dev.rdbss.api.spi.MiniRedirector;
import dev.rdbss.api.spi.NetRootName;
import dev.rdbss.api.spi.Out;
import dev.rdbss.api.spi.Rdbss;
import dev.rdbss.api.spi.RxContext;
import dev.rdbss.api.spi.SrvCallCallbackContext;
import dev.rdbss.api.spi.WorkQueue;
import dev.rdbss.minirdr.smb.SmbContexts.FcbOpens;
import dev.rdbss.minirdr.smb.SmbContexts.Listing;
import dev.rdbss.minirdr.smb.SmbContexts.Open;
import dev.rdbss.minirdr.smb.SmbContexts.Server;
import dev.rdbss.minirdr.smb.SmbContexts.Share;
import dev.rdbss.minirdr.smb.SmbContexts.View;
import dev.rdbss.minirdr.smb.client.ByteRange;
import dev.rdbss.minirdr.smb.client.OplockBreakListener;
import dev.rdbss.minirdr.smb.client.OplockLevel;
import dev.rdbss.minirdr.smb.client.SmbClient;
import dev.rdbss.minirdr.smb.client.SmbCreateRequest;
import dev.rdbss.minirdr.smb.client.SmbCreateResult;
import dev.rdbss.minirdr.smb.client.SmbFileId;
import dev.rdbss.minirdr.smb.client.SmbResult;
import dev.rdbss.minirdr.smb.client.SmbSession;
import dev.rdbss.minirdr.smb.client.SmbTree;
import dev.rdbss.minirdr.smb.sim.SimNetwork;
import dev.rdbss.minirdr.smb.sim.SimServer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The SMB sample mini-redirector: RDBSS's dispatch table ({@code MINIRDR_DISPATCH}, spec §5.2)
 * over the {@link SmbClient} transport interface. This is the template plugin authors copy, so
 * every entry says what RDBSS expects of it and where the spec says so.
 *
 * <h2>How RDBSS objects map onto SMB</h2>
 *
 * <ul>
 *   <li>SRV_CALL = a server. {@link #createSrvCall} only checks the server can be reached (SMB2
 *       NEGOTIATE): a SRV_CALL has no user, so it cannot hold a session.
 *   <li>NET_ROOT = a share; V_NET_ROOT = one logon's view of it, holding that logon's SMB session
 *       and tree ({@link #createVNetRoot}): credentials come from the V_NET_ROOT, never from
 *       settings.
 *   <li>SRV_OPEN = one server open; its {@code key} is the server's file id, the key oplock
 *       breaks name (§7.3). FOBX = one handle.
 * </ul>
 *
 * <h2>A lost connection (§8)</h2>
 *
 * The request that sees the connection go answers one of §8's statuses: CONNECTION_RESET for a
 * connection the transport lost ({@link #toRdbss}), IO_TIMEOUT for a server silent beyond the
 * transport's request timeout; and the view marks its tree lost. Later requests on handles opened on that tree
 * answer UNEXPECTED_NETWORK_ERROR without reaching the server (their file ids died with the
 * connection, as RDBSS answers for orphaned handles); their cleanup and close succeed. The next
 * open through the view sets up a new session and tree with the view's credentials: that is the
 * reconnection. The SRV_CALL stays Good throughout, on purpose: it owns no connection, so there is
 * nothing in it to repair, and tearing it down would leave a Bad SRV_CALL that RDBSS caches
 * negatively until the scavenger runs (§6.3, §9 pitfall 18), failing every open meanwhile. Only a
 * server that cannot be reached at all makes a Bad SRV_CALL (BAD_NETWORK_PATH), and that one is
 * meant to be cached.
 *
 * <h2>Threads</h2>
 *
 * Creation entries answer PENDING and complete from the transport's thread or RDBSS's worker,
 * never from the caller's thread (§9 pitfalls 1, 4). Low I/O completes synchronously when the
 * transport already answered, else answers PENDING and completes through
 * {@link Rdbss#lowIoCompletion} from the transport's thread. File creates, queries and sets wait
 * for the transport: RDBSS calls them synchronously (§5.2), and the transport bounds every wait.
 */
public final class SmbMiniRedirector implements MiniRedirector {

  private static final System.Logger LOG = System.getLogger(SmbMiniRedirector.class.getName());

  private static final Set<FcbState> FULL_CACHING =
      Collections.unmodifiableSet(
          EnumSet.of(
              FcbState.READCACHING,
              FcbState.READBUFFERING,
              FcbState.WRITECACHING,
              FcbState.WRITEBUFFERING,
              FcbState.FILESIZECACHEING,
              FcbState.FILETIMECACHEING));

  private static final Set<FcbState> READ_CACHING =
      Collections.unmodifiableSet(EnumSet.of(FcbState.READCACHING, FcbState.READBUFFERING));

  private final Rdbss rdbss;
  private final SmbClient client;
  private final @Nullable SimNetwork simNetwork;

  /**
   * A mini-redirector over {@code client}.
   *
   * @param rdbss the routines RDBSS offers
   * @param client the transport; closed with nothing here (its owner closes it)
   * @param simNetwork the simulated network behind {@code client} when it is the {@code sim}
   *     transport (for the fault-injection controls), else {@code null}
   */
  public SmbMiniRedirector(Rdbss rdbss, SmbClient client, @Nullable SimNetwork simNetwork) {
    this.rdbss = rdbss;
    this.client = client;
    this.simNetwork = simNetwork;
  }

  /** The transport. */
  public SmbClient client() {
    return client;
  }

  /** The simulated network, for a host that builds servers and injects faults; empty on smb2. */
  public java.util.Optional<SimNetwork> simNetwork() {
    return java.util.Optional.ofNullable(simNetwork);
  }

  // ------------------------------------------------------------------ start, stop, control (§5.1)

  /**
   * {@code MRxDevFcbXXXControlFile} (§5.1, §5.2): an FSCTL or IOCTL on the device FCB. RDBSS expects
   * SUCCESS or an error, never PENDING with a request to post (pitfall 15). This entry serves the
   * private controls of {@link SmbControlCodes} (fault injection on the simulated server, documented
   * there) and answers NOT_IMPLEMENTED for every other code, which lets RDBSS apply its default:
   * START and STOP through {@code startMinirdr}/{@code stopMinirdr}, with §5.1's posting rule
   * handled there. Runs on the caller's thread; it only touches the simulated server's fault
   * switches, which never block.
   */
  @Override
  public NtStatus devFcbXxxControlFile(RxContext ctx) {
    ControlContext control = ctx.control();
    int code = control.controlCode();
    if (!SmbControlCodes.isSimControl(code)) {
      return NtStatus.NOT_IMPLEMENTED;
    }
    SimNetwork network = simNetwork;
    if (network == null) {
      return NtStatus.NOT_SUPPORTED;
    }
    String[] fields = new String(control.input(), StandardCharsets.UTF_8).split("\\|", -1);
    SimServer server = network.server(fields[0]).orElse(null);
    if (server == null) {
      return NtStatus.BAD_NETWORK_PATH;
    }
    try {
      return applyFault(server, code, fields);
    } catch (IllegalArgumentException malformed) { // NumberFormatException included
      return NtStatus.INVALID_PARAMETER;
    }
  }

  private static NtStatus applyFault(SimServer server, int code, String[] fields) {
    if (code == SmbControlCodes.FSCTL_SMB_SIM_LATENCY && fields.length == 2) {
      server.faults().latency(Duration.ofMillis(Long.parseLong(fields[1].trim())));
    } else if (code == SmbControlCodes.FSCTL_SMB_SIM_DISCONNECT_AT && fields.length == 2) {
      server.faults().disconnectAtRequest(Long.parseLong(fields[1].trim()));
    } else if (code == SmbControlCodes.FSCTL_SMB_SIM_FAIL_PATH && fields.length == 4) {
      String hex = fields[3].trim().toLowerCase(java.util.Locale.ROOT);
      int status = Integer.parseUnsignedInt(hex.startsWith("0x") ? hex.substring(2) : hex, 16);
      server.faults().failPath(fields[1], stripLeadingSeparators(fields[2]), NtStatus.of(status));
    } else if (code == SmbControlCodes.FSCTL_SMB_SIM_CLEAR_PATH && fields.length == 3) {
      server.faults().clearPath(fields[1], stripLeadingSeparators(fields[2]));
    } else if (code == SmbControlCodes.FSCTL_SMB_SIM_CLEAR_FAULTS && fields.length == 1) {
      server.faults().clear();
    } else if (code == SmbControlCodes.FSCTL_SMB_SIM_RESTART && fields.length == 1) {
      server.restart();
    } else {
      return NtStatus.INVALID_PARAMETER;
    }
    return NtStatus.SUCCESS;
  }

  // ---------------------------------------------------------------- name resolution (§5.2, §6.3)

  /**
   * {@code MRxCreateSrvCall} (§5.2, §6.3 step 3(a), §9 pitfalls 1 and 4): always answers PENDING and
   * completes the callback exactly once, even on an immediate failure. The work runs on RDBSS's
   * worker (RDBSS calls this entry there; if not, it is posted there), never on the caller's
   * thread. It only negotiates with the server: SUCCESS with a {@link Server} context for the
   * winner notification, or the transport's status passed through — BAD_NETWORK_PATH for an unknown
   * or unreachable server, which RDBSS then caches as a Bad SRV_CALL until scavenged (pitfall 18).
   */
  @Override
  public NtStatus createSrvCall(SrvCall srvCall, SrvCallCallbackContext callback) {
    String server = stripLeadingSeparators(srvCall.name());
    Runnable probe =
        () ->
            safelyStatus(client.probe(server))
                .thenApply(SmbMiniRedirector::toRdbss)
                .thenAccept(
                    status ->
                        callback.complete(status, status.isSuccess() ? new Server(server) : null));
    if (rdbss.isRdbssThread()) {
      probe.run();
    } else {
      NtStatus posted = rdbss.postToWorker(WorkQueue.DELAYED, probe);
      if (!posted.isSuccess()) {
        callback.complete(posted, null); // the work will not run: complete now, still exactly once
      }
    }
    return NtStatus.PENDING;
  }

  /**
   * {@code MRxSrvCallWinnerNotify} (§5.2): called once after a successful {@link #createSrvCall};
   * attaches the {@link Server} context and declares SMB's case rules (share and file names are
   * case-insensitive, §3.2 matching). Any other answer would mark the SRV_CALL Bad.
   */
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

  /**
   * {@code MRxFinalizeSrvCall} (§2.4, §5.2, §9 pitfall 6): the server is forgotten. Both context
   * slots must be cleared (RDBSS asserts on free). There is no connection to close here: sessions
   * belong to the views, which were finalized first.
   */
  @Override
  public void finalizeSrvCall(SrvCall srvCall, boolean force) {
    srvCall.setContext(null);
    srvCall.setContext2(null);
  }

  /**
   * {@code MRxExtractNetRootName} (§5.2, §6.3 step 3(b)): RDBSS hands over the path after the
   * server and expects it split into the NET_ROOT's name and the rest; the answer is not a status
   * (the routine is void in Windows). SMB's share is the first component, {@code \share}; the rest
   * is the path in the share.
   */
  @Override
  public NetRootName extractNetRootName(String serverRelativePath, SrvCall srvCall) {
    return NetRootName.firstComponent(serverRelativePath);
  }

  /**
   * {@code MRxCreateVNetRoot} (§5.2, §6.3 step 3(c), §9 pitfalls 1, 2, 17): always answers PENDING
   * and completes exactly once. Sets up an SMB session with the <em>view's</em> credentials (the
   * caller's logon or the explicit {@code net use} ones) and connects the tree, off the caller's
   * thread. Statuses pass through: LOGON_FAILURE, ACCESS_DENIED, BAD_NETWORK_NAME, connection
   * failures.
   *
   * <p>Pitfall 2: a failure goes into the NET_ROOT status only when the NET_ROOT is new (null
   * context) <em>and</em> the failure is about the share or the server (BAD_NETWORK_NAME, a
   * connection failure); a credential failure belongs to the view alone, so one user's wrong
   * password never turns a share Bad for everybody. Pitfall 17: nothing here assumes an earlier
   * tree-connect; UNC-first access runs this same path.
   */
  @Override
  public NtStatus createVNetRoot(CreateNetRootContext ctx) {
    VNetRoot vNetRoot = ctx.vNetRoot();
    NetRoot netRoot = ctx.netRoot();
    boolean newNetRoot = netRoot.context() == null;
    String server = stripLeadingSeparators(netRoot.srvCall().name());
    String share = lastComponent(netRoot.name());
    SrvCall srvCall = netRoot.srvCall();
    Runnable work =
        () ->
            connectView(server, share, vNetRoot, srvCall)
                .thenAccept(
                    result -> {
                      NtStatus status = toRdbss(result.status());
                      View view = result.valueOrNull();
                      if (view != null && ctx.isCancelled()) {
                        // RDBSS gave up (timeout): nobody will finalize this view; end the session.
                        teardown(view);
                        view = null;
                      }
                      if (view != null) {
                        vNetRoot.setContext(view);
                      }
                      if (newNetRoot) {
                        netRoot.setContext(new Share(share));
                      }
                      NtStatus netRootStatus =
                          newNetRoot && !status.isSuccess() && !isCredentialFailure(status)
                              ? status
                              : NtStatus.SUCCESS;
                      ctx.complete(status, netRootStatus);
                    });
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

  /**
   * {@code MRxFinalizeVNetRoot} (§2.4, §5.2, §9 pitfalls 5 and 7): ends the view's tree and session
   * (asynchronously; the answer does not matter). {@code force} is the always-false stand-in for a
   * null pointer and is not looked at. May run before or after {@link #finalizeNetRoot}: it needs
   * nothing from the NET_ROOT's context.
   */
  @Override
  public void finalizeVNetRoot(VNetRoot vNetRoot, boolean force) {
    Object context = vNetRoot.context();
    if (context instanceof View) {
      teardown((View) context);
    }
    vNetRoot.setContext(null);
  }

  /**
   * {@code MRxFinalizeNetRoot} (§2.4, §5.2, §9 pitfalls 5 and 7): drops the {@link Share} context.
   * May run before the views' finalization, so it releases nothing a view still needs; {@code
   * force} is not looked at.
   */
  @Override
  public void finalizeNetRoot(NetRoot netRoot, boolean force) {
    netRoot.setContext(null);
  }

  // ----------------------------------------------------------- create and close (§5.2, §6.4-6.7)

  /**
   * {@code MRxCreate} (§5.2, §6.4 step 5, §11): opens the file on the server with the caller's NT
   * create parameters, through the view's tree (re-established first if the connection was lost).
   * On success, in this order: the SRV_OPEN's {@code key} becomes the server's file id (oplock
   * breaks name it, §7.3) and its buffering flags say what the granted oplock allows (§7.1);
   * {@code finishFcbInitialization} with the server's attributes, times and sizes; {@code
   * createNetFobx} stored with {@code ctx.setFobx}; and the server's create action as the returned
   * create information (pitfall 14). Server statuses pass through (OBJECT_NAME_NOT_FOUND,
   * SHARING_VIOLATION, ACCESS_DENIED, DELETE_PENDING, …). The FCB is held exclusively.
   */
  @Override
  public NtStatus create(RxContext ctx) {
    Fcb fcb = java.util.Objects.requireNonNull(ctx.fcb(), "create without an FCB");
    SrvOpen srvOpen = java.util.Objects.requireNonNull(ctx.relevantSrvOpen(), "create without a SRV_OPEN");
    VNetRoot vNetRoot = ctx.create().vNetRoot();
    if (vNetRoot == null || !(vNetRoot.context() instanceof View)) {
      return NtStatus.BAD_NETWORK_PATH;
    }
    View view = (View) vNetRoot.context();
    SmbResult<SmbTree> treeResult = liveTree(view, vNetRoot);
    SmbTree tree = treeResult.valueOrNull();
    if (tree == null) {
      return toRdbss(treeResult.status());
    }
    var parameters = ctx.create().parameters();
    boolean wantsData =
        (parameters.desiredAccess()
                & (AccessMask.FILE_READ_DATA | AccessMask.FILE_WRITE_DATA | AccessMask.FILE_APPEND_DATA
                    | AccessMask.GENERIC_ALL))
            != 0;
    OplockLevel asked =
        client.capabilities().contains(Capability.BUFFERING_STATE_CHANGES)
                && wantsData
                && !parameters.has(CreateOption.DIRECTORY_FILE)
            ? OplockLevel.BATCH
            : OplockLevel.NONE;
    String path = stripLeadingSeparators(ctx.create().pathInShare());
    SmbResult<SmbCreateResult> answer =
        await(tree.create(path, new SmbCreateRequest(parameters, asked)));
    SmbCreateResult created = answer.valueOrNull();
    if (created == null) {
      noteLoss(view, tree, answer.status());
      return toRdbss(answer.status());
    }
    FileInformation.NetworkOpen a = created.attributes();
    boolean directory = (a.fileAttributes() & FileAttribute.DIRECTORY.bit()) != 0;
    FcbOpens fcbOpens;
    if (fcb.context() instanceof FcbOpens) {
      fcbOpens = (FcbOpens) fcb.context();
    } else {
      fcbOpens = new FcbOpens();
      fcb.setContext(fcbOpens);
    }
    Open open = new Open(view, tree, created.fileId(), directory, srvOpen, fcbOpens);
    fcbOpens.opens.add(open);
    srvOpen.setContext(open);
    srvOpen.setKey(created.fileId());
    srvOpen.setBufferingFlags(bufferingFor(created.grantedOplock()));
    view.opens.put(created.fileId(), open);
    rdbss.finishFcbInitialization(
        fcb,
        directory ? StorageType.DIRECTORY : StorageType.FILE,
        new FcbInitPacket(
            a.fileAttributes(),
            1,
            a.creationTime(),
            a.lastAccessTime(),
            a.lastWriteTime(),
            a.changeTime(),
            a.allocationSize(),
            a.endOfFile(),
            a.endOfFile()));
    Fobx fobx = rdbss.createNetFobx(ctx, srvOpen);
    ctx.setFobx(fobx);
    ctx.create().setReturnedCreateInformation(created.createAction());
    return NtStatus.SUCCESS;
  }

  /**
   * {@code MRxShouldTryToCollapseThisOpen} (§5.2, §6.4 step 5, §9 pitfall 11): this sample never
   * collapses (MORE_PROCESSING_REQUIRED). Every handle gets its own server open, so the server's
   * share modes, per-open byte-range locks and delete-pending rules apply to each handle exactly as
   * the server says, and no handle can land on an open made stale by a rename or a lost connection.
   * A plugin that collapses returns SUCCESS here and implements {@code collapseOpen}.
   */
  @Override
  public NtStatus shouldTryToCollapseThisOpen(RxContext ctx) {
    return NtStatus.MORE_PROCESSING_REQUIRED;
  }

  /**
   * {@code MRxCleanupFobx} (§5.2, §6.6): the handle is gone; nothing to tell the server (RDBSS has
   * already released the handle's byte-range locks through UNLOCK_MULTIPLE). Never RETRY.
   */
  @Override
  public NtStatus cleanupFobx(RxContext ctx) {
    return NtStatus.SUCCESS;
  }

  /**
   * {@code MRxCloseSrvOpen} (§5.2, §6.7): closes the server open (SMB2 CLOSE). A stale open (lost
   * connection) or a connection lost during the close still answers SUCCESS: the server has
   * dropped the open with the connection. Never RETRY.
   */
  @Override
  public NtStatus closeSrvOpen(RxContext ctx) {
    SrvOpen srvOpen = ctx.relevantSrvOpen();
    if (srvOpen == null && ctx.fobx() != null) {
      srvOpen = ctx.fobx().srvOpen();
    }
    if (srvOpen != null) {
      closeOnServer(srvOpen);
    }
    return NtStatus.SUCCESS;
  }

  /**
   * {@code MRxForceClosed} (§2.4, §5.2, §9 pitfall 7): the SRV_OPEN is being finalized without a
   * close having reached the server (failed create, orphaning) — or after one, since RDBSS calls it
   * on normal finalization too. Closing is idempotent here, so both orders are safe.
   */
  @Override
  public NtStatus forceClosed(SrvOpen srvOpen) {
    closeOnServer(srvOpen);
    return NtStatus.SUCCESS;
  }

  /**
   * {@code MRxDeallocateForFcb} (§5.2): the FCB is being freed. Closes on the server whatever open
   * of it is still open there: RDBSS frees the SRV_OPENs of an <em>orphaned</em> FCB (forced
   * connection deletion, §4.2) without calling {@code closeSrvOpen} or {@code forceClosed} (§2.4),
   * and an open left on the server would keep its oplock and make other clients wait for a break
   * nobody answers.
   */
  @Override
  public NtStatus deallocateForFcb(Fcb fcb) {
    Object context = fcb.context();
    if (context instanceof FcbOpens) {
      for (Open open : ((FcbOpens) context).opens) {
        closeOnServer(open);
      }
    }
    fcb.setContext(null);
    return NtStatus.SUCCESS;
  }

  /**
   * {@code MRxDeallocateForFobx} (§5.2, §9 pitfall 7): the FOBX is being freed; RDBSS expects the
   * plugin's per-handle state released and SUCCESS. It may run before or after {@link
   * #closeSrvOpen}, so it touches only the FOBX's own context (the directory listing).
   */
  @Override
  public NtStatus deallocateForFobx(Fobx fobx) {
    fobx.setContext(null);
    return NtStatus.SUCCESS;
  }

  /**
   * {@code MRxFlush} (§5.2): RDBSS has written its cached data and asks for the server's buffers
   * to reach stable storage (SMB2 FLUSH); the server's status passes through (ACCESS_DENIED for an
   * open without write access). A handle on a lost connection answers UNEXPECTED_NETWORK_ERROR.
   */
  @Override
  public NtStatus flush(RxContext ctx) {
    Open open = openOf(ctx);
    if (open == null || open.isStale()) {
      return NtStatus.UNEXPECTED_NETWORK_ERROR;
    }
    NtStatus status = await(open.tree.flush(open.fileId));
    noteLoss(open.view, open.tree, status);
    return toRdbss(status);
  }

  // ------------------------------------------------------------------------ information (§5.2)

  /**
   * {@code MRxQueryFileInfo} (§5.2 "Information"): RDBSS asks for one information class and
   * expects the result in the context ({@code setResult}) with SUCCESS, or a failure status. Here
   * that is SMB2 QUERY_INFO of the class asked for; the server's answer or status goes back
   * unchanged (ACCESS_DENIED without FILE_READ_ATTRIBUTES for BASIC, NETWORK_OPEN and NAME;
   * INVALID_INFO_CLASS for a class the transport does not carry).
   */
  @Override
  public NtStatus queryFileInfo(RxContext ctx) {
    Open open = openOf(ctx);
    if (open == null || open.isStale()) {
      return NtStatus.UNEXPECTED_NETWORK_ERROR;
    }
    FileInformationClass informationClass = ctx.info().fileInformationClass();
    if (informationClass == null) {
      return NtStatus.INVALID_PARAMETER;
    }
    SmbResult<FileInformation> answer = await(open.tree.queryInfo(open.fileId, informationClass));
    FileInformation information = answer.valueOrNull();
    if (information == null) {
      noteLoss(open.view, open.tree, answer.status());
      return toRdbss(answer.status());
    }
    ctx.info().setResult(information);
    return answer.status();
  }

  /**
   * {@code MRxSetFileInfo} (§5.2 "Information"): RDBSS passes the caller's information in the
   * context and expects the server changed and its status back. Here that is SMB2 SET_INFO for
   * rename (the target is a path in the same share; OBJECT_NAME_COLLISION unless replacing;
   * ACCESS_DENIED through an open without DELETE or FILE_WRITE_ATTRIBUTES, as on Samba),
   * disposition (delete at last close; DELETE_PENDING for new opens meanwhile; CANNOT_DELETE for a
   * read-only file), end of file, allocation and basic information.
   */
  @Override
  public NtStatus setFileInfo(RxContext ctx) {
    Open open = openOf(ctx);
    if (open == null || open.isStale()) {
      return NtStatus.UNEXPECTED_NETWORK_ERROR;
    }
    FileInformation input = ctx.info().input();
    if (input == null) {
      return NtStatus.INVALID_PARAMETER;
    }
    if (input instanceof FileInformation.Rename) {
      FileInformation.Rename rename = (FileInformation.Rename) input;
      input =
          new FileInformation.Rename(
              rename.replaceIfExists(), stripLeadingSeparators(rename.fileName()));
    }
    NtStatus status = await(open.tree.setInfo(open.fileId, input));
    noteLoss(open.view, open.tree, status);
    return toRdbss(status);
  }

  /**
   * {@code MRxQueryDirectory} (§5.2): on the first query (or a restart) lists the directory once on
   * the server with the caller's pattern and keeps the listing in the FOBX context; each query then
   * returns as many entries as fit (BUFFER_OVERFLOW when one did not fit, a partial success), and
   * NO_MORE_FILES once all were returned. A pattern that matches nothing answers the server's
   * NO_SUCH_FILE on the first query, as Windows does.
   */
  @Override
  public NtStatus queryDirectory(RxContext ctx) {
    Open open = openOf(ctx);
    Fobx fobx = ctx.fobx();
    if (open == null || fobx == null || open.isStale()) {
      return NtStatus.UNEXPECTED_NETWORK_ERROR;
    }
    InformationContext info = ctx.info();
    Listing listing = fobx.context() instanceof Listing ? (Listing) fobx.context() : null;
    if (listing == null || info.initialQuery() || info.restartScan()) {
      String pattern = info.fileNamePattern();
      SmbResult<List<FileDirectoryEntry>> answer =
          await(open.tree.queryDirectory(open.fileId, pattern == null ? "*" : pattern));
      List<FileDirectoryEntry> entries = answer.valueOrNull();
      if (entries == null) {
        noteLoss(open.view, open.tree, answer.status());
        return toRdbss(answer.status());
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

  /**
   * {@code MRxQueryVolumeInfo} (§5.2 "Information"): {@link FsInformation.Volume} (label, serial
   * number) and {@link FsInformation.Size} (capacity, free space) are the server's answers, asked
   * through the handle's open (SMB2 QUERY_INFO on the file system); {@link FsInformation.Attribute}
   * is answered here, since neither transport carries it: SMB names are case-insensitive and
   * case-preserving, Unicode, at most 255 characters. Anything else is NOT_SUPPORTED. The result
   * goes into the context ({@code setFsResult}); a handle whose connection was lost answers
   * UNEXPECTED_NETWORK_ERROR, a connection lost now CONNECTION_RESET (§8).
   */
  @Override
  public NtStatus queryVolumeInfo(RxContext ctx) {
    Class<? extends FsInformation> asked = ctx.info().fsInformationClass();
    if (asked == FsInformation.Attribute.class) {
      // FILE_CASE_PRESERVED_NAMES | FILE_UNICODE_ON_DISK
      ctx.info().setFsResult(new FsInformation.Attribute(0x2 | 0x4, 255, "SMB"));
      return NtStatus.SUCCESS;
    }
    if (asked != FsInformation.Volume.class && asked != FsInformation.Size.class) {
      return NtStatus.NOT_SUPPORTED;
    }
    Open open = openOf(ctx);
    if (open == null || open.isStale()) {
      return NtStatus.UNEXPECTED_NETWORK_ERROR;
    }
    SmbResult<FsInformation> answer = await(open.tree.queryVolumeInfo(open.fileId, asked));
    FsInformation information = answer.valueOrNull();
    if (information == null) {
      noteLoss(open.view, open.tree, answer.status());
      return toRdbss(answer.status());
    }
    ctx.info().setFsResult(information);
    return NtStatus.SUCCESS;
  }

  // ---------------------------------------------------------------------------- low I/O (§5.2)

  /**
   * {@code MRxLowIOSubmit[op]} (§5.2): READ, WRITE, SHAREDLOCK / EXCLUSIVELOCK / UNLOCK /
   * UNLOCK_MULTIPLE and NOTIFY_CHANGE_DIRECTORY go to the server; FSCTL and IOCTL on files answer
   * NOT_SUPPORTED (the transport carries none); CLEAROUT answers SUCCESS (nothing is buffered
   * here). When the transport has already answered, the status is returned at once; otherwise
   * PENDING, and the transport's thread sets the context's status and information and calls
   * {@code lowIoCompletion} exactly once. A handle whose connection was lost answers
   * UNEXPECTED_NETWORK_ERROR without reaching the server.
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
    if (open == null || open.isStale()) {
      return NtStatus.UNEXPECTED_NETWORK_ERROR;
    }
    SmbTree tree = open.tree;
    SmbFileId id = open.fileId;
    switch (operation) {
      case READ: {
        LowIoParameters.ReadWrite p = ctx.lowIo().parameters(LowIoParameters.ReadWrite.class);
        // The transport fills RDBSS's buffer itself: no array of its own to copy from.
        ByteBuffer into = p.buffer().duplicate();
        into.limit(Math.min(into.limit(), into.position() + p.byteCount()));
        return finish(ctx, open, safely(tree.read(id, p.byteOffset(), into)),
            answer -> {
              Integer count = answer.valueOrNull();
              if (count != null) {
                ctx.setInformation(count);
              }
              return answer.status();
            });
      }
      case WRITE: {
        LowIoParameters.ReadWrite p = ctx.lowIo().parameters(LowIoParameters.ReadWrite.class);
        ByteBuffer source = p.buffer().duplicate();
        byte[] data = new byte[Math.min(source.remaining(), p.byteCount())];
        source.get(data);
        return finish(ctx, open, safely(tree.write(id, p.byteOffset(), data)),
            answer -> {
              Integer written = answer.valueOrNull();
              if (written != null) {
                ctx.setInformation(written);
              }
              return answer.status();
            });
      }
      case SHAREDLOCK:
      case EXCLUSIVELOCK: {
        LowIoParameters.Lock p = ctx.lowIo().parameters(LowIoParameters.Lock.class);
        return finish(ctx, open,
            safelyStatus(tree.lock(id, new ByteRange(p.byteOffset(), p.length()),
                operation == LowIoOperation.EXCLUSIVELOCK, p.failImmediately())),
            Function.identity());
      }
      case UNLOCK: {
        LowIoParameters.Lock p = ctx.lowIo().parameters(LowIoParameters.Lock.class);
        return finish(ctx, open,
            safelyStatus(tree.unlock(id, new ByteRange(p.byteOffset(), p.length()))),
            Function.identity());
      }
      case UNLOCK_MULTIPLE: {
        LowIoParameters.LockList p = ctx.lowIo().parameters(LowIoParameters.LockList.class);
        CompletableFuture<NtStatus> all = CompletableFuture.completedFuture(NtStatus.SUCCESS);
        for (LowIoParameters.LockRange r : p.ranges()) {
          ByteRange range = new ByteRange(r.byteOffset(), r.length());
          // One after the other; the first failure is the answer, the rest are still released.
          all = all.thenCompose(sofar -> safelyStatus(tree.unlock(id, range))
              .thenApply(s -> sofar.isSuccess() ? s : sofar));
        }
        return finish(ctx, open, all, Function.identity());
      }
      case NOTIFY_CHANGE_DIRECTORY:
        return notifyChangeDirectory(ctx, open);
      default:
        return NtStatus.NOT_SUPPORTED;
    }
  }

  /**
   * NOTIFY_CHANGE_DIRECTORY (§5.2, {@link LowIoParameters.NotifyChangeDirectory}): always PENDING;
   * the transport's change notification completes it from its thread. If RDBSS ends the request
   * first (cleanup, connection deletion) a later completion is ignored by RDBSS; the cancel routine
   * only records that nothing more should be sent.
   */
  private NtStatus notifyChangeDirectory(RxContext ctx, Open open) {
    LowIoParameters.NotifyChangeDirectory p =
        ctx.lowIo().parameters(LowIoParameters.NotifyChangeDirectory.class);
    boolean[] cancelled = new boolean[1];
    ctx.setCancelRoutine(() -> {
      synchronized (cancelled) {
        cancelled[0] = true;
      }
    });
    open.tree
        .changeNotify(open.fileId, p.completionFilter(), p.watchTree())
        .handle((n, error) -> n != null ? n
            : new ChangeNotification(NtStatus.UNEXPECTED_NETWORK_ERROR, List.of()))
        .thenAccept(
            notification -> {
              synchronized (cancelled) {
                if (cancelled[0]) {
                  return;
                }
              }
              noteLoss(open.view, open.tree, notification.status());
              if (notification.status().isSuccess()) {
                p.changes().addAll(notification.changes());
              }
              ctx.setIoStatus(toRdbss(notification.status()));
              rdbss.lowIoCompletion(ctx);
            });
    return NtStatus.PENDING;
  }

  // ----------------------------------------------------------------------- buffering (§7)

  /**
   * {@code MRxComputeNewBufferingState} (§7.2 step 2, §9 pitfall 12): the new state follows the
   * oplock level the server broke to (the {@code mrxContext} passed with the indication). Always
   * writes the out value before answering SUCCESS.
   */
  @Override
  public NtStatus computeNewBufferingState(
      SrvOpen srvOpen, @Nullable Object mrxContext, Out<Set<FcbState>> newBufferingState) {
    OplockLevel level = mrxContext instanceof OplockLevel ? (OplockLevel) mrxContext : OplockLevel.NONE;
    newBufferingState.set(bufferingFor(level));
    return NtStatus.SUCCESS;
  }

  /**
   * {@code MRxCompleteBufferingStateChangeRequest} (§7.2 step 5): RDBSS has flushed and purged what
   * the break takes away; now the server gets its acknowledgement (SMB2 OPLOCK_BREAK ack), which
   * releases the conflicting open waiting on the server. The answer is not awaited.
   */
  @Override
  public void completeBufferingStateChangeRequest(
      RxContext ctx, SrvOpen srvOpen, @Nullable Object mrxContext) {
    Object context = srvOpen.context();
    if (!(context instanceof Open) || ((Open) context).isStale()) {
      return;
    }
    Open open = (Open) context;
    OplockLevel level = mrxContext instanceof OplockLevel ? (OplockLevel) mrxContext : OplockLevel.NONE;
    open.tree.acknowledgeOplockBreak(open.fileId, level);
  }

  // ----------------------------------------------------------------------------- helpers

  /** The break listener of one view: a server break becomes a buffering-state indication (§7.3). */
  private OplockBreakListener breaksFor(View[] view, SrvCall srvCall) {
    return (tree, fileId, newLevel) -> {
      View v = view[0];
      if (v == null || v.isFinalized()) {
        // The view is gone (and the SRV_CALL may be): nobody caches anything for this open, but
        // the server still waits for an answer, and a conflicting open with it.
        tree.acknowledgeOplockBreak(fileId, newLevel);
        return;
      }
      Open open = v.opens.get(fileId);
      if (open != null) {
        // Known SRV_OPEN: processed at once if this thread holds its FCB (the create that caused
        // the break, on the simulated server), else queued (§7.3). RDBSS then flushes and calls
        // completeBufferingStateChangeRequest, which acknowledges.
        rdbss.indicateChangeOfBufferingStateForSrvOpen(srvCall, open.srvOpen, fileId, newLevel);
      } else {
        // A break racing the create's answer: RDBSS holds it until the key is associated (§7.3).
        rdbss.indicateChangeOfBufferingState(srvCall, fileId, newLevel);
      }
    };
  }

  /** Session setup and tree connect for a view, with the V_NET_ROOT's credentials. */
  private CompletableFuture<SmbResult<View>> connectView(
      String server, String share, VNetRoot vNetRoot, SrvCall srvCall) {
    View[] holder = new View[1];
    return safely(client.connect(server, vNetRoot.credentials(), breaksFor(holder, srvCall)))
        .thenCompose(
            sessionResult -> {
              SmbSession session = sessionResult.valueOrNull();
              if (session == null) {
                return CompletableFuture.completedFuture(
                    SmbResult.<View>failure(sessionResult.status()));
              }
              return safely(session.treeConnect(share))
                  .thenApply(
                      treeResult -> {
                        SmbTree tree = treeResult.valueOrNull();
                        if (tree == null) {
                          session.logoff();
                          return SmbResult.<View>failure(treeResult.status());
                        }
                        View view = new View(server, share, session, tree);
                        holder[0] = view;
                        return SmbResult.success(view);
                      });
            });
  }

  /**
   * The view's tree, re-established with the view's credentials if the connection was lost (the
   * reconnection of a lost connection, §8).
   */
  private SmbResult<SmbTree> liveTree(View view, VNetRoot vNetRoot) {
    SmbTree tree = view.liveTree();
    if (tree != null) {
      return SmbResult.success(tree);
    }
    if (view.isFinalized()) {
      return SmbResult.failure(NtStatus.UNEXPECTED_NETWORK_ERROR);
    }
    SrvCall srvCall = vNetRoot.netRoot().srvCall();
    View[] holder = {view};
    SmbResult<SmbSession> session =
        await(client.connect(view.server, vNetRoot.credentials(), breaksFor(holder, srvCall)));
    SmbSession s = session.valueOrNull();
    if (s == null) {
      return SmbResult.failure(session.status());
    }
    SmbResult<SmbTree> connected = await(s.treeConnect(view.share));
    SmbTree t = connected.valueOrNull();
    if (t == null) {
      s.logoff();
      return connected;
    }
    if (!view.reconnected(s, t, SmbSession::logoff)) {
      s.logoff();
      return SmbResult.failure(NtStatus.UNEXPECTED_NETWORK_ERROR);
    }
    LOG.log(System.Logger.Level.DEBUG, "reconnected {0}\\{1}", view.server, view.share);
    return connected;
  }

  private void teardown(View view) {
    SmbSession session = view.finalizeView();
    view.opens.clear();
    if (session != null) {
      session.logoff(); // closes its trees and opens on the server; the answer does not matter
    }
  }

  private void closeOnServer(SrvOpen srvOpen) {
    Object context = srvOpen.context();
    if (context instanceof Open) {
      closeOnServer((Open) context);
    }
  }

  private void closeOnServer(Open open) {
    if (!open.markClosed()) {
      return;
    }
    open.view.opens.remove(open.fileId, open);
    open.fcbOpens.opens.remove(open);
    if (!open.isStale()) {
      NtStatus status = await(open.tree.close(open.fileId));
      noteLoss(open.view, open.tree, status);
    }
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

  /** Completes low I/O synchronously if the transport answered already, else through lowIoCompletion. */
  private <T> NtStatus finish(
      RxContext ctx, Open open, CompletableFuture<T> answer, Function<T, NtStatus> apply) {
    if (answer.isDone()) {
      NtStatus status = apply.apply(answer.join());
      noteLoss(open.view, open.tree, status);
      return toRdbss(status);
    }
    answer.thenAccept(
        value -> {
          NtStatus status = apply.apply(value);
          noteLoss(open.view, open.tree, status);
          ctx.setIoStatus(toRdbss(status));
          rdbss.lowIoCompletion(ctx);
        });
    return NtStatus.PENDING;
  }

  private static void noteLoss(View view, SmbTree tree, NtStatus status) {
    if (isConnectionLoss(status)) {
      view.lost(tree);
    }
  }

  /**
   * A transport's answer as RDBSS's callers see it (§8, §5.2 "typical errors"): a connection the
   * transport lost (CONNECTION_DISCONNECTED, which no server sends) becomes CONNECTION_RESET;
   * every other status, the server's above all (already {@code NtStatus.of(code)}), passes through
   * unchanged, IO_TIMEOUT and BAD_NETWORK_PATH included.
   */
  static NtStatus toRdbss(NtStatus transport) {
    return transport.equals(NtStatus.CONNECTION_DISCONNECTED) ? NtStatus.CONNECTION_RESET : transport;
  }

  /** The statuses with which a transport reports that the connection (or session) is gone. */
  static boolean isConnectionLoss(NtStatus status) {
    return status.equals(NtStatus.CONNECTION_DISCONNECTED)
        || status.equals(NtStatus.CONNECTION_RESET)
        || status.equals(NtStatus.NETWORK_NAME_DELETED)
        || status.equals(NtStatus.IO_TIMEOUT);
  }

  private static boolean isCredentialFailure(NtStatus status) {
    return status.equals(NtStatus.LOGON_FAILURE)
        || status.equals(NtStatus.ACCESS_DENIED)
        || status.equals(NtStatus.NETWORK_ACCESS_DENIED);
  }

  private static Set<FcbState> bufferingFor(OplockLevel level) {
    if (level.cachesWrites()) {
      return EnumSet.copyOf(FULL_CACHING);
    }
    if (level.cachesReads()) {
      return EnumSet.copyOf(READ_CACHING);
    }
    return EnumSet.noneOf(FcbState.class);
  }

  /** A transport future never fails, but a bug must still complete the contract: as a status. */
  private static <T> CompletableFuture<SmbResult<T>> safely(CompletableFuture<SmbResult<T>> f) {
    return f.handle((r, e) -> r != null ? r : SmbResult.failure(NtStatus.UNEXPECTED_NETWORK_ERROR));
  }

  private static CompletableFuture<NtStatus> safelyStatus(CompletableFuture<NtStatus> f) {
    return f.handle((r, e) -> r != null ? r : NtStatus.UNEXPECTED_NETWORK_ERROR);
  }

  private static <T> T await(CompletableFuture<T> future) {
    try {
      return future.join();
    } catch (CompletionException e) {
      throw new IllegalStateException("the SMB transport failed instead of answering a status", e);
    }
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

  @Override
  public String toString() {
    return "SmbMiniRedirector[" + client.transportName() + "]";
  }
}
