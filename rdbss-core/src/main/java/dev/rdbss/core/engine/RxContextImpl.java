package dev.rdbss.core.engine;

import dev.rdbss.api.Credentials;
import dev.rdbss.api.LogonId;
import dev.rdbss.api.NtStatus;
import dev.rdbss.api.object.Fcb;
import dev.rdbss.api.object.Fobx;
import dev.rdbss.api.object.SrvOpen;
import dev.rdbss.api.spi.ControlContext;
import dev.rdbss.api.spi.CreateContext;
import dev.rdbss.api.spi.InformationContext;
import dev.rdbss.api.spi.LowIoContext;
import dev.rdbss.api.spi.MajorFunction;
import dev.rdbss.api.spi.RxContext;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An RX_CONTEXT (spec §5.2). The logon's credentials travel in it for {@code RxCreateVNetRoot} to
 * capture (§6.3 step 3(b)) but are not part of the plugin's view of a context.
 */
final class RxContextImpl implements RxContext {

  private final MajorFunction majorFunction;
  private final LogonId logonId;
  private final @Nullable Credentials credentials;
  private final boolean explicitCredentials;
  private final boolean synchronous;
  private @Nullable FcbImpl fcb;
  private @Nullable FobxImpl fobx;
  private @Nullable SrvOpenImpl relevantSrvOpen;
  private @Nullable CreateContext create;
  private @Nullable LowIoContext lowIo;
  private @Nullable InformationContext info;
  private @Nullable ControlContext control;
  private boolean postRequest;
  private NtStatus ioStatus = NtStatus.SUCCESS;
  private long information;
  private volatile boolean cancelled;
  private @Nullable Runnable cancelRoutine;
  private final @Nullable Object[] mrxContext = new Object[4];
  private static final java.util.concurrent.atomic.AtomicLong IDS =
      new java.util.concurrent.atomic.AtomicLong();
  private final long id = IDS.incrementAndGet();
  // Guarded by this: the state of a low I/O request answered PENDING (§5.2).
  private @Nullable PendingLowIo pendingLowIo;

  RxContextImpl(
      MajorFunction majorFunction,
      LogonId logonId,
      @Nullable Credentials credentials,
      boolean explicitCredentials,
      boolean synchronous) {
    this.majorFunction = majorFunction;
    this.logonId = logonId;
    this.credentials = credentials;
    this.explicitCredentials = explicitCredentials;
    this.synchronous = synchronous;
  }

  /** A context RDBSS makes for its own requests (scavenger closes, teardown), as the system. */
  static RxContextImpl internal(Device device, MajorFunction function) {
    Objects.requireNonNull(device, "device");
    return new RxContextImpl(function, LogonId.SYSTEM, null, false, true);
  }

  @Override
  public MajorFunction majorFunction() {
    return majorFunction;
  }

  @Override
  public LogonId logonId() {
    return logonId;
  }

  /** The logon's (or the explicit) credentials, for a V_NET_ROOT to capture. */
  @Nullable Credentials credentials() {
    return credentials;
  }

  boolean hasExplicitCredentials() {
    return explicitCredentials;
  }

  @Override
  public boolean isSynchronous() {
    return synchronous;
  }

  @Override
  public @Nullable Fcb fcb() {
    return fcb;
  }

  void setFcb(@Nullable FcbImpl fcb) {
    this.fcb = fcb;
  }

  @Override
  public @Nullable Fobx fobx() {
    return fobx;
  }

  @Override
  public void setFobx(Fobx fobx) {
    if (!(fobx instanceof FobxImpl impl)) {
      throw new IllegalArgumentException("a FOBX that RDBSS did not create: " + fobx);
    }
    this.fobx = impl;
  }

  void setFobxInternal(FobxImpl fobx) {
    this.fobx = fobx;
  }

  /** Forgets a FOBX that a failed create or collapse dropped. */
  void clearFobx() {
    this.fobx = null;
  }

  @Nullable FobxImpl rawFobx() {
    return fobx;
  }

  @Override
  public @Nullable SrvOpen relevantSrvOpen() {
    return relevantSrvOpen;
  }

  void setRelevantSrvOpen(@Nullable SrvOpenImpl srvOpen) {
    this.relevantSrvOpen = srvOpen;
  }

  @Override
  public CreateContext create() {
    return part(create, "create");
  }

  boolean hasCreatePart() {
    return create != null;
  }

  void setCreate(CreateContext create) {
    this.create = create;
  }

  @Override
  public LowIoContext lowIo() {
    return part(lowIo, "low I/O");
  }

  void setLowIo(LowIoContext lowIo) {
    this.lowIo = lowIo;
  }

  @Override
  public InformationContext info() {
    return part(info, "information");
  }

  void setInfo(InformationContext info) {
    this.info = info;
  }

  @Override
  public ControlContext control() {
    return part(control, "control");
  }

  void setControl(ControlContext control) {
    this.control = control;
  }

  private <T> T part(@Nullable T value, String what) {
    if (value == null) {
      throw new IllegalStateException(
          "this context carries no " + what + " part: it is a " + majorFunction + " request");
    }
    return value;
  }

  @Override
  public boolean postRequest() {
    return postRequest;
  }

  @Override
  public void setPostRequest(boolean post) {
    this.postRequest = post;
  }

  @Override
  public NtStatus ioStatus() {
    return ioStatus;
  }

  @Override
  public void setIoStatus(NtStatus status) {
    this.ioStatus = Objects.requireNonNull(status, "status");
  }

  @Override
  public long information() {
    return information;
  }

  @Override
  public void setInformation(long information) {
    this.information = information;
  }

  @Override
  public boolean isCancelled() {
    return cancelled;
  }

  /** Cancels the request: runs the mini-redirector's cancel routine, if one is set. */
  void cancel() {
    Runnable routine;
    synchronized (this) {
      cancelled = true;
      routine = cancelRoutine;
      cancelRoutine = null;
    }
    if (routine != null) {
      routine.run();
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>On a context that is cancelled already the routine runs at once, on the caller's thread:
   * {@code RxSetMinirdrCancelRoutine} refuses it with CANCELLED there, and a mini-redirector that
   * queued the request just before the cancellation must still hear of it.
   */
  @Override
  public void setCancelRoutine(@Nullable Runnable cancelRoutine) {
    synchronized (this) {
      if (!cancelled || cancelRoutine == null) {
        this.cancelRoutine = cancelRoutine;
        return;
      }
      this.cancelRoutine = null;
    }
    cancelRoutine.run();
  }

  @Override
  public @Nullable Object mrxContext(int slot) {
    return mrxContext[checkSlot(slot)];
  }

  @Override
  public void setMrxContext(int slot, @Nullable Object value) {
    mrxContext[checkSlot(slot)] = value;
  }

  private static int checkSlot(int slot) {
    if (slot < 0 || slot > 3) {
      throw new IndexOutOfBoundsException("MRxContext has four slots, 0 to 3: " + slot);
    }
    return slot;
  }

  /** A number unique in the runtime, the context's lock owner token ({@code ResourceThreadId}). */
  long id() {
    return id;
  }

  synchronized void setPendingLowIo(@Nullable PendingLowIo pending) {
    this.pendingLowIo = pending;
  }

  synchronized @Nullable PendingLowIo pendingLowIo() {
    return pendingLowIo;
  }

  @Override
  public String toString() {
    return "RxContext[" + majorFunction + " #" + id + ", logon " + logonId + "]";
  }
}
