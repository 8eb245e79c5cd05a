package dev.rdbss.minirdr.smb.sim;

import java.util.Locale;

/**
 * Windows name matching for directory queries: {@code *} matches any run of characters, {@code ?}
 * exactly one, case-insensitively. ({@code *.*} matches every name, as on Windows, since {@code .}
 * and the rest are compared literally only when the pattern has no wildcard.)
 */
final class Wildcard {

  private Wildcard() {}

  static boolean matches(String pattern, String name) {
    if (pattern.equals("*") || pattern.equals("*.*")) {
      return true;
    }
    return match(pattern.toUpperCase(Locale.ROOT), 0, name.toUpperCase(Locale.ROOT), 0);
  }

  /** Whether the pattern has any wildcard character. */
  static boolean hasWildcard(String pattern) {
    return pattern.indexOf('*') >= 0 || pattern.indexOf('?') >= 0;
  }

  private static boolean match(String p, int pi, String n, int ni) {
    // Iterative glob with one backtrack point: linear enough for file names.
    int star = -1;
    int starName = 0;
    while (ni < n.length()) {
      if (pi < p.length() && (p.charAt(pi) == '?' || p.charAt(pi) == n.charAt(ni))) {
        pi++;
        ni++;
      } else if (pi < p.length() && p.charAt(pi) == '*') {
        star = pi++;
        starName = ni;
      } else if (star >= 0) {
        pi = star + 1;
        ni = ++starName;
      } else {
        return false;
      }
    }
    while (pi < p.length() && p.charAt(pi) == '*') {
      pi++;
    }
    return pi == p.length();
  }
}
