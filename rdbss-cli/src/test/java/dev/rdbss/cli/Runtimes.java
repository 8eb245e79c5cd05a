package dev.rdbss.cli;

import dev.rdbss.core.RdbssRuntime;
import java.util.function.Supplier;

/**
 * Runtimes for the commands under test. Leaks fail: the POM sets {@code rdbss.failOnLeak=true} as
 * a system property, which every machine's settings read ({@link MachineTest} checks it).
 */
final class Runtimes {

  private Runtimes() {}

  /** The builder every command's runtime starts from: no discovery. */
  static final Supplier<RdbssRuntime.Builder> LEAK_CHECKED =
      () -> RdbssRuntime.builder().serviceLoaderDiscovery(false);
}
