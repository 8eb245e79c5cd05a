package dev.rdbss.api.spi;

/**
 * An out parameter, where a Windows routine writes its result through a pointer (for example the
 * new state of {@code MRxComputeNewBufferingState} or the id of {@code MRxGetConnectionId}).
 *
 * <p>RDBSS pre-fills out parameters with a sentinel and checks that a routine answering SUCCESS
 * really wrote one (spec §9 pitfall 12), so a plugin must call {@link #set} on success.
 *
 * @param <T> the value type
 */
public interface Out<T> {

  /** Writes the value. */
  void set(T value);

  /** The value written, or the pre-filled value when nothing was written. */
  T get();

  /** Whether {@link #set} was called. */
  boolean isSet();
}
