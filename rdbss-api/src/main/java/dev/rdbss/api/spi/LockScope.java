package dev.rdbss.api.spi;

/**
 * A held ERESOURCE-like lock (ARCHITECTURE.md §3.3), released by {@link #close()}:
 * {@code try (var exclusive = rdbss.netNameTable().acquireExclusive()) { … }}.
 *
 * <p>Releasing twice, or from an owner that does not hold it, is a bugcheck.
 */
public interface LockScope extends AutoCloseable {

  /** Whether the lock is held exclusively (else shared). */
  boolean isExclusive();

  /** Releases the lock. */
  @Override
  void close();
}
