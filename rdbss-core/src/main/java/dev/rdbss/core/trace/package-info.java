/**
 * Internal: the trace of every RDBSS routine, mini-redirector callback and host request
 * (ARCHITECTURE.md §3.5), kept in a bounded ring and pushed to listeners.
 */
@NullMarked
package dev.rdbss.core.trace;

import org.jspecify.annotations.NullMarked;
