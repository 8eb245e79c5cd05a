package dev.rdbss.core;

import java.util.Objects;

/**
 * Two providers that claim the same name or device name (one netname table and one device per
 * mini-redirector, spec §3.1, §5.1): the runtime refuses to start rather than pick one silently.
 *
 * @param attribute {@code "name"} or {@code "device name"}
 * @param value the value both claim
 * @param first the provider found first
 * @param second the provider found second
 */
public record ProviderConflict(
    String attribute, String value, DiscoveredProvider first, DiscoveredProvider second) {

  public ProviderConflict {
    Objects.requireNonNull(attribute, "attribute");
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(first, "first");
    Objects.requireNonNull(second, "second");
  }

  /** One line naming both providers and their jars. */
  public String message() {
    return "two mini-redirectors have the "
        + attribute
        + " '"
        + value
        + "': "
        + first.providerClass()
        + " from "
        + first.location()
        + " and "
        + second.providerClass()
        + " from "
        + second.location()
        + "; remove one of the jars or rename one plugin";
  }

  @Override
  public String toString() {
    return message();
  }
}
