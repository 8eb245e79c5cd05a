/**
 * Value types shared by plugins, hosts and the wrapper: {@link dev.rdbss.api.NtStatus} (spec §8),
 * {@link dev.rdbss.api.Condition} (§1.3), the flag enums of §1.4, identifiers, and
 * {@link dev.rdbss.api.BugCheckError} for contract violations (ARCHITECTURE.md §3.3).
 */
@NullMarked
package dev.rdbss.api;

import org.jspecify.annotations.NullMarked;
