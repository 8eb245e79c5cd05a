package dev.rdbss.minirdr.csc.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * java-stack.md §8: sqlite-jdbc's native library goes to a folder the cache owns, and what a
 * SIGKILLed process left there is removed before SQLite loads. (The kill test checks the same on
 * real leftovers of killed child processes.)
 */
class NativeLibraryFolderTest {

  @TempDir Path tmp;

  @Test
  void leftoversOfKilledProcessesAreRemovedAndNothingElse_issue7point4() throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("native"));
    Files.writeString(dir.resolve("sqlite-3.54.1.0-1234-libsqlitejdbc.so"), "x");
    Files.writeString(dir.resolve("sqlite-3.54.1.0-1234-libsqlitejdbc.so.lck"), "");
    Files.writeString(dir.resolve("keep.txt"), "not ours");
    assertThat(NativeLibraryFolder.removeLeftovers(dir)).isEqualTo(2);
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("keep.txt");
    }
  }

  @Test
  void claimSetsTheFolderOnlyWhenNobodyChoseOne_issue7point4() throws IOException {
    String before = System.getProperty(NativeLibraryFolder.PROPERTY);
    try {
      System.clearProperty(NativeLibraryFolder.PROPERTY);
      Path dir = tmp.resolve("cache").resolve("native");
      assertThat(NativeLibraryFolder.claim(dir)).isTrue();
      assertThat(System.getProperty(NativeLibraryFolder.PROPERTY)).isEqualTo(dir.toString());
      if (OwnerOnly.supported(dir)) {
        assertThat(Files.getPosixFilePermissions(dir))
            .isEqualTo(PosixFilePermissions.fromString("rwx------"));
      }
      // A launcher's (or an earlier store's) choice stands.
      assertThat(NativeLibraryFolder.claim(tmp.resolve("other"))).isFalse();
      assertThat(System.getProperty(NativeLibraryFolder.PROPERTY)).isEqualTo(dir.toString());
      assertThat(tmp.resolve("other")).doesNotExist();
    } finally {
      if (before == null) {
        System.clearProperty(NativeLibraryFolder.PROPERTY);
      } else {
        System.setProperty(NativeLibraryFolder.PROPERTY, before);
      }
    }
  }
}
