package dev.rdbss.bench;

import dev.rdbss.api.io.CreateRequest;
import dev.rdbss.api.io.FileHandle;
import dev.rdbss.api.io.IoSession;
import dev.rdbss.api.io.Logon;
import dev.rdbss.core.RdbssRuntime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * {@code forceFinalizeAllVNetRoots} (spec §4.1, §4.2) with 1, 100, 10 000 and 100 000 open files
 * spread over 1 or 100 views of one share, with tracing off and on.
 *
 * <p>Each view is one logged-on user's UNC view of {@code \\bench\share} (UNC views are per logon,
 * §3.1), and the files are distinct, so each open is its own FCB, SRV_OPEN and FOBX. Before each
 * measured call (one JMH iteration, {@link Mode#SingleShotTime}) the files are opened afresh; the
 * measured call is the plugin ({@link MemoryRedirector}) taking the exclusive netname lock and
 * force-finalizing every view, which orphans every open; afterwards the orphaned handles are
 * closed, outside the measurement. The score is the time of one call; the report divides it by the
 * number of files. With one file there is one view whatever {@code views} says. With
 * {@value #LARGE} files or more, the setup ends with a full collection (see {@link #openFiles}).
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Thread)
public class ForceFinalizeBench {

  static final String SHARE = "\\\\bench\\share";

  /** From this many files on, the setup collects its garbage before the measured call. */
  static final int LARGE = 10_000;

  @Param({"1", "100", "10000", "100000"})
  public int files;

  @Param({"1", "100"})
  public int views;

  @Param({Tracing.OFF, Tracing.ON})
  public String tracing;

  MemoryRedirector redirector;
  RdbssRuntime runtime;
  final List<IoSession> sessions = new ArrayList<>();
  final List<FileHandle> open = new ArrayList<>();

  static String fileName(int i) {
    return "\\f" + i + ".dat";
  }

  @Setup(Level.Trial)
  public void setUp() {
    MemoryStore store = new MemoryStore();
    byte[] content = new byte[16];
    for (int i = 0; i < files; i++) {
      store.put(fileName(i), content);
    }
    redirector = new MemoryRedirector(store);
    runtime = Tracing.runtime(tracing, redirector.provider());
    for (int v = 0; v < Math.min(views, files); v++) {
      sessions.add(runtime.logon(Logon.user("user" + v, "pw")));
    }
  }

  /** Opens every file, round robin over the views. */
  @Setup(Level.Iteration)
  public void openFiles() {
    for (int i = 0; i < files; i++) {
      IoSession s = sessions.get(i % sessions.size());
      open.add(s.open(SHARE + fileName(i), CreateRequest.read().open()));
    }
    if (files >= LARGE) {
      // The files just opened are young objects: a young collection during the measured call
      // would copy them all (tens of ms at 100 000 files, in a heap ~40 % full), a cost of this
      // setup, not of the call. Collected now, they are old, as open files are in real use.
      System.gc();
    }
  }

  @Benchmark
  public boolean forceFinalizeAllVNetRoots() {
    if (!redirector.forceFinalizeAllVNetRoots("\\bench\\share")) {
      throw new IllegalStateException("no NET_ROOT \\bench\\share");
    }
    return true;
  }

  /** Cleanup and close pass through on orphaned handles (§4.2). */
  @TearDown(Level.Iteration)
  public void closeOrphans() {
    for (FileHandle h : open) {
      h.close();
    }
    open.clear();
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    runtime.close();
  }
}
