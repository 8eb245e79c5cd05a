package dev.rdbss.bench;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A prefix table shaped like the one spec §3.1 describes for Windows (32 hash buckets by default,
 * a hash over a few sampled upper-cased characters, a list per bucket), written here only as a
 * reference point for the lookup benchmark: its cost grows with the number of entries, which is
 * what core's {@code PrefixTable} avoids. It matches whole keys at {@code \} and {@code :}
 * boundaries, shortest first, like core's table for NET_ROOT and V_NET_ROOT keys.
 */
final class FixedBucketTable {

  private static final int BUCKETS = 32;

  private record Entry(String key, Object value) {}

  @SuppressWarnings("unchecked")
  private final List<Entry>[] buckets = new List[BUCKETS];

  FixedBucketTable() {
    for (int i = 0; i < BUCKETS; i++) {
      buckets[i] = new ArrayList<>();
    }
  }

  void insert(String key, Object value) {
    buckets[bucket(key, key.length())].add(new Entry(key, value));
  }

  @Nullable Object lookup(String name) {
    int length = name.length();
    for (int end = 2; end <= length; end++) {
      if (end < length && name.charAt(end) != '\\' && name.charAt(end) != ':') {
        continue;
      }
      for (Entry e : buckets[bucket(name, end)]) {
        if (e.key.length() == end && e.key.regionMatches(true, 0, name, 0, end)) {
          return e.value;
        }
      }
    }
    return null;
  }

  /** A hash of up to eight characters sampled across the first {@code length}, ignoring case. */
  private static int bucket(String s, int length) {
    int step = Math.max(1, length / 8);
    int h = length;
    for (int i = 0; i < length; i += step) {
      h = h * 37 + Character.toUpperCase(s.charAt(i));
    }
    return Math.floorMod(h, BUCKETS);
  }
}
