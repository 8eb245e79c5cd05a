package dev.rdbss.core.engine;

import dev.rdbss.api.BugCheckCode;
import dev.rdbss.api.ConnectionFinalizeLevel;
import dev.rdbss.api.ConnectionId;
import dev.rdbss.api.Credentials;
import dev.rdbss.api.FcbState;
import dev.rdbss.api.FobxFlag;
import dev.rdbss.api.LockHoldingState;
import dev.rdbss.api.LogonId;
import dev.rdbss.api.MiniRdrState;
import dev.rdbss.api.NetRootFlag;
import dev.rdbss.api.NetRootType;
import dev.rdbss.api.NtStatus;
import dev.rdbss.api.SrvCallFlag;
import dev.rdbss.api.SrvOpenFlag;
import dev.rdbss.api.StorageType;
import dev.rdbss.api.file.CreateDisposition;
import dev.rdbss.api.file.CreateOption;
import dev.rdbss.api.file.DfsContext;
import dev.rdbss.api.file.FileInformation;
import dev.rdbss.api.file.FileInformationClass;
import dev.rdbss.api.file.FsInformation;
import dev.rdbss.api.file.NtCreateParameters;
import dev.rdbss.api.io.ChangeNotification;
import dev.rdbss.api.io.ControlResult;
import dev.rdbss.api.io.CreateRequest;
import dev.rdbss.api.io.DirectoryResult;
import dev.rdbss.api.io.IoStatusBlock;
import dev.rdbss.api.io.QueryResult;
import dev.rdbss.api.io.ReadResult;
import dev.rdbss.api.observe.TraceEvent;
import dev.rdbss.api.spi.LockScope;
import dev.rdbss.api.spi.LowIoOperation;
import dev.rdbss.api.spi.LowIoParameters;
import dev.rdbss.api.spi.MajorFunction;
import dev.rdbss.api.spi.RdbssControlCodes;
import dev.rdbss.api.spi.WorkQueue;
import dev.rdbss.core.kernel.RxResource;
import dev.rdbss.core.name.CanonicalName;
import dev.rdbss.core.name.Canonicalizer;
import dev.rdbss.core.netname.PrefixTable;
import dev.rdbss.core.trace.Tracer;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * {@code RxFsdDispatch} for one device: the requests the I/O manager (the host API) sends, with
 * RDBSS's gates and paths. Create (spec §6.2–6.5), cleanup (§6.6), close (§6.7), low I/O (§5.2),
 * device control with its posting rule (§5.1), and the MUP prefix claim (§6.1).
 *
 * <p>Every request is a synchronous caller's. Each answers an {@link NtStatus}; a plugin's contract
 * violation is a bugcheck, after which the device refuses further work.
 */
public final class Fsd {

  /** How often a create that the mini-redirector answers RETRY is run again (§6.4 step 7). */
  private static final int MAXIMUM_CREATE_RETRIES = 4;

  /**
   * An {@code IRP_MJ_CREATE} as the I/O manager builds it.
   *
   * @param fileName the name as it reaches the redirector: {@code \\server\share\f} or {@code
   *     \;X:<logon>\server\share\f}, or empty for the device
   * @param parameters the NT create parameters
   * @param logon the caller's logon
   * @param credentials the credentials to connect with
   * @param explicitCredentials whether they were given explicitly ({@code net use /user:})
   */
  public record CreateIrp(
      String fileName,
      NtCreateParameters parameters,
      LogonId logon,
      Credentials credentials,
      boolean explicitCredentials) {

    public CreateIrp {
      Objects.requireNonNull(fileName, "fileName");
      Objects.requireNonNull(parameters, "parameters");
      Objects.requireNonNull(logon, "logon");
      Objects.requireNonNull(credentials, "credentials");
    }
  }

  /**
   * A create's outcome.
   *
   * @param status the status
   * @param fileObject the new file object, present exactly on success
   */
  public record CreateOutcome(NtStatus status, @Nullable FileObject fileObject) {
    static CreateOutcome failed(NtStatus status) {
      return new CreateOutcome(status, null);
    }
  }

  /**
   * A MUP prefix claim's outcome (§6.1).
   *
   * @param status SUCCESS when this device claims the name
   * @param lengthAccepted how much of the name it claims ({@code \server\share})
   */
  public record PrefixClaim(NtStatus status, int lengthAccepted) {}

  private final Engine engine;
  private final RdbssService rdbss;
  private final FileObjects files;
  private final ConnectionResolver resolver;
  private final LowIo lowIo;
  private final DormantFobxs dormant;

  Fsd(Engine engine, RdbssService rdbss) {
    this.engine = engine;
    this.rdbss = rdbss;
    this.files = new FileObjects(engine, rdbss);
    this.resolver = new ConnectionResolver(engine, rdbss);
    this.lowIo = engine.lowIo;
    this.dormant = new DormantFobxs(engine);
  }

  /** The device's lifecycle state (§5.1). */
  public MiniRdrState state() {
    return engine.lifecycle.state();
  }

  /** The device name. */
  public String deviceName() {
    return engine.device.name();
  }

  // -------------------------------------------------------------------------------- create

  /** {@code IRP_MJ_CREATE} (§6.2–6.5). */
  public CreateOutcome create(CreateIrp irp) {
    return hostRequest("create", () -> createNow(irp));
  }

  private CreateOutcome createNow(CreateIrp irp) {
    NtCreateParameters p = irp.parameters();
    CanonicalName name =
        Canonicalizer.canonicalize(
            irp.fileName(),
            p.has(CreateOption.DIRECTORY_FILE),
            p.has(CreateOption.NON_DIRECTORY_FILE),
            irp.logon());
    if (!name.isValid()) {
      return CreateOutcome.failed(name.status());
    }
    if (name.deviceOpen()) {
      NtStatus gate = engine.lifecycle.admit(MajorFunction.CREATE, true);
      return gate.isSuccess()
          ? new CreateOutcome(NtStatus.SUCCESS, FileObject.device(irp.fileName()))
          : CreateOutcome.failed(gate);
    }
    NtStatus gate = engine.lifecycle.admit(MajorFunction.CREATE, false);
    if (!gate.isSuccess()) {
      return CreateOutcome.failed(gate);
    }
    if (name.directoryImplied() && !p.has(CreateOption.DIRECTORY_FILE)) {
      Set<CreateOption> options = EnumSet.of(CreateOption.DIRECTORY_FILE);
      options.addAll(p.createOptions());
      p = p.withCreateOptions(options);
    }
    CreateOutcome outcome = CreateOutcome.failed(NtStatus.RETRY);
    boolean scavengedForSharing = false;
    for (int attempt = 0; attempt < MAXIMUM_CREATE_RETRIES; attempt++) {
      RxContextImpl ctx = userContext(MajorFunction.CREATE, irp);
      CreateContextImpl create =
          new CreateContextImpl(p, name.name(), p.has(CreateOption.CREATE_TREE_CONNECTION));
      ctx.setCreate(create);
      engine.lifecycle.enter(ctx);
      try {
        outcome = p.has(CreateOption.CREATE_TREE_CONNECTION)
            ? treeConnect(ctx, irp, name)
            : openFile(ctx, irp, name, !scavengedForSharing);
      } finally {
        engine.lifecycle.leave(ctx);
      }
      // §6.4 step 7: RETRY runs the whole create again with a fresh context; so does, once, a
      // sharing violation after which the NET_ROOT's dormant FOBXs were scavenged.
      if (create.retryAfterScavenge()) {
        scavengedForSharing = true;
        continue;
      }
      if (!outcome.status().equals(NtStatus.RETRY)) {
        return outcome;
      }
    }
    return outcome;
  }

