/** Internal: the Guice module that wires the wrapper. Nothing of Guice is visible to plugins. */
@NullMarked
package dev.rdbss.core.inject;

import org.jspecify.annotations.NullMarked;
