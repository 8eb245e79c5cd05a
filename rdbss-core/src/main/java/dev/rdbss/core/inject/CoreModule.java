package dev.rdbss.core.inject;

import com.google.inject.AbstractModule;
import dev.rdbss.core.registry.DiscoveryOptions;

/**
 * Wires the wrapper's internals. Kept small on purpose: constructor injection only, so that
 * replacing Guice (no release since 2023, java-stack.md §2.4) would be cheap.
 */
public final class CoreModule extends AbstractModule {

  private final DiscoveryOptions discoveryOptions;

  public CoreModule(DiscoveryOptions discoveryOptions) {
    this.discoveryOptions = discoveryOptions;
  }

  @Override
  protected void configure() {
    bind(DiscoveryOptions.class).toInstance(discoveryOptions);
  }
}