  /**
   * A file create on a NET_ROOT (§6.4): the view (§6.3), {@code MRxPreparseName}, the step 1 rule
   * for print shares (full sharing), steps 3–6 in {@link FileObjects#open}, and the step 7 rules on
   * the way out: a sharing violation on FILE_CREATE is a name collision; otherwise, when the collapse
   * search met a SRV_OPEN of the FCB from another view and {@code mayScavengeForSharing}, the
   * NET_ROOT's dormant FOBXs are purged and scavenged and the caller runs the create once more;
   * REPARSE zeroes the information.
   *
   * <p>Steps 1 and 2 run before the FCB table is consulted: the DFS checks ({@link #dfsCheck}),
   * then, for an open-target-directory create on a NET_ROOT without symbolic links, the fake FCB
   * ({@link RdbssService#createFakeFcb}), which ends the create without {@code MRxCreate}. The step
   * 1 check that the NET_ROOT belongs to this device (BAD_NETWORK_PATH) cannot fail here: each
   * device has its own netname table (§3.1), so a view it resolves is always its own.
   */
  private CreateOutcome openFile(
      RxContextImpl ctx, CreateIrp irp, CanonicalName name, boolean mayScavengeForSharing) {
    ConnectionResolver.Resolution r = resolver.findOrConstruct(ctx, name);
    VNetRootImpl view = r.view();
    if (view == null) {
      return CreateOutcome.failed(r.status());
    }
    try {
      CreateContextImpl create = (CreateContextImpl) ctx.create();
      create.place(view, r.pathInShare());
      engine.callbacks.run(
          "preparseName", view, () -> engine.device.miniRedirector().preparseName(ctx, name.name()));
      NetRootImpl netRoot = view.rawNetRoot();
      NtStatus dfs = dfsCheck(create.parameters(), netRoot);
      if (!dfs.isSuccess()) {
        return CreateOutcome.failed(dfs);
      }
      if (netRoot.type() == NetRootType.PRINT) {
        create.forceFullSharing(); // §6.4 step 1
      }
      if (create.parameters().openTargetDirectory()
          && !netRoot.flags().contains(NetRootFlag.SUPPORTS_SYMBOLIC_LINKS)) {
        FcbImpl fake = rdbss.createFakeFcb(view, r.pathInShare());
        return new CreateOutcome(NtStatus.SUCCESS,
            FileObject.targetDirectory(irp.fileName(), fake));
      }
      FileObjects.Result opened = files.open(ctx, view, r.pathInShare());
      NtStatus status = opened.status();
      if (opened.fobx() == null) {
        if (status.equals(NtStatus.SHARING_VIOLATION)) {
          if (create.parameters().disposition() == CreateDisposition.CREATE) {
            status = NtStatus.OBJECT_NAME_COLLISION;
          } else if (mayScavengeForSharing && create.tryForScavengingOnSharingViolation()) {
            dormant.scavengeForNetRoot(view.rawNetRoot());
            create.setRetryAfterScavenge();
          }
        } else if (status.equals(NtStatus.REPARSE)) {
          ctx.setInformation(0);
        }
        return CreateOutcome.failed(status);
      }
      if (create.parameters().dfsContext() == DfsContext.DFS_OPEN) {
        Objects.requireNonNull(opened.fobx()).setFlag(FobxFlag.DFS_OPEN, true);
      }
      return new CreateOutcome(status, FileObject.file(irp.fileName(), opened));
    } finally {
      // The resolution's reference; the FCB and SRV_OPEN hold their own. An unused view waits
      // for the scavenger (connection caching, §6.8).
      engine.references.dereference(view, LockHoldingState.NOT_HELD);
    }
  }

  /**
   * §6.4 step 1, the DFS checks: an open through a DFS referral needs a DFS-aware server
   * (DFS_UNAVAILABLE otherwise); a down-level DFS open must not land on a DFS root
   * (OBJECT_TYPE_MISMATCH, so that the DFS client asks for a referral).
   */
  private static NtStatus dfsCheck(NtCreateParameters parameters, NetRootImpl netRoot) {
    switch (parameters.dfsContext()) {
      case DFS_OPEN:
        return netRoot.rawSrvCall().flags().contains(SrvCallFlag.DFS_AWARE_SERVER)
            ? NtStatus.SUCCESS
            : NtStatus.DFS_UNAVAILABLE;
      case DOWNLEVEL_OPEN:
        return netRoot.flags().contains(NetRootFlag.DFS_AWARE_NETROOT)
            ? NtStatus.OBJECT_TYPE_MISMATCH
            : NtStatus.SUCCESS;
      default:
        return NtStatus.SUCCESS;
    }
  }

  /**
   * §6.5: the view (after credential-conflict handling), {@code MRxIsValidDirectory} for a path
   * below the share, and the one-time connection reference that keeps a mapping alive until {@code
   * finalizeConnection}. The handle keeps the resolution's reference until it is closed.
   */
  private CreateOutcome treeConnect(RxContextImpl ctx, CreateIrp irp, CanonicalName name) {
    ConnectionResolver.Resolution r = resolver.findOrConstruct(ctx, name);
    if (r.status().equals(NtStatus.NETWORK_CREDENTIAL_CONFLICT)) {
      // §6.3: one scavenge of idle views, then one retry.
      engine.scavenger.finalizeMarkedVNetRoots();
      r = resolver.findOrConstruct(ctx, name);
    }
    VNetRootImpl view = r.view();
    if (view == null) {
      return CreateOutcome.failed(r.status());
    }
    ((CreateContextImpl) ctx.create()).place(view, r.pathInShare());
    if (!r.pathInShare().isEmpty()) {
      String directory = r.pathInShare();
      NtStatus valid =
          engine.callbacks.call(
              "isValidDirectory",
              view,
              () -> engine.device.miniRedirector().isValidDirectory(ctx, directory));
      if (!valid.isSuccess() && !valid.equals(NtStatus.NOT_IMPLEMENTED)) {
        engine.references.dereference(view, LockHoldingState.NOT_HELD);
        return CreateOutcome.failed(NtStatus.BAD_NETWORK_PATH);
      }
    }
    try (LockScope exclusive = engine.device.netNameLock().exclusiveScope()) {
      if (view.additionalReferenceForDeleteFsctlTaken() == 0) {
        engine.references.reference(view);
        view.setAdditionalReferenceForDeleteFsctlTaken(1);
      }
      view.setConstructionStatus(NtStatus.SUCCESS);
      view.addOpens(1);
    }
    return new CreateOutcome(
        NtStatus.SUCCESS, FileObject.treeConnect(irp.fileName(), view));
  }

  // --------------------------------------------------------------------- cleanup and close

  /** {@code IRP_MJ_CLEANUP} (§6.6); cleaning up twice does nothing more. */
  public NtStatus cleanup(FileObject fo) {
    return hostRequest("cleanup", () -> {
      if (!fo.markCleanupComplete()) {
        return NtStatus.SUCCESS;
      }
      if (fo.kind != FileObject.Kind.FILE) {
        return NtStatus.SUCCESS; // device FCB and tree connects: bookkeeping only
      }
      FobxImpl fobx = Objects.requireNonNull(fo.fobx);
      FcbImpl fcb = fobx.rawSrvOpen().rawFcb();
      ShareAccessCounts.Grant grant = fo.shareAccess;
      if (grant != null) {
        fcb.shareAccess.remove(grant);
      }
      // §6.6: the handle's pending notifications complete (NOTIFY_CLEANUP), its waiting lock
      // requests end, and its byte-range locks go, on the server too unless orphaned (§4.2).
      engine.notifications.cleanup(fobx);
      // §5.2 CLEAROUT ([S], see LowIo#clearOut): what the mini-redirector still holds of this
      // handle is cleared out before the cleanup waits for the FCB those requests may hold.
      lowIo.clearOut(fileContext(MajorFunction.CLEANUP, fo), fcb, fobx);
      fcb.byteRangeLocks.abandonWaiters(fo);
      releaseLocks(fo, !fo.isOrphaned());
      return files.cleanup(fobx);
    });
  }

