/**
 * Internal: finding mini-redirector providers (the default {@code ServiceLoader}, plugin folders
 * loaded into a new {@code ModuleLayer} or, on the class path, a class loader), describing where each
 * came from, and refusing clashes.
 */
@NullMarked
package dev.rdbss.core.registry;

import org.jspecify.annotations.NullMarked;
