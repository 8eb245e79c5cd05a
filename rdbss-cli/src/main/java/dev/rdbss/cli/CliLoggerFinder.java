package dev.rdbss.cli;

/**
 * Binds {@link System.Logger} for the {@code rdbss} process (ARCHITECTURE.md §4: API and core log
 * through {@code System.Logger}, the CLI binds it). Found by the JDK through the module's {@code
 * provides} clause; the JDK's default would print two-line, timestamped {@code java.util.logging}
 * records, INFO included, among the command's output.
 */
public final class CliLoggerFinder extends System.LoggerFinder {

  /** Called by {@code ServiceLoader}. */
  public CliLoggerFinder() {}

  @Override
  public System.Logger getLogger(String name, Module module) {
    return new CliLogger(name);
  }
}
