package dev.rdbss.api.io;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rdbss.api.file.AccessMask;
import dev.rdbss.api.file.CreateDisposition;
import dev.rdbss.api.file.CreateOption;
import dev.rdbss.api.file.ShareAccess;
import org.junit.jupiter.api.Test;

/** The host API's create request, in {@code NtCreateFile} terms (ARCHITECTURE.md §3.4). */
class CreateRequestTest {

  @Test
  void readWriteOpenIfAsksForDataAccessAndOpenIf() {
    CreateRequest r = CreateRequest.readWrite().openIf();
    assertThat(r.parameters().disposition()).isEqualTo(CreateDisposition.OPEN_IF);
    assertThat(r.parameters().desiredAccess() & AccessMask.FILE_WRITE_DATA).isNotZero();
    assertThat(r.parameters().shareAccess()).containsExactly(ShareAccess.READ);
    assertThat(r.parameters().has(CreateOption.NON_DIRECTORY_FILE)).isTrue();
  }

  @Test
  void withMethodsReturnNewRequestsAndLeaveTheOriginal() {
    CreateRequest base = CreateRequest.read();
    CreateRequest other = base.create().shareAll().withOptions(CreateOption.DELETE_ON_CLOSE);
    assertThat(base.parameters().disposition()).isEqualTo(CreateDisposition.OPEN);
    assertThat(base.parameters().has(CreateOption.DELETE_ON_CLOSE)).isFalse();
    assertThat(other.parameters().disposition()).isEqualTo(CreateDisposition.CREATE);
    assertThat(other.parameters().shareAccess()).containsExactlyInAnyOrder(ShareAccess.values());
    assertThat(other.parameters().createOptionBits())
        .isEqualTo(CreateOption.NON_DIRECTORY_FILE.bit() | CreateOption.DELETE_ON_CLOSE.bit());
  }

  @Test
  void attributeOnlyOpensTouchNoData_s9_pitfall13() {
    assertThat(AccessMask.isAttributeOnly(CreateRequest.attributesOnly().parameters().desiredAccess()))
        .isTrue();
    assertThat(AccessMask.isAttributeOnly(CreateRequest.read().parameters().desiredAccess()))
        .isFalse();
    assertThat(AccessMask.isAttributeOnly(AccessMask.GENERIC_READ)).isFalse();
  }

  @Test
  void onlyOpenAndOpenIfMayCollapseAndOverwritesZeroSizes_s6_4() {
    assertThat(CreateDisposition.OPEN.mayCollapse()).isTrue();
    assertThat(CreateDisposition.OPEN_IF.mayCollapse()).isTrue();
    assertThat(CreateDisposition.CREATE.mayCollapse()).isFalse();
    assertThat(CreateDisposition.OVERWRITE_IF.overwrites()).isTrue();
    assertThat(CreateDisposition.OPEN.overwrites()).isFalse();
  }

  @Test
  void logonNeverShowsThePassword() {
    assertThat(Logon.user("alice", "s3cret").toString()).doesNotContain("s3cret").contains("alice");
  }
}
