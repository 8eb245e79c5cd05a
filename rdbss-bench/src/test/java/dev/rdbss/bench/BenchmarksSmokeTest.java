package dev.rdbss.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rdbss.api.NtStatus;
import dev.rdbss.api.io.FileHandle;
import dev.rdbss.core.netname.PrefixTable;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each benchmark method invoked once, outside JMH, on small sizes: proof that the benchmarks do
 * what their names say (so that a JMH run measures real work), without timing anything. The build
 * runs this; measurements are {@code BenchMain}'s job (see BENCHMARKS.md).
 */
class BenchmarksSmokeTest {

  @ParameterizedTest
  @ValueSource(strings = {Tracing.OFF, Tracing.ON})
  void wrapperBenchmarksMoveTheStoresBytesThroughEachPath_s5_2(String tracing) throws Exception {
    byte[] expected = Arrays.copyOf(WrapperBench.content(WrapperBench.FILE_SIZE), WrapperBench.IO_SIZE);
    WrapperBench bench = new WrapperBench();
    WrapperBench.Rdbss rdbss = new WrapperBench.Rdbss();
    rdbss.tracing = tracing;
    rdbss.setUp();
    WrapperBench.Direct direct = new WrapperBench.Direct();
    direct.setUp();
    WrapperBench.JimfsFs jimfs = new WrapperBench.JimfsFs();
    jimfs.setUp();
    try {
      assertThat(bytesOf(bench.rdbss_openReadClose(rdbss))).isEqualTo(expected);
      assertThat(bytesOf(bench.rdbss_read4k(rdbss))).isEqualTo(expected);
      assertThat(bench.rdbss_read4kInto(rdbss).array()).isEqualTo(expected);
      assertThat(bench.direct_read4kInto(direct).array()).isEqualTo(expected);
      assertThat(bench.rdbss_openWriteClose(rdbss)).isEqualTo(WrapperBench.IO_SIZE);
      assertThat(bench.direct_openReadClose(direct)).isEqualTo(expected);
      assertThat(bench.direct_read4k(direct)).isEqualTo(expected);
      assertThat(bench.direct_openWriteClose(direct)).isEqualTo(WrapperBench.IO_SIZE);
      assertThat(bench.jimfs_openReadClose(jimfs).array()).isEqualTo(expected);
      assertThat(bench.jimfs_read4k(jimfs).array()).isEqualTo(expected);
      assertThat(bench.jimfs_openWriteClose(jimfs)).isEqualTo(WrapperBench.IO_SIZE);
      assertThat(bench.jimfs_read4kInto(jimfs).array()).isEqualTo(expected);
      assertThat(bench.rdbss_write4k(rdbss)).isEqualTo(WrapperBench.IO_SIZE);
      assertThat(bench.direct_write4k(direct)).isEqualTo(WrapperBench.IO_SIZE);
      assertThat(bench.jimfs_write4k(jimfs)).isEqualTo(WrapperBench.IO_SIZE);
      boolean traced = !rdbss.runtime.observation().recentEvents(10).isEmpty();
      assertThat(traced).as("events recorded").isEqualTo(tracing.equals(Tracing.ON));
    } finally {
      rdbss.tearDown();
      jimfs.tearDown();
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {10, 1000})
  void netNameLookupsFindTheViewTheNameIsUnder_s3_2(int entries) {
    NetNameLookupBench bench = new NetNameLookupBench();
    bench.entries = entries;
    bench.setUp();
    for (int i = 0; i < 8; i++) {
      int index = bench.next;
      Object viaTable = bench.prefixTable_lookup();
      bench.next = index;
      PrefixTable.Match<Object> viaMatch = bench.prefixTable_lookupMatch();
      bench.next = index;
      Object viaMap = bench.hashMap_exactLookup();
      bench.next = index;
      Object viaHashingMap = bench.hashMap_hashingLookup();
      bench.next = index;
      Object viaBuckets = bench.fixed32Buckets_lookup();
      assertThat(viaTable)
          .as(bench.names[index])
          .isSameAs(viaMatch.entry().container())
          .isSameAs(viaMap)
          .isSameAs(viaHashingMap)
          .isSameAs(viaBuckets);
      assertThat(viaMatch.remainingName()).isEqualTo("\\dir\\file.txt");
    }
  }

  /**
   * The engine's lookup ({@code lookupEntry}) allocates nothing: no upper-cased copy, probe key or
   * substring (§3.2's walk reads the name in place). Counted with the JVM's per-thread allocation
   * counter, not timed; the path allocates nothing even interpreted, so the JIT's state does not
   * matter. Before this was measured, each lookup allocated a few hundred bytes.
   */
  @Test
  void netNameLookupAllocatesNothing_s3_2() {
    Assumptions.assumeTrue(
        ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean,
        "needs HotSpot's per-thread allocation counter");
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    Assumptions.assumeTrue(threads.isThreadAllocatedMemoryEnabled(), "allocation counter off");
    NetNameLookupBench bench = new NetNameLookupBench();
    bench.entries = 1000;
    bench.setUp();
    int lookups = 20_000;
    for (int i = 0; i < lookups; i++) {
      bench.prefixTable_lookup(); // loads and links everything the path touches
    }
    long thread = Thread.currentThread().getId();
    long before = threads.getThreadAllocatedBytes(thread);
    for (int i = 0; i < lookups; i++) {
      bench.prefixTable_lookup();
    }
    long allocated = threads.getThreadAllocatedBytes(thread) - before;
    // Under a byte per lookup: room for the counter's own noise, none for a per-lookup object.
    assertThat(allocated).as("bytes allocated by %d lookups", lookups).isLessThan(lookups);
  }

  @ParameterizedTest
  @ValueSource(strings = {Tracing.OFF, Tracing.ON})
  void forceFinalizeBenchmarkOrphansEveryOpenOfEveryView_s4_2(String tracing) {
    ForceFinalizeBench bench = new ForceFinalizeBench();
    bench.files = 100;
    bench.views = 10;
    bench.tracing = tracing;
    bench.setUp();
    try {
      for (int round = 0; round < 2; round++) {
        bench.openFiles();
        assertThat(bench.runtime.observation().snapshot().render())
            .as("one view per logon").containsPattern("(?s)(V_NET_ROOT.*){10}");
        assertThat(bench.forceFinalizeAllVNetRoots()).isTrue();
        for (FileHandle h : bench.open) {
          assertThat(h.read(0, 1).status()).isEqualTo(NtStatus.UNEXPECTED_NETWORK_ERROR);
        }
        bench.closeOrphans();
      }
    } finally {
      bench.tearDown();
    }
  }

  /**
   * Only with {@code -Drdbss.bench.memorySmoke=true}: JOL walks the whole object graph of the
   * runtime (tens of seconds on a busy 2-core machine), too slow for every build; {@code
   * bin/rdbss-bench --quick memory} runs the same code.
   */
  @Test
  @EnabledIfSystemProperty(named = "rdbss.bench.memorySmoke", matches = "true")
  void handleFootprintCountsOneFcbSrvOpenAndFobxPerHandle_s1_1() {
    HandleFootprint.Result r = HandleFootprint.measure(Tracing.OFF, 100, false);
    assertThat(r.objectsPerHandleByClass())
        .containsEntry("dev.rdbss.core.engine.FcbImpl", 1.0)
        .containsEntry("dev.rdbss.core.engine.SrvOpenImpl", 1.0)
        .containsEntry("dev.rdbss.core.engine.FobxImpl", 1.0);
    assertThat(r.bytesPerHandleByClass().get("dev.rdbss.core.engine.FcbImpl")).isPositive();
  }

  @Test
  void smbBenchmarksTransferTheWholeFileEachWay_s5_2() throws Exception {
    Assumptions.assumeTrue(SambaFixture.unavailableReason().isEmpty(),
        () -> "Samba not available: " + SambaFixture.unavailableReason().orElse(""));
    SmbBench bench = new SmbBench();
    SmbBench.Server server = new SmbBench.Server();
    server.size = 1 << 20;
    server.setUp();
    try {
      SmbBench.Rdbss rdbss = new SmbBench.Rdbss();
      rdbss.tracing = Tracing.OFF;
      rdbss.setUp(server);
      SmbBench.Smbj smbj = new SmbBench.Smbj();
      smbj.setUp(server);
      try {
        assertThat(bench.rdbss_read64m(server, rdbss)).isEqualTo(server.size);
        assertThat(bench.rdbss_read64mInto(server, rdbss)).isEqualTo(server.size);
        assertThat(bench.smbj_read64m(server, smbj)).isEqualTo(server.size);
        bench.smbclient_read64m(server);
        assertThat(bench.rdbss_write64m(server, rdbss)).isEqualTo(server.size);
        assertThat(java.nio.file.Files.readAllBytes(
            server.samba.shareDirectory().resolve(SmbBench.OUT))).isEqualTo(server.payload);
        assertThat(bench.smbj_write64m(server, smbj)).isEqualTo(server.size);
        bench.smbclient_write64m(server);
        assertThat(java.nio.file.Files.size(
            server.samba.shareDirectory().resolve(SmbBench.OUT))).isEqualTo(server.size);
      } finally {
        smbj.tearDown();
        rdbss.tearDown();
      }
    } finally {
      server.tearDown();
    }
  }

  @Test
  void cscBenchmarksReadFromCacheAndServerAndSyncTheJournal_s4_1() throws Exception {
    byte[] expected = Arrays.copyOf(WrapperBench.content(CscBench.FILE_SIZE), CscBench.IO_SIZE);
    CscBench bench = new CscBench();
    CscBench.Offline offline = new CscBench.Offline();
    offline.tracing = Tracing.OFF;
    offline.setUp();
    try {
      assertThat(bench.csc_cachedRead(offline)).isEqualTo(expected);
    } finally {
      offline.tearDown();
    }
    CscBench.Online online = new CscBench.Online();
    online.tracing = Tracing.OFF;
    online.setUp();
    try {
      assertThat(bench.csc_onlineRead(online)).isEqualTo(expected);
    } finally {
      online.tearDown();
    }
    CscBench.Journal journal = new CscBench.Journal();
    journal.tracing = Tracing.OFF;
    journal.entries = 20;
    journal.setUp();
    try {
      journal.journal();
      assertThat(bench.csc_sync(journal).applied()).isGreaterThanOrEqualTo(20);
    } finally {
      journal.tearDown();
    }
  }

  private static byte[] bytesOf(java.nio.ByteBuffer view) {
    byte[] b = new byte[view.remaining()];
    view.duplicate().get(b);
    return b;
  }
}
