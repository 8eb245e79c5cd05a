/**
 * The plugin contract. A mini-redirector implements {@link dev.rdbss.api.spi.MiniRedirector} (the
 * {@code MINIRDR_DISPATCH} table, spec §5.2), is created by a
 * {@link dev.rdbss.api.spi.MiniRedirectorProvider} found through {@code ServiceLoader}, and calls
 * back into RDBSS through {@link dev.rdbss.api.spi.Rdbss} (ARCHITECTURE.md §3.1).
 */
@NullMarked
package dev.rdbss.api.spi;

import org.jspecify.annotations.NullMarked;
