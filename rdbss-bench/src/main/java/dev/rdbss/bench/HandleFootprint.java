package dev.rdbss.bench;

import dev.rdbss.api.io.CreateRequest;
import dev.rdbss.api.io.FileHandle;
import dev.rdbss.api.io.IoSession;
import dev.rdbss.api.io.Logon;
import dev.rdbss.core.RdbssRuntime;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openjdk.jol.info.GraphLayout;
import org.openjdk.jol.util.Multiset;

/**
 * Memory retained per open handle (issue 10, point 2): one handle on each of {@code n} distinct
 * files, so each handle brings its own FCB, SRV_OPEN and FOBX (and the host's file object and
 * handle), measured two ways.
 *
 * <ul>
 *   <li><b>JOL</b> (0.17): the object graph reachable from the runtime, the session, the plugin,
 *       the list of handles and the live threads (thread locals), walked before and after the opens ({@link GraphLayout}); the
 *       difference in bytes, divided by {@code n}, split by class. The files exist in the store
 *       and the list has its capacity before the first walk, so neither counts.
 *   <li><b>Heap delta</b>: used heap after repeated {@code System.gc()} before and after, divided
 *       by {@code n}: a cross-check that includes anything JOL cannot reach.
 * </ul>
 *
 * With tracing on, the trace ring (10 000 events by default) is filled before the first walk, so
 * the events it keeps are counted in neither walk's difference: the ring's size does not grow
 * with the number of handles.
 */
final class HandleFootprint {

  /** The result for one tracing setting. */
  record Result(String tracing, int handles, double jolBytesPerHandle, double heapBytesPerHandle,
      Map<String, Double> bytesPerHandleByClass, Map<String, Double> objectsPerHandleByClass,
      Map<String, Double> heapBytesPerHandleByClass) {}

  static {
    // JOL 0.17 cannot take the field offsets of records (the engine has some) without this; set
    // before JOL's VM support loads.
    if (System.getProperty("jol.magicFieldOffset") == null) {
      System.setProperty("jol.magicFieldOffset", "true");
    }
  }

  private HandleFootprint() {}

  static Result measure(String tracing, int n) {
    return measure(tracing, n, true);
  }

  /**
   * @param heapCrossCheck whether to measure the heap too (full GCs and the JVM's histogram); the
   *     smoke test leaves it out to stay fast
   */
  static Result measure(String tracing, int n, boolean heapCrossCheck) {
    MemoryStore store = new MemoryStore();
    byte[] content = new byte[16];
    for (int i = 0; i < n; i++) {
      store.put(ForceFinalizeBench.fileName(i), content);
    }
    store.put("\\warm.dat", content);
    MemoryRedirector redirector = new MemoryRedirector(store);
    try (RdbssRuntime runtime = Tracing.runtime(tracing, redirector.provider())) {
      IoSession session = runtime.logon(Logon.user("bench", "pw"));
      // Warm-up: the view exists, the classes are loaded, and (tracing on) the ring is full.
      for (int i = 0; i < (heapCrossCheck ? 3_000 : 100); i++) {
        session.open(ForceFinalizeBench.SHARE + "\\warm.dat", CreateRequest.read().open()).close();
      }
      FileHandle keepViewAlive =
          session.open(ForceFinalizeBench.SHARE + "\\warm.dat", CreateRequest.read().open());
      List<FileHandle> handles = new ArrayList<>(n);
      Object[] roots = {runtime, session, redirector, store, handles, keepViewAlive};

      // Each JOL walk is reduced to its class histogram at once, so that no walk is alive while
      // the heap is measured (a live GraphLayout would count in the heap delta).
      Walk before = Walk.of(roots);
      long heapBefore = heapCrossCheck ? usedHeapAfterGc() : 0;
      Map<String, long[]> histogramBefore = heapCrossCheck ? liveHistogram() : Map.of();
      for (int i = 0; i < n; i++) {
        handles.add(session.open(
            ForceFinalizeBench.SHARE + ForceFinalizeBench.fileName(i), CreateRequest.read().open()));
      }
      long heapAfter = heapCrossCheck ? usedHeapAfterGc() : 0;
      Map<String, long[]> histogramAfter = heapCrossCheck ? liveHistogram() : Map.of();
      Walk after = Walk.of(roots);

      Map<String, Double> heapBytes = perHandle(histogramBefore, histogramAfter, 1, n);
      Map<String, Double> bytes = perHandle(before.histogram, after.histogram, 1, n);
      Map<String, Double> counts = perHandle(before.histogram, after.histogram, 0, n);
      Result result = new Result(tracing, n,
          (after.totalSize - before.totalSize) / (double) n,
          (heapAfter - heapBefore) / (double) n, bytes, counts, heapBytes);
      handles.forEach(FileHandle::close);
      keepViewAlive.close();
      return result;
    }
  }

  /**
   * The JVM's own histogram of live objects (what {@code jcmd GC.class_histogram} prints; it runs
   * a full GC first): class name → {instances, bytes}.
   */
  static Map<String, long[]> liveHistogram() {
    try {
      javax.management.MBeanServer server = ManagementFactory.getPlatformMBeanServer();
      String text = (String) server.invoke(
          new javax.management.ObjectName("com.sun.management:type=DiagnosticCommand"),
          "gcClassHistogram", new Object[] {new String[0]}, new String[] {String[].class.getName()});
      Map<String, long[]> histogram = new LinkedHashMap<>();
      for (String line : text.split("\n")) {
        String[] f = line.trim().split("\\s+");
        if (f.length >= 4 && f[0].endsWith(":")) {
          histogram.put(f[3], new long[] {Long.parseLong(f[1]), Long.parseLong(f[2])});
        }
      }
      return histogram;
    } catch (javax.management.JMException e) {
      throw new IllegalStateException("no class histogram: " + e, e);
    }
  }

  /** One JOL walk, kept only as totals and a class histogram: class name → {instances, bytes}. */
  private record Walk(long totalSize, Map<String, long[]> histogram) {
    static Walk of(Object[] roots) {
      GraphLayout layout = GraphLayout.parseInstance(roots);
      Multiset<Class<?>> sizes = layout.getClassSizes();
      Multiset<Class<?>> counts = layout.getClassCounts();
      Map<String, long[]> histogram = new LinkedHashMap<>();
      for (Class<?> c : layout.getClasses()) {
        histogram.put(c.getName(), new long[] {counts.count(c), sizes.count(c)});
      }
      return new Walk(layout.totalSize(), histogram);
    }
  }

  /** Column {@code column} of the difference of two histograms, per handle, largest first. */
  private static Map<String, Double> perHandle(
      Map<String, long[]> before, Map<String, long[]> after, int column, int n) {
    Map<String, Double> result = new LinkedHashMap<>();
    Map<String, long[]> all = new LinkedHashMap<>(before);
    all.putAll(after);
    all.keySet().stream()
        .map(c -> Map.entry(c, after.getOrDefault(c, new long[2])[column]
            - before.getOrDefault(c, new long[2])[column]))
        .filter(e -> e.getValue() != 0)
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .forEach(e -> result.put(e.getKey(), e.getValue() / (double) n));
    return result;
  }

  private static long usedHeapAfterGc() {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 3; i++) {
      System.gc();
      used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
    }
    return used;
  }
}
