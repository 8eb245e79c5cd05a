package dev.rdbss.minirdr.csc;

import java.util.Locale;

/**
 * Directory-listing patterns served offline: {@code *} (any run) and {@code ?} (one character),
 * case-insensitive, as the server matches them online ({@code FsRtlIsNameInExpression} without
 * the DOS wildcards).
 */
final class Wildcards {

  private Wildcards() {}

  static boolean matches(String pattern, String name) {
    return match(pattern.toLowerCase(Locale.ROOT), 0, name.toLowerCase(Locale.ROOT), 0);
  }

  private static boolean match(String p, int pi, String n, int ni) {
    while (pi < p.length()) {
      char c = p.charAt(pi);
      if (c == '*') {
        for (int k = ni; k <= n.length(); k++) {
          if (match(p, pi + 1, n, k)) {
            return true;
          }
        }
        return false;
      }
      if (ni >= n.length() || (c != '?' && c != n.charAt(ni))) {
        return false;
      }
      pi++;
      ni++;
    }
    return ni == n.length();
  }
}
