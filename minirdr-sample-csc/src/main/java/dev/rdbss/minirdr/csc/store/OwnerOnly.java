package dev.rdbss.minirdr.csc.store;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Owner-only permissions for everything the cache writes (issue 7 point 6): a cache holds copies of
 * files the server shows only to the logon that cached them, so no other local user may read it.
 * Folders are 0700, files 0600. On a file system without POSIX permissions nothing is done.
 */
final class OwnerOnly {

  static final Set<PosixFilePermission> FILE_MODE = PosixFilePermissions.fromString("rw-------");
  static final Set<PosixFilePermission> FOLDER_MODE = PosixFilePermissions.fromString("rwx------");
  static final FileAttribute<Set<PosixFilePermission>> FILE_ATTRIBUTE =
      PosixFilePermissions.asFileAttribute(FILE_MODE);
  static final FileAttribute<Set<PosixFilePermission>> FOLDER_ATTRIBUTE =
      PosixFilePermissions.asFileAttribute(FOLDER_MODE);

  private OwnerOnly() {}

  static boolean supported(Path anyPath) {
    return anyPath.getFileSystem().supportedFileAttributeViews().contains("posix");
  }

  /** Creates {@code folder} and its missing parents 0700, and makes an existing one 0700. */
  static void folder(Path folder) throws IOException {
    Path absolute = folder.toAbsolutePath();
    if (!supported(absolute)) {
      Files.createDirectories(absolute);
      return;
    }
    Path parent = absolute.getParent();
    if (parent != null && !Files.isDirectory(parent)) {
      folder(parent);
    }
    try {
      Files.createDirectory(absolute, FOLDER_ATTRIBUTE);
    } catch (FileAlreadyExistsException e) {
      if (!Files.isDirectory(absolute)) {
        throw e;
      }
    }
    Files.setPosixFilePermissions(absolute, FOLDER_MODE);
  }

  /** Creates {@code file} empty and 0600 if missing, and makes an existing one 0600. */
  static void file(Path file) throws IOException {
    if (!supported(file)) {
      if (!Files.exists(file)) {
        Files.createFile(file);
      }
      return;
    }
    try {
      Files.createFile(file, FILE_ATTRIBUTE);
    } catch (FileAlreadyExistsException e) {
      // Already there: only the mode below.
    }
    Files.setPosixFilePermissions(file, FILE_MODE);
  }

  /** Makes an existing file 0600. */
  static void restrictFile(Path file) throws IOException {
    if (supported(file)) {
      Files.setPosixFilePermissions(file, FILE_MODE);
    }
  }
}
