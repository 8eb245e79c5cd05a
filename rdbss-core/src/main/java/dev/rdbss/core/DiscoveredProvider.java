package dev.rdbss.core;

import dev.rdbss.api.spi.MiniRedirectorDescriptor;
import dev.rdbss.api.spi.MiniRedirectorProvider;
import java.util.Objects;

/**
 * A mini-redirector provider the runtime found, and where it came from: what a user needs when a
 * plugin "is not picked up" or is picked up twice.
 *
 * @param descriptor the provider's descriptor (name, device name, …)
 * @param providerClass the provider's class name
 * @param module the provider's module name, or {@code "(class path)"} for the unnamed module
 * @param version the module or jar version, or {@code "unknown"}
 * @param location the jar or folder the provider was loaded from, or {@code "(unknown)"}
 * @param provider the provider instance
 */
public record DiscoveredProvider(
    MiniRedirectorDescriptor descriptor,
    String providerClass,
    String module,
    String version,
    String location,
    MiniRedirectorProvider provider) {

  public DiscoveredProvider {
    Objects.requireNonNull(descriptor, "descriptor");
    Objects.requireNonNull(providerClass, "providerClass");
    Objects.requireNonNull(module, "module");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(provider, "provider");
  }

  /** The mini-redirector's name. */
  public String name() {
    return descriptor.name();
  }

  /** The mini-redirector's device name. */
  public String deviceName() {
    return descriptor.deviceName();
  }

  @Override
  public String toString() {
    return "'" + name() + "' (" + deviceName() + ", " + providerClass + " in " + module + " "
        + version + " from " + location + ")";
  }
}
