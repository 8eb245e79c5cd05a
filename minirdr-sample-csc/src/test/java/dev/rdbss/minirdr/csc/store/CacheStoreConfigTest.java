package dev.rdbss.minirdr.csc.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rdbss.api.spi.PluginSettings;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Issue 7 point 4: the cache's location and size limit come from the plugin's settings. */
class CacheStoreConfigTest {

  @Test
  void folderAndSizeLimitComeFromSettings_issue7point4() {
    CacheStoreConfig c =
        CacheStoreConfig.from(
            PluginSettings.of(Map.of("cache.folder", "/var/cache/csc", "cache.sizeLimit", "64m")));
    assertThat(c.folder()).isEqualTo(Path.of("/var/cache/csc"));
    assertThat(c.sizeLimit()).isEqualTo(64L << 20);
    assertThat(CacheStoreConfig.from(PluginSettings.of(Map.of("cache.folder", "/c"))).sizeLimit())
        .isEqualTo(CacheStoreConfig.DEFAULT_SIZE_LIMIT);
    assertThat(CacheStoreConfig.parseSize("1500")).isEqualTo(1500);
    assertThat(CacheStoreConfig.parseSize("2K")).isEqualTo(2048);
    assertThat(CacheStoreConfig.parseSize("1g")).isEqualTo(1L << 30);
  }

  @Test
  void aMissingFolderOrABadSizeIsReported_issue7point4() {
    assertThatThrownBy(() -> CacheStoreConfig.from(PluginSettings.empty()))
        .hasMessageContaining("cache.folder");
    assertThatThrownBy(
            () -> CacheStoreConfig.from(
                PluginSettings.of(Map.of("cache.folder", "/c", "cache.sizeLimit", "lots"))))
        .hasMessageContaining("cache.sizeLimit");
    assertThatThrownBy(() -> CacheStoreConfig.parseSize("-1")).hasMessageContaining("range");
  }
}