  /**
   * {@code IRP_MJ_CLOSE} (§6.7), with the cleanup first if it was not done; twice does nothing.
   * Closing never fails: after a bugcheck there is nothing left to close.
   */
  public void close(FileObject fo) {
    if (engine.device.bugChecks().hasCrashed()) {
      return;
    }
    cleanup(fo);
    hostRequest("close", () -> {
      if (!fo.markClosed()) {
        return NtStatus.SUCCESS;
      }
      if (fo.kind == FileObject.Kind.TREE_CONNECT) {
        VNetRootImpl view = Objects.requireNonNull(fo.treeConnectView);
        view.addOpens(-1);
        engine.references.dereference(view, LockHoldingState.NOT_HELD);
      } else if (fo.kind == FileObject.Kind.FILE) {
        files.close(Objects.requireNonNull(fo.fobx));
      } else if (fo.kind == FileObject.Kind.TARGET_DIRECTORY) {
        // The fake FCB goes with its only handle (§6.4 step 2).
        FcbImpl fake = Objects.requireNonNull(fo.fcb);
        try (LockScope held = fake.resource.exclusiveScope()) {
          engine.dereferenceAndFinalizeFcb(fake);
        }
      }
      return NtStatus.SUCCESS;
    });
  }

  // ----------------------------------------------------------------------------- low I/O

  /**
   * {@code IRP_MJ_READ}: from the page cache when the FCB's buffering state allows read caching for
   * this handle (§7.1), else through low I/O (§5.2), after the cache's unflushed writes reached the
   * server so that the read sees them.
   */
  public ReadResult read(FileObject fo, long offset, int length) {
    return hostRequest("read", () -> {
      ReadResult answered = readGatedOrCached(fo, offset, length);
      if (answered != null) {
        return answered;
      }
      byte[] bytes = new byte[length];
      IoStatusBlock io = readThroughLowIo(fo, offset, ByteBuffer.wrap(bytes));
      if (!io.status().isSuccess()) {
        return ReadResult.empty(io.status());
      }
      int count = (int) io.information();
      // The buffer was made for this read and the mini-redirector is done with it (it completed):
      // the result takes it over rather than copying it; only a short read is trimmed.
      return ReadResult.adopting(io.status(), count == length ? bytes : Arrays.copyOf(bytes, count));
    });
  }

  /**
   * {@code IRP_MJ_READ} into the caller's buffer, from its position, which advances by the count
   * read (the information): as {@link #read(FileObject, long, int)}, but low I/O fills a view of
   * that buffer itself, so the data is neither allocated nor copied again here.
   */
  public IoStatusBlock read(FileObject fo, long offset, ByteBuffer into) {
    return hostRequest("read", () -> {
      ReadResult answered = readGatedOrCached(fo, offset, into.remaining());
      if (answered != null) {
        return answered.status().isSuccess()
            ? new IoStatusBlock(answered.status(), answered.transferTo(into))
            : IoStatusBlock.of(answered.status());
      }
      IoStatusBlock io = readThroughLowIo(fo, offset, into.slice());
      if (io.status().isSuccess()) {
        into.position(into.position() + (int) io.information());
      }
      return io;
    });
  }

  /**
   * The gates of a read and its page-cache step: a failure, or the cached read when the FCB's
   * buffering state allows read caching for this handle (§7.1); {@code null} when the read goes
   * through low I/O, after the cache's unflushed writes reached the server so that it sees them.
   */
  private @Nullable ReadResult readGatedOrCached(FileObject fo, long offset, int length) {
    NtStatus gate = transferGate(fo, MajorFunction.READ, offset, length);
    if (!gate.isSuccess()) {
      return ReadResult.empty(gate);
    }
    FcbImpl cached = Objects.requireNonNull(fo.fcb);
    FobxImpl handle = Objects.requireNonNull(fo.fobx);
    try (LockScope held = cached.resource.exclusiveScope()) {
      engine.buffering.processPending(cached); // a queued oplock break applies first (§7.3)
      if (engine.cache.readAllowed(cached, handle.rawSrvOpen())) {
        return engine.cache.read(cached, handle, offset, length);
      }
      NtStatus flushed = engine.cache.flush(cached, handle, null);
      if (!flushed.isSuccess()) {
        return ReadResult.empty(flushed);
      }
    }
    return null;
  }

  /**
   * Low I/O READ (§5.2) into {@code buffer} (position 0, the length remaining), the FCB shared for
   * the request's owner; the information is the count read, within the buffer's length.
   */
  private IoStatusBlock readThroughLowIo(FileObject fo, long offset, ByteBuffer buffer) {
    int length = buffer.remaining();
    RxContextImpl ctx = fileContext(MajorFunction.READ, fo);
    NtStatus status = lowIo.submit(ctx, Objects.requireNonNull(fo.fcb), LowIoOperation.READ,
        new LowIoParameters.ReadWrite(offset, length, 0, buffer, false), false);
    if (!status.isSuccess()) {
      return IoStatusBlock.of(status);
    }
    return new IoStatusBlock(status, Math.max(0, Math.min(length, ctx.information())));
  }

  /**
   * {@code IRP_MJ_WRITE}; the information is the count written. Buffered in the page cache when the
   * FCB's buffering state allows write caching for this handle (§7.1): the server sees it at the
   * next flush (flush request, cleanup, loss of write caching, purge). Otherwise written through
   * low I/O (§5.2), after the cache was flushed and purged so that it holds nothing stale.
   */
  public IoStatusBlock write(FileObject fo, long offset, byte[] data) {
    return hostRequest("write", () -> {
      NtStatus gate = transferGate(fo, MajorFunction.WRITE, offset, data.length);
      if (!gate.isSuccess()) {
        return IoStatusBlock.of(gate);
      }
      FcbImpl cached = Objects.requireNonNull(fo.fcb);
      FobxImpl handle = Objects.requireNonNull(fo.fobx);
      try (LockScope held = cached.resource.exclusiveScope()) {
        engine.buffering.processPending(cached); // a queued oplock break applies first (§7.3)
        if (engine.cache.writeAllowed(cached, handle.rawSrvOpen())) {
          long sizeBefore = cached.fileSize();
          NtStatus extended = extendForWrite(fo, cached, offset, data.length, true);
          if (!extended.isSuccess()) {
            return IoStatusBlock.of(extended);
          }
          // The cache copies the bytes into its pages before answering: no copy of its own.
          NtStatus buffered = engine.cache.write(cached, handle, offset, data);
          if (!buffered.isSuccess()) {
            return IoStatusBlock.of(buffered);
          }
          handle.recordCachedWrite(cached.fileSize() > sizeBefore);
          return new IoStatusBlock(NtStatus.SUCCESS, data.length);
        }
        NtStatus flushed = engine.cache.flushThenPurge(cached, handle, null);
        if (!flushed.isSuccess()) {
          return IoStatusBlock.of(flushed);
        }
        NtStatus extended = extendForWrite(fo, cached, offset, data.length, false);
        if (!extended.isSuccess()) {
          return IoStatusBlock.of(extended);
        }
      }
      RxContextImpl ctx = fileContext(MajorFunction.WRITE, fo);
      FcbImpl fcb = Objects.requireNonNull(fo.fcb);
      // The mini-redirector reads the caller's bytes through a read-only view rather than a copy:
      // it cannot change them, and the caller waits until it completes. Only after an I/O timeout
      // (IO_TIMEOUT, the write failed) may a late mini-redirector still read bytes the caller has
      // changed since, as a write that timed out on Windows may or may not reach the server.
      NtStatus status = lowIo.submit(ctx, fcb, LowIoOperation.WRITE,
          new LowIoParameters.ReadWrite(offset, data.length, 0,
              ByteBuffer.wrap(data).asReadOnlyBuffer(), false), true);
      if (!status.isSuccess()) {
        return IoStatusBlock.of(status);
      }
      long written = ctx.information();
      fcb.extendFileSize(offset + written);
      return new IoStatusBlock(status, written);
    });
  }

