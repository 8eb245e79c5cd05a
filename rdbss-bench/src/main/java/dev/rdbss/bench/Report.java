package dev.rdbss.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;

/**
 * Turns the runs into {@code results.md}: per group a table of scores (mean ± JMH's 99.9 %
 * confidence half-width) and the ratios against the baseline measured in the same run, with the
 * error of a ratio propagated from both (relative errors added in quadrature), and each issue
 * target marked met or missed.
 */
final class Report {

  /** A score with its error and unit. */
  record Score(double value, double error, String unit) {
    static Score of(RunResult r) {
      Result<?> p = r.getPrimaryResult();
      return new Score(p.getScore(), p.getScoreError(), p.getScoreUnit());
    }

    Score ratioTo(Score base) {
      double ratio = value / base.value;
      double rel = Math.sqrt(sq(relError()) + sq(base.relError()));
      return new Score(ratio, ratio * rel, "×");
    }

    Score times(double factor) {
      return new Score(value * factor, error * factor, unit);
    }

    double relError() {
      return Double.isNaN(error) ? 0 : error / value;
    }

    /** The upper end of the confidence interval. */
    double high() {
      return value + (Double.isNaN(error) ? 0 : error);
    }

    double low() {
      return value - (Double.isNaN(error) ? 0 : error);
    }

    String text() {
      return Double.isNaN(error) || error == 0 ? num(value) : num(value) + " ± " + num(error);
    }

    private static double sq(double x) {
      return x * x;
    }
  }

  private final boolean quick;
  private final Map<String, String> sections = new LinkedHashMap<>();
  private String header = "";
  private String footer = "";

  Report(boolean quick) {
    this.quick = quick;
  }

  void started(String loadAverage) {
    StringBuilder b = new StringBuilder();
    b.append("# rdbss-bench results").append(quick ? " (QUICK: a smoke run, not a measurement)" : "")
        .append("\n\n");
    b.append("Started ").append(Instant.now()).append("; load average at start: `")
        .append(loadAverage).append("`.\n\n");
    BenchMain.environment().forEach((k, v) -> b.append("- ").append(k).append(": ").append(v).append('\n'));
    b.append("\nScores are means ± the half-width of JMH's 99.9 % confidence interval; a ratio's"
        + " error combines both relative errors in quadrature. A target is *met* when the whole"
        + " interval is on the right side, *missed* when the whole interval is on the wrong side,"
        + " and *unclear* otherwise.\n");
    header = b.toString();
  }

  void finished(String loadAverage, Duration took) {
    footer = "\nFinished " + Instant.now() + " after " + took.toMinutes() + " min "
        + took.toSecondsPart() + " s; load average at the end: `" + loadAverage + "`.\n";
  }

  void notRun(String group, String why) {
    sections.put(group, "## " + group + "\n\nNot run: " + why + ".\n");
  }

  void write(Path file) throws IOException {
    StringBuilder b = new StringBuilder(header);
    sections.values().forEach(s -> b.append('\n').append(s));
    b.append(footer);
    Files.writeString(file, b.toString());
  }

  // ------------------------------------------------------------------------------------ wrapper

  void wrapper(List<RunResult> runs) {
    StringBuilder b = new StringBuilder("## Wrapper overhead (ns/op, lower is better)\n\n");
    b.append("Same `MemoryStore` behind each column: RDBSS with the bench's trivial mini-redirector"
        + " (tracing off / on), the store called directly (baseline), Jimfs through"
        + " `java.nio.file`. `read4k` reads into a new buffer, `read4kInto` into one the caller"
        + " reuses (`FileHandle.read(long, ByteBuffer)`, a `ByteBuffer` on the other sides);"
        + " `read4k` and `write4k` use a file held open. Bytes allocated per operation from JMH's"
        + " GC profiler (`gc.alloc.rate.norm`). Target: RDBSS ≤ 1.5× direct.\n\n");
    b.append("| operation | direct | Jimfs | RDBSS, tracing off | RDBSS, tracing on"
        + " | off ÷ direct | on ÷ direct | off ÷ Jimfs | on ÷ Jimfs"
        + " | B/op direct / Jimfs / off / on | target ≤ 1.5× direct |\n");
    b.append("|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (String op :
        List.of("openReadClose", "read4k", "read4kInto", "openWriteClose", "write4k")) {
      Optional<Score> direct = find(runs, "direct_" + op, Map.of());
      Optional<Score> jimfs = find(runs, "jimfs_" + op, Map.of());
      Optional<Score> off = find(runs, "rdbss_" + op, Map.of("tracing", "off"));
      Optional<Score> on = find(runs, "rdbss_" + op, Map.of("tracing", "on"));
      b.append("| ").append(op).append(" | ").append(cell(direct)).append(" | ").append(cell(jimfs))
          .append(" | ").append(cell(off)).append(" | ").append(cell(on))
          .append(" | ").append(ratio(off, direct)).append(" | ").append(ratio(on, direct))
          .append(" | ").append(ratio(off, jimfs)).append(" | ").append(ratio(on, jimfs))
          .append(" | ").append(allocated(runs, "direct_" + op, Map.of()))
          .append(" / ").append(allocated(runs, "jimfs_" + op, Map.of()))
          .append(" / ").append(allocated(runs, "rdbss_" + op, Map.of("tracing", "off")))
          .append(" / ").append(allocated(runs, "rdbss_" + op, Map.of("tracing", "on")))
          .append(" | ").append(verdictAtMost(off, direct, 1.5)).append(" (off), ")
          .append(verdictAtMost(on, direct, 1.5)).append(" (on) |\n");
    }
    sections.put("wrapper", b.toString());
  }

