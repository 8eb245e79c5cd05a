package dev.rdbss.core.kernel;

import dev.rdbss.api.spi.RdbssClock;
import dev.rdbss.core.trace.Tracer;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The runtime-wide services every device stands on (ARCHITECTURE.md §3.3): one bugcheck recorder,
 * one IRQL per thread, one lock hierarchy, one RDBSS system thread, one clock, one trace and one
 * serial-number sequence for the whole simulated machine, shared by every registered
 * mini-redirector as Windows shares them.
 *
 * @param bugChecks the bugcheck recorder
 * @param irqls the per-thread IRQL
 * @param lockOrder the lock-order checker
 * @param worker the RDBSS system thread
 * @param clock the clock and timers
 * @param tracer the trace
 * @param serialNumbers the object serial numbers (lock order between FCBs, §3.3)
 * @param globalResource RDBSS's global resource, taken exclusively by start and stop (§5.1)
 */
public record Kernel(
    BugChecks bugChecks,
    Irqls irqls,
    LockOrderChecker lockOrder,
    RdbssWorker worker,
    RdbssClock clock,
    Tracer tracer,
    AtomicLong serialNumbers,
    RxResource globalResource) {

  /** A kernel with its own global resource on {@code lockOrder}. */
  public Kernel(
      BugChecks bugChecks,
      Irqls irqls,
      LockOrderChecker lockOrder,
      RdbssWorker worker,
      RdbssClock clock,
      Tracer tracer,
      AtomicLong serialNumbers) {
    this(
        bugChecks,
        irqls,
        lockOrder,
        worker,
        clock,
        tracer,
        serialNumbers,
        new RxResource("RDBSS global", LockRank.GLOBAL_RESOURCE, 0, lockOrder, bugChecks));
  }

  /** A fresh kernel on {@code clock} whose trace keeps the last {@code traceCapacity} events. */
  public static Kernel create(RdbssClock clock, int traceCapacity) {
    BugChecks bugChecks = new BugChecks();
    return new Kernel(
        bugChecks,
        new Irqls(bugChecks),
        new LockOrderChecker(bugChecks),
        new RdbssWorker("rdbss", bugChecks),
        clock,
        new Tracer(clock::nanoTime, traceCapacity),
        new AtomicLong());
  }
}
