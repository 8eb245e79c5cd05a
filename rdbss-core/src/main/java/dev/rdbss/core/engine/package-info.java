/**
 * Internal: the RDBSS engine of one mini-redirector device. The six objects of spec §1
 * ({@code SrvCallImpl} … {@code FobxImpl}) with their counters, flags and conditions, reference
 * counting (§2.1–2.3), two-phase finalization (§2.4), forced finalization and connection deletion
 * (§4), and the {@link dev.rdbss.api.spi.Rdbss} service a plugin calls.
 *
 * <p>Objects and the routines that change them share this package on purpose: the objects expose
 * read-only views to plugins and package-private mutators to the routines, so no other code can
 * change a reference count or a flag behind RDBSS's back.
 */
@NullMarked
package dev.rdbss.core.engine;

import org.jspecify.annotations.NullMarked;
