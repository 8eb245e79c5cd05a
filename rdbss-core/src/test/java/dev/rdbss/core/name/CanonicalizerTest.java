package dev.rdbss.core.name;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rdbss.api.LogonId;
import dev.rdbss.api.NtStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Each rule of §6.2 canonicalization with its status, and the local prefixes of §3.1. */
class CanonicalizerTest {

  private static final LogonId ALICE = new LogonId(0x1_0000);
  private static final LogonId BOB = new LogonId(0x1_0001);

  private static CanonicalName unc(String name) {
    return Canonicalizer.canonicalize(name, false, false, ALICE);
  }

  @Test
  void anEmptyNameIsADeviceOpen_s6_2() {
    CanonicalName name = unc("");
    assertThat(name.status()).isEqualTo(NtStatus.SUCCESS);
    assertThat(name.deviceOpen()).isTrue();
    assertThat(name.name()).isEmpty();
    // Even with contradictory options: the device open is decided first.
    assertThat(Canonicalizer.canonicalize("", true, true, ALICE).deviceOpen()).isTrue();
  }

  @Test
  void directoryAndNonDirectoryTogetherAreInvalidParameter_s6_2() {
    assertThat(Canonicalizer.canonicalize("\\\\srv\\share\\f", true, true, ALICE).status())
        .isEqualTo(NtStatus.INVALID_PARAMETER);
  }

  @Test
  void aLeadingDoubleBackslashIsCollapsedOnceAndTheNameGetsTheLogonsUncPrefix_s6_2_s3_1() {
    CanonicalName name = unc("\\\\srv\\share\\dir\\f.txt");
    assertThat(name.status()).isEqualTo(NtStatus.SUCCESS);
    assertThat(name.deviceOpen()).isFalse();
    assertThat(name.localPrefix()).isEqualTo("\\;:10000");
    assertThat(name.name()).isEqualTo("\\;:10000\\srv\\share\\dir\\f.txt");
    assertThat(name.serverRelativeName()).isEqualTo("\\srv\\share\\dir\\f.txt");
    assertThat(name.drive()).isNull();
    assertThat(name.directoryImplied()).isFalse();
  }

  @Test
  void eachLogonHasItsOwnUncView_s3_1() {
    assertThat(Canonicalizer.canonicalize("\\\\srv\\share", false, false, BOB).name())
        .isEqualTo("\\;:10001\\srv\\share")
        .isNotEqualTo(unc("\\\\srv\\share").name());
  }

  @ParameterizedTest
  @ValueSource(strings = {"\\\\\\srv\\share", "\\\\\\\\srv\\share"})
  void aSecondLeadingDoubleBackslashIsObjectNameInvalid_s6_2(String name) {
    assertThat(unc(name).status()).isEqualTo(NtStatus.OBJECT_NAME_INVALID);
  }

  @Test
  void aTrailingBackslashIsStrippedAndImpliesADirectory_s6_2() {
    CanonicalName name = unc("\\\\srv\\share\\dir\\");
    assertThat(name.status()).isEqualTo(NtStatus.SUCCESS);
    assertThat(name.serverRelativeName()).isEqualTo("\\srv\\share\\dir");
    assertThat(name.directoryImplied()).isTrue();
    assertThat(Canonicalizer.canonicalize("\\\\srv\\share\\dir\\", true, false, ALICE).isValid())
        .isTrue();
  }

  @Test
  void aTrailingBackslashWithNonDirectoryFileIsObjectNameInvalid_s6_2() {
    assertThat(Canonicalizer.canonicalize("\\\\srv\\share\\dir\\", false, true, ALICE).status())
        .isEqualTo(NtStatus.OBJECT_NAME_INVALID);
  }

  @ParameterizedTest
  @ValueSource(strings = {"\\", "a", "\\\\"})
  void aNameShorterThanTwoCharactersIsObjectNameInvalid_s6_2(String name) {
    assertThat(unc(name).status()).isEqualTo(NtStatus.OBJECT_NAME_INVALID);
  }

  @Test
  void aDevicePrefixWithoutAFollowingSeparatorIsObjectNameInvalid_s6_2() {
    assertThat(unc("\\;X:10000").status()).isEqualTo(NtStatus.OBJECT_NAME_INVALID);
    assertThat(unc("\\;").status()).isEqualTo(NtStatus.OBJECT_NAME_INVALID);
  }

