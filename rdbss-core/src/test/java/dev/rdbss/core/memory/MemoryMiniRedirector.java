package dev.rdbss.core.memory;

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
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
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

  private final Map<String, Map<String, Share>> servers = new ConcurrentHashMap<>();
  private final List<String> calls = new ArrayList<>();
  private @Nullable Rdbss rdbss;
  private @Nullable Consumer<SrvCallCallbackContext> createSrvCallBehaviour;
  private @Nullable Consumer<CreateNetRootContext> createVNetRootBehaviour;
  private java.util.function.@Nullable Function<RxContext, NtStatus> deviceControlBehaviour;
  private volatile NtStatus createSrvCallAnswer = NtStatus.PENDING;

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

  /** The entries called so far, in order. */
  public synchronized List<String> calls() {
    return List.copyOf(calls);
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
    Consumer<CreateNetRootContext> behaviour = createVNetRootBehaviour;
    if (behaviour != null) {
      behaviour.accept(ctx);
    } else if (shareOf(ctx.netRoot()) == null) {
      // Only a new NET_ROOT may carry a failure in its own status (§9 pitfall 2).
      boolean newNetRoot = ctx.netRoot().context() == null;
      ctx.complete(NtStatus.BAD_NETWORK_NAME,
          newNetRoot ? NtStatus.BAD_NETWORK_NAME : NtStatus.SUCCESS);
    } else {
      ctx.complete(NtStatus.SUCCESS, NtStatus.SUCCESS);
    }
    return NtStatus.PENDING;
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
    CreateInformation info;
    Node node;
    synchronized (share) {
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
    rdbss().finishFcbInitialization(
        fcb,
        node.directory ? StorageType.DIRECTORY : StorageType.FILE,
        new FcbInitPacket(attributes(node), 1, node.created, node.created, node.created,
            node.created, node.data.length, node.data.length, node.data.length));
    Fobx fobx = rdbss().createNetFobx(ctx, srvOpen);
    ctx.setFobx(fobx);
    ctx.create().setReturnedCreateInformation(info);
    return NtStatus.SUCCESS;
  }

  @Override
  public NtStatus cleanupFobx(RxContext ctx) {
    record("cleanupFobx");
    return NtStatus.SUCCESS;
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
  public NtStatus lowIoSubmit(LowIoOperation operation, RxContext ctx) {
    record("lowIoSubmit[" + operation + "]");
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
      default:
        return NtStatus.NOT_SUPPORTED;
    }
  }

  private static NtStatus readWrite(LowIoOperation op, RxContext ctx, Share share, String key) {
    LowIoParameters.ReadWrite rw = ctx.lowIo().parameters(LowIoParameters.ReadWrite.class);
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
    return node.directory ? FileAttribute.DIRECTORY.bit() : FileAttribute.ARCHIVE.bit();
  }

  static String key(String path) {
    return path.toUpperCase(Locale.ROOT);
  }
}
