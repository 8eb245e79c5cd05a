package dev.rdbss.bench;

import dev.rdbss.core.ManualClock;
import dev.rdbss.core.RdbssRuntime;
import dev.rdbss.core.RdbssSettings;
import dev.rdbss.api.spi.MiniRedirectorProvider;
import java.util.HashMap;
import java.util.Map;

/**
 * The {@code tracing} parameter every RDBSS benchmark takes ({@code off} or {@code on}), and the
 * runtime it builds: {@link RdbssSettings#TRACE} set accordingly, a {@link ManualClock} (the
 * scavenger and delayed closes never fire behind a measurement's back), no service loader.
 */
final class Tracing {

  static final String OFF = "off";
  static final String ON = "on";

  private Tracing() {}

  static RdbssRuntime runtime(String tracing, MiniRedirectorProvider provider) {
    return runtime(tracing, provider, Map.of());
  }

  static RdbssRuntime runtime(
      String tracing, MiniRedirectorProvider provider, Map<String, String> more) {
    if (!tracing.equals(OFF) && !tracing.equals(ON)) {
      throw new IllegalArgumentException("tracing must be off or on, not " + tracing);
    }
    Map<String, String> settings = new HashMap<>(more);
    settings.put(RdbssSettings.TRACE, String.valueOf(tracing.equals(ON)));
    return RdbssRuntime.builder()
        .serviceLoaderDiscovery(false)
        .clock(new ManualClock())
        .settings(RdbssSettings.of(settings))
        .provider(provider)
        .build();
  }
}