  @ParameterizedTest
  @ValueSource(strings = {"srv\\share", "ab", "X:\\dir", "/srv/share"})
  void aNonUncNameNotStartingWithABackslashIsObjectPathInvalid_s6_2(String name) {
    assertThat(unc(name).status()).isEqualTo(NtStatus.OBJECT_PATH_INVALID);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "\\\\srv\\share\\a*.txt", "\\\\srv\\share\\a?.txt", "\\\\srv\\share\\<a", "\\\\srv\\share\\a>",
        "\\\\srv\\share\\\"a\"", "\\\\srv\\share\\a|b", "\\\\srv\\share\\a:b", "\\\\srv\\share\\a/b",
        "\\\\srv\\share\\a\u0001b", "\\\\s*v\\share"
      })
  void wildcardsAndForbiddenCharactersAreObjectNameInvalid_s6_2(String name) {
    assertThat(unc(name).status()).isEqualTo(NtStatus.OBJECT_NAME_INVALID);
  }

  @ParameterizedTest
  @ValueSource(strings = {"\\\\srv\\share\\\\f", "\\\\srv\\\\f", "\\\\srv\\share\\d\\\\"})
  void emptyComponentsAreObjectNameInvalid_s6_2(String name) {
    assertThat(unc(name).status()).isEqualTo(NtStatus.OBJECT_NAME_INVALID);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"\\\\srv\\share\\.", "\\\\srv\\share\\..", "\\\\srv\\share\\d\\..\\f", "\\\\srv\\.."})
  void dotAndDotDotComponentsAreObjectPathSyntaxBad_s6_2(String name) {
    assertThat(unc(name).status()).isEqualTo(NtStatus.OBJECT_PATH_SYNTAX_BAD);
  }

  @Test
  void dotsInsideANameAreOrdinaryCharacters_s6_2() {
    assertThat(unc("\\\\srv\\share\\...\\a..b\\.hidden").isValid()).isTrue();
  }

  @Test
  void aServerWithoutAShareIsObjectNameInvalid_s6_2() {
    assertThat(unc("\\\\srv").status()).isEqualTo(NtStatus.OBJECT_NAME_INVALID);
    assertThat(unc("\\\\srv\\").status()).isEqualTo(NtStatus.OBJECT_NAME_INVALID);
  }

  @Test
  void aCanonicalNameLongerThanAUnicodeStringHoldsIsObjectPathInvalid_s6_2() {
    String prefix = "\\\\srv\\share\\";
    String fits = prefix + "a".repeat(Canonicalizer.MAXIMUM_NAME_LENGTH - 20);
    CanonicalName ok = unc(fits);
    assertThat(ok.isValid()).isTrue();
    int room = Canonicalizer.MAXIMUM_NAME_LENGTH - ok.name().length();
    assertThat(unc(fits + "a".repeat(room)).name())
        .hasSize(Canonicalizer.MAXIMUM_NAME_LENGTH);
    assertThat(unc(fits + "a".repeat(room + 1)).status()).isEqualTo(NtStatus.OBJECT_PATH_INVALID);
  }

  @Test
  void aDriveNameKeepsItsLocalPrefix_s3_1() {
    CanonicalName name = unc("\\;X:3e7\\srv\\share\\f.txt");
    assertThat(name.status()).isEqualTo(NtStatus.SUCCESS);
    assertThat(name.localPrefix()).isEqualTo("\\;X:3e7");
    assertThat(name.drive()).isEqualTo("X:");
    assertThat(name.serverRelativeName()).isEqualTo("\\srv\\share\\f.txt");
    assertThat(Canonicalizer.driveLocalPrefix("x:", new LogonId(0x3e7))).isEqualTo("\\;X:3e7");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "\\;1:3e7\\srv\\share", "\\;X3e7\\srv\\share", "\\;X:\\srv\\share", "\\;X:3g7\\srv\\share",
        // Only ASCII hexadecimal names a logon: Character.digit would take these Unicode digits.
        "\\;X:\u0663\\srv\\share", "\\;X:\uFF13\uFF45\uFF17\\srv\\share", "\\;\u00C4:3e7\\srv\\share"
      })
  void aMalformedDriveLocalPrefixIsObjectNameInvalid_s6_2(String name) {
    assertThat(unc(name).status()).isEqualTo(NtStatus.OBJECT_NAME_INVALID);
  }

  @Test
  void onlyALetterAndAColonAreADrive_s3_1() {
    assertThat(Canonicalizer.isDrive("X:")).isTrue();
    assertThat(Canonicalizer.isDrive("x:")).isTrue();
    assertThat(Canonicalizer.isDrive("1:")).isFalse();
    assertThat(Canonicalizer.isDrive("\u00C4:")).isFalse();
    assertThat(Canonicalizer.isDrive("X")).isFalse();
    assertThat(Canonicalizer.isDrive("X:\\")).isFalse();
    assertThatThrownBy(() -> Canonicalizer.driveLocalPrefix("XY", ALICE))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
