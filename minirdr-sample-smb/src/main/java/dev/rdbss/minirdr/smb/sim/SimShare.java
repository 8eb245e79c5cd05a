package dev.rdbss.minirdr.smb.sim;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A disk share of a {@link SimServer}: a directory tree and who may use it. A user without rights
 * gets ACCESS_DENIED on tree connect, as with Samba's {@code valid users}.
 */
public final class SimShare {

  private final String name;
  /** The capacity a share reports unless told otherwise: 1 GiB. */
  public static final long DEFAULT_CAPACITY = 1L << 30;

  private final Map<String, ShareRights> rights = new ConcurrentHashMap<>();
  private volatile long capacity = DEFAULT_CAPACITY;
  final SimFileSystem files;

  SimShare(String name, SimServer server) {
    this.name = name;
    this.files = new SimFileSystem(this, server);
  }

  /** The share name. */
  public String name() {
    return name;
  }

  /** Lets {@code user} use the share with {@code level} (replacing earlier rights). */
  public SimShare grant(String user, ShareRights level) {
    rights.put(user.toLowerCase(Locale.ROOT), level);
    return this;
  }

  /**
   * Sets the size the share's volume reports ({@code FILE_FS_FULL_SIZE_INFORMATION}); free space is
   * what the files' allocation leaves of it. Rounded down to whole 4 KiB allocation units.
   */
  public SimShare capacity(long bytes) {
    if (bytes < 0) {
      throw new IllegalArgumentException("capacity must not be negative: " + bytes);
    }
    capacity = bytes;
    return this;
  }

  long capacity() {
    return capacity;
  }

  /** What {@code user} may do here, if anything. */
  public Optional<ShareRights> rightsOf(String user) {
    return Optional.ofNullable(rights.get(user.toLowerCase(Locale.ROOT)));
  }
}
