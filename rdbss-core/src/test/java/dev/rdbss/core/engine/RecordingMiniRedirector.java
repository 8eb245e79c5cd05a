package dev.rdbss.core.engine;

import dev.rdbss.api.NtStatus;
import dev.rdbss.api.StorageType;
import dev.rdbss.api.object.Fcb;
import dev.rdbss.api.object.FcbInitPacket;
import dev.rdbss.api.object.Fobx;
import dev.rdbss.api.object.NetRoot;
import dev.rdbss.api.object.SrvCall;
import dev.rdbss.api.object.SrvOpen;
import dev.rdbss.api.object.VNetRoot;
import dev.rdbss.api.spi.CreateNetRootContext;
import dev.rdbss.api.spi.MiniRedirector;
import dev.rdbss.api.spi.NetRootName;
import dev.rdbss.api.spi.Rdbss;
import dev.rdbss.api.spi.RxContext;
import dev.rdbss.api.spi.SrvCallCallbackContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * A small in-memory mini-redirector for the engine's tests: it records every callback it receives
 * (name and object) in order, and behaves as the contract asks unless a test switches a fault on.
 * It is not a sample and is not shipped.
 */
final class RecordingMiniRedirector implements MiniRedirector {

  /** One recorded callback. */
  record Call(String entry, String object) {
    @Override
    public String toString() {
      return entry + "(" + object + ")";
    }
  }

  private final List<Call> calls = new ArrayList<>();
  private @Nullable Rdbss rdbss;
  /** When false, finalizeSrvCall leaves the SRV_CALL's context set (§9 pitfall 6 fault). */
  boolean clearSrvCallContext = true;
  /** The status {@code create} answers. */
  NtStatus createStatus = NtStatus.SUCCESS;
  /** Entries that throw a RuntimeException (§3.3 0x7E). */
  Predicate<String> throwsIn = entry -> false;

  void attach(Rdbss rdbss) {
    this.rdbss = rdbss;
  }

  synchronized List<Call> calls() {
    return List.copyOf(calls);
  }

  synchronized List<String> entries() {
    return calls.stream().map(Call::entry).toList();
  }

  synchronized long count(String entry) {
    return calls.stream().filter(c -> c.entry().equals(entry)).count();
  }

  synchronized void clear() {
    calls.clear();
  }

  private synchronized void record(String entry, Object object) {
    calls.add(new Call(entry, String.valueOf(object)));
    if (throwsIn.test(entry)) {
      throw new IllegalStateException("injected failure in " + entry);
    }
  }

  @Override
  public NtStatus createSrvCall(SrvCall srvCall, SrvCallCallbackContext callback) {
    record("createSrvCall", srvCall.name());
    callback.complete(NtStatus.SUCCESS, null);
    return NtStatus.PENDING;
  }

  @Override
  public NtStatus srvCallWinnerNotify(
      SrvCall srvCall, boolean winner, @Nullable Object recommunicate) {
    record("srvCallWinnerNotify", srvCall.name());
    srvCall.setContext("connection to " + srvCall.name());
    return NtStatus.SUCCESS;
  }

  @Override
  public NetRootName extractNetRootName(String serverRelativePath, SrvCall srvCall) {
    record("extractNetRootName", serverRelativePath);
    return NetRootName.firstComponent(serverRelativePath);
  }

  @Override
  public NtStatus createVNetRoot(CreateNetRootContext ctx) {
    record("createVNetRoot", ctx.vNetRoot().name());
    ctx.complete(NtStatus.SUCCESS, NtStatus.SUCCESS);
    return NtStatus.PENDING;
  }

  @Override
  public NtStatus create(RxContext ctx) {
    SrvOpen srvOpen = ctx.relevantSrvOpen();
    record("create", srvOpen == null ? "?" : srvOpen.fcb().name());
    if (!createStatus.isSuccess() || srvOpen == null) {
      return createStatus;
    }
    Rdbss rdbss = java.util.Objects.requireNonNull(this.rdbss, "attach(rdbss) first");
    Fobx fobx = rdbss.createNetFobx(ctx, srvOpen);
    ctx.setFobx(fobx);
    Instant t = Instant.parse("2026-01-01T00:00:00Z");
    rdbss.finishFcbInitialization(
        srvOpen.fcb(), StorageType.FILE, new FcbInitPacket(0x20, 1, t, t, t, t, 4096, 10, 10));
    srvOpen.setKey("key:" + srvOpen.serialNumber());
    // A well-behaved redirector declares size and time caching (§9 pitfall 13); without file-time
    // caching RDBSS forgets TIME_AND_SIZE_ALREADY_SET when it applies the buffering (§7.2 step 6).
    srvOpen.setBufferingFlags(java.util.Set.of(
        dev.rdbss.api.FcbState.FILETIMECACHEING, dev.rdbss.api.FcbState.FILESIZECACHEING));
    return NtStatus.SUCCESS;
  }

  @Override
  public void finalizeSrvCall(SrvCall srvCall, boolean force) {
    record("finalizeSrvCall", srvCall.name());
    if (clearSrvCallContext) {
      srvCall.setContext(null);
      srvCall.setContext2(null);
    }
  }

  @Override
  public void finalizeNetRoot(NetRoot netRoot, boolean force) {
    record("finalizeNetRoot", netRoot.name());
  }

  @Override
  public void finalizeVNetRoot(VNetRoot vNetRoot, boolean force) {
    record("finalizeVNetRoot", vNetRoot.name());
  }

  @Override
  public NtStatus cleanupFobx(RxContext ctx) {
    record("cleanupFobx", ctx.fcb() == null ? "?" : ctx.fcb().name());
    return NtStatus.SUCCESS;
  }

  @Override
  public NtStatus closeSrvOpen(RxContext ctx) {
    record("closeSrvOpen", ctx.fcb() == null ? "?" : ctx.fcb().name());
    return NtStatus.SUCCESS;
  }

  @Override
  public NtStatus forceClosed(SrvOpen srvOpen) {
    record("forceClosed", srvOpen.fcb().name());
    return NtStatus.SUCCESS;
  }

  @Override
  public NtStatus deallocateForFcb(Fcb fcb) {
    record("deallocateForFcb", fcb.name());
    return NtStatus.SUCCESS;
  }

  @Override
  public NtStatus deallocateForFobx(Fobx fobx) {
    record("deallocateForFobx", fobx.fcb().name());
    return NtStatus.SUCCESS;
  }
}
