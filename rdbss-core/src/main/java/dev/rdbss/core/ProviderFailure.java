package dev.rdbss.core;

import java.util.Objects;

/**
 * A provider that could not be loaded: its class could not be found or constructed, its descriptor
 * threw, or its plugin jar could not be resolved. The other providers still load.
 *
 * @param providerClass the provider class named by the plugin, or {@code "(unknown)"}
 * @param location the jar or folder concerned
 * @param message one line saying what failed and why
 * @param cause the underlying exception
 */
public record ProviderFailure(String providerClass, String location, String message, Throwable cause) {

  public ProviderFailure {
    Objects.requireNonNull(providerClass, "providerClass");
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(cause, "cause");
  }

  @Override
  public String toString() {
    return message;
  }
}
