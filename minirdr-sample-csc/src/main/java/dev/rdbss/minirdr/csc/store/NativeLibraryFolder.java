package dev.rdbss.minirdr.csc.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Where sqlite-jdbc extracts its native library (java-stack.md §8). By default it extracts into the
 * system temp folder, and a process killed with SIGKILL leaves its copy (about 1 MB) and a {@code
 * .lck} there for ever. The store therefore points {@code org.sqlite.tmpdir} at a folder inside the
 * cache folder, which it owns (it holds the cache's lock), and removes leftovers there before SQLite
 * loads.
 *
 * <p>A launcher that sets {@code -Dorg.sqlite.tmpdir} itself keeps its choice (and its cleaning).
 * The property is read once per JVM, when SQLite first loads, so the first store opened in a JVM
 * decides the folder.
 */
final class NativeLibraryFolder {

  static final String PROPERTY = "org.sqlite.tmpdir";

  private NativeLibraryFolder() {}

  /**
   * Points {@code org.sqlite.tmpdir} at {@code folder} (created 0700, leftovers removed) unless it
   * is already set.
   *
   * @return whether this call chose the folder
   */
  static synchronized boolean claim(Path folder) throws IOException {
    if (System.getProperty(PROPERTY) != null) {
      return false;
    }
    OwnerOnly.folder(folder);
    removeLeftovers(folder);
    System.setProperty(PROPERTY, folder.toAbsolutePath().toString());
    return true;
  }

  /**
   * Removes the libraries and lock files earlier processes extracted into {@code folder}. Only
   * called before this JVM loads SQLite from it, so nothing in use is removed (a library still
   * mapped by another process survives the removal of its name on POSIX systems).
   *
   * @return how many files were removed
   */
  static int removeLeftovers(Path folder) throws IOException {
    int removed = 0;
    try (Stream<Path> files = Files.list(folder)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        if (String.valueOf(file.getFileName()).startsWith("sqlite-")) {
          Files.deleteIfExists(file);
          removed++;
        }
      }
    }
    return removed;
  }
}
