package dev.rdbss.api.spi;

import java.util.Objects;

/**
 * The two out parameters of {@code MRxExtractNetRootName} (spec §5.2): the share component of a
 * server-relative path and the rest.
 *
 * @param netRootName the share part, normally {@code \share}; may be empty, making the NET_ROOT key
 *     equal to the SRV_CALL key (§3.1)
 * @param restOfName what follows the share, starting with {@code \}, or empty
 */
public record NetRootName(String netRootName, String restOfName) {

  public NetRootName {
    Objects.requireNonNull(netRootName, "netRootName");
    Objects.requireNonNull(restOfName, "restOfName");
    if (!netRootName.isEmpty() && !netRootName.startsWith("\\")) {
      throw new IllegalArgumentException("a net root name starts with a backslash: " + netRootName);
    }
    if (!restOfName.isEmpty() && !restOfName.startsWith("\\")) {
      throw new IllegalArgumentException("the rest of a name starts with a backslash: " + restOfName);
    }
  }

  /**
   * The usual split: the first component of {@code serverRelativePath} is the share.
   *
   * @param serverRelativePath the path after the server name, e.g. {@code \share\dir\f.txt}
   */
  public static NetRootName firstComponent(String serverRelativePath) {
    if (serverRelativePath.isEmpty()) {
      return new NetRootName("", "");
    }
    int next = serverRelativePath.indexOf('\\', 1);
    return next < 0
        ? new NetRootName(serverRelativePath, "")
        : new NetRootName(
            serverRelativePath.substring(0, next), serverRelativePath.substring(next));
  }
}
