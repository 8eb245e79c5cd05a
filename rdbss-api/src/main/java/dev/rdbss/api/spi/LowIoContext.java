package dev.rdbss.api.spi;

/**
 * {@code RxContext->LowIoContext} (spec §5.2 "Low I/O"): the operation, its parameters, and the
 * owner on whose behalf the FCB resource is held.
 *
 * <p>A mini-redirector either completes the operation synchronously (returns its status) or returns
 * {@code PENDING} and later sets the context's status and information and calls
 * {@link Rdbss#lowIoCompletion} exactly once, from any thread. RDBSS then releases the FCB on the
 * originating owner's behalf ({@code LowIoContext.ResourceThreadId}).
 */
public interface LowIoContext {

  /** The operation. */
  LowIoOperation operation();

  /** The parameters; their record type follows {@link #operation()}. */
  LowIoParameters parameters();

  /** The parameters as {@code type}, for the mini-redirector that knows the operation. */
  default <P extends LowIoParameters> P parameters(Class<P> type) {
    return type.cast(parameters());
  }

  /** The owner token of the thread that acquired the FCB ({@code ResourceThreadId}). */
  long resourceOwner();
}
