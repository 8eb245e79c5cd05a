package dev.rdbss.api.io;

import dev.rdbss.api.NtStatus;
import java.util.Objects;

/**
 * The result of an I/O request ({@code IO_STATUS_BLOCK}): a status and the information field (bytes
 * transferred, create information, …).
 *
 * @param status the status
 * @param information the information field
 */
public record IoStatusBlock(NtStatus status, long information) {

  public IoStatusBlock {
    Objects.requireNonNull(status, "status");
  }

  /** A result with no information. */
  public static IoStatusBlock of(NtStatus status) {
    return new IoStatusBlock(status, 0);
  }

  /** Whether the status is a success ({@code NT_SUCCESS}). */
  public boolean isSuccess() {
    return status.isSuccess();
  }
}
