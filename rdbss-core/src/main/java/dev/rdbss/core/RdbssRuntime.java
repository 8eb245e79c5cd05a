package dev.rdbss.core;

import com.google.inject.Guice;
import com.google.inject.Injector;
import dev.rdbss.api.spi.MiniRedirectorProvider;
import dev.rdbss.core.inject.CoreModule;
import dev.rdbss.core.inject.GuiceFlags;
import dev.rdbss.core.registry.DiscoveryOptions;
import dev.rdbss.core.registry.DiscoveryOutcome;
import dev.rdbss.core.registry.ProviderDiscovery;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The simulated machine: RDBSS with its registered mini-redirectors (ARCHITECTURE.md §2, §3.6).
 *
 * <pre>{@code
 * try (RdbssRuntime runtime = RdbssRuntime.builder().build()) {   // providers via ServiceLoader
 *   runtime.providers().forEach(System.out::println);
 * }
 * }</pre>
 *
 * <p>Providers are found through {@code ServiceLoader} on the module path and the class path, in a
 * plugin folder ({@link Builder#pluginPath}) loaded into its own module layer, and among providers
 * handed over directly ({@link Builder#provider}). Each one found is logged with its name, device
 * name, module, version and jar. A provider whose construction throws is reported in
 * {@link #providerFailures()} and the others still load. Two providers with the same name or device
 * name make {@link Builder#build()} refuse to start with a {@link ProviderConflictException} naming
 * both jars.
 */
public final class RdbssRuntime implements AutoCloseable {

  /**
   * The {@link System.Logger} name under which provider discovery reports each provider found and
   * each failure. A host that reports the outcome itself (the CLI's {@code providers}) may mute it.
   */
  public static final String DISCOVERY_LOGGER = "dev.rdbss.core.discovery";

  private static final System.Logger LOG = System.getLogger(RdbssRuntime.class.getName());

  private final RdbssSettings settings;
  private final List<DiscoveredProvider> providers;
  private final List<ProviderFailure> failures;
  private final List<AutoCloseable> loaders;
  private boolean closed;

  private RdbssRuntime(RdbssSettings settings, DiscoveryOutcome outcome) {
    this.settings = settings;
    this.providers = outcome.providers();
    this.failures = outcome.failures();
    this.loaders = outcome.loaders();
  }

  /** Starts a builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** The providers found, in provider order (spec §6.1). */
  public List<DiscoveredProvider> providers() {
    return providers;
  }

  /** The providers that could not be loaded. */
  public List<ProviderFailure> providerFailures() {
    return failures;
  }

  /** The provider named {@code name}, if found. */
  public Optional<DiscoveredProvider> provider(String name) {
    return providers.stream().filter(p -> p.name().equals(name)).findFirst();
  }

  /** The settings in force. */
  public RdbssSettings settings() {
    return settings;
  }

  /** The version of the wrapper, from its module or jar, or {@code "unknown"}. */
  public static String version() {
    Module m = RdbssRuntime.class.getModule();
    if (m.isNamed() && m.getDescriptor().rawVersion().isPresent()) {
      return m.getDescriptor().rawVersion().get();
    }
    return Optional.ofNullable(RdbssRuntime.class.getPackage().getImplementationVersion())
        .orElse("unknown");
  }

  /** Shuts the runtime down and closes the plugin class loaders. Closing twice does nothing. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    closeAll(loaders);
  }

  private static void closeAll(List<AutoCloseable> loaders) {
    for (AutoCloseable loader : loaders) {
      try {
        loader.close();
      } catch (Exception e) {
        LOG.log(Level.WARNING, "could not close a plugin class loader", e);
      }
    }
  }

  /** Builds an {@link RdbssRuntime}. */
  public static final class Builder {
    private RdbssSettings settings = RdbssSettings.defaults();
    private @Nullable Path pluginPath;
    private boolean serviceLoader = true;
    private @Nullable ClassLoader classLoader;
    private final List<MiniRedirectorProvider> explicitProviders = new ArrayList<>();

    private Builder() {}

    /** The settings (default: none). */
    public Builder settings(RdbssSettings settings) {
      this.settings = Objects.requireNonNull(settings, "settings");
      return this;
    }

    /** A folder of plugin jars, loaded into their own module layer. */
    public Builder pluginPath(Path folder) {
      this.pluginPath = Objects.requireNonNull(folder, "folder");
      return this;
    }

    /** Whether to search the default {@code ServiceLoader} (default: yes). */
    public Builder serviceLoaderDiscovery(boolean enabled) {
      this.serviceLoader = enabled;
      return this;
    }

    /** The class loader whose modules and class path are searched (default: the runtime's). */
    public Builder classLoader(ClassLoader loader) {
      this.classLoader = Objects.requireNonNull(loader, "loader");
      return this;
    }

    /** Adds a provider directly, without {@code ServiceLoader}. */
    public Builder provider(MiniRedirectorProvider provider) {
      explicitProviders.add(Objects.requireNonNull(provider, "provider"));
      return this;
    }

    /**
     * Discovers the providers and starts the runtime.
     *
     * @throws ProviderConflictException when two providers share a name or device name
     */
    public RdbssRuntime build() {
      GuiceFlags.disableBytecodeGenerationUnlessSet(System.getProperties());
      ClassLoader loader =
          classLoader != null ? classLoader : RdbssRuntime.class.getClassLoader();
      DiscoveryOptions options =
          new DiscoveryOptions(
              serviceLoader, loader, pluginPath, explicitProviders, settings.providerOrder());
      Injector injector = Guice.createInjector(new CoreModule(options));
      DiscoveryOutcome outcome = injector.getInstance(ProviderDiscovery.class).discover();
      if (!outcome.conflicts().isEmpty()) {
        closeAll(outcome.loaders());
        throw new ProviderConflictException(
            outcome.conflicts(), outcome.providers(), outcome.failures());
      }
      return new RdbssRuntime(settings, outcome);
    }
  }
}
