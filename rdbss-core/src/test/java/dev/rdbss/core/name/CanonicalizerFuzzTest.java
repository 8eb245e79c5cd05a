package dev.rdbss.core.name;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.rdbss.api.LogonId;
import dev.rdbss.api.NtStatus;
import java.util.Set;

/**
 * Bad input for §6.2 canonicalization: any name, any pair of directory flags and any logon end in
 * a {@link CanonicalName} whose status is SUCCESS or one of the refusals §6.2 lists, never in an
 * exception; an accepted name is well formed and canonicalizing it again (as the UNC name it
 * denotes) gives the same name.
 *
 * <p>Regression mode (every build) runs the committed inputs under {@code
 * src/test/resources/dev/rdbss/core/name/CanonicalizerFuzzTestInputs/}; {@code JAZZER_FUZZ=1}
 * fuzzes (see the module's README).
 */
class CanonicalizerFuzzTest {

  /** Every status §6.2 lets canonicalization refuse a name with. */
  private static final Set<NtStatus> REFUSALS =
      Set.of(
          NtStatus.INVALID_PARAMETER,
          NtStatus.OBJECT_NAME_INVALID,
          NtStatus.OBJECT_PATH_INVALID,
          NtStatus.OBJECT_PATH_SYNTAX_BAD);

  @FuzzTest(maxDuration = "2m")
  void anyNameEndsInAStatus_s6_2(FuzzedDataProvider data) {
    boolean directory = data.consumeBoolean();
    boolean nonDirectory = data.consumeBoolean();
    LogonId logon = new LogonId(data.consumeLong());
    String fileName = data.consumeRemainingAsString();

    CanonicalName name = Canonicalizer.canonicalize(fileName, directory, nonDirectory, logon);

    if (!name.isValid()) {
      assertThat(REFUSALS).contains(name.status());
      assertThat(name.name()).isEmpty();
      return;
    }
    assertThat(name.status()).isEqualTo(NtStatus.SUCCESS);
    if (name.deviceOpen()) {
      assertThat(fileName).isEmpty();
      return;
    }
    assertThat(directory && nonDirectory).as("contradictory options are refused").isFalse();
    assertThat(name.name()).startsWith(name.localPrefix());
    assertThat(name.name().length()).isLessThanOrEqualTo(Canonicalizer.MAXIMUM_NAME_LENGTH);
    String rest = name.serverRelativeName();
    assertThat(rest).startsWith("\\").doesNotEndWith("\\").doesNotContain("\\\\");
    assertThat(rest.substring(1).split("\\\\", -1).length)
        .as("a server and a share at least")
        .isGreaterThanOrEqualTo(2);
    String drive = name.drive();
    if (drive == null) {
      assertThat(name.localPrefix()).isEqualTo("\\;:" + logon);
    } else {
      assertThat(Canonicalizer.isDrive(drive)).isTrue();
      assertThat(name.localPrefix().substring(4))
          .as("a drive's local prefix names the logon in ASCII hexadecimal")
          .matches("[0-9A-Fa-f]+");
    }
    // Canonical names are fixed points: the UNC name of the same place canonicalizes to the same
    // server-relative name, for this logon's UNC view.
    CanonicalName again = Canonicalizer.canonicalize("\\" + rest, false, false, logon);
    assertThat(again.status()).isEqualTo(NtStatus.SUCCESS);
    assertThat(again.serverRelativeName()).isEqualTo(rest);
    assertThat(again.localPrefix()).isEqualTo("\\;:" + logon);
    if (nonDirectory) {
      assertThat(name.directoryImplied()).as("trailing \\ with NON_DIRECTORY is refused").isFalse();
    }
  }
}
