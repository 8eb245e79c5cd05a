package dev.rdbss.core.registry;

import dev.rdbss.api.spi.MiniRedirectorDescriptor;
import dev.rdbss.api.spi.MiniRedirectorProvider;
import dev.rdbss.core.DiscoveredProvider;
import dev.rdbss.core.ProviderConflict;
import dev.rdbss.core.ProviderFailure;
import dev.rdbss.core.RdbssRuntime;
import jakarta.inject.Inject;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.function.Predicate;

/**
 * Finds mini-redirector providers (ARCHITECTURE.md §2, issue "Runtime bootstrap"): the default
 * {@code ServiceLoader}, a plugin folder, and providers handed over directly. Every provider found is
 * logged with its module, version and jar; a provider whose construction or descriptor throws is
 * reported and the others still load; two providers with the same name or device name are a
 * conflict.
 */
public final class ProviderDiscovery {

  private static final System.Logger LOG = System.getLogger(RdbssRuntime.DISCOVERY_LOGGER);

  private final DiscoveryOptions options;

  @Inject
  ProviderDiscovery(DiscoveryOptions options) {
    this.options = options;
  }

  /** Runs the discovery. */
  public DiscoveryOutcome discover() {
    List<DiscoveredProvider> found = new ArrayList<>();
    List<ProviderFailure> failures = new ArrayList<>();
    List<AutoCloseable> loaders = new ArrayList<>();

    if (options.serviceLoader()) {
      search(
          ServiceLoader.load(MiniRedirectorProvider.class, options.classLoader()),
          type -> true,
          found,
          failures);
    }
    if (options.pluginPath() != null) {
      PluginFolder folder = new PluginFolder(options.pluginPath(), options.classLoader());
      folder.load().ifPresent(s -> search(s.loader(), s.definedByFolder(), found, failures));
      failures.addAll(folder.failures());
      loaders.addAll(folder.loaders());
    }
    for (MiniRedirectorProvider provider : options.explicitProviders()) {
      describe(provider.getClass(), provider, found, failures);
    }

    List<DiscoveredProvider> ordered = inProviderOrder(found);
    ordered.forEach(p -> LOG.log(Level.INFO, "found mini-redirector {0}", p));
    failures.forEach(f -> LOG.log(Level.ERROR, f.message(), f.cause()));
    return new DiscoveryOutcome(ordered, failures, conflicts(ordered), loaders);
  }

  private void search(
      ServiceLoader<MiniRedirectorProvider> loader,
      Predicate<Class<?>> accept,
      List<DiscoveredProvider> found,
      List<ProviderFailure> failures) {
    Iterator<ServiceLoader.Provider<MiniRedirectorProvider>> it = loader.stream().iterator();
    while (true) {
      ServiceLoader.Provider<MiniRedirectorProvider> candidate;
      try {
        if (!it.hasNext()) {
          return;
        }
        candidate = it.next();
      } catch (ServiceConfigurationError e) {
        // Locating a provider failed (a services file names a missing class, …). The stream cannot
        // go on after that, so this loader's remaining providers are not reached: say so.
        failures.add(
            new ProviderFailure(
                ProviderOrigin.UNKNOWN_LOCATION,
                ProviderOrigin.UNKNOWN_LOCATION,
                "a mini-redirector provider could not be located: "
                    + PluginFolder.oneLine(e)
                    + " (providers listed after it in the same jar were not searched)",
                e));
        return;
      }
      Class<? extends MiniRedirectorProvider> type = candidate.type();
      if (!accept.test(type)) {
        continue;
      }
      MiniRedirectorProvider provider;
      try {
        provider = candidate.get();
      } catch (ServiceConfigurationError e) {
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        ProviderOrigin origin = ProviderOrigin.of(type);
        failures.add(
            new ProviderFailure(
                type.getName(),
                origin.location(),
                "mini-redirector provider "
                    + type.getName()
                    + " from "
                    + origin.location()
                    + " could not be constructed: "
                    + cause,
                cause));
        continue;
      }
      describe(type, provider, found, failures);
    }
  }

  private static void describe(
      Class<?> type,
      MiniRedirectorProvider provider,
      List<DiscoveredProvider> found,
      List<ProviderFailure> failures) {
    ProviderOrigin origin = ProviderOrigin.of(type);
    MiniRedirectorDescriptor descriptor;
    try {
      descriptor = provider.descriptor();
      if (descriptor == null) {
        throw new NullPointerException("descriptor() returned null");
      }
    } catch (RuntimeException e) {
      failures.add(
          new ProviderFailure(
              type.getName(),
              origin.location(),
              "mini-redirector provider "
                  + type.getName()
                  + " from "
                  + origin.location()
                  + " failed in descriptor(): "
                  + e,
              e));
      return;
    }
    found.add(
        new DiscoveredProvider(
            descriptor,
            type.getName(),
            origin.module(),
            origin.version(),
            origin.location(),
            provider));
  }

  /** Named providers first, in the configured order; the rest in discovery order (spec §6.1). */
  private List<DiscoveredProvider> inProviderOrder(List<DiscoveredProvider> found) {
    List<String> order = options.providerOrder();
    List<DiscoveredProvider> sorted = new ArrayList<>(found);
    sorted.sort(
        Comparator.comparingInt(
            p -> {
              int i = order.indexOf(p.name());
              return i < 0 ? order.size() : i;
            }));
    return sorted;
  }

  /** Names compare exactly; device names case-insensitively, as Windows object names do. */
  private static List<ProviderConflict> conflicts(List<DiscoveredProvider> providers) {
    List<ProviderConflict> conflicts = new ArrayList<>();
    Map<String, DiscoveredProvider> byName = new HashMap<>();
    Map<String, DiscoveredProvider> byDevice = new HashMap<>();
    for (DiscoveredProvider p : providers) {
      DiscoveredProvider sameName = byName.putIfAbsent(p.name(), p);
      if (sameName != null) {
        conflicts.add(new ProviderConflict("name", p.name(), sameName, p));
      }
      DiscoveredProvider sameDevice =
          byDevice.putIfAbsent(p.deviceName().toLowerCase(Locale.ROOT), p);
      if (sameDevice != null) {
        conflicts.add(new ProviderConflict("device name", p.deviceName(), sameDevice, p));
      }
    }
    return conflicts;
  }
}
