package dev.rdbss.api.spi;

import dev.rdbss.api.LogonId;
import dev.rdbss.api.NtStatus;
import dev.rdbss.api.object.Fcb;
import dev.rdbss.api.object.Fobx;
import dev.rdbss.api.object.SrvOpen;
import org.jspecify.annotations.Nullable;

/**
 * The RX_CONTEXT: one request travelling through RDBSS and the mini-redirector (spec §5.2).
 *
 * <p>Only the part that matches {@link #majorFunction()} is available: {@link #create()} for a
 * create, {@link #lowIo()} for low I/O, {@link #info()} for queries and sets, {@link #control()} for
 * device control requests. Asking for another part throws {@link IllegalStateException}.
 */
public interface RxContext {

  /** The request type. */
  MajorFunction majorFunction();

  /** The logon the request runs for. */
  LogonId logonId();

  /** Whether the caller waits for the result (synchronous) or takes PENDING (asynchronous). */
  boolean isSynchronous();

  /** The FCB the request is on, or {@code null} (device requests, early create). */
  @Nullable Fcb fcb();

  /** The FOBX of the handle, or {@code null}. */
  @Nullable Fobx fobx();

  /**
   * Records the FOBX a create or collapse made ({@code ctx->pFobx}, spec §5.2 {@code MRxCreate},
   * §11): the mini-redirector calls {@link Rdbss#createNetFobx} and stores the result here.
   */
  void setFobx(Fobx fobx);

  /** {@code pRelevantSrvOpen}: the SRV_OPEN a create or collapse is about, or {@code null}. */
  @Nullable SrvOpen relevantSrvOpen();

  /** The create part. */
  CreateContext create();

  /** The low I/O part. */
  LowIoContext lowIo();

  /** The information part. */
  InformationContext info();

  /** The device control part. */
  ControlContext control();

  /** {@code PostRequest}: whether RDBSS should re-run the request on its worker (§5.1, §5.2). */
  boolean postRequest();

  /** Asks RDBSS to post the request to its worker. */
  void setPostRequest(boolean post);

  /** {@code IoStatus.Status}, for a request completed asynchronously. */
  NtStatus ioStatus();

  /** Sets {@code IoStatus.Status} before {@link Rdbss#lowIoCompletion}. */
  void setIoStatus(NtStatus status);

  /** {@code IoStatus.Information}: bytes transferred, create information, … */
  long information();

  /** Sets {@code IoStatus.Information}. */
  void setInformation(long information);

  /** Whether the request was cancelled. */
  boolean isCancelled();

  /**
   * Sets the routine RDBSS runs if the request is cancelled while the mini-redirector owns it
   * ({@code RxSetMinirdrCancelRoutine}); {@code null} clears it. On a request that is already
   * cancelled the routine runs at once, on the calling thread.
   */
  void setCancelRoutine(@Nullable Runnable cancelRoutine);

  /** One of the four {@code MRxContext} slots, the mini-redirector's scratch space. */
  @Nullable Object mrxContext(int slot);

  /** Sets one of the four {@code MRxContext} slots (0 to 3). */
  void setMrxContext(int slot, @Nullable Object value);
}
