package dev.rdbss.core.inject;

import java.util.Properties;

/**
 * Guice's process-wide switches. Bytecode generation is turned off before Guice loads, unless the
 * user chose otherwise: on JDK 24+ it goes through {@code sun.misc.Unsafe} (a warning now, a failure
 * later) and the wrapper needs no AOP (java-stack.md §2.4). Hosts and TCK users then need no JVM
 * flag.
 */
public final class GuiceFlags {

  /** The system property Guice reads. */
  public static final String BYTECODE_GEN_OPTION = "guice_bytecode_gen_option";

  private GuiceFlags() {}

  /**
   * Sets {@value #BYTECODE_GEN_OPTION} to {@code DISABLED} in {@code properties} unless it is set.
   *
   * @return the value in force afterwards
   */
  public static String disableBytecodeGenerationUnlessSet(Properties properties) {
    String current = properties.getProperty(BYTECODE_GEN_OPTION);
    if (current == null || current.isBlank()) {
      properties.setProperty(BYTECODE_GEN_OPTION, "DISABLED");
      return "DISABLED";
    }
    return current;
  }
}
