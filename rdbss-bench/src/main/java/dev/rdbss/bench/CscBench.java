package dev.rdbss.bench;

import dev.rdbss.api.NtStatus;
import dev.rdbss.api.io.ControlResult;
import dev.rdbss.api.io.CreateRequest;
import dev.rdbss.api.io.DeviceHandle;
import dev.rdbss.api.io.FileHandle;
import dev.rdbss.api.io.IoSession;
import dev.rdbss.api.io.Logon;
import dev.rdbss.core.RdbssRuntime;
import dev.rdbss.core.RdbssSettings;
import dev.rdbss.core.SystemClock;
import dev.rdbss.minirdr.csc.CscControlCodes;
import dev.rdbss.minirdr.csc.CscProvider;
import dev.rdbss.minirdr.csc.SyncReport;
import dev.rdbss.minirdr.smb.sim.ShareRights;
import dev.rdbss.minirdr.smb.sim.SimNetwork;
import dev.rdbss.minirdr.smb.sim.SimServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
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
 * The CSC sample (issue 10, point 2), through RDBSS with tracing off and on, on the SMB sample's
 * simulated network with a real clock (so the injected latency really passes).
 *
 * <ul>
 *   <li>{@code cachedRead} against {@code onlineRead}: open a 64 KiB file, read 4 KiB, close; warm
 *       from the cache with the share offline, against online through the simulated server with
 *       1 ms of latency on every answer (the baseline the cache is there to beat).
 *   <li>{@code sync}: {@value #ENTRIES} small journal entries (writes of 16 bytes, 100 files of 100
 *       writes each, made offline before each measured call) replayed by bringing the share
 *       online ({@code FSCTL_CSC_ONLINE}) against the simulated server with no latency; the report
 *       turns the time into entries per second.
 * </ul>
 */
public class CscBench {

  static final String DOCS = "\\\\files\\docs";
  static final String FILE = "\\data.bin";
  static final int FILE_SIZE = 64 * 1024;
  static final int IO_SIZE = 4096;
  static final int ENTRIES = 10_000;
  static final int FILES = 100;

  /** A runtime with the CSC sample on a simulated network, its own cache folder and clock. */
  abstract static class CscHost {
    SystemClock clock;
    SimServer server;
    RdbssRuntime runtime;
    IoSession alice;
    Path cache;

    /** The {@code tracing} parameter (declared by each state: JMH wants it on the state class). */
    abstract String tracing();

    void start() throws IOException {
      clock = new SystemClock();
      SimNetwork network = new SimNetwork(clock);
      server = network.addServer("files");
      server.addUser("alice", "secret");
      server.addShare("docs").grant("alice", ShareRights.READ_WRITE);
      cache = Files.createTempDirectory("rdbss-bench-csc");
      Map<String, String> settings = new HashMap<>();
      settings.put(RdbssSettings.TRACE, String.valueOf(tracing().equals(Tracing.ON)));
      settings.put(RdbssSettings.PROVIDER_ORDER, "csc");
      settings.put("rdbss.plugin.csc.servers", "files");
      settings.put("rdbss.plugin.csc.cache.folder", cache.resolve("cache").toString());
      settings.put("rdbss.plugin.csc.probeInterval", "3600s");
      runtime = RdbssRuntime.builder()
          .serviceLoaderDiscovery(false)
          .clock(clock)
          .settings(RdbssSettings.of(settings))
          .provider(new CscProvider(network))
          .build();
      alice = runtime.logon(Logon.user("alice", "secret"));
    }

    void write(String path, long offset, byte[] data) {
      try (FileHandle h = alice.open(DOCS + path, CreateRequest.readWrite().openIf())) {
        NtStatus s = h.write(offset, data).status();
        if (!s.isSuccess()) {
          throw new IllegalStateException("write " + path + ": " + s);
        }
      }
    }

