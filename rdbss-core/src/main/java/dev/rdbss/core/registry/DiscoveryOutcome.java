package dev.rdbss.core.registry;

import dev.rdbss.core.DiscoveredProvider;
import dev.rdbss.core.ProviderConflict;
import dev.rdbss.core.ProviderFailure;
import java.util.List;

/**
 * Everything a discovery found.
 *
 * @param providers the providers, in provider order
 * @param failures the providers that failed to load
 * @param conflicts the clashes of name or device name
 * @param loaders what must stay open while the providers are used (plugin class loaders)
 */
public record DiscoveryOutcome(
    List<DiscoveredProvider> providers,
    List<ProviderFailure> failures,
    List<ProviderConflict> conflicts,
    List<AutoCloseable> loaders) {

  public DiscoveryOutcome {
    providers = List.copyOf(providers);
    failures = List.copyOf(failures);
    conflicts = List.copyOf(conflicts);
    loaders = List.copyOf(loaders);
  }
}
