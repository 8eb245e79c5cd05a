package dev.rdbss.minirdr.smb.sim;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WildcardTest {

  @ParameterizedTest(name = "{0} ~ {1} = {2}")
  @CsvSource({
    "*, anything, true",
    "*.*, noextension, true",
    "*.txt, a.TXT, true",
    "*.txt, a.txt.bak, false",
    "?eta.*, Beta.TXT, true",
    "?eta.*, eta.txt, false",
    "a*b*c, aXXbYYc, true",
    "a*b*c, aXXbYY, false",
    "beta.txt, BETA.TXT, true",
    "??, ., false",
    "??, .., true",
  })
  void starAndQuestionMarkMatchCaseInsensitively(String pattern, String name, boolean matches) {
    assertThat(Wildcard.matches(pattern, name)).isEqualTo(matches);
  }
}
