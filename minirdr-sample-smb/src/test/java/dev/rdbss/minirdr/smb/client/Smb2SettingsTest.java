package dev.rdbss.minirdr.smb.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rdbss.api.spi.PluginSettings;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class Smb2SettingsTest {

  @Test
  void aServerWithoutAnAddressIsDialledByNameOnTheDefaultPort() {
    Smb2Settings settings = Smb2Settings.defaults();

    assertThat(settings.hostOf("files")).isEqualTo("files");
    assertThat(settings.portOf("files")).isEqualTo(445);
  }

  @Test
  void anAddressMapsAServerNameCaseInsensitively() {
    Smb2Settings settings = Smb2Settings.defaults().withAddress("Files", "127.0.0.1", 4455);

    assertThat(settings.hostOf("FILES")).isEqualTo("127.0.0.1");
    assertThat(settings.portOf("files")).isEqualTo(4455);
  }

  @Test
  void pluginSettingsGiveThePortTimeoutAndAddresses() {
    Smb2Settings settings =
        Smb2Settings.from(
            PluginSettings.of(
                Map.of("smb2.port", "1445", "smb2.timeout", "PT5S", "smb2.address.nas", "10.1.2.3")));

    assertThat(settings.port()).isEqualTo(1445);
    assertThat(settings.timeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(settings.hostOf("nas")).isEqualTo("10.1.2.3");
    assertThat(settings.portOf("nas")).isEqualTo(1445);
  }

  @Test
  void aBadPortOrTimeoutIsRefused() {
    assertThatThrownBy(() -> new Smb2Settings(0, Map.of(), Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Smb2Settings.defaults().withTimeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