  /**
   * {@code MRxExtendForCache} / {@code MRxExtendForNonCache} (§5.2): a write that ends past the
   * FCB's allocation first asks the mini-redirector for room, the cached entry for a write that
   * stays in the page cache, the non-cached one for a write that goes through low I/O. The FCB's
   * allocation becomes what the mini-redirector granted (at least the new end of file). A
   * mini-redirector without the entry (NOT_IMPLEMENTED) has nothing to reserve: the allocation
   * simply follows the size. Any other failure fails the write before anything is written. FCB
   * held exclusively. Paging writes (the cache's flush) never extend: the buffered write did.
   */
  private NtStatus extendForWrite(
      FileObject fo, FcbImpl fcb, long offset, int length, boolean cached) {
    long end = offset + length;
    if (length == 0 || end <= fcb.allocationSize()) {
      return NtStatus.SUCCESS;
    }
    RxContextImpl ctx = fileContext(MajorFunction.WRITE, fo);
    OutParameter<Long> granted = new OutParameter<>(end);
    NtStatus status = cached
        ? engine.callbacks.call("extendForCache", fcb,
            () -> engine.device.miniRedirector().extendForCache(ctx, end, granted))
        : engine.callbacks.call("extendForNonCache", fcb,
            () -> engine.device.miniRedirector().extendForNonCache(ctx, end, granted));
    if (status.equals(NtStatus.NOT_IMPLEMENTED)) {
      fcb.extendAllocationSize(end);
      return NtStatus.SUCCESS;
    }
    if (status.isError()) {
      return status;
    }
    fcb.extendAllocationSize(Math.max(end, granted.get()));
    return NtStatus.SUCCESS;
  }

  /**
   * {@code IRP_MJ_FLUSH_BUFFERS}: the page cache's dirty pages go to the server as paging writes
   * (low I/O WRITE with {@code pagingIo}), then {@code MRxFlush} (§5.2).
   */
  public IoStatusBlock flush(FileObject fo) {
    return hostRequest("flush", () -> {
      NtStatus gate = fileGate(fo, MajorFunction.FLUSH_BUFFERS);
      if (!gate.isSuccess()) {
        return IoStatusBlock.of(gate);
      }
      RxContextImpl ctx = fileContext(MajorFunction.FLUSH_BUFFERS, fo);
      FcbImpl fcb = Objects.requireNonNull(fo.fcb);
      try (LockScope held = fcb.resource.exclusiveScope()) {
        engine.buffering.processPending(fcb);
        NtStatus cached = engine.cache.flush(fcb, Objects.requireNonNull(fo.fobx), null);
        if (!cached.isSuccess()) {
          return IoStatusBlock.of(cached);
        }
        NtStatus status = engine.callbacks.call(
            "flush", fcb, () -> engine.device.miniRedirector().flush(ctx));
        // A redirector with nothing buffered on its side has nothing to flush.
        return IoStatusBlock.of(status.equals(NtStatus.NOT_IMPLEMENTED) ? NtStatus.SUCCESS : status);
      }
    });
  }

  /** An FSCTL or IOCTL on a file: low I/O FSCTL / IOCTL (§5.2). */
  public ControlResult fileControl(
      FileObject fo, boolean fsctl, int controlCode, byte[] input, int outputLength) {
    return hostRequest(fsctl ? "fsctl" : "ioctl", () -> {
      MajorFunction function = fsctl ? MajorFunction.FILE_SYSTEM_CONTROL : MajorFunction.DEVICE_CONTROL;
      NtStatus gate = fileGate(fo, function);
      if (!gate.isSuccess()) {
        return new ControlResult(gate, new byte[0]);
      }
      if (outputLength < 0) {
        return new ControlResult(NtStatus.INVALID_PARAMETER, new byte[0]);
      }
      RxContextImpl ctx = fileContext(function, fo);
      ControlContextImpl control = new ControlContextImpl(fsctl, controlCode, input, outputLength);
      ctx.setControl(control);
      NtStatus status = lowIo.submit(ctx, Objects.requireNonNull(fo.fcb),
          fsctl ? LowIoOperation.FSCTL : LowIoOperation.IOCTL,
          new LowIoParameters.Control(controlCode, input, outputLength), false);
      return new ControlResult(status, status.isError() ? new byte[0] : control.output());
    });
  }

  /** {@code IRP_MJ_QUERY_INFORMATION}: {@code MRxQueryFileInfo} (§5.2). */
  public <T extends FileInformation> QueryResult<T>
      queryInformation(FileObject fo, FileInformationClass informationClass,
          Class<T> type) {
    return hostRequest("queryInformation", () -> {
      NtStatus gate = fileGate(fo, MajorFunction.QUERY_INFORMATION);
      if (!gate.isSuccess()) {
        return new QueryResult<T>(gate, null);
      }
      RxContextImpl ctx = fileContext(MajorFunction.QUERY_INFORMATION, fo);
      InformationContextImpl info = InformationContextImpl.query(informationClass);
      ctx.setInfo(info);
      FcbImpl fcb = Objects.requireNonNull(fo.fcb);
      NtStatus status;
      try (LockScope held = fcb.resource.sharedScope()) {
        FileInformation local = localInformation(fcb, informationClass);
        if (local != null && type.isInstance(local)) {
          engine.device.tracer().record(TraceEvent.Kind.RUNTIME, engine.device.name(),
              "queryAnsweredLocally", fcb.ref(), NtStatus.SUCCESS, informationClass.toString());
          return new QueryResult<T>(NtStatus.SUCCESS, type.cast(local));
        }
        status = engine.callbacks.call(
            "queryFileInfo", fcb, () -> engine.device.miniRedirector().queryFileInfo(ctx));
      }
      var answer = info.result();
      if (status.isError() || answer == null) {
        return new QueryResult<T>(status.isError() ? status
            : NtStatus.INVALID_DEVICE_REQUEST, null);
      }
      if (!type.isInstance(answer)) {
        throw engine.device.bugChecks().raise(BugCheckCode.DRIVER_VERIFIER_DETECTED_VIOLATION,
            "§5.2", "queryFileInfo answered " + answer.getClass().getSimpleName() + " for "
                + informationClass + ": set a result of the class asked for");
      }
      return new QueryResult<T>(status, type.cast(answer));
    });
  }

