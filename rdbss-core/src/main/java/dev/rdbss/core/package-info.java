/**
 * Bootstrap of the wrapper: {@link dev.rdbss.core.RdbssRuntime} discovers mini-redirector plugins
 * through {@code ServiceLoader} (on the module path, the class path, and in plugin folders loaded
 * into their own module layer) and {@link dev.rdbss.core.RdbssSettings} carries the runtime's and
 * the plugins' settings.
 */
@NullMarked
package dev.rdbss.core;

import org.jspecify.annotations.NullMarked;
