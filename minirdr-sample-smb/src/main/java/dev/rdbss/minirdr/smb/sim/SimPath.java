package dev.rdbss.minirdr.smb.sim;

import dev.rdbss.api.NtStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * A share-relative path split into components, or the status a Windows server gives a bad one.
 */
final class SimPath {

  private static final String INVALID_CHARACTERS = "\"*/:<>?|";

  private final List<String> components;

  private SimPath(List<String> components) {
    this.components = List.copyOf(components);
  }

  /** The root of the share. */
  static final SimPath ROOT = new SimPath(List.of());

  /**
   * Parses {@code path} ({@code a\b\c}, {@code ""} for the root).
   *
   * @return the path, or null with {@code error[0]} set to OBJECT_NAME_INVALID (a wildcard, a
   *     reserved character, an empty component) or INVALID_PARAMETER (a leading separator, which
   *     SMB2 forbids)
   */
  static @Nullable SimPath parse(String path, NtStatus[] error) {
    if (path.isEmpty()) {
      return ROOT;
    }
    if (path.startsWith("\\")) {
      error[0] = NtStatus.INVALID_PARAMETER;
      return null;
    }
    List<String> parts = new ArrayList<>();
    for (String part : path.split("\\\\", -1)) {
      if (part.isEmpty() || part.equals(".") || part.equals("..") || !validName(part)) {
        error[0] = NtStatus.OBJECT_NAME_INVALID;
        return null;
      }
      parts.add(part);
    }
    return new SimPath(parts);
  }

  private static boolean validName(String name) {
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c < 0x20 || INVALID_CHARACTERS.indexOf(c) >= 0) {
        return false;
      }
    }
    return true;
  }

  boolean isRoot() {
    return components.isEmpty();
  }

  List<String> components() {
    return components;
  }

  /** The last component; the root has none. */
  String name() {
    return components.get(components.size() - 1);
  }

  SimPath parent() {
    return new SimPath(components.subList(0, components.size() - 1));
  }

  /** A case-folded key, for comparing paths the way the server does. */
  String key() {
    return String.join("\\", components).toLowerCase(Locale.ROOT);
  }

  @Override
  public String toString() {
    return String.join("\\", components);
  }
}
