package dev.rdbss.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Tests of {@link NtStatus} (ARCHITECTURE.md §3.3, spec §8).
 *
 * <p>The reference for the values is {@link #MS_ERREF_TABLE}: the NTSTATUS values published in
 * [MS-ERREF] §2.3.1 "NTSTATUS Values"
 * (https://learn.microsoft.com/en-us/openspecs/windows_protocols/ms-erref/596a1078-e883-4972-9bbc-49e60bebca55),
 * typed by hand in the order of that table, independently of the constants, so a wrong constant
 * shows up as a disagreement between the two.
 */
class NtStatusTest {

  /*
   * NTSTATUS values as published in [MS-ERREF] §2.3.1 "NTSTATUS Values" (one row per constant of
   * NtStatus, sorted by value as MS-ERREF lists them). A literal table: do not generate it from
   * the constants. Format: NAME, 0xHEX.
   */
  private static final String MS_ERREF_TABLE =
      """
      SUCCESS, 0x00000000
      TIMEOUT, 0x00000102
      PENDING, 0x00000103
      REPARSE, 0x00000104
      OPLOCK_BREAK_IN_PROGRESS, 0x00000108
      NOTIFY_CLEANUP, 0x0000010B
      NOTIFY_ENUM_DIR, 0x0000010C
      OBJECT_NAME_EXISTS, 0x40000000
      BUFFER_OVERFLOW, 0x80000005
      NO_MORE_FILES, 0x80000006
      NO_MORE_ENTRIES, 0x8000001A
      REDIRECTOR_HAS_OPEN_HANDLES, 0x80000023
      UNSUCCESSFUL, 0xC0000001
      NOT_IMPLEMENTED, 0xC0000002
      INVALID_INFO_CLASS, 0xC0000003
      INFO_LENGTH_MISMATCH, 0xC0000004
      ACCESS_VIOLATION, 0xC0000005
      INVALID_HANDLE, 0xC0000008
      INVALID_PARAMETER, 0xC000000D
      NO_SUCH_FILE, 0xC000000F
      INVALID_DEVICE_REQUEST, 0xC0000010
      END_OF_FILE, 0xC0000011
      MORE_PROCESSING_REQUIRED, 0xC0000016
      ACCESS_DENIED, 0xC0000022
      BUFFER_TOO_SMALL, 0xC0000023
      OBJECT_TYPE_MISMATCH, 0xC0000024
      OBJECT_NAME_INVALID, 0xC0000033
      OBJECT_NAME_NOT_FOUND, 0xC0000034
      OBJECT_NAME_COLLISION, 0xC0000035
      OBJECT_PATH_INVALID, 0xC0000039
      OBJECT_PATH_NOT_FOUND, 0xC000003A
      OBJECT_PATH_SYNTAX_BAD, 0xC000003B
      DATA_ERROR, 0xC000003E
      SHARING_VIOLATION, 0xC0000043
      EAS_NOT_SUPPORTED, 0xC000004F
      FILE_LOCK_CONFLICT, 0xC0000054
      LOCK_NOT_GRANTED, 0xC0000055
      DELETE_PENDING, 0xC0000056
      PRIVILEGE_NOT_HELD, 0xC0000061
      WRONG_PASSWORD, 0xC000006A
      LOGON_FAILURE, 0xC000006D
      PASSWORD_EXPIRED, 0xC0000071
      ACCOUNT_DISABLED, 0xC0000072
      RANGE_NOT_LOCKED, 0xC000007E
      DISK_FULL, 0xC000007F
      FILE_INVALID, 0xC0000098
      INSUFFICIENT_RESOURCES, 0xC000009A
      MEDIA_WRITE_PROTECTED, 0xC00000A2
      DEVICE_NOT_READY, 0xC00000A3
      IO_TIMEOUT, 0xC00000B5
      FILE_IS_A_DIRECTORY, 0xC00000BA
      NOT_SUPPORTED, 0xC00000BB
      REMOTE_NOT_LISTENING, 0xC00000BC
      DUPLICATE_NAME, 0xC00000BD
      BAD_NETWORK_PATH, 0xC00000BE
      NETWORK_BUSY, 0xC00000BF
      INVALID_NETWORK_RESPONSE, 0xC00000C3
      UNEXPECTED_NETWORK_ERROR, 0xC00000C4
      NETWORK_NAME_DELETED, 0xC00000C9
      NETWORK_ACCESS_DENIED, 0xC00000CA
      BAD_NETWORK_NAME, 0xC00000CC
      REQUEST_NOT_ACCEPTED, 0xC00000D0
      NOT_SAME_DEVICE, 0xC00000D4
      FILE_RENAMED, 0xC00000D5
      OPLOCK_NOT_GRANTED, 0xC00000E2
      INTERNAL_ERROR, 0xC00000E5
      REDIRECTOR_NOT_STARTED, 0xC00000FB
      REDIRECTOR_STARTED, 0xC00000FC
      DIRECTORY_NOT_EMPTY, 0xC0000101
      NOT_A_DIRECTORY, 0xC0000103
      NAME_TOO_LONG, 0xC0000106
      FILES_OPEN, 0xC0000107
      CONNECTION_IN_USE, 0xC0000108
      TOO_MANY_OPENED_FILES, 0xC000011F
      CANCELLED, 0xC0000120
      CANNOT_DELETE, 0xC0000121
      FILE_DELETED, 0xC0000123
      FILE_CLOSED, 0xC0000128
      NETWORK_CREDENTIAL_CONFLICT, 0xC0000195
      CONNECTION_DISCONNECTED, 0xC000020C
      CONNECTION_RESET, 0xC000020D
      NOT_FOUND, 0xC0000225
      RETRY, 0xC000022D
      CONNECTION_REFUSED, 0xC0000236
      CONNECTION_ACTIVE, 0xC000023B
      NETWORK_UNREACHABLE, 0xC000023C
      HOST_UNREACHABLE, 0xC000023D
      USER_MAPPED_FILE, 0xC0000243
      DFS_UNAVAILABLE, 0xC000026D
      NOT_A_REPARSE_POINT, 0xC0000275
      FILE_NOT_AVAILABLE, 0xC0000467
      """;

  /** The statuses spec §8 names, copied from its table (REDIRECTOR_STOPPED: see below). */
  private static final List<String> SPEC_S8_NAMES =
      List.of(
          "SUCCESS", "PENDING",
          "MORE_PROCESSING_REQUIRED",
          "RETRY",
          "CONNECTION_ACTIVE",
          "BAD_NETWORK_PATH",
          "BAD_NETWORK_NAME",
          "NETWORK_UNREACHABLE", "CONNECTION_RESET", "IO_TIMEOUT", "UNEXPECTED_NETWORK_ERROR",
          "NETWORK_CREDENTIAL_CONFLICT", "LOGON_FAILURE", "ACCESS_DENIED",
          "CONNECTION_IN_USE", "FILES_OPEN",
          "LOCK_NOT_GRANTED", "CANCELLED",
          "REDIRECTOR_NOT_STARTED", "REDIRECTOR_STARTED", "REDIRECTOR_HAS_OPEN_HANDLES",
          "OBJECT_NAME_INVALID", "OBJECT_PATH_INVALID", "OBJECT_PATH_SYNTAX_BAD",
          "OBJECT_NAME_COLLISION", "OBJECT_NAME_NOT_FOUND", "OBJECT_PATH_NOT_FOUND",
          "OBJECT_TYPE_MISMATCH", "DFS_UNAVAILABLE",
          "SHARING_VIOLATION", "DELETE_PENDING", "FILE_CLOSED", "FILE_RENAMED", "FILE_DELETED",
          "CANNOT_DELETE", "USER_MAPPED_FILE", "NOT_SAME_DEVICE",
          "FILE_LOCK_CONFLICT", "END_OF_FILE",
          "INVALID_PARAMETER", "INVALID_DEVICE_REQUEST", "INVALID_HANDLE",
          "INSUFFICIENT_RESOURCES", "NOT_IMPLEMENTED", "NOT_SUPPORTED", "BUFFER_OVERFLOW",
          "BUFFER_TOO_SMALL", "UNSUCCESSFUL",
          "NAME_TOO_LONG");

  /** An error code no constant carries (facility 0, code 0x1234). */
  private static final int UNKNOWN_ERROR = 0xC000_1234;

  /** The rows of {@link #MS_ERREF_TABLE}, name to value, in table order. */
  private static Map<String, Integer> msErrefRows() {
    Map<String, Integer> rows = new LinkedHashMap<>();
    for (String line : MS_ERREF_TABLE.lines().filter(l -> !l.isBlank()).toList()) {
      int comma = line.indexOf(',');
      assertThat(comma).as("row %s", line).isPositive();
      String name = line.substring(0, comma).strip();
      String hex = line.substring(comma + 1).strip();
      assertThat(name).as("row %s", line).matches("[A-Z][A-Z_]*");
      assertThat(hex).as("row %s", line).matches("0x[0-9A-F]{8}");
      Integer previous = rows.put(name, Integer.parseUnsignedInt(hex.substring(2), 16));
      assertThat(previous).as("row %s appears twice", name).isNull();
    }
    return rows;
  }

  static Stream<Arguments> msErrefTable() {
    return msErrefRows().entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("msErrefTable")
  void everyConstantCarriesItsMsErrefValue_s8(String name, int value) {
    assertThat(NtStatus.byName(name))
        .as("constant %s", name)
        .hasValueSatisfying(
            status -> {
              assertThat(status.value()).as("value of %s", name).isEqualTo(value);
              assertThat(status.name()).isEqualTo(name);
              assertThat(status.isKnown()).isTrue();
              assertThat(NtStatus.of(value)).isSameAs(status);
            });
  }

  @Test
  void everyConstantIsCheckedAgainstTheMsErrefTable_s8() {
    Map<String, Integer> rows = msErrefRows();
    assertThat(rows).hasSizeGreaterThanOrEqualTo(60);
    for (NtStatus status : NtStatus.knownValues()) {
      assertThat(rows).as("MS-ERREF row for %s", status.name()).containsKey(status.name());
      assertThat(rows.get(status.name())).as(status.name()).isEqualTo(status.value());
    }
    assertThat(rows).hasSameSizeAs(NtStatus.knownValues());
  }

  @Test
  void everyStatusOfSpecSection8HasAConstant_s8() {
    for (String name : SPEC_S8_NAMES) {
      assertThat(NtStatus.byName(name)).as("§8 status %s", name).isPresent();
    }
  }

  /**
   * Spec §5.1 and Microsoft's RxStopMinirdr page name STATUS_REDIRECTOR_STOPPED, but neither
   * [MS-ERREF] nor ntstatus.h gives it a value: the class does not invent one.
   */
  @Test
  void redirectorStoppedHasNoConstantWithoutAPublishedValue_s5_1() {
    assertThat(NtStatus.byName("REDIRECTOR_STOPPED")).isEmpty();
  }

  @Test
  void everyPublicConstantIsNamedAfterItsFieldAndListedInKnownValues() throws Exception {
    List<NtStatus> fields = new ArrayList<>();
    for (Field field : NtStatus.class.getDeclaredFields()) {
      int modifiers = field.getModifiers();
      if (field.getType() == NtStatus.class
          && Modifier.isPublic(modifiers)
          && Modifier.isStatic(modifiers)
          && Modifier.isFinal(modifiers)) {
        NtStatus status = (NtStatus) Objects.requireNonNull(field.get(null), field.getName());
        assertThat(status.name()).as("field %s", field.getName()).isEqualTo(field.getName());
        fields.add(status);
      }
    }
    assertThat(NtStatus.knownValues()).containsExactlyInAnyOrderElementsOf(fields);
  }

  @Test
  void noTwoConstantsShareAValueOrAName() {
    List<NtStatus> known = NtStatus.knownValues();
    assertThat(known.stream().map(NtStatus::value)).doesNotHaveDuplicates();
    assertThat(known.stream().map(NtStatus::name)).doesNotHaveDuplicates();
  }

  @Test
  void knownValuesAreUnmodifiableAndInDeclarationOrder() {
    List<NtStatus> known = NtStatus.knownValues();
    assertThat(known).startsWith(NtStatus.SUCCESS, NtStatus.PENDING);
    assertThat(known).allMatch(NtStatus::isKnown);
    assertThatThrownBy(() -> known.add(NtStatus.SUCCESS))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void ofAKnownValueReturnsTheConstantItself() {
    assertThat(NtStatus.of(0xC000_00BE)).isSameAs(NtStatus.BAD_NETWORK_PATH);
    assertThat(NtStatus.of(0)).isSameAs(NtStatus.SUCCESS);
  }

  @Test
  void ofAnUnknownCodeIsUnknownAndNamedAfterItsValue() {
    NtStatus status = NtStatus.of(UNKNOWN_ERROR);
    assertThat(status.isKnown()).isFalse();
    assertThat(status.value()).isEqualTo(UNKNOWN_ERROR);
    assertThat(status.name()).isEqualTo("0xC0001234");
    assertThat(status).hasToString("0xC0001234");
    assertThat(NtStatus.of(0x0000_00AB)).hasToString("0x000000AB");
  }

  @Test
  void ofAnUnknownCodeIsEqualByValueButNotCachedAsAKnownConstant() {
    NtStatus first = NtStatus.of(UNKNOWN_ERROR);
    NtStatus second = NtStatus.of(UNKNOWN_ERROR);
    assertThat(first).isEqualTo(second).hasSameHashCodeAs(second);
    assertThat(first).isNotEqualTo(NtStatus.of(UNKNOWN_ERROR + 1));
    assertThat(NtStatus.knownValues()).doesNotContain(first);
    assertThat(NtStatus.byName(first.name())).isEmpty();
    assertThat(NtStatus.of(UNKNOWN_ERROR).isKnown()).isFalse();
  }

  @Test
  void equalityIsByValueOnly() {
    assertThat(NtStatus.of(0xC000_0022)).isEqualTo(NtStatus.ACCESS_DENIED);
    assertThat(NtStatus.ACCESS_DENIED)
        .isNotEqualTo(NtStatus.NETWORK_ACCESS_DENIED)
        .hasSameHashCodeAs(NtStatus.of(0xC000_0022));
    assertThat((Object) NtStatus.ACCESS_DENIED).isNotEqualTo(0xC000_0022);
  }

  @Test
  void successIsSuccessWithNothingElse() {
    NtStatus status = NtStatus.SUCCESS;
    assertThat(status.severity()).isEqualTo(NtStatus.Severity.SUCCESS);
    assertThat(status.isSuccess()).isTrue();
    assertThat(status.isInformational()).isFalse();
    assertThat(status.isWarning()).isFalse();
    assertThat(status.isError()).isFalse();
    assertThat(status.isCustomer()).isFalse();
    assertThat(status.facility()).isZero();
    assertThat(status.code()).isZero();
  }

  @Test
  void pendingIsASuccessStatus_s1_3() {
    NtStatus status = NtStatus.PENDING;
    assertThat(status.severity()).isEqualTo(NtStatus.Severity.SUCCESS);
    assertThat(status.isSuccess()).isTrue();
    assertThat(status.isError()).isFalse();
    assertThat(status.code()).isEqualTo(0x103);
  }

  @Test
  void bufferOverflowIsAWarningAndNotASuccess_s8() {
    NtStatus status = NtStatus.BUFFER_OVERFLOW;
    assertThat(status.value()).isEqualTo(0x8000_0005);
    assertThat(status.severity()).isEqualTo(NtStatus.Severity.WARNING);
    assertThat(status.isWarning()).isTrue();
    assertThat(status.isSuccess()).isFalse();
    assertThat(status.isError()).isFalse();
    assertThat(status.code()).isEqualTo(5);
  }

  @Test
  void redirectorHasOpenHandlesIsAWarningNotAnError_s5_1() {
    assertThat(NtStatus.REDIRECTOR_HAS_OPEN_HANDLES.isWarning()).isTrue();
    assertThat(NtStatus.REDIRECTOR_HAS_OPEN_HANDLES.isSuccess()).isFalse();
  }

  @Test
  void errorStatusesAreErrors() {
    NtStatus status = NtStatus.BAD_NETWORK_PATH;
    assertThat(status.severity()).isEqualTo(NtStatus.Severity.ERROR);
    assertThat(status.isError()).isTrue();
    assertThat(status.isSuccess()).isFalse();
    assertThat(status.isWarning()).isFalse();
    assertThat(status.facility()).isZero();
    assertThat(status.code()).isEqualTo(0xBE);
    assertThat(NtStatus.of(UNKNOWN_ERROR).isError()).isTrue();
  }

  @Test
  void informationalStatusesSucceed() {
    for (NtStatus status : List.of(NtStatus.OBJECT_NAME_EXISTS, NtStatus.of(0x4000_1234))) {
      assertThat(status.severity()).as("%s", status).isEqualTo(NtStatus.Severity.INFORMATIONAL);
      assertThat(status.isInformational()).isTrue();
      assertThat(status.isSuccess()).isTrue();
      assertThat(status.isWarning()).isFalse();
      assertThat(status.isError()).isFalse();
    }
    assertThat(NtStatus.OBJECT_NAME_EXISTS.value()).isEqualTo(0x4000_0000);
  }

  @Test
  void facilityCodeAndCustomerBitFollowTheNtstatusLayout() {
    NtStatus rpc = NtStatus.of(0xC002_0001); // facility 2 (RPC runtime), code 1
    assertThat(rpc.facility()).isEqualTo(2);
    assertThat(rpc.code()).isEqualTo(1);
    assertThat(rpc.isCustomer()).isFalse();

    NtStatus customerError = NtStatus.of(0xE123_4567);
    assertThat(customerError.isCustomer()).isTrue();
    assertThat(customerError.severity()).isEqualTo(NtStatus.Severity.ERROR);
    assertThat(customerError.facility()).isEqualTo(0x123);
    assertThat(customerError.code()).isEqualTo(0x4567);

    NtStatus customerSuccess = NtStatus.of(0x2000_0001);
    assertThat(customerSuccess.isCustomer()).isTrue();
    assertThat(customerSuccess.isSuccess()).isTrue();
    assertThat(customerSuccess.severity()).isEqualTo(NtStatus.Severity.SUCCESS);

    assertThat(NtStatus.BAD_NETWORK_PATH.isCustomer()).isFalse();
    assertThat(NtStatus.of(0xFFFF_FFFF).facility()).isEqualTo(0xFFF);
    assertThat(NtStatus.of(0xFFFF_FFFF).code()).isEqualTo(0xFFFF);
  }

  @Test
  void byNameAcceptsTheNameWithOrWithoutTheStatusPrefix() {
    assertThat(NtStatus.byName("BAD_NETWORK_PATH")).containsSame(NtStatus.BAD_NETWORK_PATH);
    assertThat(NtStatus.byName("STATUS_BAD_NETWORK_PATH")).containsSame(NtStatus.BAD_NETWORK_PATH);
    assertThat(NtStatus.byName("STATUS_SUCCESS")).containsSame(NtStatus.SUCCESS);
  }

  @Test
  void byNameOfAnUnknownNameIsEmpty() {
    assertThat(NtStatus.byName("NO_SUCH_STATUS")).isEmpty();
    assertThat(NtStatus.byName("STATUS_")).isEmpty();
    assertThat(NtStatus.byName("")).isEmpty();
    // NETNAME_DELETED is a Win32 error name (ERROR_NETNAME_DELETED), not an NTSTATUS one.
    assertThat(NtStatus.byName("NETNAME_DELETED")).isEmpty();
  }

  @Test
  void toStringOfAKnownStatusIsItsFullNameAndValue() {
    assertThat(NtStatus.BAD_NETWORK_PATH).hasToString("STATUS_BAD_NETWORK_PATH (0xC00000BE)");
    assertThat(NtStatus.SUCCESS).hasToString("STATUS_SUCCESS (0x00000000)");
    assertThat(NtStatus.BUFFER_OVERFLOW).hasToString("STATUS_BUFFER_OVERFLOW (0x80000005)");
  }
}
