package dev.rdbss.minirdr.csc.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 7 point 6: the cache (folders, database with its WAL files, data files) is readable only by
 * its owner: folders 0700, files 0600, whatever the process's umask would give.
 */
class CachePermissionsTest {

  static final Instant T = Instant.parse("2026-04-01T12:00:00Z");
  static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
  static final Set<PosixFilePermission> FOLDER = PosixFilePermissions.fromString("rwx------");

  @TempDir Path tmp;

  @BeforeEach
  void posixOnly() {
    assumeTrue(OwnerOnly.supported(tmp), "POSIX permissions");
  }

  @Test
  void everyFolderIs0700AndEveryFileIs0600_issue7point6() throws IOException {
    // Without the store's care the umask would leave files readable by others: check that first,
    // or the test could pass on a machine whose umask happens to be 077.
    Path probe = Files.createFile(tmp.resolve("probe"));
    boolean umaskLeaks = !Files.getPosixFilePermissions(probe).equals(FILE);

    Path cache = tmp.resolve("a").resolve("cache");
    CacheKey root = CacheKey.of("alice", "srv", "docs", "\\");
    try (CacheStore store = CacheStore.open(CacheStoreConfig.at(cache))) {
      store.create(root.withPath("\\f.txt"), EntryInfo.newFile(T, 0x20), ChangeMode.OFFLINE);
      store.write(root.withPath("\\f.txt"), 0, new byte[] {1, 2, 3}, T, ChangeMode.OFFLINE);
      EntryInfo info = new EntryInfo(false, 2, T, T, T, T, 0x20);
      store.record(root.withPath("\\g.txt"), info, ServerVersion.of(info));
      store.fill(root.withPath("\\g.txt"), 0, new byte[] {4, 5});
      // Checked while open, so that the WAL and shared-memory files exist.
      List<Path> files = checkTree(cache);
      assertThat(files).extracting(p -> p.getFileName().toString())
          .contains("cache.db", "cache.db-wal", "cache.db-shm", "lock");
      assertThat(files).filteredOn(p -> Objects.requireNonNull(p.getParent()).getFileName().toString().equals("data"))
          .hasSize(2);
    }
    checkTree(cache);
    assertThat(Files.getPosixFilePermissions(cache.getParent())).as("created parent").isEqualTo(FOLDER);
    System.out.println("umask would have leaked: " + umaskLeaks);
  }

  @Test
  void anExistingFolderWithLooserModesIsTightenedAtOpen_issue7point6() throws IOException {
    Path cache = tmp.resolve("cache");
    Files.createDirectories(cache.resolve("data"));
    Files.setPosixFilePermissions(cache, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.setPosixFilePermissions(cache.resolve("data"), PosixFilePermissions.fromString("rwxrwxrwx"));
    Files.createFile(cache.resolve("cache.db"));
    Files.setPosixFilePermissions(cache.resolve("cache.db"), PosixFilePermissions.fromString("rw-r--r--"));
    try (CacheStore store = CacheStore.open(CacheStoreConfig.at(cache))) {
      checkTree(cache);
    }
  }

  /** Checks every folder and file under {@code cache} but the native library's own files. */
  static List<Path> checkTree(Path cache) throws IOException {
    List<Path> files = new ArrayList<>();
    try (Stream<Path> all = Files.walk(cache)) {
      for (Path p : (Iterable<Path>) all::iterator) {
        boolean sqliteNative = p.getParent() != null
            && p.getParent().getFileName().toString().equals("native");
        if (Files.isDirectory(p)) {
          assertThat(Files.getPosixFilePermissions(p)).as("folder %s", p).isEqualTo(FOLDER);
        } else if (!sqliteNative) {
          assertThat(Files.getPosixFilePermissions(p)).as("file %s", p).isEqualTo(FILE);
          files.add(p);
        }
      }
    }
    return files;
  }
}
