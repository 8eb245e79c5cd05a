package dev.rdbss.api;

import java.util.Arrays;
import java.util.Objects;

/**
 * A contract violation: the simulated machine has crashed (ARCHITECTURE.md §3.3).
 *
 * <p>Windows stops with a blue screen; the wrapper throws this {@link Error}, records it the moment
 * it is detected (so a bugcheck thrown on a plugin's own thread is not lost), refuses further work
 * and keeps a dump. The message names the stop code, the spec section that was broken and what the
 * plugin author should check, for example:
 *
 * <pre>
 * STOP 0x00000027 RDBSS_FILE_SYSTEM (§4.1): forceFinalizeAllVNetRoots called without the netname
 * table lock held exclusively. Take rdbss.netNameTable().acquireExclusive() around the call.
 * </pre>
 *
 * <p>It is an {@code Error} and not an exception on purpose: plugins must not catch and continue
 * after corrupting RDBSS state, just as a driver cannot continue after a bugcheck.
 */
public final class BugCheckError extends Error {

  private static final long serialVersionUID = 1L;

  private final BugCheckCode code;
  private final long[] parameters;
  private final String specSection;
  private final String explanation;

  /**
   * A bugcheck.
   *
   * @param code the stop code
   * @param specSection the section of rdbss-spec.md that was broken, such as {@code "§4.1"}
   * @param explanation what happened and what to check, one or two sentences
   * @param parameters up to four bugcheck parameters (missing ones are zero)
   */
  public BugCheckError(
      BugCheckCode code, String specSection, String explanation, long... parameters) {
    this(code, specSection, explanation, null, parameters);
  }

  /** A bugcheck caused by {@code cause} (for example an exception escaping a plugin callback). */
  public BugCheckError(
      BugCheckCode code,
      String specSection,
      String explanation,
      @org.jspecify.annotations.Nullable Throwable cause,
      long... parameters) {
    super(format(code, specSection, explanation), cause);
    if (parameters.length > 4) {
      throw new IllegalArgumentException("a bugcheck has at most four parameters");
    }
    this.code = Objects.requireNonNull(code, "code");
    this.specSection = Objects.requireNonNull(specSection, "specSection");
    this.explanation = Objects.requireNonNull(explanation, "explanation");
    this.parameters = Arrays.copyOf(parameters, 4);
  }

  private static String format(BugCheckCode code, String section, String explanation) {
    return String.format("STOP 0x%08X %s (%s): %s", code.code(), code, section, explanation);
  }

  public BugCheckCode code() {
    return code;
  }

  /** Parameter {@code index} (1 to 4), as Windows numbers them. */
  public long parameter(int index) {
    if (index < 1 || index > 4) {
      throw new IndexOutOfBoundsException("bugcheck parameters are numbered 1 to 4: " + index);
    }
    return parameters[index - 1];
  }

  /** The spec section broken, such as {@code "§2.3"}. */
  public String specSection() {
    return specSection;
  }

  /** The explanation without the stop-code prefix. */
  public String explanation() {
    return explanation;
  }
}
