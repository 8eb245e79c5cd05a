package dev.rdbss.cli;

import dev.rdbss.api.spi.MiniRedirector;
import dev.rdbss.api.spi.MiniRedirectorDescriptor;
import dev.rdbss.api.spi.MiniRedirectorProvider;
import dev.rdbss.api.spi.PluginSettings;
import dev.rdbss.api.spi.Rdbss;
import dev.rdbss.core.DiscoveredProvider;
import dev.rdbss.core.RdbssRuntime;

/** Providers handed to an in-process runtime; the CLI only lists them, so none is ever created. */
final class TestProviders {

  private TestProviders() {}

  /** A provider with a fixed name and device. */
  static MiniRedirectorProvider named(String name, String deviceName) {
    return new Named(name, deviceName);
  }

  /** A provider whose descriptor throws, as a misconfigured plugin's may. */
  static MiniRedirectorProvider brokenDescriptor(String message) {
    return new BrokenDescriptor(message);
  }

  /** A runtime builder that searches nothing but the given providers. */
  static RdbssRuntime.Builder only(MiniRedirectorProvider... providers) {
    RdbssRuntime.Builder b = RdbssRuntime.builder().serviceLoaderDiscovery(false);
    for (MiniRedirectorProvider p : providers) {
      b.provider(p);
    }
    return b;
  }

  /** A table row as the runtime would describe it. */
  static DiscoveredProvider row(
      String name, String device, String module, String version, String location) {
    MiniRedirectorProvider p = named(name, device);
    return new DiscoveredProvider(
        p.descriptor(), p.getClass().getName(), module, version, location, p);
  }

  static final class Named implements MiniRedirectorProvider {
    private final String name;
    private final String deviceName;

    Named(String name, String deviceName) {
      this.name = name;
      this.deviceName = deviceName;
    }

    @Override
    public MiniRedirectorDescriptor descriptor() {
      return MiniRedirectorDescriptor.builder(name, deviceName).build();
    }

    @Override
    public MiniRedirector create(Rdbss rdbss, PluginSettings settings) {
      throw new UnsupportedOperationException("the CLI tests never start a mini-redirector");
    }
  }

  static final class BrokenDescriptor implements MiniRedirectorProvider {
    private final String message;

    BrokenDescriptor(String message) {
      this.message = message;
    }

    @Override
    public MiniRedirectorDescriptor descriptor() {
      throw new IllegalStateException(message);
    }

    @Override
    public MiniRedirector create(Rdbss rdbss, PluginSettings settings) {
      throw new UnsupportedOperationException("never created: its descriptor fails");
    }
  }
}
