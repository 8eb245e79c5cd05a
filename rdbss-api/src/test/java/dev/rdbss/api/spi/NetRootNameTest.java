package dev.rdbss.api.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The out parameters of {@code MRxExtractNetRootName} (spec §5.2, §3.1). */
class NetRootNameTest {

  @Test
  void firstComponentIsTheShare_s3_1() {
    assertThat(NetRootName.firstComponent("\\share\\dir\\f.txt"))
        .isEqualTo(new NetRootName("\\share", "\\dir\\f.txt"));
    assertThat(NetRootName.firstComponent("\\share")).isEqualTo(new NetRootName("\\share", ""));
    assertThat(NetRootName.firstComponent("")).isEqualTo(new NetRootName("", ""));
  }

  @Test
  void emptyShareMakesTheNetRootKeyEqualTheSrvCallKey_s3_1() {
    assertThat(new NetRootName("", "\\export\\f").netRootName()).isEmpty();
  }

  @Test
  void componentsMustStartWithABackslash() {
    assertThatThrownBy(() -> new NetRootName("share", "")).hasMessageContaining("backslash");
    assertThatThrownBy(() -> new NetRootName("\\share", "dir")).hasMessageContaining("backslash");
  }
}
