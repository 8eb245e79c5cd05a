package dev.rdbss.api.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rdbss.api.NodeType;
import dev.rdbss.api.RegistrationFlag;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The descriptor: the {@code MINIRDR_DISPATCH} header and registration arguments (spec §1.2, §5.1). */
class MiniRedirectorDescriptorTest {

  @Test
  void defaultsFollowWindows_s5_1_s6_7_s6_8() {
    MiniRedirectorDescriptor d = MiniRedirectorDescriptor.builder("echo", "\\Device\\Echo").build();
    assertThat(d.scavengerTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(d.maximumNumberOfCloseDelayedFiles()).isZero();
    assertThat(d.registrationFlags()).isEmpty();
    assertThat(d.capabilities()).isEmpty();
    assertThat(d.extensionFactory(NodeType.FCB)).isEmpty();
  }

  @Test
  void builderCarriesEveryField() {
    MiniRedirectorDescriptor d =
        MiniRedirectorDescriptor.builder("smb-sim", "\\Device\\SmbSimRedirector")
            .description("SMB")
            .maximumNumberOfCloseDelayedFiles(16)
            .scavengerTimeout(Duration.ofSeconds(3))
            .registrationFlags(RegistrationFlag.DONT_PROVIDE_MAILSLOTS)
            .capabilities(Capability.DELAYED_CLOSE)
            .extension(NodeType.FCB, StringBuilder::new)
            .build();
    assertThat(d.name()).isEqualTo("smb-sim");
    assertThat(d.deviceName()).isEqualTo("\\Device\\SmbSimRedirector");
    assertThat(d.maximumNumberOfCloseDelayedFiles()).isEqualTo(16);
    assertThat(d.scavengerTimeout()).isEqualTo(Duration.ofSeconds(3));
    assertThat(d.registrationFlags()).containsExactly(RegistrationFlag.DONT_PROVIDE_MAILSLOTS);
    assertThat(d.capabilities()).containsExactly(Capability.DELAYED_CLOSE);
    assertThat(d.extensionFactory(NodeType.FCB).orElseThrow().get()).isInstanceOf(StringBuilder.class);
  }

  @Test
  void srvCallExtensionIsRefusedBecauseRdbssNeverAllocatesOne_s1_2() {
    assertThatThrownBy(
            () ->
                MiniRedirectorDescriptor.builder("echo", "\\Device\\Echo")
                    .extension(NodeType.SRV_CALL, Object::new))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("§1.2")
        .hasMessageContaining("srvCallWinnerNotify");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "Echo", "1echo", "echo_1", "echo server", "a23456789012345678901234567890123"})
  void badNamesAreRefusedWithTheRule(String name) {
    assertThatThrownBy(() -> MiniRedirectorDescriptor.builder(name, "\\Device\\Echo"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("lower case");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "Echo", "\\Device\\", "\\Device\\a\\b", "/Device/Echo", "\\Device\\E cho"})
  void badDeviceNamesAreRefused(String device) {
    assertThatThrownBy(() -> MiniRedirectorDescriptor.builder("echo", device))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("\\Device\\");
  }

  @Test
  void nonPositiveScavengerTimeoutAndNegativeCloseDelayLimitAreRefused() {
    MiniRedirectorDescriptor.Builder b = MiniRedirectorDescriptor.builder("echo", "\\Device\\Echo");
    assertThatThrownBy(() -> b.scavengerTimeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.maximumNumberOfCloseDelayedFiles(-1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
