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
  private final Map<String, ShareRights> rights = new ConcurrentHashMap<>();
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

  /** What {@code user} may do here, if anything. */
  public Optional<ShareRights> rightsOf(String user) {
    return Optional.ofNullable(rights.get(user.toLowerCase(Locale.ROOT)));
  }
}
