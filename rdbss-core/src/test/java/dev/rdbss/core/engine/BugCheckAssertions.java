package dev.rdbss.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.rdbss.api.BugCheckCode;
import dev.rdbss.api.BugCheckError;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/**
 * One assertion for every contract-violation test: the call is a {@link BugCheckError} with the
 * expected stop code, citing the expected spec section, and a message that names what the plugin
 * author must act on (ARCHITECTURE.md §3.3).
 */
final class BugCheckAssertions {

  private BugCheckAssertions() {}

  /**
   * Asserts that {@code call} bugchecks.
   *
   * @param mentions what the message must contain: typically the routine and the remedy
   * @return the bugcheck, for further checks (parameters)
   */
  static BugCheckError assertBugCheck(
      ThrowingCallable call, BugCheckCode code, String section, String... mentions) {
    Throwable thrown = catchThrowable(call);
    assertThat(thrown).isInstanceOf(BugCheckError.class);
    BugCheckError e = (BugCheckError) thrown;
    assertThat(e.code()).as("stop code of: %s", e.getMessage()).isEqualTo(code);
    assertThat(e.specSection()).as("section of: %s", e.getMessage()).isEqualTo(section);
    assertThat(e.getMessage()).contains(mentions);
    return e;
  }
}
