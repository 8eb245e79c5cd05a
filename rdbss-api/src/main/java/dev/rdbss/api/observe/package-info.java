/**
 * Observation of a running wrapper (ARCHITECTURE.md §3.5): trace events for every RDBSS routine and
 * mini-redirector callback, object-tree snapshots, and the dump kept after a bugcheck. The TCK, the
 * CLI's {@code tree}/{@code trace} and tests use only this API, never the wrapper's internals.
 */
@NullMarked
package dev.rdbss.api.observe;

import org.jspecify.annotations.NullMarked;
