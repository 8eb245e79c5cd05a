package dev.rdbss.core;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The runtime refused to start because two providers claim the same name or device name. It carries
 * the whole discovery outcome, so a tool can still list what was found.
 */
public final class ProviderConflictException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final transient List<ProviderConflict> conflicts;
  private final transient List<DiscoveredProvider> providers;
  private final transient List<ProviderFailure> failures;

  /** The outcome of a discovery with at least one conflict. */
  public ProviderConflictException(
      List<ProviderConflict> conflicts,
      List<DiscoveredProvider> providers,
      List<ProviderFailure> failures) {
    super(
        "the runtime refuses to start: "
            + conflicts.stream().map(ProviderConflict::message).collect(Collectors.joining("; ")));
    if (conflicts.isEmpty()) {
      throw new IllegalArgumentException("a conflict exception needs a conflict");
    }
    this.conflicts = List.copyOf(conflicts);
    this.providers = List.copyOf(providers);
    this.failures = List.copyOf(failures);
  }

  /** The clashes. */
  public List<ProviderConflict> conflicts() {
    return conflicts;
  }

  /** Every provider found, clashing ones included. */
  public List<DiscoveredProvider> providers() {
    return providers;
  }

  /** The providers that failed to load. */
  public List<ProviderFailure> failures() {
    return failures;
  }
}
