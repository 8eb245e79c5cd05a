package dev.rdbss.minirdr.csc;

import dev.rdbss.api.spi.PluginSettings;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The plugin's own settings (the store and the transport read theirs): which servers it caches and
 * how often it probes an unreachable one. See {@link CscProvider} for the table.
 *
 * @param servers the server names this plugin claims, lower case
 * @param probeInterval the period of the probe of an unreachable server, on the runtime's clock
 */
record CscSettings(Set<String> servers, Duration probeInterval) {

  static final Duration DEFAULT_PROBE_INTERVAL = Duration.ofSeconds(30);

  static CscSettings from(PluginSettings settings) {
    Set<String> servers =
        Arrays.stream(settings.get("servers", "").split(","))
            .map(s -> s.trim().toLowerCase(Locale.ROOT))
            .filter(s -> !s.isEmpty())
            .collect(Collectors.toUnmodifiableSet());
    Duration probe = settings.getDuration("probeInterval", DEFAULT_PROBE_INTERVAL);
    if (probe.isNegative() || probe.isZero()) {
      throw new IllegalArgumentException(
          "plugin setting 'probeInterval' is '" + probe + "', expected a positive duration");
    }
    return new CscSettings(servers, probe);
  }

  boolean caches(String server) {
    return servers.contains(server.toLowerCase(Locale.ROOT));
  }
}
