package dev.rdbss.bench;

import java.lang.management.ManagementFactory;

/**
 * A diagnostic, not a test (surefire does not pick it up): runs {@link WrapperBench}'s
 * open/read/close and open/write/close cycles in a plain loop and prints, per cycle, the wall time
 * next to the thread's own CPU time and allocation. When wall time is a multiple of CPU time, the
 * thread was off-CPU; run it under {@code jstack} or JFR ({@code jdk.ThreadPark},
 * {@code jdk.JavaMonitorWait} with threshold 0 ms) to see whether it waited on something or was
 * merely not scheduled (see BENCHMARKS.md, "Why open and close looked 120–180 µs").
 *
 * <p>{@code java -cp <test-classes>:rdbss-bench/target/benchmarks.jar dev.rdbss.bench.WrapperCpuProbe
 * [off|on] [cycles] [rounds]}
 */
public final class WrapperCpuProbe {

  private WrapperCpuProbe() {}

  public static void main(String[] args) {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long thread = Thread.currentThread().getId();
    WrapperBench bench = new WrapperBench();
    WrapperBench.Rdbss state = new WrapperBench.Rdbss();
    state.tracing = args.length > 0 ? args[0] : Tracing.OFF;
    int cycles = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    state.setUp();
    try {
      for (int round = 0; round < rounds; round++) {
        long wall = System.nanoTime();
        long cpu = threads.getCurrentThreadCpuTime();
        long bytes = threads.getThreadAllocatedBytes(thread);
        for (int i = 0; i < cycles; i++) {
          bench.rdbss_openReadClose(state);
        }
        report("openReadClose", cycles, threads, thread, wall, cpu, bytes);
        wall = System.nanoTime();
        cpu = threads.getCurrentThreadCpuTime();
        bytes = threads.getThreadAllocatedBytes(thread);
        for (int i = 0; i < cycles; i++) {
          bench.rdbss_openWriteClose(state);
        }
        report("openWriteClose", cycles, threads, thread, wall, cpu, bytes);
      }
    } finally {
      state.tearDown();
    }
  }

  private static void report(String name, int cycles, com.sun.management.ThreadMXBean threads,
      long thread, long wall, long cpu, long bytes) {
    System.out.printf("%-15s wall %7.1f us  cpu %7.1f us  allocated %6d B per cycle%n", name,
        (System.nanoTime() - wall) / 1e3 / cycles,
        (threads.getCurrentThreadCpuTime() - cpu) / 1e3 / cycles,
        (threads.getThreadAllocatedBytes(thread) - bytes) / cycles);
  }
}
