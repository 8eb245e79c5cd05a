/**
 * Internal: the simulated kernel that the RDBSS engine stands on (ARCHITECTURE.md §3.3, spec §3.3
 * and §10).
 *
 * <p>Windows gives RDBSS a handful of kernel services that Java does not have in the same shape:
 * a per-thread interrupt request level ({@link dev.rdbss.core.kernel.Irqls}), ERESOURCE locks that
 * belong to an owner token rather than to a thread and can be released on its behalf from another
 * thread ({@link dev.rdbss.core.kernel.RxResource}), a lock hierarchy that Driver Verifier enforces
 * ({@link dev.rdbss.core.kernel.LockOrderChecker}), the RDBSS system thread with its three work
 * queues ({@link dev.rdbss.core.kernel.RdbssWorker}), timers ({@link
 * dev.rdbss.api.spi.RdbssClock}, deterministic in tests through {@link
 * dev.rdbss.core.ManualClock}), and the blue screen itself ({@link
 * dev.rdbss.core.kernel.BugChecks}), which here records the first contract violation so that the
 * runtime can stop and keep a dump. Nothing in this package knows about SRV_CALLs or FCBs: the
 * engine builds the RDBSS object model on top of it.
 */
@NullMarked
package dev.rdbss.core.kernel;

import org.jspecify.annotations.NullMarked;