  /**
   * The answer RDBSS gives from its own copy of the file's sizes and times, without asking the
   * mini-redirector (§7.1 "Effects", §9 pitfall 13): sizes ({@code STANDARD}) when the FCB's
   * buffering state has FILESIZECACHEING, times and attributes ({@code BASIC}) when it has
   * FILETIMECACHEING, both ({@code NETWORK_OPEN}) when it has both. Only while that state is in
   * force: not with a buffering change pending, local buffering disabled, or the FCB orphaned. The
   * copy is what {@code RxFinishFcbInitialization} set, grown by the writes the page cache holds,
   * so it is newer than the server's while buffered data waits for a flush.
   *
   * @return null when the mini-redirector has to answer
   */
  private static @Nullable FileInformation localInformation(
      FcbImpl fcb, FileInformationClass informationClass) {
    if (fcb.hasState(FcbState.BUFFERING_STATE_CHANGE_PENDING)
        || fcb.hasState(FcbState.DISABLE_LOCAL_BUFFERING)
        || fcb.hasState(FcbState.ORPHANED)) {
      return null;
    }
    boolean sizes = fcb.hasState(FcbState.FILESIZECACHEING);
    boolean times = fcb.hasState(FcbState.FILETIMECACHEING);
    switch (informationClass) {
      case STANDARD:
        return sizes
            ? new FileInformation.Standard(fcb.allocationSize(), fcb.fileSize(),
                fcb.numberOfLinks(), fcb.hasState(FcbState.DELETE_ON_CLOSE),
                fcb.storageType() == StorageType.DIRECTORY)
            : null;
      case BASIC:
        return times
            ? new FileInformation.Basic(fcb.creationTime(), fcb.lastAccessTime(),
                fcb.lastWriteTime(), fcb.changeTime(), fcb.fileAttributes())
            : null;
      case NETWORK_OPEN:
        return sizes && times
            ? new FileInformation.NetworkOpen(fcb.creationTime(), fcb.lastAccessTime(),
                fcb.lastWriteTime(), fcb.changeTime(), fcb.allocationSize(), fcb.fileSize(),
                fcb.fileAttributes())
            : null;
      default:
        return null;
    }
  }

  /**
   * {@code IRP_MJ_SET_INFORMATION}: {@code MRxSetFileInfo} (§5.2). A rename or a disposition goes
   * through {@link #renameOrDisposition}.
   */
  public IoStatusBlock setInformation(FileObject fo, FileInformation information) {
    return hostRequest("setInformation", () -> {
      NtStatus gate = fileGate(fo, MajorFunction.SET_INFORMATION);
      if (!gate.isSuccess()) {
        return IoStatusBlock.of(gate);
      }
      RxContextImpl ctx = fileContext(MajorFunction.SET_INFORMATION, fo);
      ctx.setInfo(InformationContextImpl.set(information));
      FcbImpl fcb = Objects.requireNonNull(fo.fcb);
      if (information instanceof FileInformation.Rename
          || information instanceof FileInformation.Disposition) {
        return IoStatusBlock.of(renameOrDisposition(ctx, fcb, information));
      }
      try (LockScope held = fcb.resource.exclusiveScope()) {
        NtStatus status = engine.callbacks.call(
            "setFileInfo", fcb, () -> engine.device.miniRedirector().setFileInfo(ctx));
        if (status.isSuccess()
            && information instanceof FileInformation.EndOfFile eof) {
          fcb.setFileSize(eof.endOfFile());
        }
        return IoStatusBlock.of(status);
      }
    });
  }

  /**
   * A rename or a disposition (RDBSS's set-information path for them): first the NET_ROOT's dormant
   * FOBXs are purged and scavenged, so that delayed closes neither block the operation on the server
   * nor survive it as stale SRV_OPENs a later open could collapse onto (§9 pitfall 11); then the FCB
   * table lock and the FCB, exclusively (§3.3 order).
   *
   * <ul>
   *   <li>Delete ({@code deleteFile}): the FCB's name leaves the table before {@code MRxSetFileInfo},
   *       so no new open collapses onto it; on success the FCB is DELETE_ON_CLOSE (the file goes with
   *       its last handle) and its SRV_OPENs FILE_DELETED. Undeleting clears DELETE_ON_CLOSE.
   *   <li>Rename: {@code COLLAPSING_ENABLED} is cleared; on success the FCB's name leaves the table
   *       (it no longer names the file) and its SRV_OPENs are FILE_RENAMED.
   * </ul>
   *
   * The FCB of a file the rename replaced is RDBSS's no more than it is in Windows: its dormant
   * FOBXs were scavenged above, and a mini-redirector whose server allows renaming over an open file
   * refuses to collapse onto that file's SRV_OPENs in {@code shouldTryToCollapseThisOpen}.
   */
  private NtStatus renameOrDisposition(
      RxContextImpl ctx, FcbImpl fcb, FileInformation information) {
    NetRootImpl netRoot = fcb.rawNetRoot();
    dormant.scavengeForNetRoot(netRoot);
    RxResource table = netRoot.fcbTable.lock;
    table.acquireExclusive();
    boolean tableHeld = true;
    try {
      fcb.resource.acquireExclusive();
      try {
        if (information instanceof FileInformation.Disposition d) {
          if (d.deleteFile()) {
            files.removeName(fcb);
            table.release();
            tableHeld = false;
          }
          NtStatus status = engine.callbacks.call(
              "setFileInfo", fcb, () -> engine.device.miniRedirector().setFileInfo(ctx));
          if (status.isSuccess()) {
            fcb.setState(FcbState.DELETE_ON_CLOSE, d.deleteFile());
            if (d.deleteFile()) {
              markSrvOpens(fcb, SrvOpenFlag.FILE_DELETED);
            }
          }
          return status;
        }
        fcb.setState(FcbState.COLLAPSING, false);
        NtStatus status = engine.callbacks.call(
            "setFileInfo", fcb, () -> engine.device.miniRedirector().setFileInfo(ctx));
        if (status.isSuccess()) {
          files.removeName(fcb);
          markSrvOpens(fcb, SrvOpenFlag.FILE_RENAMED);
        }
        return status;
      } finally {
        fcb.resource.release();
      }
    } finally {
      if (tableHeld) {
        table.release();
      }
    }
  }

  /** Flags every SRV_OPEN of the FCB: their file is no longer what the FCB's name opens. */
  private static void markSrvOpens(FcbImpl fcb, SrvOpenFlag flag) {
    for (SrvOpenImpl srvOpen : fcb.rawSrvOpens()) {
      srvOpen.setFlag(flag, true);
    }
  }

  /** {@code IRP_MJ_QUERY_VOLUME_INFORMATION}: {@code MRxQueryVolumeInfo} (§5.2). */
  public <T extends FsInformation> QueryResult<T>
      queryVolumeInformation(FileObject fo, Class<T> type) {
    return hostRequest("queryVolumeInformation", () -> {
      NtStatus gate = fileGate(fo, MajorFunction.QUERY_VOLUME_INFORMATION);
      if (!gate.isSuccess()) {
        return new QueryResult<T>(gate, null);
      }
      RxContextImpl ctx = fileContext(MajorFunction.QUERY_VOLUME_INFORMATION, fo);
      InformationContextImpl info = InformationContextImpl.volume(type);
      ctx.setInfo(info);
      NtStatus status = engine.callbacks.call("queryVolumeInfo", fo.fcb,
          () -> engine.device.miniRedirector().queryVolumeInfo(ctx));
      var answer = info.fsResult();
      if (status.isError() || answer == null || !type.isInstance(answer)) {
        return new QueryResult<T>(status.isError() ? status
            : NtStatus.INVALID_DEVICE_REQUEST, null);
      }
      return new QueryResult<T>(status, type.cast(answer));
    });
  }

  /** Entries one directory query returns at most: the caller's buffer. */
  static final int DIRECTORY_BATCH = 128;

  /**
   * {@code IRP_MJ_DIRECTORY_CONTROL}: {@code MRxQueryDirectory} (§5.2), one batch a call. An
   * orphaned handle answers FILE_CLOSED here (§4.2).
   */
  public DirectoryResult queryDirectory(
      FileObject fo, @Nullable String pattern, boolean restartScan) {
    return hostRequest("queryDirectory", () -> {
      NtStatus gate = fileGate(fo, MajorFunction.DIRECTORY_CONTROL);
      if (gate.equals(NtStatus.UNEXPECTED_NETWORK_ERROR)) {
        gate = NtStatus.FILE_CLOSED;
      }
      if (!gate.isSuccess()) {
        return new DirectoryResult(gate, java.util.List.of());
      }
      RxContextImpl ctx = fileContext(MajorFunction.DIRECTORY_CONTROL, fo);
      InformationContextImpl info = InformationContextImpl.directory(
          pattern, restartScan, fo.startDirectoryQuery(), DIRECTORY_BATCH);
      ctx.setInfo(info);
      FcbImpl fcb = Objects.requireNonNull(fo.fcb);
      NtStatus status;
      try (LockScope held = fcb.resource.sharedScope()) {
        status = engine.callbacks.call(
            "queryDirectory", fcb, () -> engine.device.miniRedirector().queryDirectory(ctx));
      }
      return new DirectoryResult(status, info.entries());
    });
  }

