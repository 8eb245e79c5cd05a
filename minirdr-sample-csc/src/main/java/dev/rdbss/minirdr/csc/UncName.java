package dev.rdbss.minirdr.csc;

import org.jspecify.annotations.Nullable;

/**
 * A command's target, {@code \\server\share[\path]}, split into its parts.
 *
 * @param server the server
 * @param share the share
 * @param path the path in the share, {@code \dir\f.txt}, or empty for the share itself
 */
record UncName(String server, String share, String path) {

  /** Parses {@code \\server\share[\path]}; {@code null} when it is not of that shape. */
  static @Nullable UncName parse(String text) {
    String t = text.replace('/', '\\');
    if (!t.startsWith("\\\\")) {
      return null;
    }
    String[] parts = t.substring(2).split("\\\\", 3);
    if (parts.length < 2 || parts[0].isEmpty() || parts[1].isEmpty()) {
      return null;
    }
    String path = parts.length == 3 && !parts[2].isEmpty() ? "\\" + parts[2] : "";
    while (path.endsWith("\\")) {
      path = path.substring(0, path.length() - 1);
    }
    return new UncName(parts[0], parts[1], path);
  }
}
