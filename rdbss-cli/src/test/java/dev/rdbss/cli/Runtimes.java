package dev.rdbss.cli;

import dev.rdbss.core.RdbssRuntime;
import dev.rdbss.core.RdbssSettings;
import java.util.Map;
import java.util.function.Supplier;

/** Runtimes for the commands under test: a leak anywhere makes closing the runtime throw. */
final class Runtimes {

  private Runtimes() {}

  /** The builder every command's runtime starts from: no discovery, leaks fail. */
  static final Supplier<RdbssRuntime.Builder> LEAK_CHECKED =
      () ->
          RdbssRuntime.builder()
              .serviceLoaderDiscovery(false)
              .settings(RdbssSettings.of(Map.of(RdbssSettings.FAIL_ON_LEAK, "true")));
}