  // ------------------------------------------------------------------------------------ netname

  void netName(List<RunResult> runs) {
    StringBuilder b = new StringBuilder("## Netname table lookup (ns/lookup, lower is better)\n\n");
    b.append("Core's `PrefixTable` called directly (class path): `lookupEntry`, the entry only, as"
        + " the engine calls it, and `lookup`, which also returns the remaining name (`Optional`,"
        + " `Match`, substring). Two `HashMap` exact lookups of the view's key as baselines: the"
        + " issue's, probed with `String` keys whose hash is cached after the first call (it never"
        + " reads the key's characters, while a prefix lookup must read the name), and one probed"
        + " with `CharBuffer` views of the keys, which hash and compare the characters on every"
        + " call without allocating. A fixed 32-bucket table for reference. Bytes per lookup from"
        + " JMH's GC profiler (`gc.alloc.rate.norm`). No tracing is involved (the table records no"
        + " events). Targets: PrefixTable ≤ 3× HashMap, and flat in table size.\n\n");
    b.append("| entries | PrefixTable `lookupEntry` | PrefixTable `lookup` | HashMap, cached hash"
        + " | HashMap, hashing | 32 buckets | B/lookup `lookupEntry` / `lookup`"
        + " | `lookupEntry` ÷ HashMap cached | `lookupEntry` ÷ HashMap hashing"
        + " | `lookupEntry` ÷ itself at 10 | 32 buckets ÷ HashMap cached"
        + " | target ≤ 3× HashMap (cached / hashing) |\n");
    b.append("|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    Optional<Score> smallest = find(runs, "prefixTable_lookup", Map.of("entries", "10"));
    for (String n : List.of("10", "1000", "100000")) {
      Map<String, String> at = Map.of("entries", n);
      Optional<Score> table = find(runs, "prefixTable_lookup", at);
      if (table.isEmpty()) {
        continue;
      }
      Optional<Score> match = find(runs, "prefixTable_lookupMatch", at);
      Optional<Score> map = find(runs, "hashMap_exactLookup", at);
      Optional<Score> hashing = find(runs, "hashMap_hashingLookup", at);
      Optional<Score> fixed = find(runs, "fixed32Buckets_lookup", at);
      b.append("| ").append(n).append(" | ").append(cell(table)).append(" | ").append(cell(match))
          .append(" | ").append(cell(map)).append(" | ").append(cell(hashing))
          .append(" | ").append(cell(fixed))
          .append(" | ").append(allocated(runs, "prefixTable_lookup", at))
          .append(" / ").append(allocated(runs, "prefixTable_lookupMatch", at))
          .append(" | ").append(ratio(table, map)).append(" | ").append(ratio(table, hashing))
          .append(" | ").append(ratio(table, smallest)).append(" | ").append(ratio(fixed, map))
          .append(" | ").append(verdictAtMost(table, map, 3)).append(" / ")
          .append(verdictAtMost(table, hashing, 3)).append(" |\n");
    }
    sections.put("netname", b.toString());
  }

  /** Bytes allocated per operation (JMH's GC profiler), or a dash when it did not run. */
  private static String allocated(List<RunResult> runs, String method, Map<String, String> params) {
    return findRun(runs, method, params)
        .map(r -> r.getSecondaryResults().get("gc.alloc.rate.norm"))
        .map(norm -> num(norm.getScore()))
        .orElse("—");
  }

  // ------------------------------------------------------------------------------------ finalize

  void forceFinalize(List<RunResult> runs) {
    StringBuilder b = new StringBuilder("## forceFinalizeAllVNetRoots (time per file, lower is better)\n\n");
    b.append("One call of the plugin's forced finalization (exclusive netname lock, then"
        + " `forceFinalizeAllVNetRoots` on the share) with that many distinct open files over that"
        + " many views; the score is one call's time (single shot) divided by the number of files."
        + " Targets: time per file flat across sizes, and ≥ 1 M files/s (≤ 1 000 ns per file)."
        + " The flatness column compares with 100 files, same views and tracing.\n\n");
    b.append("| files | views | tracing | per call (µs) | per file (ns) | files/s | ÷ per file at 100"
        + " | target ≥ 1 M files/s |\n");
    b.append("|---|---|---|---|---|---|---|---|\n");
    for (RunResult r : runs) {
      BenchmarkParams p = r.getParams();
      int files = Integer.parseInt(p.getParam("files"));
      String views = String.valueOf(Math.min(files, Integer.parseInt(p.getParam("views"))));
      if (files == 1 && !p.getParam("views").equals("1")) {
        continue;
      }
      Score call = toMicros(Score.of(r));
      Score perFile = call.times(1000.0 / files);
      Optional<Score> at100 = runs.stream()
          .filter(o -> o.getParams().getParam("files").equals("100")
              && o.getParams().getParam("views").equals(p.getParam("views").equals("1") ? "1" : "100")
              && o.getParams().getParam("tracing").equals(p.getParam("tracing")))
          .findFirst().map(o -> toMicros(Score.of(o)).times(1000.0 / 100));
      double filesPerSecond = 1e9 / perFile.value();
      b.append("| ").append(files).append(" | ").append(views).append(" | ")
          .append(p.getParam("tracing")).append(" | ").append(call.text()).append(" | ")
          .append(perFile.text()).append(" | ").append(num(filesPerSecond)).append(" | ")
          .append(files == 100 || at100.isEmpty() ? "—" : perFile.ratioTo(at100.get()).text() + "×")
          .append(" | ").append(verdict(perFile.high() <= 1000, perFile.low() > 1000)).append(" |\n");
    }
    sections.put("finalize", b.toString());
  }

  private static Score toMicros(Score s) {
    switch (s.unit()) {
      case "us/op":
        return s;
      case "ms/op":
        return s.times(1000);
      case "ns/op":
        return s.times(0.001);
      case "s/op":
        return s.times(1_000_000);
      default:
        throw new IllegalArgumentException("unit " + s.unit());
    }
  }

  // ------------------------------------------------------------------------------------ memory

  void memory(List<HandleFootprint.Result> results) {
    StringBuilder b = new StringBuilder("## Memory retained per open handle (bytes, lower is better)\n\n");
    b.append("One handle on each of N distinct files (so one FCB + SRV_OPEN + FOBX each, plus the"
        + " host's file object and handle). JOL: growth of the object graph reachable from the"
        + " runtime, session, plugin and handle list; heap: used heap after GC, as a cross-check."
        + " Target: ≤ 1 KiB per handle.\n\n");
    b.append("| tracing | N | JOL bytes/handle | heap-delta bytes/handle | target ≤ 1 024 |\n");
    b.append("|---|---|---|---|---|\n");
    for (HandleFootprint.Result r : results) {
      b.append("| ").append(r.tracing()).append(" | ").append(r.handles()).append(" | ")
          .append(num(r.jolBytesPerHandle())).append(" | ").append(num(r.heapBytesPerHandle()))
          .append(" | ").append(verdict(r.jolBytesPerHandle() <= 1024, r.jolBytesPerHandle() > 1024))
          .append(" |\n");
    }
    HandleFootprint.Result first = results.get(0);
    b.append("\nWhere the bytes go (tracing ").append(first.tracing())
        .append("; classes adding ≥ 8 bytes per handle by either measure; the heap column is the"
            + " JVM's own live-object histogram, `jcmd GC.class_histogram`):\n\n"
            + "| class | JOL objects/handle | JOL bytes/handle | heap-histogram bytes/handle |\n"
            + "|---|---|---|---|\n");
    java.util.Set<String> classes = new java.util.LinkedHashSet<>();
    first.bytesPerHandleByClass().forEach((c, v) -> {
      if (v >= 8) {
        classes.add(c);
      }
    });
    first.heapBytesPerHandleByClass().forEach((c, v) -> {
      if (v >= 8) {
        classes.add(c);
      }
    });
    for (String c : classes) {
      b.append("| `").append(c).append("` | ")
          .append(num(first.objectsPerHandleByClass().getOrDefault(c, 0.0))).append(" | ")
          .append(num(first.bytesPerHandleByClass().getOrDefault(c, 0.0))).append(" | ")
          .append(num(first.heapBytesPerHandleByClass().getOrDefault(c, 0.0))).append(" |\n");
    }
    sections.put("memory", b.toString());
  }

  static String memoryJson(List<HandleFootprint.Result> results) {
    StringWriter text = new StringWriter();
    try (JsonGenerator json = new JsonFactory().createGenerator(text)) {
      json.useDefaultPrettyPrinter();
      json.writeStartArray();
      for (HandleFootprint.Result r : results) {
        json.writeStartObject();
        json.writeStringField("tracing", r.tracing());
        json.writeNumberField("handles", r.handles());
        json.writeNumberField("jolBytesPerHandle", r.jolBytesPerHandle());
        json.writeNumberField("heapBytesPerHandle", r.heapBytesPerHandle());
        json.writeObjectFieldStart("bytesPerHandleByClass");
        for (Map.Entry<String, Double> c : r.bytesPerHandleByClass().entrySet()) {
          json.writeNumberField(c.getKey(), c.getValue());
        }
        json.writeEndObject();
        json.writeEndObject();
      }
      json.writeEndArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a StringWriter does not fail
    }
    return text.append('\n').toString();
  }

  // ------------------------------------------------------------------------------------ smb

  void smb(List<RunResult> runs) {
    StringBuilder b = new StringBuilder("## SMB over a real Samba on loopback (ms per 64 MiB, lower is better)\n\n");
    b.append("The SMB sample (`smb2` transport) through RDBSS, smbj called directly (baseline, same"
        + " library, same 1 MiB requests), and `smbclient` (a process per transfer, so its time"
        + " includes start-up and logon). `read64mInto` reads through RDBSS into one reused buffer"
        + " (`FileHandle.read(long, ByteBuffer)`), next to the same baselines."
        + " Throughput ratio = smbj time ÷ RDBSS time. Target: RDBSS"
        + " ≥ 0.9× smbj.\n\n");
    b.append("| operation | smbj | smbclient | RDBSS, tracing off | RDBSS, tracing on | MiB/s smbj / off / on"
        + " | off vs smbj | on vs smbj | target ≥ 0.9× |\n");
    b.append("|---|---|---|---|---|---|---|---|---|\n");
    for (String op : List.of("read64m", "read64mInto", "write64m")) {
      // read64mInto reads through FileHandle.read(long, ByteBuffer); its baselines are read64m's.
      String baseline = op.equals("read64mInto") ? "read64m" : op;
      Optional<Score> smbj = find(runs, "smbj_" + baseline, Map.of());
      Optional<Score> smbclient = find(runs, "smbclient_" + baseline, Map.of());
      Optional<Score> off = find(runs, "rdbss_" + op, Map.of("tracing", "off"));
      Optional<Score> on = find(runs, "rdbss_" + op, Map.of("tracing", "on"));
      double mib = runs.isEmpty() ? 64
          : Integer.parseInt(runs.get(0).getParams().getParam("size")) / (double) (1 << 20);
      b.append("| ").append(op).append(" | ").append(cell(smbj)).append(" | ").append(cell(smbclient))
          .append(" | ").append(cell(off)).append(" | ").append(cell(on)).append(" | ")
          .append(mibs(smbj, mib)).append(" / ").append(mibs(off, mib)).append(" / ").append(mibs(on, mib))
          .append(" | ").append(ratio(smbj, off)).append(" | ").append(ratio(smbj, on))
          .append(" | ").append(verdictAtLeast(smbj, off, 0.9)).append(" (off), ")
          .append(verdictAtLeast(smbj, on, 0.9)).append(" (on) |\n");
    }
    sections.put("smb", b.toString());
  }

  private static String mibs(Optional<Score> ms, double mib) {
    return ms.map(s -> num(mib / (s.value() / 1000))).orElse("—");
  }

  // ------------------------------------------------------------------------------------ csc

  void csc(List<RunResult> runs) {
    StringBuilder b = new StringBuilder("## CSC sample\n\n");
    b.append("Open a 64 KiB file, read 4 KiB, close: warm from the cache with the share offline,"
        + " against online through the simulated server with 1 ms of latency on every answer"
        + " (µs/op, lower is better). Then the sync of the journal (small offline writes) when the"
        + " share comes back online, against the simulated server without latency (one single-shot"
        + " call per tracing setting: journaling the entries beforehand takes minutes).\n\n");
    b.append("| tracing | cached read | online read (1 ms latency) | online ÷ cached |\n|---|---|---|---|\n");
    for (String t : List.of("off", "on")) {
      Optional<Score> cached = find(runs, "csc_cachedRead", Map.of("tracing", t));
      Optional<Score> online = find(runs, "csc_onlineRead", Map.of("tracing", t));
      b.append("| ").append(t).append(" | ").append(cell(cached)).append(" | ").append(cell(online))
          .append(" | ").append(ratio(online, cached)).append(" |\n");
    }
    b.append("\n| tracing | entries | sync (ms) | entries/s |\n|---|---|---|---|\n");
    for (RunResult r : runs) {
      if (!r.getParams().getBenchmark().endsWith(".csc_sync")) {
        continue;
      }
      Score s = Score.of(r);
      int entries = Integer.parseInt(r.getParams().getParam("entries"));
      double ms = s.unit().equals("ms/op") ? s.value() : toMicros(s).value() / 1000;
      b.append("| ").append(r.getParams().getParam("tracing")).append(" | ").append(entries)
          .append(" | ").append(num(ms)).append(" | ").append(num(entries / (ms / 1000))).append(" |\n");
    }
    sections.put("csc", b.toString());
  }

  // ------------------------------------------------------------------------------------ helpers

  static Optional<Score> find(List<RunResult> runs, String method, Map<String, String> params) {
    return findRun(runs, method, params).map(Score::of);
  }

  /** The run of {@code method} with these parameter values. */
  static Optional<RunResult> findRun(
      List<RunResult> runs, String method, Map<String, String> params) {
    for (RunResult r : runs) {
      BenchmarkParams p = r.getParams();
      String name = p.getBenchmark();
      if (!name.endsWith("." + method)) {
        continue;
      }
      boolean all = true;
      for (Map.Entry<String, String> e : params.entrySet()) {
        all &= e.getValue().equals(p.getParam(e.getKey()));
      }
      if (all) {
        return Optional.of(r);
      }
    }
    return Optional.empty();
  }

  private static String cell(Optional<Score> s) {
    return s.map(Score::text).orElse("—");
  }

  private static String ratio(Optional<Score> a, Optional<Score> b) {
    if (a.isEmpty() || b.isEmpty()) {
      return "—";
    }
    return a.get().ratioTo(b.get()).text() + "×";
  }

  /** Whether a ÷ base ≤ limit, judged on the ratio's interval. */
  private static String verdictAtMost(Optional<Score> a, Optional<Score> base, double limit) {
    if (a.isEmpty() || base.isEmpty()) {
      return "—";
    }
    Score r = a.get().ratioTo(base.get());
    return verdict(r.high() <= limit, r.low() > limit);
  }

  /** Whether a ÷ base ≥ limit (a throughput ratio expressed as base time ÷ our time). */
  private static String verdictAtLeast(Optional<Score> a, Optional<Score> base, double limit) {
    if (a.isEmpty() || base.isEmpty()) {
      return "—";
    }
    Score r = a.get().ratioTo(base.get());
    return verdict(r.low() >= limit, r.high() < limit);
  }

  private static String verdict(boolean met, boolean missed) {
    return met ? "**met**" : missed ? "**missed**" : "unclear";
  }

  static String num(double v) {
    if (Double.isNaN(v)) {
      return "NaN";
    }
    double a = Math.abs(v);
    if (a >= 10_000) {
      return String.format(Locale.ROOT, "%,.0f", v);
    }
    if (a >= 100) {
      return String.format(Locale.ROOT, "%.0f", v);
    }
    if (a >= 10) {
      return String.format(Locale.ROOT, "%.1f", v);
    }
    return String.format(Locale.ROOT, "%.2f", v);
  }
}
