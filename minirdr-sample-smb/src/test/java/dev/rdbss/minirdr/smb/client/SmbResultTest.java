package dev.rdbss.minirdr.smb.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rdbss.api.NtStatus;
import org.junit.jupiter.api.Test;

class SmbResultTest {

  @Test
  void aFailureHasNoValueAndSaysWhichStatusWhenAskedForOne() {
    SmbResult<String> failed = SmbResult.failure(NtStatus.SHARING_VIOLATION);

    assertThat(failed.hasValue()).isFalse();
    assertThat(failed.map(String::length).status()).isEqualTo(NtStatus.SHARING_VIOLATION);
    assertThatThrownBy(failed::get).hasMessageContaining("SHARING_VIOLATION");
  }

  @Test
  void aFailureCannotCarryASuccessStatus() {
    assertThatThrownBy(() -> SmbResult.failure(NtStatus.SUCCESS)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aSuccessMapsItsValue() {
    assertThat(SmbResult.success("abc").map(String::length).get()).isEqualTo(3);
  }
}
