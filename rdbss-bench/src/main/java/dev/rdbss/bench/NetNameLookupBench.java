package dev.rdbss.bench;

import dev.rdbss.api.ConnectionId;
import dev.rdbss.core.netname.PrefixEntry;
import dev.rdbss.core.netname.PrefixTable;
import java.nio.CharBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
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

/**
 * Netname table lookup (issue 10, point 2; spec §3.2) with 10, 1 000 and 100 000 entries, against
 * two {@link HashMap} exact lookups of the same keys (one with cached key hashes, one hashing the
 * key every time) and against a fixed 32-bucket table ({@link FixedBucketTable}).
 *
 * <p>Core's {@code PrefixTable} is internal to the {@code dev.rdbss.core} module. This module is
 * non-modular and runs on the class path, where module boundaries do not apply, so the benchmark
 * calls the table directly: going through the runtime would need one SRV_CALL, NET_ROOT and
 * V_NET_ROOT per entry (100 000 connections) and would measure the netname lock and the
 * referencing too, not the table. The lock check the engine installs is replaced by one that
 * passes, since no lock is held here; the tracer is not involved (the table records no events), so
 * these rows have no tracing variant.
 *
 * <p>A third of the entries are SRV_CALLs ({@code \srvN}), a third NET_ROOTs ({@code \srvN\share}),
 * a third V_NET_ROOTs ({@code \;:1\srvN\share}). A lookup is a file name under a random view,
 * {@code \;:1\srvN\share\dir\file.txt}: three candidates miss before the view's key hits.
 *
 * <p>Two table rows: {@code prefixTable_lookup} is {@code lookupEntry}, what the engine calls
 * (it allocates nothing); {@code prefixTable_lookupMatch} is {@code lookup}, which also wraps the
 * entry and cuts out the remaining name ({@code Optional}, {@code Match}, a substring).
 *
 * <p>Two {@code HashMap} baselines answer for the view's key exactly ({@code \;:1\srvN\share}).
 * {@code hashMap_exactLookup} (the baseline) probes with 4 096 prepared key strings, equal
 * to the map's keys but distinct instances; {@code String} caches its hash, so after the first
 * round it never reads the key's characters, while any prefix lookup has to read the name. {@code
 * hashMap_hashingLookup} probes a {@code HashMap<CharBuffer, Object>} with prepared {@link
 * CharBuffer#wrap(CharSequence)} views of the same strings: {@code CharBuffer} keeps no hash (on
 * JDK 17 its {@code hashCode()} loops over the characters on every call), so it hashes and then
 * compares the key's characters on every lookup, without allocating: the cost of an exact lookup
 * of a name seen for the first time.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class NetNameLookupBench {

  private static final int NAMES = 4096; // a power of two: the index wraps with a mask

  @Param({"10", "1000", "100000"})
  public int entries;

  PrefixTable<Object> table;
  Map<String, Object> map;
  Map<CharBuffer, Object> charMap;
  FixedBucketTable buckets;
  String[] names;
  String[] keys;
  CharBuffer[] charKeys;
  int next;

  @Setup(Level.Trial)
  public void setUp() {
    table = new PrefixTable<>((exclusive, operation) -> {});
    map = new HashMap<>();
    charMap = new HashMap<>();
    buckets = new FixedBucketTable();
    int servers = Math.max(1, entries / 3);
    int inserted = 0;
    for (int i = 0; inserted < entries; i++) {
      int server = i % servers;
      String srvCall = "\\srv" + server;
      String netRoot = srvCall + "\\share";
      String view = "\\;:1" + netRoot;
      String key;
      PrefixTable.Kind kind;
      switch (i / servers) {
        case 0:
          key = srvCall;
          kind = PrefixTable.Kind.SRV_CALL;
          break;
        case 1:
          key = netRoot;
          kind = PrefixTable.Kind.NET_ROOT;
          break;
        default:
          key = view + (i / servers > 2 ? "x" + i : ""); // more views when entries % 3 != 0
          kind = PrefixTable.Kind.V_NET_ROOT;
      }
      Object value = new Object();
      table.insert(key, kind, value, ConnectionId.NONE, key.length());
      map.put(key, value);
      charMap.put(CharBuffer.wrap(key), value);
      buckets.insert(key, value);
      inserted++;
    }
    SplittableRandom random = new SplittableRandom(42);
    names = new String[NAMES];
    keys = new String[NAMES];
    charKeys = new CharBuffer[NAMES];
    int views = Math.min(servers, entries - 2 * servers);
    for (int i = 0; i < NAMES; i++) {
      int server = views > 0 ? random.nextInt(views) : 0;
      String view = "\\;:1\\srv" + server + "\\share";
      names[i] = view + "\\dir\\file.txt";
      keys[i] = new String(view.toCharArray()); // equal, not the same instance
      charKeys[i] = CharBuffer.wrap(new String(view.toCharArray()));
    }
  }

  @Benchmark
  public Object prefixTable_lookup() {
    PrefixEntry<Object> entry = table.lookupEntry(names[next++ & (NAMES - 1)], ConnectionId.NONE);
    if (entry == null) {
      throw new IllegalStateException("missing name");
    }
    return entry.container();
  }

  @Benchmark
  public PrefixTable.Match<Object> prefixTable_lookupMatch() {
    // Returned whole (entry and remaining name), as NetNameTable.lookup's callers get both.
    return table.lookup(names[next++ & (NAMES - 1)], ConnectionId.NONE).orElseThrow();
  }

  @Benchmark
  public Object hashMap_exactLookup() {
    Object v = map.get(keys[next++ & (NAMES - 1)]);
    if (v == null) {
      throw new IllegalStateException("missing key");
    }
    return v;
  }

  @Benchmark
  public Object hashMap_hashingLookup() {
    Object v = charMap.get(charKeys[next++ & (NAMES - 1)]);
    if (v == null) {
      throw new IllegalStateException("missing key");
    }
    return v;
  }

  @Benchmark
  public Object fixed32Buckets_lookup() {
    Object v = buckets.lookup(names[next++ & (NAMES - 1)]);
    if (v == null) {
      throw new IllegalStateException("missing name");
    }
    return v;
  }
}
