package dev.rdbss.bench;

import java.lang.management.ManagementFactory;

/**
 * A diagnostic, not a test (surefire does not pick it up): runs {@link ForceFinalizeBench}'s
 * measured call in a plain loop (files opened afresh before each call, the orphans closed after it,
 * both outside the measurement) and prints, per call and per file, the wall time next to the
 * thread's own CPU time and allocation. CPU time does not depend on what else the machine runs,
 * so before and after jars compare on a loaded machine; a wall time far above the CPU time means
 * the thread was off the CPU (waiting, or not scheduled).
 *
 * <p>{@code java -Xms1g -Xmx1g -XX:+AlwaysPreTouch -cp <test-classes>:rdbss-bench/target/benchmarks.jar
 * dev.rdbss.bench.FinalizeCpuProbe files views [off|on] [calls] [warm-up calls]}
 */
public final class FinalizeCpuProbe {

  private FinalizeCpuProbe() {}

  /** Milliseconds the collectors have spent so far (pauses and concurrent work reported by them). */
  private static long gcMillis() {
    long sum = 0;
    for (java.lang.management.GarbageCollectorMXBean gc
        : ManagementFactory.getGarbageCollectorMXBeans()) {
      sum += Math.max(0, gc.getCollectionTime());
    }
    return sum;
  }

  public static void main(String[] args) {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long thread = Thread.currentThread().getId();
    ForceFinalizeBench bench = new ForceFinalizeBench();
    bench.files = Integer.parseInt(args[0]);
    bench.views = Integer.parseInt(args[1]);
    bench.tracing = args.length > 2 ? args[2] : Tracing.OFF;
    int calls = args.length > 3 ? Integer.parseInt(args[3]) : 10;
    int warmUp = args.length > 4 ? Integer.parseInt(args[4]) : 3;
    bench.setUp();
    try {
      long wallSum = 0;
      long cpuSum = 0;
      long bytesSum = 0;
      long gcSum = 0;
      for (int call = -warmUp; call < calls; call++) {
        bench.openFiles();
        if (Boolean.getBoolean("probe.gc")) {
          System.gc(); // the opens' garbage is not the call's to collect
        }
        long wall = System.nanoTime();
        long cpu = threads.getCurrentThreadCpuTime();
        long bytes = threads.getThreadAllocatedBytes(thread);
        long gc = gcMillis();
        bench.forceFinalizeAllVNetRoots();
        gc = gcMillis() - gc;
        wall = System.nanoTime() - wall;
        cpu = threads.getCurrentThreadCpuTime() - cpu;
        bytes = threads.getThreadAllocatedBytes(thread) - bytes;
        bench.closeOrphans();
        if (call >= 0) {
          wallSum += wall;
          cpuSum += cpu;
          bytesSum += bytes;
          gcSum += gc;
        }
      }
      int views = Math.min(bench.views, bench.files);
      System.out.printf(
          "files %6d views %3d tracing %-3s: per call wall %10.1f us cpu %10.1f us;"
              + " per file wall %9.0f ns cpu %9.0f ns allocated %7d B; GC %6.1f ms per call"
              + " (%d calls)%n",
          bench.files, views, bench.tracing,
          wallSum / 1e3 / calls, cpuSum / 1e3 / calls,
          (double) wallSum / calls / bench.files, (double) cpuSum / calls / bench.files,
          bytesSum / calls / bench.files, (double) gcSum / calls, calls);
      // Objects still alive after the last round (zombie views, scavenger-marked connections):
      // the forced finalization walks them, so a growing number here would make it slower.
      System.out.printf("live objects after the calls: %d%n",
          bench.runtime.observation().snapshot().nodes().count());
      if (System.getProperty("probe.dump") != null) {
        System.out.println(bench.runtime.observation().snapshot().render());
      }
    } finally {
      bench.tearDown();
    }
  }
}
