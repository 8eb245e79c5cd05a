package dev.rdbss.bench;

import java.lang.management.ManagementFactory;

/**
 * A diagnostic, not a test (surefire does not pick it up): runs {@link NetNameLookupBench}'s
 * lookups in a plain loop and prints, per lookup, the thread's own CPU time and allocation next to
 * the wall time. On a loaded shared machine the wall time (what JMH reports) includes the time the
 * thread was not scheduled; its CPU time mostly does not, so the ratios between rows are steadier.
 * Every row of a round runs back to back on the same table, so they see the same machine.
 *
 * <p>{@code java -cp <test-classes>:rdbss-bench/target/benchmarks.jar
 * dev.rdbss.bench.NetNameCpuProbe [lookups per row] [rounds]}; the last round counts, the earlier
 * ones warm the JIT up.
 */
public final class NetNameCpuProbe {

  private static final Object NEVER = new Object();

  private static final String[] ROWS = {
    "prefixTable_lookup", "prefixTable_lookupMatch", "hashMap_exactLookup", "hashMap_hashingLookup"
  };

  private NetNameCpuProbe() {}

  public static void main(String[] args) {
    int lookups = args.length > 0 ? Integer.parseInt(args[0]) : 2_000_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 4;
    for (int entries : new int[] {10, 1000, 100_000}) {
      NetNameLookupBench bench = new NetNameLookupBench();
      bench.entries = entries;
      bench.setUp();
      for (int round = 1; round <= rounds; round++) {
        String when = round == rounds ? "measured" : "warm-up";
        for (String row : ROWS) {
          row(bench, when, row, lookups);
        }
      }
    }
  }

  private static void row(NetNameLookupBench bench, String when, String row, int lookups) {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long thread = Thread.currentThread().getId();
    long wall = System.nanoTime();
    long cpu = threads.getCurrentThreadCpuTime();
    long bytes = threads.getThreadAllocatedBytes(thread);
    int never = run(bench, row, lookups);
    System.out.printf(
        "%-8s entries %6d  %-24s cpu %7.1f ns  wall %7.1f ns  allocated %6.1f B per lookup%s%n",
        when,
        bench.entries,
        row,
        (threads.getCurrentThreadCpuTime() - cpu) / (double) lookups,
        (System.nanoTime() - wall) / (double) lookups,
        (threads.getThreadAllocatedBytes(thread) - bytes) / (double) lookups,
        never == 0 ? "" : " ?");
  }

  /** One plain loop per row, so that each calls its benchmark method directly (inlinable). */
  private static int run(NetNameLookupBench bench, String row, int lookups) {
    int never = 0; // comparing with NEVER keeps each result alive
    switch (row) {
      case "prefixTable_lookup":
        for (int i = 0; i < lookups; i++) {
          never += bench.prefixTable_lookup() == NEVER ? 1 : 0;
        }
        break;
      case "prefixTable_lookupMatch":
        for (int i = 0; i < lookups; i++) {
          never += bench.prefixTable_lookupMatch() == NEVER ? 1 : 0;
        }
        break;
      case "hashMap_exactLookup":
        for (int i = 0; i < lookups; i++) {
          never += bench.hashMap_exactLookup() == NEVER ? 1 : 0;
        }
        break;
      case "hashMap_hashingLookup":
        for (int i = 0; i < lookups; i++) {
          never += bench.hashMap_hashingLookup() == NEVER ? 1 : 0;
        }
        break;
      default:
        throw new IllegalArgumentException(row);
    }
    return never;
  }
}
