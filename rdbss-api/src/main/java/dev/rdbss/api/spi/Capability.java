package dev.rdbss.api.spi;

/**
 * What a mini-redirector declares it supports (ARCHITECTURE.md §3.2). The conformance kit runs an
 * {@code optional_} rule only when its capability is declared, and reports it as aborted otherwise.
 */
public enum Capability {
  /** Byte-range locks through low I/O (§5.2). */
  BYTE_RANGE_LOCKS,
  /** Oplocks or leases reported through {@code indicateChangeOfBufferingState} (§7). */
  BUFFERING_STATE_CHANGES,
  /** Directory change notifications (§5.2 NOTIFY_CHANGE_DIRECTORY). */
  CHANGE_NOTIFICATIONS,
  /** Collapsing opens onto an existing SRV_OPEN (§6.4 step 5). */
  COLLAPSING,
  /** Delayed close ({@code maximumNumberOfCloseDelayedFiles > 0}, §6.7). */
  DELAYED_CLOSE,
  /** Directory enumeration. */
  DIRECTORY_QUERY,
  /** Rename through set-information. */
  RENAME,
  /** Delete through disposition or delete-on-close. */
  DELETE,
  /** Volume information. */
  VOLUME_INFORMATION,
  /** Private FSCTLs and IOCTLs on files. */
  FILE_CONTROL,
  /** Working while the server is unreachable (client-side caching). */
  OFFLINE,
  /** Case-sensitive names (most servers are case-insensitive). */
  CASE_SENSITIVE_NAMES,
  /** Named pipes (§9 pitfall 3 concerns every plugin; this is for real pipe I/O). */
  NAMED_PIPES,
  /** Print shares. */
  PRINT
}
