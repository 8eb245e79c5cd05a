package dev.rdbss.api.spi;

import dev.rdbss.api.Irql;

/**
 * A raised IRQL (ARCHITECTURE.md §3.3); {@link #close()} lowers it back to {@link #previous()}.
 * Scopes must close in reverse order of raising, on the thread that raised them.
 */
public interface IrqlScope extends AutoCloseable {

  /** The level before the raise. */
  Irql previous();

  /** Lowers the IRQL back. */
  @Override
  void close();
}
