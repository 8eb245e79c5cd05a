package dev.rdbss.minirdr.smb.client;

import dev.rdbss.api.NtStatus;
import java.util.Objects;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * A server's answer: a status and, when the status is a success, a value.
 *
 * <p>Failures are values, not exceptions (ARCHITECTURE.md §3.3): callers branch on {@link
 * #status()}. {@link #get()} is for callers that have already checked, or for tests.
 *
 * @param <T> the type of the value
 */
public final class SmbResult<T> {

  private final NtStatus status;
  private final @Nullable T value;

  private SmbResult(NtStatus status, @Nullable T value) {
    this.status = Objects.requireNonNull(status, "status");
    this.value = value;
  }

  /** A successful answer carrying {@code value}. */
  public static <T> SmbResult<T> success(T value) {
    return new SmbResult<>(NtStatus.SUCCESS, Objects.requireNonNull(value, "value"));
  }

  /** An answer with a non-error status (a warning such as BUFFER_OVERFLOW) and a value. */
  public static <T> SmbResult<T> of(NtStatus status, T value) {
    return new SmbResult<>(status, Objects.requireNonNull(value, "value"));
  }

  /** A failed answer: {@code status} must not be a success. */
  public static <T> SmbResult<T> failure(NtStatus status) {
    if (status.isSuccess()) {
      throw new IllegalArgumentException("a failure needs a failing status, not " + status);
    }
    return new SmbResult<>(status, null);
  }

  /** The server's status. */
  public NtStatus status() {
    return status;
  }

  /** Whether the answer carries a value (the status succeeded, or is a warning with data). */
  public boolean hasValue() {
    return value != null;
  }

  /** Whether the status is a success ({@code NT_SUCCESS}). */
  public boolean isSuccess() {
    return status.isSuccess();
  }

  /** The value, or {@code null} when the answer failed. */
  public @Nullable T valueOrNull() {
    return value;
  }

  /**
   * The value.
   *
   * @throws IllegalStateException if the answer has none; the message names the status
   */
  public T get() {
    T v = value;
    if (v == null) {
      throw new IllegalStateException("no value: the server answered " + status);
    }
    return v;
  }

  /** The same status with the value mapped; a failure stays a failure. */
  public <U> SmbResult<U> map(Function<? super T, ? extends U> mapper) {
    T v = value;
    return v == null ? new SmbResult<>(status, null) : new SmbResult<>(status, mapper.apply(v));
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof SmbResult<?> other
        && status.equals(other.status)
        && Objects.equals(value, other.value);
  }

  @Override
  public int hashCode() {
    return Objects.hash(status, value);
  }

  @Override
  public String toString() {
    return value == null ? "SmbResult[" + status + "]" : "SmbResult[" + status + ", " + value + "]";
  }
}