  /**
   * The lock key of the host's requests: the host API passes no IRP key, so every lock, read and
   * write of a handle carries key 0, and the handle alone tells owners apart.
   */
  static final int HOST_LOCK_KEY = 0;

  /**
   * A byte-range lock ({@code IRP_MJ_LOCK_CONTROL}, §5.2): {@code MRxIsLockRealizable} may refuse
   * the shape; then the FCB's lock table decides, as FsRtl's file lock package does for RDBSS (see
   * {@link ByteRangeLocks}): a conflict fails at once with LOCK_NOT_GRANTED when asked to, and
   * otherwise waits on this thread, without any RDBSS lock held and without a time limit, until
   * the conflicting range is released. Only a lock granted locally reaches the mini-redirector,
   * through low I/O SHAREDLOCK / EXCLUSIVELOCK; its refusal withdraws the local grant.
   */
  public IoStatusBlock lock(
      FileObject fo, long offset, long length, boolean exclusive, boolean failImmediately) {
    return hostRequest("lock", () -> {
      NtStatus gate = fileGate(fo, MajorFunction.LOCK_CONTROL);
      if (!gate.isSuccess()) {
        return IoStatusBlock.of(gate);
      }
      if (!validRange(offset, length)) {
        return IoStatusBlock.of(NtStatus.INVALID_PARAMETER);
      }
      FcbImpl fcb = Objects.requireNonNull(fo.fcb);
      NtStatus realizable;
      try (LockScope held = fcb.resource.sharedScope()) {
        realizable = engine.callbacks.call("isLockRealizable", fcb,
            () -> engine.device.miniRedirector()
                .isLockRealizable(fcb, offset, length, exclusive, failImmediately));
      }
      if (!realizable.isSuccess() && !realizable.equals(NtStatus.NOT_IMPLEMENTED)) {
        return IoStatusBlock.of(realizable); // NOT_SUPPORTED: the protocol has no such lock
      }
      ByteRangeLocks.Request request = fcb.byteRangeLocks.lock(
          fo, HOST_LOCK_KEY, offset, length, exclusive, failImmediately,
          () -> engine.device.tracer().record(TraceEvent.Kind.RUNTIME, engine.device.name(),
              "byteRangeLockWaiting", fcb.ref(), NtStatus.PENDING,
              (exclusive ? "exclusive" : "shared") + " [" + offset + ", +" + length + ")"));
      ByteRangeLocks.Lock reserved = request.lock();
      if (reserved == null) {
        return IoStatusBlock.of(request.status());
      }
      // The handle may have been orphaned while it waited (§4.2).
      if (fo.isOrphaned()) {
        fcb.byteRangeLocks.withdraw(reserved);
        return IoStatusBlock.of(NtStatus.UNEXPECTED_NETWORK_ERROR);
      }
      RxContextImpl ctx = fileContext(MajorFunction.LOCK_CONTROL, fo);
      NtStatus status = NtStatus.UNSUCCESSFUL;
      fcb.addOutstandingLockOperations(1);
      try {
        status = lowIo.submit(ctx, fcb,
            exclusive ? LowIoOperation.EXCLUSIVELOCK : LowIoOperation.SHAREDLOCK,
            new LowIoParameters.Lock(offset, length, HOST_LOCK_KEY, failImmediately), true);
      } finally {
        fcb.addOutstandingLockOperations(-1);
        if (status.isSuccess()) {
          fcb.byteRangeLocks.confirm(reserved);
        } else {
          // Refused by the server (or its plugin crashed): the local grant goes, waiters re-check.
          fcb.byteRangeLocks.withdraw(reserved);
        }
      }
      return IoStatusBlock.of(status);
    });
  }

  /**
   * Unlocks one range the handle holds: exactly a granted lock's offset and length, else
   * RANGE_NOT_LOCKED without asking the server. The server hears of it through low I/O UNLOCK; the
   * lock keeps conflicting until the server answered, and goes whatever it answers (a handle never
   * keeps a lock it released).
   */
  public IoStatusBlock unlock(FileObject fo, long offset, long length) {
    return hostRequest("unlock", () -> {
      NtStatus gate = fileGate(fo, MajorFunction.LOCK_CONTROL);
      if (!gate.isSuccess()) {
        return IoStatusBlock.of(gate);
      }
      FcbImpl fcb = Objects.requireNonNull(fo.fcb);
      ByteRangeLocks.Lock held = fcb.byteRangeLocks.beginUnlock(fo, HOST_LOCK_KEY, offset, length);
      if (held == null) {
        return IoStatusBlock.of(NtStatus.RANGE_NOT_LOCKED);
      }
      RxContextImpl ctx = fileContext(MajorFunction.LOCK_CONTROL, fo);
      fcb.addOutstandingLockOperations(1);
      try {
        return IoStatusBlock.of(lowIo.submit(ctx, fcb, LowIoOperation.UNLOCK,
            new LowIoParameters.Lock(offset, length, HOST_LOCK_KEY, false), true));
      } finally {
        fcb.addOutstandingLockOperations(-1);
        fcb.byteRangeLocks.finishUnlock(java.util.List.of(held));
      }
    });
  }

  /** Unlocks every range the handle holds through low I/O UNLOCK_MULTIPLE (§5.2). */
  public IoStatusBlock unlockAll(FileObject fo) {
    return hostRequest("unlockAll", () -> {
      NtStatus gate = fileGate(fo, MajorFunction.LOCK_CONTROL);
      return IoStatusBlock.of(gate.isSuccess() ? releaseLocks(fo, true) : gate);
    });
  }

  /**
   * Releases every lock of the handle: one UNLOCK_MULTIPLE to the server when {@code remote} and
   * there is something to release (§6.6), then the locks go and waiters re-check.
   */
  private NtStatus releaseLocks(FileObject fo, boolean remote) {
    FcbImpl fcb = Objects.requireNonNull(fo.fcb);
    java.util.List<ByteRangeLocks.Lock> held = fcb.byteRangeLocks.beginUnlockAll(fo);
    if (held.isEmpty()) {
      return NtStatus.SUCCESS;
    }
    try {
      if (!remote) {
        return NtStatus.SUCCESS;
      }
      java.util.List<LowIoParameters.LockRange> ranges = new java.util.ArrayList<>();
      held.forEach(l -> ranges.add(l.range()));
      RxContextImpl ctx = fileContext(MajorFunction.LOCK_CONTROL, fo);
      fcb.addOutstandingLockOperations(1);
      try {
        return lowIo.submit(ctx, fcb, LowIoOperation.UNLOCK_MULTIPLE,
            new LowIoParameters.LockList(ranges), true);
      } finally {
        fcb.addOutstandingLockOperations(-1);
      }
    } finally {
      fcb.byteRangeLocks.finishUnlock(held);
    }
  }

  /**
   * Whether a read or write of the handle runs into another handle's byte-range lock
   * ({@code FsRtlCheckLockForReadAccess / WriteAccess} at the top of RDBSS's read and write):
   * FILE_LOCK_CONFLICT if so. An exclusive lock keeps others from reading and writing the range; a
   * shared lock keeps everyone, its own handle included, from writing it.
   */
  /**
   * The checks a read or write passes before any data moves: the handle's gate, a valid range, and
   * the byte-range locks of other handles (low I/O locks, §5.2).
   */
  private NtStatus transferGate(FileObject fo, MajorFunction major, long offset, int length) {
    NtStatus gate = fileGate(fo, major);
    if (!gate.isSuccess()) {
      return gate;
    }
    if (offset < 0 || length < 0) {
      return NtStatus.INVALID_PARAMETER;
    }
    return byteRangeCheck(fo, offset, length, major == MajorFunction.WRITE);
  }

