package dev.rdbss.minirdr.csc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rdbss.api.MiniRdrState;
import dev.rdbss.core.RdbssRuntime;
import dev.rdbss.core.RdbssSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What the provider needs from its settings (spec §5.1 registration): a CSC that caches no server
 * loads anywhere without settings, as ServiceLoader finds it next to other plugins, and leaves
 * nothing behind; one that caches a server without a cache folder is refused with the setting named.
 */
class CscProviderSettingsTest {

  @Test
  void cachingNoServerNeedsNoSettingsAndLeavesNoFolderBehind_s5_1() throws IOException {
    Set<Path> before = temporaryCaches();
    Set<Path> during;
    try (RdbssRuntime runtime =
        RdbssRuntime.builder()
            .serviceLoaderDiscovery(false)
            .provider(new CscProvider())
            .settings(RdbssSettings.of(Map.of("rdbss.failOnLeak", "true")))
            .build()) {
      assertThat(runtime.providerFailures()).isEmpty();
      assertThat(runtime.state(CscProvider.NAME)).isEqualTo(MiniRdrState.STARTED);
      during = temporaryCaches();
      during.removeAll(before);
      assertThat(during).as("one private cache folder while registered").hasSize(1);
    }
    assertThat(during).allSatisfy(folder -> assertThat(folder).doesNotExist());
  }

  @Test
  void cachingAServerWithoutACacheFolderIsRefusedNamingTheSetting_s5_1() {
    try (RdbssRuntime runtime =
        RdbssRuntime.builder()
            .serviceLoaderDiscovery(false)
            .provider(new CscProvider())
            .settings(RdbssSettings.of(Map.of("rdbss.plugin.csc.servers", "files")))
            .build()) {
      assertThat(runtime.providerFailures())
          .singleElement()
          .satisfies(failure -> assertThat(failure.message()).contains("cache.folder"));
    }
  }

  private static Set<Path> temporaryCaches() throws IOException {
    Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
    try (Stream<Path> all = Files.list(tmp)) {
      return all.filter(p -> p.getFileName().toString().startsWith("rdbss-csc-"))
          .collect(Collectors.toSet());
    }
  }
}
