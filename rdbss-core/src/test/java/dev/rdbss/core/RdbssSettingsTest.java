package dev.rdbss.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rdbss.api.spi.PluginSettings;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runtime's settings and the plugin view of them (ARCHITECTURE.md §3.2). */
class RdbssSettingsTest {

  @Test
  void pluginSeesOnlyItsOwnKeysWithThePrefixRemoved() {
    RdbssSettings s =
        RdbssSettings.of(
            Map.of(
                "rdbss.plugin.smb.transport", "sim",
                "rdbss.plugin.smb.port", "4455",
                "rdbss.plugin.smbx.other", "no",
                "rdbss.plugin.csc.cacheDir", "/tmp/c"));
    PluginSettings smb = s.forPlugin("smb");
    assertThat(smb.asMap()).containsOnly(Map.entry("transport", "sim"), Map.entry("port", "4455"));
    assertThat(smb.getInt("port", 445)).isEqualTo(4455);
  }

  @Test
  void credentialLikeKeysNeverReachAPlugin() {
    RdbssSettings s =
        RdbssSettings.of(
            Map.of(
                "rdbss.plugin.smb.password", "hunter2",
                "rdbss.plugin.smb.adminSecret", "x",
                "rdbss.plugin.smb.authToken", "y",
                "rdbss.plugin.smb.host", "files"));
    assertThat(s.forPlugin("smb").asMap()).containsOnlyKeys("host");
  }

  @Test
  void providerOrderIsACommaSeparatedList_s6_1() {
    assertThat(RdbssSettings.of(Map.of(RdbssSettings.PROVIDER_ORDER, " csc ,smb,, ")).providerOrder())
        .containsExactly("csc", "smb");
    assertThat(RdbssSettings.defaults().providerOrder()).isEmpty();
  }

  @Test
  void laterSourcesOverrideEarlierOnesAndForeignKeysAreIgnored(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("rdbss.properties");
    Files.writeString(file, "rdbss.plugin.smb.port=1\nrdbss.providerOrder=smb\nother.key=ignored\n");
    RdbssSettings s =
        RdbssSettings.builder().load(file).put("rdbss.plugin.smb.port", "2").build();
    assertThat(s.asMap())
        .containsOnly(
            Map.entry("rdbss.plugin.smb.port", "2"), Map.entry("rdbss.providerOrder", "smb"));
  }

  @Test
  void keysOutsideTheRdbssPrefixAreRefused() {
    assertThatThrownBy(() -> RdbssSettings.builder().put("smb.port", "1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("rdbss.");
  }

  @Test
  void unreadableFileSaysWhich(@TempDir Path dir) {
    Path missing = dir.resolve("missing.properties");
    assertThatThrownBy(() -> RdbssSettings.builder().load(missing))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("missing.properties");
  }
}
