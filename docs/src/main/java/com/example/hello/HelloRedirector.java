package com.example.hello;

import dev.rdbss.api.FcbState;
import dev.rdbss.api.LockHoldingState;
import dev.rdbss.api.NtStatus;
import dev.rdbss.api.StorageType;
import dev.rdbss.api.file.CreateDisposition;
import dev.rdbss.api.file.CreateInformation;
import dev.rdbss.api.file.CreateOption;
import dev.rdbss.api.file.FileAttribute;
import dev.rdbss.api.file.FileInformation;
import dev.rdbss.api.file.FileInformationClass;
import dev.rdbss.api.file.NtCreateParameters;
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
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The guide's example dispatch table (docs/guide.md, "Step 4" to "Step 7"): one server,
 * {@code \\hello}, with one share, {@code greetings}, whose files live in memory and may be
 * created, written, truncated, renamed and deleted.
 * {@link HelloControlCodes#FSCTL_HELLO_PUBLISH} replaces the files, closing every handle on the
 * share first: the CSC transition pattern of spec §4.1.
 */
final class HelloRedirector implements MiniRedirector {

  static final String SERVER = "hello";
  static final String SHARE = "greetings";

  private static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");

  private final Rdbss rdbss;
  // The share's files by key. Replaced as a whole by publish, on the RDBSS worker; an open keeps
  // the HelloFile it opened (its SRV_OPEN's context).
  private volatile Map<String, HelloFile> files;

  HelloRedirector(Rdbss rdbss, Map<String, byte[]> files) {
    this.rdbss = rdbss;
    this.files = newShare(files);
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

  /**
   * §5.2: PENDING, and {@code complete} exactly once with the view's and the share's status. The
   * example refuses a logon without a password; that fails the user's view only, never the share
   * other users hold (§9 pitfall 2).
   */
  @Override
  public NtStatus createVNetRoot(CreateNetRootContext ctx) {
    boolean known = ctx.netRoot().name().toLowerCase(Locale.ROOT).endsWith("\\" + SHARE);
    NtStatus share = known ? NtStatus.SUCCESS : NtStatus.BAD_NETWORK_NAME;
    char[] password = ctx.vNetRoot().credentials().password();
    NtStatus view = known && password.length == 0 ? NtStatus.LOGON_FAILURE : share;
    Arrays.fill(password, '\0');
    ctx.complete(view, share);
    return NtStatus.PENDING;
  }
  // end::connect[]

  // tag::create[]
  /**
   * §5.2 MRxCreate: apply the disposition to the share's files, initialize the FCB, create the FOBX
   * on the SRV_OPEN RDBSS built, and say what the create did (§6.4 step 5).
   */
  @Override
  public NtStatus create(RxContext ctx) {
    NtCreateParameters p = ctx.create().parameters();
    String name = key(ctx.create().pathInShare());
    boolean root = name.isEmpty();
    if (root && p.has(CreateOption.NON_DIRECTORY_FILE)) {
      return NtStatus.FILE_IS_A_DIRECTORY;
    }
    HelloFile file = root ? null : files.get(name);
    CreateInformation info = CreateInformation.OPENED;
    if (!root && file == null) {
      if (p.disposition() == CreateDisposition.OPEN || p.disposition() == CreateDisposition.OVERWRITE) {
        return NtStatus.OBJECT_NAME_NOT_FOUND;
      }
      file = new HelloFile(new byte[0]);
      HelloFile raced = files.putIfAbsent(name, file);
      if (raced != null) {
        return NtStatus.OBJECT_NAME_COLLISION; // another user created it just now
      }
      info = CreateInformation.CREATED;
    } else if (!root) {
      if (p.disposition() == CreateDisposition.CREATE) {
        return NtStatus.OBJECT_NAME_COLLISION;
      }
      if (p.disposition().overwrites()) {
        file.setSize(0);
        info = p.disposition() == CreateDisposition.SUPERSEDE
            ? CreateInformation.SUPERSEDED : CreateInformation.OVERWRITTEN;
      }
    }
    Fcb fcb = Objects.requireNonNull(ctx.fcb());
    SrvOpen srvOpen = Objects.requireNonNull(ctx.relevantSrvOpen());
    srvOpen.setContext(file); // this open uses the file it opened, even after a publish
    long size = file == null ? 0 : file.size();
    rdbss.finishFcbInitialization(
        fcb,
        root ? StorageType.DIRECTORY : StorageType.FILE,
        new FcbInitPacket(attributes(root), 1, EPOCH, EPOCH, EPOCH, EPOCH, size, size, size));
    ctx.setFobx(rdbss.createNetFobx(ctx, srvOpen));
    ctx.create().setReturnedCreateInformation(info);
    return NtStatus.SUCCESS;
  }
  // end::create[]

  // tag::read[]
  /**
   * Low I/O (§5.2) on the open's file: READ and WRITE, answered at once (an in-memory share has no
   * reply to wait for, so nothing is left PENDING). Byte-range locks are kept by RDBSS: a share
   * that only this plugin reaches has no server to ask.
   */
  @Override
  public NtStatus lowIoSubmit(LowIoOperation operation, RxContext ctx) {
    HelloFile file = (HelloFile) Objects.requireNonNull(ctx.relevantSrvOpen()).context();
    if (file == null) {
      return NtStatus.INVALID_DEVICE_REQUEST; // the share's root directory
    }
    if (operation == LowIoOperation.SHAREDLOCK || operation == LowIoOperation.EXCLUSIVELOCK
        || operation == LowIoOperation.UNLOCK || operation == LowIoOperation.UNLOCK_MULTIPLE) {
      return NtStatus.SUCCESS;
    }
    if (operation != LowIoOperation.READ && operation != LowIoOperation.WRITE) {
      return NtStatus.NOT_SUPPORTED;
    }
    LowIoParameters.ReadWrite io = ctx.lowIo().parameters(LowIoParameters.ReadWrite.class);
    int n = operation == LowIoOperation.READ
        ? file.read(io.byteOffset(), io.byteCount(), io.buffer())
        : file.write(io.byteOffset(), io.buffer());
    if (n < 0) {
      return NtStatus.END_OF_FILE;
    }
    ctx.setInformation(n);
    return NtStatus.SUCCESS;
  }

  /**
   * A handle was closed by its user (§6.6): the last one of a file marked delete-on-close removes
   * it, unless another file took its name since.
   */
  @Override
  public NtStatus cleanupFobx(RxContext ctx) {
    Fcb fcb = Objects.requireNonNull(ctx.fcb());
    Object file = Objects.requireNonNull(ctx.relevantSrvOpen()).context();
    if (file != null && fcb.state().contains(FcbState.DELETE_ON_CLOSE) && fcb.uncleanCount() == 0) {
      files.remove(key(fcb.pathInShare()), file);
    }
    return NtStatus.SUCCESS;
  }

  /** Nothing to tell a server when the last handle of an open goes: writes are already in. */
  @Override
  public NtStatus closeSrvOpen(RxContext ctx) {
    return NtStatus.SUCCESS;
  }
  // end::read[]

  @Override
  public NtStatus queryFileInfo(RxContext ctx) {
    HelloFile file = (HelloFile) Objects.requireNonNull(ctx.relevantSrvOpen()).context();
    long size = file == null ? 0 : file.size();
    FileInformationClass c = Objects.requireNonNull(ctx.info().fileInformationClass());
    if (c == FileInformationClass.STANDARD) {
      ctx.info().setResult(new FileInformation.Standard(size, size, 1, false, file == null));
      return NtStatus.SUCCESS;
    }
    if (c == FileInformationClass.BASIC) {
      ctx.info().setResult(new FileInformation.Basic(EPOCH, EPOCH, EPOCH, EPOCH, attributes(file == null)));
      return NtStatus.SUCCESS;
    }
    return NtStatus.INVALID_PARAMETER;
  }

  /** §5.2 MRxSetFileInfo: end of file (truncate and extend), delete, rename; times are ignored. */
  @Override
  public NtStatus setFileInfo(RxContext ctx) {
    Fcb fcb = Objects.requireNonNull(ctx.fcb());
    HelloFile file = (HelloFile) Objects.requireNonNull(ctx.relevantSrvOpen()).context();
    if (file == null) {
      return NtStatus.INVALID_PARAMETER; // the share's root directory
    }
    FileInformation in = ctx.info().input();
    String name = key(fcb.pathInShare());
    if (in instanceof FileInformation.EndOfFile) {
      file.setSize(((FileInformation.EndOfFile) in).endOfFile());
    } else if (in instanceof FileInformation.Disposition) {
      if (((FileInformation.Disposition) in).deleteFile()) {
        files.remove(name, file);
      }
    } else if (in instanceof FileInformation.Rename) {
      FileInformation.Rename rename = (FileInformation.Rename) in;
      String target = key(rename.fileName());
      synchronized (files) { // check and move as one step against another rename
        if (files.containsKey(target) && !rename.replaceIfExists()) {
          return NtStatus.OBJECT_NAME_COLLISION;
        }
        files.remove(name, file);
        files.put(target, file);
      }
    } else if (!(in instanceof FileInformation.Basic) && !(in instanceof FileInformation.Allocation)) {
      return NtStatus.INVALID_PARAMETER;
    }
    return NtStatus.SUCCESS;
  }

  /** Names in the share are case-insensitive (§3.2): say so to RDBSS when the server is chosen. */
  @Override
  public NtStatus srvCallWinnerNotify(SrvCall srvCall, boolean winner, @Nullable Object context) {
    srvCall.setCaseInsensitiveNetRoots(true);
    srvCall.setCaseInsensitiveFileNames(true);
    return NtStatus.SUCCESS;
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
        files = newShare(published);
      } finally {
        if (share != null) {
          rdbss.dereference(share, LockHoldingState.EXCLUSIVE);
        }
      }
    }
  }
  // end::transition[]

  /**
   * Puts a new file at {@code name} as another client of the share would, by renaming a file over
   * it, without RDBSS knowing: the conformance kit's hook for §9 pitfall 11 ({@link HelloTckSubject}).
   */
  void replaceBehindRdbss(String name, byte[] content) {
    files.put(key(name), new HelloFile(content.clone()));
  }

  private static Map<String, HelloFile> newShare(Map<String, byte[]> files) {
    Map<String, HelloFile> share = new ConcurrentHashMap<>();
    files.forEach((name, content) -> share.put(key(name), new HelloFile(content.clone())));
    return share;
  }

  /** A file's key in the share: its path without the leading backslash, in lower case. */
  private static String key(String pathInShare) {
    return pathInShare.replaceFirst("^\\\\", "").toLowerCase(Locale.ROOT);
  }

  private static int attributes(boolean directory) {
    return directory ? FileAttribute.DIRECTORY.bit() : FileAttribute.ARCHIVE.bit();
  }

  @Override
  public String toString() {
    return "HelloRedirector[" + files.size() + " files]";
  }
}
