package dev.rdbss.minirdr.csc.store;

import java.time.Instant;
import java.util.Objects;

/**
 * What the server said a file was when it was last seen: its last-write time and size, the pair a
 * redirector compares to detect that a file changed on the server while a copy sat in the cache
 * (issue 7 point 3: a file changed on both sides is a conflict). Both come from the server's
 * basic and standard information (spec §5.2). SMB has no etag; last-write time
 * plus size is what Windows' offline files compare too.
 *
 * @param lastWriteTime the server's last-write time
 * @param size the server's end of file
 */
public record ServerVersion(Instant lastWriteTime, long size) {

  public ServerVersion {
    Objects.requireNonNull(lastWriteTime, "lastWriteTime");
    if (size < 0) {
      throw new IllegalArgumentException("size < 0: " + size);
    }
    lastWriteTime = Times.truncate(lastWriteTime);
  }

  /** The version of a file whose metadata the server just returned. */
  public static ServerVersion of(EntryInfo info) {
    return new ServerVersion(info.lastWriteTime(), info.size());
  }
}
