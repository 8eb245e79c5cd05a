package dev.rdbss.api.io;

import dev.rdbss.api.NtStatus;
import java.util.Objects;

/**
 * The result of an FSCTL or IOCTL: a status and the output buffer.
 *
 * @param status the status
 * @param output the output bytes
 */
public record ControlResult(NtStatus status, byte[] output) {

  public ControlResult {
    Objects.requireNonNull(status, "status");
    output = output.clone();
  }

  @Override
  public byte[] output() {
    return output.clone();
  }
}