  private NtStatus byteRangeCheck(FileObject fo, long offset, long length, boolean write) {
    FcbImpl fcb = Objects.requireNonNull(fo.fcb);
    return fcb.byteRangeLocks.conflictsWithIo(fo, HOST_LOCK_KEY, offset, length, write)
        ? NtStatus.FILE_LOCK_CONFLICT
        : NtStatus.SUCCESS;
  }

  /** A lock range FsRtl accepts: non-negative, and its last byte does not overflow. */
  private static boolean validRange(long offset, long length) {
    return offset >= 0 && length >= 0 && (length == 0 || offset <= Long.MAX_VALUE - (length - 1));
  }

  /**
   * Watches a directory through low I/O NOTIFY_CHANGE_DIRECTORY (§5.2), asynchronously: the stage
   * completes when the mini-redirector calls {@code lowIoCompletion} with the changes in the
   * request's {@link LowIoParameters.NotifyChangeDirectory#changes()} list, when the handle is
   * cleaned up (NOTIFY_CLEANUP, §6.6) or when its connection is deleted (CANCELLED, §4.3 step 1).
   * No lock is held while it is pending ({@link LowIo#startAsync}). A file rather than a directory
   * answers INVALID_PARAMETER; an orphaned handle UNEXPECTED_NETWORK_ERROR (§4.2).
   */
  public java.util.concurrent.CompletionStage<ChangeNotification>
      notifyChangeDirectory(FileObject fo, int completionFilter, boolean watchTree) {
    return hostRequest("notifyChangeDirectory", () -> {
      NtStatus gate = fileGate(fo, MajorFunction.DIRECTORY_CONTROL);
      FcbImpl fcb = fo.fcb;
      if (gate.isSuccess() && (fcb == null || fcb.storageType() != StorageType.DIRECTORY)) {
        gate = NtStatus.INVALID_PARAMETER;
      }
      if (!gate.isSuccess() || fcb == null) {
        return CompletableFuture.completedFuture(
            new ChangeNotification(gate, java.util.List.of()));
      }
      RxContextImpl ctx = asynchronousFileContext(MajorFunction.DIRECTORY_CONTROL, fo);
      return engine.notifications.submit(fo, ctx, fcb, completionFilter, watchTree);
    });
  }

  /**
   * The gate every file request passes (§6.2, §6.6, §4.2): a handle after cleanup answers
   * FILE_CLOSED, an orphaned handle UNEXPECTED_NETWORK_ERROR, a device or tree-connect handle
   * INVALID_DEVICE_REQUEST, and the lifecycle gate applies.
   */
  private NtStatus fileGate(FileObject fo, MajorFunction function) {
    NtStatus lifecycle = engine.lifecycle.admit(function, false);
    if (!lifecycle.isSuccess()) {
      return lifecycle;
    }
    if (fo.isCleanupComplete()) {
      return NtStatus.FILE_CLOSED;
    }
    if (fo.kind != FileObject.Kind.FILE) {
      return NtStatus.INVALID_DEVICE_REQUEST;
    }
    if (fo.isOrphaned()) {
      return NtStatus.UNEXPECTED_NETWORK_ERROR;
    }
    return NtStatus.SUCCESS;
  }

  // ------------------------------------------------------------------------ device control

  /**
   * An FSCTL or IOCTL on the device handle (§5.1): {@code MRxDevFcbXxxControlFile}, with RDBSS's
   * posting rule. A non-PENDING answer with {@code PostRequest} set is re-run on the RDBSS worker;
   * PENDING with {@code PostRequest} set strands the request and is a bugcheck (§9 pitfall 15);
   * PENDING without it means the mini-redirector completes through {@code lowIoCompletion}. The
   * start and stop codes of {@link RdbssControlCodes} reach {@code startMinirdr} / {@code
   * stopMinirdr} even when the plugin leaves the entry unimplemented.
   */
  public ControlResult deviceControl(
      FileObject fo, LogonId logon, boolean fsctl, int controlCode, byte[] input, int outputLength) {
    return hostRequest("deviceControl", () -> {
      if (fo.isCleanupComplete()) {
        return new ControlResult(NtStatus.FILE_CLOSED, new byte[0]);
      }
      if (!fo.isDevice()) {
        return new ControlResult(NtStatus.INVALID_DEVICE_REQUEST, new byte[0]);
      }
      if (outputLength < 0) {
        return new ControlResult(NtStatus.INVALID_PARAMETER, new byte[0]);
      }
      RxContextImpl ctx =
          new RxContextImpl(
              fsctl ? MajorFunction.FILE_SYSTEM_CONTROL : MajorFunction.DEVICE_CONTROL,
              logon, null, false, true);
      ControlContextImpl control = new ControlContextImpl(fsctl, controlCode, input, outputLength);
      ctx.setControl(control);
      // Ready before the entry runs: a plugin may complete from another thread before it returns.
      ctx.setPendingLowIo(new PendingLowIo(() -> {}));
      NtStatus status = controlOnce(ctx);
      if (status.equals(NtStatus.PENDING)) {
        if (ctx.postRequest()) {
          throw engine.device.bugChecks().raise(BugCheckCode.DRIVER_VERIFIER_DETECTED_VIOLATION,
              "§5.1, §9 pitfall 15",
              "devFcbXxxControlFile answered PENDING with PostRequest set for control code 0x"
                  + Integer.toHexString(controlCode) + ": that strands the request. To have RDBSS"
                  + " re-run it on its worker (as startMinirdr asks), answer a non-PENDING status"
                  + " such as MORE_PROCESSING_REQUIRED with PostRequest set");
        }
        status = awaitMiniRdrCompletion(ctx);
      } else if (ctx.postRequest()) {
        status = onWorker(ctx);
      }
      return new ControlResult(status, status.isError() ? new byte[0] : control.output());
    });
  }

  /** One pass of the device control entry, with RDBSS's default for start and stop. */
  private NtStatus controlOnce(RxContextImpl ctx) {
    ctx.setPostRequest(false);
    NtStatus status =
        engine.callbacks.call(
            "devFcbXxxControlFile", null,
            () -> engine.device.miniRedirector().devFcbXxxControlFile(ctx));
    if (!status.equals(NtStatus.NOT_IMPLEMENTED)) {
      return status;
    }
    int code = ctx.control().controlCode();
    OutParameter<Boolean> post = new OutParameter<>(false);
    NtStatus s;
    if (code == RdbssControlCodes.FSCTL_RDBSS_START) {
      s = rdbss.startMinirdr(ctx, post);
    } else if (code == RdbssControlCodes.FSCTL_RDBSS_STOP) {
      s = rdbss.stopMinirdr(ctx, post);
    } else {
      return NtStatus.INVALID_DEVICE_REQUEST;
    }
    // The default behaves as a well-written plugin does (§9 pitfall 15).
    if (s.equals(NtStatus.PENDING) && post.get()) {
      ctx.setPostRequest(true);
      return NtStatus.MORE_PROCESSING_REQUIRED;
    }
    return s;
  }

  /** Re-runs the control request on the RDBSS worker and waits for it (§5.1 posting rule). */
  private NtStatus onWorker(RxContextImpl ctx) {
    CompletableFuture<NtStatus> result = new CompletableFuture<>();
    engine.device.worker().post(WorkQueue.CRITICAL, () -> {
      try {
        result.complete(controlOnce(ctx));
      } catch (RuntimeException | Error e) {
        result.completeExceptionally(e);
      }
    });
    try {
      NtStatus status = result.get();
      if (status.equals(NtStatus.PENDING)) {
        return awaitMiniRdrCompletion(ctx);
      }
      return status;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return NtStatus.CANCELLED;
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(cause);
    }
  }

