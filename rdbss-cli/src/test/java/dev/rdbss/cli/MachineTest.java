package dev.rdbss.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rdbss.minirdr.csc.CscProvider;
import dev.rdbss.minirdr.smb.SmbProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The machine the commands act on: both samples, CSC first, a cache folder that goes away. */
class MachineTest {

  @Test
  void theCscSampleIsAskedBeforeTheSmbSampleAndLeaksFailInTests_s6_1() {
    try (Machine machine = Machine.embedded(Runtimes.LEAK_CHECKED)) {
      assertThat(machine.runtime().providers())
          .extracting(p -> p.name())
          .containsExactly(CscProvider.NAME, SmbProvider.NAME);
      assertThat(machine.runtime().settings().failOnLeak()).as("rdbss.failOnLeak from the POM").isTrue();
      assertThat(machine.users()).containsExactly("alice", "bob");
    }
  }

  @Test
  void theCacheFolderIsRemovedAtClose() {
    Path cache;
    try (Machine machine = Machine.embedded(Runtimes.LEAK_CHECKED)) {
      cache =
          Path.of(machine.runtime().settings().get("rdbss.plugin.csc.cache.folder").orElseThrow());
      assertThat(cache).isDirectory();
    }
    assertThat(Files.exists(cache)).isFalse();
  }
}
