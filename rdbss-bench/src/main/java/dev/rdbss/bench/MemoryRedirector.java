package dev.rdbss.bench;

import dev.rdbss.api.LockHoldingState;
import dev.rdbss.api.NetRootType;
import dev.rdbss.api.NtStatus;
import dev.rdbss.api.StorageType;
import dev.rdbss.api.file.CreateDisposition;
import dev.rdbss.api.file.CreateInformation;
import dev.rdbss.api.file.FileAttribute;
import dev.rdbss.api.object.Fcb;
import dev.rdbss.api.object.FcbInitPacket;
import dev.rdbss.api.object.NetRoot;
import dev.rdbss.api.object.SrvCall;
import dev.rdbss.api.object.SrvOpen;
import dev.rdbss.api.spi.CreateNetRootContext;
import dev.rdbss.api.spi.LowIoOperation;
import dev.rdbss.api.spi.LowIoParameters;
import dev.rdbss.api.spi.MiniRedirector;
import dev.rdbss.api.spi.MiniRedirectorDescriptor;
import dev.rdbss.api.spi.MiniRedirectorProvider;
import dev.rdbss.api.spi.NetRootName;
import dev.rdbss.api.spi.PluginSettings;
import dev.rdbss.api.spi.Rdbss;
import dev.rdbss.api.spi.RxContext;
import dev.rdbss.api.spi.SrvCallCallbackContext;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The trivial mini-redirector of the benchmarks: every server and share exists, and every share is
 * the same {@link MemoryStore}. It does the least a file redirector can (no buffering, no
 * collapsing, no delayed close), so that what a benchmark measures on top of the store is RDBSS.
 *
 * <p>It is also the plugin of the forced-finalization benchmark: {@link #forceFinalizeAllVNetRoots}
 * is the CSC pattern of spec §4.1, called on the host's request.
 */
public final class MemoryRedirector implements MiniRedirector {

  /** The provider name and device name. */
  public static final String NAME = "bench";

  private static final Instant TIME = Instant.parse("2026-01-01T00:00:00Z");

  private final MemoryStore store;
  private @Nullable Rdbss rdbss;

  public MemoryRedirector(MemoryStore store) {
    this.store = store;
  }

  /** A provider that hands this redirector to the runtime. */
  public MiniRedirectorProvider provider() {
    MemoryRedirector self = this;
    return new MiniRedirectorProvider() {
      @Override
      public MiniRedirectorDescriptor descriptor() {
        return MiniRedirectorDescriptor.builder(NAME, "\\Device\\BenchRedirector").build();
      }

      @Override
      public MiniRedirector create(Rdbss service, PluginSettings settings) {
        self.rdbss = service;
        return self;
      }
    };
  }

  private Rdbss rdbss() {
    return Objects.requireNonNull(rdbss, "not registered");
  }

  /**
   * Closes every open file of {@code \server\share} the CSC way (spec §4.1): under the exclusive
   * netname lock, {@code forceFinalizeAllVNetRoots} on the share's NET_ROOT.
   *
   * @return whether the share was found
   */
  public boolean forceFinalizeAllVNetRoots(String netRootName) {
    Rdbss r = rdbss();
    try (var exclusive = r.netNameTable().acquireExclusive()) {
      NetRoot netRoot = r.netNameTable().lookupNetRoot(netRootName).orElse(null);
      if (netRoot == null) {
        return false;
      }
      try {
        r.forceFinalizeAllVNetRoots(netRoot);
      } finally {
        r.dereference(netRoot, LockHoldingState.EXCLUSIVE);
      }
      return true;
    }
  }

  @Override
  public NtStatus createSrvCall(SrvCall srvCall, SrvCallCallbackContext callback) {
    callback.complete(NtStatus.SUCCESS, null); // nothing to dial
    return NtStatus.PENDING;
  }

  @Override
  public NtStatus srvCallWinnerNotify(
      SrvCall srvCall, boolean thisMinirdrIsTheWinner, @Nullable Object recommunicateContext) {
    srvCall.setCaseInsensitiveNetRoots(true);
    srvCall.setCaseInsensitiveFileNames(true);
    return NtStatus.SUCCESS;
  }

  @Override
  public NetRootName extractNetRootName(String serverRelativePath, SrvCall srvCall) {
    return NetRootName.firstComponent(serverRelativePath);
  }

  @Override
  public NtStatus createVNetRoot(CreateNetRootContext ctx) {
    NetRoot netRoot = ctx.netRoot();
    if (netRoot.context() == null) {
      netRoot.setType(NetRootType.DISK);
      netRoot.setContext(store); // non-null: initialized (§5.2)
    }
    ctx.complete(NtStatus.SUCCESS, NtStatus.SUCCESS);
    return NtStatus.PENDING;
  }

  @Override
  public NtStatus create(RxContext ctx) {
    Fcb fcb = Objects.requireNonNull(ctx.fcb());
    String path = ctx.create().pathInShare();
    CreateDisposition d = ctx.create().parameters().disposition();
    MemoryStore.StoredFile file = store.file(path);
    CreateInformation info = CreateInformation.OPENED;
    if (file == null) {
      if (d == CreateDisposition.OPEN || d == CreateDisposition.OVERWRITE) {
        return NtStatus.OBJECT_NAME_NOT_FOUND;
      }
      file = store.fileOrCreate(path);
      info = CreateInformation.CREATED;
    }
    SrvOpen srvOpen = Objects.requireNonNull(ctx.relevantSrvOpen());
    srvOpen.setContext(file);
    int size = file.size();
    rdbss().finishFcbInitialization(
        fcb,
        StorageType.FILE,
        new FcbInitPacket(FileAttribute.ARCHIVE.bit(), 1, TIME, TIME, TIME, TIME, size, size, size));
    ctx.setFobx(rdbss().createNetFobx(ctx, srvOpen));
    ctx.create().setReturnedCreateInformation(info);
    return NtStatus.SUCCESS;
  }

  @Override
  public NtStatus closeSrvOpen(RxContext ctx) {
    return NtStatus.SUCCESS;
  }

  @Override
  public NtStatus lowIoSubmit(LowIoOperation operation, RxContext ctx) {
    if (operation != LowIoOperation.READ && operation != LowIoOperation.WRITE) {
      return NtStatus.NOT_SUPPORTED;
    }
    SrvOpen srvOpen = Objects.requireNonNull(ctx.relevantSrvOpen());
    MemoryStore.StoredFile file = (MemoryStore.StoredFile) Objects.requireNonNull(srvOpen.context());
    LowIoParameters.ReadWrite rw = ctx.lowIo().parameters(LowIoParameters.ReadWrite.class);
    ByteBuffer buffer = rw.buffer();
    if (operation == LowIoOperation.READ) {
      int n = file.read(rw.byteOffset(), buffer, rw.byteCount());
      if (n < 0) {
        return NtStatus.END_OF_FILE;
      }
      ctx.setInformation(n);
      return NtStatus.SUCCESS;
    }
    ctx.setInformation(file.write(rw.byteOffset(), buffer));
    return NtStatus.SUCCESS;
  }
}