  /** Waits for the mini-redirector to complete a control request it answered PENDING. */
  private NtStatus awaitMiniRdrCompletion(RxContextImpl ctx) {
    return lowIo.awaitCompletion(
        ctx, "devFcbXxxControlFile", Objects.requireNonNull(ctx.pendingLowIo()));
  }

  // --------------------------------------------------------------------- delete connection

  /**
   * {@code net use X: /delete} (§4.3): what a redirector's delete-connection control does, finding
   * the mapping's V_NET_ROOT by its name ({@code \;X:<logon>\server\share}) and calling {@code
   * RxFinalizeConnection} at {@code level}. A mapping whose view was force-finalized (§4.1, §4.2)
   * also finds that view as a nameless zombie still holding the mapping's connection reference, and
   * finalizes it too (ARCHITECTURE.md §3.4: the deletion "releases whatever view exists"); the
   * first failure is the answer. A mapping whose views are all gone has nothing left to finalize:
   * SUCCESS.
   */
  public NtStatus deleteConnection(String viewName, ConnectionFinalizeLevel level) {
    return hostRequest("deleteConnection", () -> {
      try (LockScope exclusive = engine.device.netNameLock().exclusiveScope()) {
        java.util.List<VNetRootImpl> views = new java.util.ArrayList<>();
        engine.device.prefixTable()
            .find(viewName, PrefixTable.Kind.V_NET_ROOT,
                ConnectionId.NONE)
            .ifPresent(e -> views.add((VNetRootImpl) e.container()));
        views.addAll(zombiesWithConnectionReference(viewName));
        NtStatus result = NtStatus.SUCCESS;
        for (VNetRootImpl view : views) {
          if (view.isFreed()) {
            continue;
          }
          engine.references.reference(view);
          // A view a forced finalization already took (§4.1, §4.2) has only orphaned handles left,
          // which nothing can use: its deletion drops the connection reference whatever the level,
          // as "net use /delete afterwards succeeds" (ARCHITECTURE.md §3.4).
          ConnectionFinalizeLevel effective = view.isUpperFinalizationDone()
              ? ConnectionFinalizeLevel.FORCE_FILES_CLOSED
              : level;
          try {
            NtStatus status = rdbss.finalizeConnection(view.rawNetRoot(), view, effective);
            if (result.isSuccess() && !status.isSuccess()) {
              result = status;
            }
          } finally {
            if (!view.isFreed()) {
              engine.references.dereference(view, LockHoldingState.EXCLUSIVE);
            }
          }
        }
        return result;
      }
    });
  }

  /**
   * The V_NET_ROOTs named {@code viewName} whose name went with a forced finalization while the
   * connection reference of their tree connect kept them alive: only {@code finalizeConnection}
   * can release them, and no name lookup finds them any more. A mapping may have several: a fresh
   * view built after each forced finalization.
   */
  private java.util.List<VNetRootImpl> zombiesWithConnectionReference(String viewName) {
    java.util.List<VNetRootImpl> out = new java.util.ArrayList<>();
    for (RxNode node : engine.device.liveObjects()) {
      if (node instanceof VNetRootImpl v && !v.isFreed() && v.isUpperFinalizationDone()
          && v.additionalReferenceForDeleteFsctlTaken() > 0
          && v.rawName().equalsIgnoreCase(viewName)) {
        out.add(v);
      }
    }
    return out;
  }

  // ------------------------------------------------------------------------------------ MUP

  /**
   * {@code IOCTL_REDIR_QUERY_PATH} on the device (§6.1): RDBSS turns it into a tree-connect-like
   * find-or-construct of the V_NET_ROOT and claims {@code \server\share}. The view is not kept: it
   * waits for the scavenger, so the connection stays cached for the open that follows.
   *
   * @param uncName {@code \\server\share\…}
   */
  public PrefixClaim claimPrefix(
      String uncName, LogonId logon, Credentials credentials, boolean explicitCredentials) {
    return hostRequest("queryPath", () -> {
      if (engine.lifecycle.state() != MiniRdrState.STARTED) {
        return new PrefixClaim(NtStatus.REDIRECTOR_NOT_STARTED, 0);
      }
      if (uncName.length() > Canonicalizer.MAXIMUM_NAME_LENGTH) {
        return new PrefixClaim(NtStatus.INVALID_PARAMETER, 0);
      }
      CanonicalName name = Canonicalizer.canonicalize(uncName, false, false, logon);
      if (!name.isValid() || name.deviceOpen()) {
        return new PrefixClaim(name.isValid() ? NtStatus.INVALID_PARAMETER : name.status(), 0);
      }
      RxContextImpl ctx =
          new RxContextImpl(MajorFunction.CREATE, logon, credentials, explicitCredentials, true);
      ctx.setCreate(new CreateContextImpl(
          CreateRequest.attributesOnly().parameters(), name.name(), true));
      engine.lifecycle.enter(ctx);
      try {
        ConnectionResolver.Resolution r = resolver.findOrConstruct(ctx, name);
        VNetRootImpl view = r.view();
        if (view == null) {
          return new PrefixClaim(r.status(), 0);
        }
        engine.references.dereference(view, LockHoldingState.NOT_HELD);
        int remaining = r.pathInShare().length();
        return new PrefixClaim(NtStatus.SUCCESS, uncName.length() - remaining);
      } finally {
        engine.lifecycle.leave(ctx);
      }
    });
  }

  // -------------------------------------------------------------------------------- helpers

  private RxContextImpl userContext(MajorFunction function, CreateIrp irp) {
    return new RxContextImpl(
        function, irp.logon(), irp.credentials(), irp.explicitCredentials(), true);
  }

  private RxContextImpl fileContext(MajorFunction function, FileObject fo) {
    return fileContext(function, fo, true);
  }

  /** A context whose caller does not wait for the result ({@code isSynchronous() == false}). */
  private RxContextImpl asynchronousFileContext(MajorFunction function, FileObject fo) {
    return fileContext(function, fo, false);
  }

  private RxContextImpl fileContext(MajorFunction function, FileObject fo, boolean synchronous) {
    FobxImpl fobx = Objects.requireNonNull(fo.fobx);
    RxContextImpl ctx = new RxContextImpl(function, fobx.vNetRoot.rawLogonId(), null, false,
        synchronous);
    ctx.setFcb(Objects.requireNonNull(fo.fcb));
    ctx.setFobxInternal(fobx);
    ctx.setRelevantSrvOpen(fobx.rawSrvOpen());
    return ctx;
  }

  /** Runs a host request: refused after a bugcheck, traced as HOST_REQUEST. */
  private <T> T hostRequest(String name, Supplier<T> body) {
    engine.device.bugChecks().checkAlive();
    try (Tracer.Call call = engine.device.tracer().begin()) {
      T result = body.get();
      NtStatus status = statusOf(result);
      call.record(TraceEvent.Kind.HOST_REQUEST, engine.device.name(), name, null, -1, -1, status,
          "");
      return result;
    }
  }

  private static @Nullable NtStatus statusOf(@Nullable Object result) {
    if (result instanceof NtStatus s) {
      return s;
    }
    if (result instanceof CreateOutcome c) {
      return c.status();
    }
    if (result instanceof ReadResult r) {
      return r.status();
    }
    if (result instanceof IoStatusBlock b) {
      return b.status();
    }
    if (result instanceof ControlResult c) {
      return c.status();
    }
    if (result instanceof PrefixClaim c) {
      return c.status();
    }
    return null;
  }
}
