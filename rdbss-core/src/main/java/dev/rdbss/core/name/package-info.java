/**
 * Internal: canonicalization of the names a create carries (spec §6.2, §3.1). Pure functions with
 * no state, so that they can be fuzzed on their own: every input ends in a canonical name or an
 * {@link dev.rdbss.api.NtStatus}.
 */
@NullMarked
package dev.rdbss.core.name;

import org.jspecify.annotations.NullMarked;
