package dev.rdbss.api.object;

import java.time.Instant;
import java.util.Objects;

/**
 * The {@code FCB_INIT_PACKET} a mini-redirector hands to {@code finishFcbInitialization} (spec §11):
 * the file's attributes, link count, times and sizes as the server reported them.
 */
public record FcbInitPacket(
    int fileAttributes,
    int numberOfLinks,
    Instant creationTime,
    Instant lastAccessTime,
    Instant lastWriteTime,
    Instant changeTime,
    long allocationSize,
    long fileSize,
    long validDataLength) {

  public FcbInitPacket {
    Objects.requireNonNull(creationTime, "creationTime");
    Objects.requireNonNull(lastAccessTime, "lastAccessTime");
    Objects.requireNonNull(lastWriteTime, "lastWriteTime");
    Objects.requireNonNull(changeTime, "changeTime");
    if (allocationSize < 0 || fileSize < 0 || validDataLength < 0) {
      throw new IllegalArgumentException("sizes must not be negative");
    }
    if (numberOfLinks < 0) {
      throw new IllegalArgumentException("numberOfLinks must not be negative");
    }
  }
}
