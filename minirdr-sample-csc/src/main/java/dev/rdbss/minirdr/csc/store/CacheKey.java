package dev.rdbss.minirdr.csc.store;

import java.util.Locale;
import java.util.Objects;

/**
 * Where a cached entry lives: whose cache it is ({@code logon}), and which file of which share it
 * copies ({@code \\server\share\path}).
 *
 * <p>The logon is part of every key because cached entries belong to the logon that cached them
 * (issue 7 point 6): V_NET_ROOTs are per logon (spec §3.1, §6.3), and offline nothing but the cache
 * can answer for the server, so a second logon must never see the first one's entries. The store
 * never reads anything from the logon string but equality; the plugin chooses a stable name for it
 * (for example the qualified user name), since the runtime's {@link dev.rdbss.api.LogonId} changes
 * on every restart while the cache must survive restarts.
 *
 * <p>Server, share and path compare case-insensitively, as SMB names do: {@link #lookupPath()} is the
 * folded form the store indexes, {@link #path()} keeps the case the caller gave. Paths are relative
 * to the share, start with {@code \} and use {@code \} as the separator ({@code /} is accepted and
 * converted); the share's root is {@code \}.
 *
 * @param logon the owner of the cached entry, folded to lower case
 * @param server the server name, folded to lower case
 * @param share the share name, folded to lower case
 * @param path the path inside the share, in the caller's case
 */
public record CacheKey(String logon, String server, String share, String path) {

  /** The share's root folder. */
  public static final String ROOT = "\\";

  public CacheKey {
    Objects.requireNonNull(logon, "logon");
    Objects.requireNonNull(server, "server");
    Objects.requireNonNull(share, "share");
    Objects.requireNonNull(path, "path");
    if (logon.isEmpty() || server.isEmpty() || share.isEmpty()) {
      throw new IllegalArgumentException("logon, server and share must not be empty");
    }
    logon = logon.toLowerCase(Locale.ROOT);
    server = server.toLowerCase(Locale.ROOT);
    share = share.toLowerCase(Locale.ROOT);
    path = normalize(path);
  }

  /** The key of {@code path} on {@code \\server\share} for {@code logon}. */
  public static CacheKey of(String logon, String server, String share, String path) {
    return new CacheKey(logon, server, share, path);
  }

  /** The same share and logon, another path. */
  public CacheKey withPath(String otherPath) {
    return new CacheKey(logon, server, share, otherPath);
  }

  /** The path folded to lower case: what lookups compare. */
  public String lookupPath() {
    return path.toLowerCase(Locale.ROOT);
  }

  /** Whether this is the share's root folder. */
  public boolean isRoot() {
    return path.equals(ROOT);
  }

  /** The folder that holds this entry; the root's parent is the root. */
  public CacheKey parent() {
    int slash = path.lastIndexOf('\\');
    return withPath(slash <= 0 ? ROOT : path.substring(0, slash));
  }

  /** The last component of the path (empty for the root). */
  public String name() {
    return path.substring(path.lastIndexOf('\\') + 1);
  }

  /** The child {@code name} of this folder. */
  public CacheKey child(String name) {
    return withPath(isRoot() ? ROOT + name : path + ROOT + name);
  }

  /** Whether both keys name the same entry of the same logon (case-insensitive path). */
  public boolean sameEntry(CacheKey other) {
    return logon.equals(other.logon)
        && server.equals(other.server)
        && share.equals(other.share)
        && lookupPath().equals(other.lookupPath());
  }

  static String normalize(String path) {
    String p = path.replace('/', '\\');
    if (!p.startsWith(ROOT)) {
      p = ROOT + p;
    }
    while (p.length() > 1 && p.endsWith(ROOT)) {
      p = p.substring(0, p.length() - 1);
    }
    if (p.contains("\\\\")) {
      throw new IllegalArgumentException("empty path component in " + path);
    }
    return p;
  }

  @Override
  public String toString() {
    return "\\\\" + server + "\\" + share + path + " (" + logon + ")";
  }
}
