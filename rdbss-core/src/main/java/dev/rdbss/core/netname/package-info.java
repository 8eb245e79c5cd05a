/**
 * Internal: the netname (prefix) table of spec §3, as a plain data structure. {@link
 * dev.rdbss.core.netname.PrefixTable} stores SRV_CALL, NET_ROOT and V_NET_ROOT keys with their
 * connection ids and case-insensitive lengths (§3.1) and matches names against them (§3.2). It
 * knows nothing of RDBSS objects or of the kernel lock: the engine owns the lock and hands the table
 * a {@link dev.rdbss.core.netname.LockCheck} that enforces §3.3 on every operation.
 */
@NullMarked
package dev.rdbss.core.netname;

import org.jspecify.annotations.NullMarked;
