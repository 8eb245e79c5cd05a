package dev.rdbss.cli;

import dev.rdbss.core.RdbssRuntime;
import picocli.CommandLine.IVersionProvider;

/**
 * {@code rdbss --version}: the wrapper's version and the Java runtime it runs on, the two facts a
 * bug report needs first.
 */
final class VersionProvider implements IVersionProvider {

  @Override
  public String[] getVersion() {
    return new String[] {
      "rdbss " + escape(RdbssRuntime.version()),
      "Java "
          + escape(Runtime.version().toString())
          + " ("
          + escape(System.getProperty("java.vendor", "unknown vendor"))
          + ", "
          + escape(System.getProperty("java.home", "unknown home"))
          + ")"
    };
  }

  /**
   * picocli formats version lines with {@code String.format}; a literal {@code %} must stay one.
   */
  private static String escape(String s) {
    return s.replace("%", "%%");
  }
}
