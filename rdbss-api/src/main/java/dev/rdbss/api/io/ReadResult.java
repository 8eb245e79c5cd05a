package dev.rdbss.api.io;

import dev.rdbss.api.NtStatus;
import java.util.Objects;

/**
 * The result of a read: a status and the bytes read (empty on failure or at end of file).
 *
 * @param status the status (END_OF_FILE when reading at or past the end)
 * @param data the bytes read
 */
public record ReadResult(NtStatus status, byte[] data) {

  public ReadResult {
    Objects.requireNonNull(status, "status");
    data = data.clone();
  }

  @Override
  public byte[] data() {
    return data.clone();
  }

  /** The number of bytes read. */
  public int length() {
    return data.length;
  }
}
