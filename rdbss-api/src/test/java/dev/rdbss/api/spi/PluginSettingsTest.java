package dev.rdbss.api.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A plugin's settings: typed getters that report bad values instead of defaulting silently. */
class PluginSettingsTest {

  private final PluginSettings s =
      PluginSettings.of(
          Map.of(
              "port", "4455",
              "readOnly", "TRUE",
              "probe", "500ms",
              "timeout", "PT2M",
              "period", "10s",
              "cache", "/var/cache/rdbss",
              "bad", "ten"));

  @Test
  void typedGettersParseOrDefault() {
    assertThat(s.getInt("port", 445)).isEqualTo(4455);
    assertThat(s.getInt("absent", 445)).isEqualTo(445);
    assertThat(s.getBoolean("readOnly", false)).isTrue();
    assertThat(s.getDuration("probe", Duration.ZERO)).isEqualTo(Duration.ofMillis(500));
    assertThat(s.getDuration("timeout", Duration.ZERO)).isEqualTo(Duration.ofMinutes(2));
    assertThat(s.getDuration("period", Duration.ZERO)).isEqualTo(Duration.ofSeconds(10));
    assertThat(s.getPath("cache")).contains(Path.of("/var/cache/rdbss"));
    assertThat(s.get("absent")).isEmpty();
  }

  @Test
  void badValuesNameTheKeyAndTheExpectedForm() {
    assertThatThrownBy(() -> s.getInt("bad", 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'bad'")
        .hasMessageContaining("integer");
    assertThatThrownBy(() -> s.getBoolean("bad", true)).hasMessageContaining("true or false");
    assertThatThrownBy(() -> s.getDuration("bad", Duration.ZERO)).hasMessageContaining("duration");
  }

  @Test
  void settingsAreACopy() {
    java.util.HashMap<String, String> source = new java.util.HashMap<>(Map.of("a", "1"));
    PluginSettings copy = PluginSettings.of(source);
    source.put("a", "2");
    assertThat(copy.get("a")).contains("1");
    assertThatThrownBy(() -> copy.asMap().put("b", "2"))
        .isInstanceOf(UnsupportedOperationException.class);
  }
}
