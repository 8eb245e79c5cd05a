package dev.rdbss.api.io;

import dev.rdbss.api.NtStatus;
import dev.rdbss.api.NtStatusException;
import dev.rdbss.api.file.CreateInformation;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The result of {@link IoSession#tryOpen}: a status, and on success the handle and what the create
 * did.
 *
 * @param status the create's status
 * @param handle the handle, present exactly when the status is a success
 * @param createInformation what the create did (opened, created, …), on success
 */
public record OpenResult(
    NtStatus status, @Nullable FileHandle handle, @Nullable CreateInformation createInformation) {

  public OpenResult {
    Objects.requireNonNull(status, "status");
    if (status.isSuccess() != (handle != null)) {
      throw new IllegalArgumentException("a handle is present exactly when the status is a success");
    }
  }

  /** A failed open. */
  public static OpenResult failed(NtStatus status) {
    return new OpenResult(status, null, null);
  }

  /** The handle, if the open succeeded. */
  public Optional<FileHandle> handleIfOpened() {
    return Optional.ofNullable(handle);
  }

  /**
   * The handle.
   *
   * @throws NtStatusException with the status when the open failed
   */
  public FileHandle orThrow() {
    if (handle == null) {
      throw new NtStatusException(status);
    }
    return handle;
  }
}
