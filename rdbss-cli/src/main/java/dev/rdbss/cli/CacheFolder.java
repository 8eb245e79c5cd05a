package dev.rdbss.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A temporary folder for the CSC sample's cache (its setting {@code rdbss.plugin.csc.cache.folder}
 * is required), removed with everything in it when the command ends. The CLI ships the CSC sample
 * on its module path, so every runtime it starts loads it and must give it a cache; a user who
 * wants a lasting one sets the property.
 */
final class CacheFolder implements AutoCloseable {

  /** The CSC sample's setting for its cache folder. */
  static final String SETTING = "rdbss.plugin.csc.cache.folder";

  private final Path path;

  private CacheFolder(Path path) {
    this.path = path;
  }

  /** Creates a fresh temporary folder. */
  static CacheFolder create() {
    try {
      return new CacheFolder(Files.createTempDirectory("rdbss-csc-cache-"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a folder for the CSC cache: " + e.getMessage(), e);
    }
  }

  Path path() {
    return path;
  }

  /** Deletes the folder and its contents; a failure is logged, never thrown. */
  @Override
  public void close() {
    try (Stream<Path> all = Files.walk(path)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      System.getLogger(CacheFolder.class.getName())
          .log(System.Logger.Level.WARNING, "could not delete the CSC cache folder " + path, e);
    }
  }
}
