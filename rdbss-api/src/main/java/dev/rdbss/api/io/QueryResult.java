package dev.rdbss.api.io;

import dev.rdbss.api.NtStatus;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The result of a query: a status and, on success, the typed information.
 *
 * @param <T> the information type
 * @param status the status
 * @param value the information, present on success
 */
public record QueryResult<T>(NtStatus status, @Nullable T value) {

  public QueryResult {
    Objects.requireNonNull(status, "status");
  }

  /** The value, if any. */
  public Optional<T> valueIfPresent() {
    return Optional.ofNullable(value);
  }
}