    ControlResult command(int code) {
      try (DeviceHandle device = alice.openDevice(CscProvider.DEVICE)) {
        ControlResult r = device.fsctl(code, CscControlCodes.input(DOCS), CscControlCodes.OUTPUT_LENGTH);
        if (!r.status().isSuccess()) {
          throw new IllegalStateException("CSC command " + Integer.toHexString(code) + ": " + r.status());
        }
        return r;
      }
    }

    void stop() {
      runtime.close();
      clock.close();
      try (Stream<Path> walk = Files.walk(cache)) {
        for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** Online, every server answer 1 ms late. */
  @State(Scope.Thread)
  public static class Online extends CscHost {
    @Param({Tracing.OFF, Tracing.ON})
    public String tracing;

    @Override
    String tracing() {
      return tracing;
    }

    @Setup(Level.Trial)
    public void setUp() throws IOException {
      start();
      write(FILE, 0, WrapperBench.content(FILE_SIZE));
      server.faults().latency(Duration.ofMillis(1));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      stop();
    }
  }

  /** The file read once online (so cached), then the share taken offline. */
  @State(Scope.Thread)
  public static class Offline extends CscHost {
    @Param({Tracing.OFF, Tracing.ON})
    public String tracing;

    @Override
    String tracing() {
      return tracing;
    }

    @Setup(Level.Trial)
    public void setUp() throws IOException {
      start();
      write(FILE, 0, WrapperBench.content(FILE_SIZE));
      try (FileHandle h = alice.open(DOCS + FILE, CreateRequest.read().open())) {
        h.read(0, FILE_SIZE); // opened for reading online: copied into the cache in full
      }
      command(CscControlCodes.FSCTL_CSC_OFFLINE);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      stop();
    }
  }

  /** Before each sync: offline, then {@value #ENTRIES} small writes journaled. */
  @State(Scope.Thread)
  public static class Journal extends CscHost {
    @Param({Tracing.OFF, Tracing.ON})
    public String tracing;

    @Override
    String tracing() {
      return tracing;
    }

    @Param({"10000"})
    public int entries;

    final byte[] small = new byte[16];
    long journalMillis;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
      start();
      // Online once, so that the plugin knows alice's credentials: the sync replays her entries
      // as her.
      write("\\hello.txt", 0, small);
    }

    @Setup(Level.Iteration)
    public void journal() {
      long start = System.nanoTime();
      command(CscControlCodes.FSCTL_CSC_OFFLINE);
      int perFile = Math.max(1, entries / FILES);
      int done = 0;
      for (int f = 0; done < entries; f++) {
        try (FileHandle h = alice.open(DOCS + "\\j" + f + ".dat", CreateRequest.readWrite().openIf())) {
          for (int w = 0; w < perFile && done < entries; w++, done++) {
            small[0] = (byte) w;
            NtStatus s = h.write((long) w * small.length, small).status();
            if (!s.isSuccess()) {
              throw new IllegalStateException("offline write: " + s);
            }
          }
        }
      }
      journalMillis = (System.nanoTime() - start) / 1_000_000;
      System.out.printf("(journaled %d entries offline in %d ms)%n", entries, journalMillis);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      stop();
    }
  }

  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public byte[] csc_cachedRead(Offline s) {
    return openRead(s);
  }

  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public byte[] csc_onlineRead(Online s) {
    return openRead(s);
  }

  private static byte[] openRead(CscHost s) {
    try (FileHandle h = s.alice.open(DOCS + FILE, CreateRequest.read().open())) {
      return WrapperBench.checked(h.read(0, IO_SIZE));
    }
  }

  /** Brings the share online: the sync replays the journal. Answers the report. */
  @Benchmark
  @BenchmarkMode(Mode.SingleShotTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public SyncReport csc_sync(Journal s) {
    SyncReport report = SyncReport.parse(
        CscControlCodes.text(s.command(CscControlCodes.FSCTL_CSC_ONLINE).output()));
    if (report.applied() + report.alreadyApplied() < s.entries || report.remaining() != 0) {
      throw new IllegalStateException("sync incomplete: " + report.toText());
    }
    return report;
  }
}
