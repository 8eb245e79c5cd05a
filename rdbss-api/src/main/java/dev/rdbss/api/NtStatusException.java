package dev.rdbss.api;

import java.util.Objects;

/**
 * An {@link NtStatus} carried as an exception, where a Java signature has no room for a status:
 * a create routine that Windows lets return {@code NULL} (ARCHITECTURE.md §3.1: only under
 * injected resource exhaustion, with {@link NtStatus#INSUFFICIENT_RESOURCES}), or the throwing
 * convenience forms of the host API.
 */
public class NtStatusException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final transient NtStatus status;

  public NtStatusException(NtStatus status) {
    this(status, status.toString());
  }

  public NtStatusException(NtStatus status, String message) {
    super(message);
    this.status = Objects.requireNonNull(status, "status");
  }

  /** The status. */
  public NtStatus status() {
    return status;
  }
}
