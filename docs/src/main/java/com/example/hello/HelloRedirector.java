package com.example.hello;

import dev.rdbss.api.LockHoldingState;
import dev.rdbss.api.NtStatus;
import dev.rdbss.api.StorageType;
import dev.rdbss.api.file.CreateDisposition;
import dev.rdbss.api.file.CreateInformation;
import dev.rdbss.api.file.CreateOption;
import dev.rdbss.api.file.FileAttribute;
import dev.rdbss.api.file.FileInformation;
import dev.rdbss.api.file.FileInformationClass;
import dev.rdbss.api.object.Fcb;
import dev.rdbss.api.object.FcbInitPacket;
import dev.rdbss.api.object.NetRoot;
import dev.rdbss.api.object.SrvCall;
import dev.rdbss.api.object.SrvOpen;
import dev.rdbss.api.spi.CreateNetRootContext;
import dev.rdbss.api.spi.LockScope;
import dev.rdbss.api.spi.LowIoOperation;
import dev.rdbss.api.spi.LowIoParameters;
import dev.rdbss.api.spi.MiniRedirector;
import dev.rdbss.api.spi.NetRootName;
import dev.rdbss.api.spi.Rdbss;
import dev.rdbss.api.spi.RxContext;
import dev.rdbss.api.spi.SrvCallCallbackContext;
import dev.rdbss.api.spi.WorkQueue;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The guide's example dispatch table (docs/guide.md, "Step 4" to "Step 6"): one server,
 * {@code \\hello}, with one read-only share, {@code greetings}, whose files live in memory.
 * {@link HelloControlCodes#FSCTL_HELLO_PUBLISH} replaces the files, closing every handle on the
 * share first: the CSC transition pattern of spec §4.1.
 */
final class HelloRedirector implements MiniRedirector {

  static final String SERVER = "hello";
  static final String SHARE = "greetings";

  private static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");

  private final Rdbss rdbss;
  // Replaced as a whole by publish, on the RDBSS worker; read by creates and reads.
  private volatile Map<String, byte[]> files;

  HelloRedirector(Rdbss rdbss, Map<String, byte[]> files) {
    this.rdbss = rdbss;
    this.files = lowerCaseKeys(files);
  }

  // tag::connect[]
  /** §5.2: always PENDING, the callback exactly once; there is no network to wait for. */
  @Override
  public NtStatus createSrvCall(SrvCall srvCall, SrvCallCallbackContext callback) {
    NtStatus status =
        srvCall.name().equalsIgnoreCase("\\" + SERVER) ? NtStatus.SUCCESS : NtStatus.BAD_NETWORK_PATH;
    callback.complete(status, null);
    return NtStatus.PENDING;
  }

  /** The share is the first component of the path under the server. */
  @Override
  public NetRootName extractNetRootName(String serverRelativePath, SrvCall srvCall) {
    return NetRootName.firstComponent(serverRelativePath);
  }

  /** §5.2: PENDING, and {@code complete} exactly once with the view's and the share's status. */
  @Override
  public NtStatus createVNetRoot(CreateNetRootContext ctx) {
    boolean known = ctx.netRoot().name().toLowerCase(Locale.ROOT).endsWith("\\" + SHARE);
    NtStatus status = known ? NtStatus.SUCCESS : NtStatus.BAD_NETWORK_NAME;
    ctx.complete(status, status);
    return NtStatus.PENDING;
  }
  // end::connect[]

  // tag::create[]
  /**
   * §5.2 MRxCreate: check the request against the file, initialize the FCB, create the FOBX on the
   * SRV_OPEN RDBSS built, and say what the create did.
   */
  @Override
  public NtStatus create(RxContext ctx) {
    String name = ctx.create().pathInShare().replaceFirst("^\\\\", "").toLowerCase(Locale.ROOT);
    boolean root = name.isEmpty();
    byte[] data = files.get(name);
    CreateDisposition disposition = ctx.create().parameters().disposition();
    boolean exists = root || data != null;
    if (!exists && disposition == CreateDisposition.OPEN) {
      return NtStatus.OBJECT_NAME_NOT_FOUND;
    }
    if (!exists || (disposition != CreateDisposition.OPEN && disposition != CreateDisposition.OPEN_IF)) {
      return NtStatus.MEDIA_WRITE_PROTECTED; // a read-only share creates and overwrites nothing
    }
    if (root && ctx.create().parameters().has(CreateOption.NON_DIRECTORY_FILE)) {
      return NtStatus.FILE_IS_A_DIRECTORY;
    }
    Fcb fcb = Objects.requireNonNull(ctx.fcb());
    SrvOpen srvOpen = Objects.requireNonNull(ctx.relevantSrvOpen());
    srvOpen.setContext(data); // this open reads the version it opened, even after a publish
    long size = root ? 0 : data.length;
    int attributes = root ? FileAttribute.DIRECTORY.bit() : FileAttribute.READONLY.bit();
    rdbss.finishFcbInitialization(
        fcb,
        root ? StorageType.DIRECTORY : StorageType.FILE,
        new FcbInitPacket(attributes, 1, EPOCH, EPOCH, EPOCH, EPOCH, size, size, size));
    ctx.setFobx(rdbss.createNetFobx(ctx, srvOpen));
    ctx.create().setReturnedCreateInformation(CreateInformation.OPENED);
    return NtStatus.SUCCESS;
  }
  // end::create[]

  // tag::read[]
  /** Low I/O (§5.2): READ copies from the open's version of the file; nothing else is allowed. */
  @Override
  public NtStatus lowIoSubmit(LowIoOperation operation, RxContext ctx) {
    if (operation != LowIoOperation.READ) {
      return NtStatus.MEDIA_WRITE_PROTECTED;
    }
    SrvOpen srvOpen = Objects.requireNonNull(ctx.relevantSrvOpen());
    byte[] data = (byte[]) srvOpen.context();
    if (data == null) {
      return NtStatus.INVALID_DEVICE_REQUEST; // the share's root directory
    }
    LowIoParameters.ReadWrite read = ctx.lowIo().parameters(LowIoParameters.ReadWrite.class);
    if (read.byteOffset() >= data.length) {
      return NtStatus.END_OF_FILE;
    }
    int n = (int) Math.min(read.byteCount(), data.length - read.byteOffset());
    read.buffer().put(data, (int) read.byteOffset(), n);
    ctx.setInformation(n);
    return NtStatus.SUCCESS;
  }

  /** A handle was closed by its user (§6.6); a read-only share has nothing to delete. */
  @Override
  public NtStatus cleanupFobx(RxContext ctx) {
    return NtStatus.SUCCESS;
  }

  /** Nothing to tell a server when the last handle of an open goes. */
  @Override
  public NtStatus closeSrvOpen(RxContext ctx) {
    return NtStatus.SUCCESS;
  }
  // end::read[]

  @Override
  public NtStatus queryFileInfo(RxContext ctx) {
    SrvOpen srvOpen = Objects.requireNonNull(ctx.relevantSrvOpen());
    byte[] data = (byte[]) srvOpen.context();
    long size = data == null ? 0 : data.length;
    FileInformationClass c = Objects.requireNonNull(ctx.info().fileInformationClass());
    if (c == FileInformationClass.STANDARD) {
      ctx.info().setResult(new FileInformation.Standard(size, size, 1, false, data == null));
      return NtStatus.SUCCESS;
    }
    return NtStatus.INVALID_PARAMETER;
  }

  // tag::transition[]
  /**
   * {@code FSCTL_HELLO_PUBLISH}: new files replace the share's. The switch runs on the RDBSS worker,
   * where no FCB is held, because the netname table lock comes first in the lock order (§3.3).
   */
  @Override
  public NtStatus devFcbXxxControlFile(RxContext ctx) {
    if (ctx.control().controlCode() != HelloControlCodes.FSCTL_HELLO_PUBLISH) {
      return NtStatus.NOT_IMPLEMENTED; // RDBSS's own codes (start, stop) take the default path
    }
    Map<String, byte[]> published = HelloControlCodes.parse(ctx.control().input());
    return rdbss.postToWorker(WorkQueue.DELAYED, () -> publish(published));
  }

  /**
   * The CSC pattern (§4.1): with the netname table held exclusively, look the share up (which
   * references it), force-finalize every view of it (every open handle is orphaned: its requests
   * now fail, its close still works), switch the content, and give the reference back before the
   * lock goes, so no open can slip in between.
   */
  private void publish(Map<String, byte[]> published) {
    try (LockScope exclusive = rdbss.netNameTable().acquireExclusive()) {
      NetRoot share = rdbss.netNameTable().lookupNetRoot("\\" + SERVER + "\\" + SHARE).orElse(null);
      try {
        if (share != null) {
          rdbss.forceFinalizeAllVNetRoots(share);
        }
        files = lowerCaseKeys(published);
      } finally {
        if (share != null) {
          rdbss.dereference(share, LockHoldingState.EXCLUSIVE);
        }
      }
    }
  }
  // end::transition[]

  private static Map<String, byte[]> lowerCaseKeys(Map<String, byte[]> files) {
    Map<String, byte[]> lower = new LinkedHashMap<>();
    files.forEach((k, v) -> lower.put(k.toLowerCase(Locale.ROOT), v.clone()));
    return Map.copyOf(lower);
  }

  @Override
  public String toString() {
    return "HelloRedirector[" + files.size() + " files, " + StandardCharsets.UTF_8 + "]";
  }
}
