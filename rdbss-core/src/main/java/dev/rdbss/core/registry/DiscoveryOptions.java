package dev.rdbss.core.registry;

import dev.rdbss.api.spi.MiniRedirectorProvider;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What to search for providers.
 *
 * @param serviceLoader whether to search the default {@code ServiceLoader} (module path and class
 *     path)
 * @param classLoader the loader whose modules and class path are searched
 * @param pluginPath a folder of plugin jars loaded into their own module layer, or {@code null}
 * @param explicitProviders providers handed over directly (tests, embedding hosts)
 * @param providerOrder the plugin names to put first, in this order
 */
public record DiscoveryOptions(
    boolean serviceLoader,
    ClassLoader classLoader,
    @Nullable Path pluginPath,
    List<MiniRedirectorProvider> explicitProviders,
    List<String> providerOrder) {

  public DiscoveryOptions {
    Objects.requireNonNull(classLoader, "classLoader");
    explicitProviders = List.copyOf(explicitProviders);
    providerOrder = List.copyOf(providerOrder);
  }
}
