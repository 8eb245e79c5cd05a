package dev.rdbss.core.name;

import dev.rdbss.api.LogonId;
import dev.rdbss.api.NtStatus;

/**
 * RDBSS's canonicalization of a create's file name and its dispatch gates on names (spec §6.2),
 * and the local prefix that makes UNC views per logon (§3.1).
 *
 * <p>The input is what reaches the redirector: {@code \\server\share\dir\f.txt} for a UNC name (MUP
 * hands over the name with its leading backslashes), or {@code \;X:<logon>\server\share\dir\f.txt}
 * for a name reached through a drive mapping (the drive's symbolic link, resolved by the host's
 * I/O manager). The rules, in the order RDBSS applies them:
 *
 * <ol>
 *   <li>an empty name is a device open;
 *   <li>FILE_DIRECTORY_FILE together with FILE_NON_DIRECTORY_FILE is INVALID_PARAMETER;
 *   <li>a leading {@code \\} is collapsed once; a second one is OBJECT_NAME_INVALID;
 *   <li>a trailing {@code \} is stripped and implies FILE_DIRECTORY_FILE; with
 *       FILE_NON_DIRECTORY_FILE it is OBJECT_NAME_INVALID;
 *   <li>a name shorter than two characters, or a {@code \;} prefix without a following separator,
 *       is OBJECT_NAME_INVALID; a name not starting with {@code \} is OBJECT_PATH_INVALID;
 *   <li>wildcards or characters Windows forbids in a component, and empty components, are
 *       OBJECT_NAME_INVALID; {@code .} and {@code ..} components are OBJECT_PATH_SYNTAX_BAD;
 *   <li>a canonical name longer than a {@code UNICODE_STRING} holds (32,767 characters) is
 *       OBJECT_PATH_INVALID.
 * </ol>
 *
 * A UNC name gets the local prefix {@code \;:<logon>}, so each logon has its own view of a share
 * ([R] uses the session id; the simulator uses the logon id, which is what views are matched by).
 * A name needs a server and a share component: {@code \server} alone is OBJECT_NAME_INVALID.
 */
public final class Canonicalizer {

  /** The most characters a {@code UNICODE_STRING} holds (65,534 bytes). */
  public static final int MAXIMUM_NAME_LENGTH = 32_767;

  private Canonicalizer() {}

  /**
   * Canonicalizes {@code fileName} for {@code logon}.
   *
   * @param fileName the name as it reaches the redirector
   * @param directoryFile whether FILE_DIRECTORY_FILE was asked for
   * @param nonDirectoryFile whether FILE_NON_DIRECTORY_FILE was asked for
   * @param logon the caller's logon (its UNC views are its own)
   */
  public static CanonicalName canonicalize(
      String fileName, boolean directoryFile, boolean nonDirectoryFile, LogonId logon) {
    if (fileName.isEmpty()) {
      return CanonicalName.device();
    }
    if (directoryFile && nonDirectoryFile) {
      return CanonicalName.refused(NtStatus.INVALID_PARAMETER);
    }
    String name = fileName;
    boolean unc = false;
    if (name.startsWith("\\\\")) {
      name = name.substring(1);
      unc = true;
      if (name.startsWith("\\\\")) {
        return CanonicalName.refused(NtStatus.OBJECT_NAME_INVALID);
      }
    }
    boolean directoryImplied = false;
    if (name.length() > 1 && name.endsWith("\\")) {
      if (nonDirectoryFile) {
        return CanonicalName.refused(NtStatus.OBJECT_NAME_INVALID);
      }
      name = name.substring(0, name.length() - 1);
      directoryImplied = true;
    }
    if (name.length() < 2) {
      return CanonicalName.refused(NtStatus.OBJECT_NAME_INVALID);
    }
    if (name.charAt(0) != '\\') {
      return CanonicalName.refused(NtStatus.OBJECT_PATH_INVALID);
    }
    String localPrefix;
    String rest;
    if (!unc && name.startsWith("\\;")) {
      int separator = name.indexOf('\\', 2);
      if (separator < 0) {
        return CanonicalName.refused(NtStatus.OBJECT_NAME_INVALID);
      }
      localPrefix = name.substring(0, separator);
      if (!isDriveLocalPrefix(localPrefix)) {
        return CanonicalName.refused(NtStatus.OBJECT_NAME_INVALID);
      }
      rest = name.substring(separator);
    } else {
      localPrefix = "\\;:" + logon;
      rest = name;
    }
    NtStatus components = checkComponents(rest);
    if (!components.isSuccess()) {
      return CanonicalName.refused(components);
    }
    String canonical = localPrefix + rest;
    if (canonical.length() > MAXIMUM_NAME_LENGTH) {
      return CanonicalName.refused(NtStatus.OBJECT_PATH_INVALID);
    }
    return new CanonicalName(NtStatus.SUCCESS, false, canonical, localPrefix, directoryImplied);
  }

  /** The local prefix of drive {@code drive} ({@code "X:"}) for {@code logon}: {@code \;X:<logon>}. */
  public static String driveLocalPrefix(String drive, LogonId logon) {
    if (!isDrive(drive)) {
      throw new IllegalArgumentException("not a drive: " + drive);
    }
    return "\\;" + Character.toUpperCase(drive.charAt(0)) + ":" + logon;
  }

  /** Whether {@code s} is a drive, a letter and a colon. */
  public static boolean isDrive(String s) {
    return s.length() == 2 && isAsciiLetter(s.charAt(0)) && s.charAt(1) == ':';
  }

  /**
   * {@code \;X:<hex logon>}: a drive letter, a colon and a hexadecimal logon id, in ASCII ({@link
   * Character#digit} would also take fullwidth and Arabic-Indic digits, which no logon id is written
   * with).
   */
  private static boolean isDriveLocalPrefix(String prefix) {
    if (prefix.length() < 5 || !isAsciiLetter(prefix.charAt(2)) || prefix.charAt(3) != ':') {
      return false;
    }
    for (int i = 4; i < prefix.length(); i++) {
      if (!isAsciiHexDigit(prefix.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  private static boolean isAsciiHexDigit(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  /**
   * Checks {@code \server\share\…}: at least a server and a share, no empty component, no
   * wildcard or forbidden character, no {@code .} or {@code ..}.
   */
  private static NtStatus checkComponents(String path) {
    // One pass over the characters (no split: every open comes through here). path starts with \.
    if (path.indexOf('\\', 1) < 0) {
      return NtStatus.OBJECT_NAME_INVALID; // a server without a share
    }
    int start = 1;
    for (int i = 1; i <= path.length(); i++) {
      if (i < path.length() && path.charAt(i) != '\\') {
        if (isForbidden(path.charAt(i))) {
          return NtStatus.OBJECT_NAME_INVALID;
        }
        continue;
      }
      int length = i - start;
      if (length == 0) {
        return NtStatus.OBJECT_NAME_INVALID;
      }
      if (path.charAt(start) == '.' && (length == 1 || (length == 2 && path.charAt(i - 1) == '.'))) {
        return NtStatus.OBJECT_PATH_SYNTAX_BAD;
      }
      start = i + 1;
    }
    return NtStatus.SUCCESS;
  }

  /** Wildcards ({@code * ? < > "}), the other characters Windows forbids in names, and controls. */
  private static boolean isForbidden(char c) {
    return c < 0x20 || "*?<>\"|:/".indexOf(c) >= 0;
  }

  private static boolean isAsciiLetter(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
  }
}
