package dev.rdbss.minirdr.csc.store;

import java.time.Instant;

/**
 * Times as the store keeps them: 100-nanosecond ticks since 1970, the resolution of a Windows
 * FILETIME, so that a time read back from the store equals the one the server gave.
 */
final class Times {

  private static final long TICKS_PER_SECOND = 10_000_000L;

  private Times() {}

  static long toTicks(Instant time) {
    return Math.addExact(
        Math.multiplyExact(time.getEpochSecond(), TICKS_PER_SECOND), time.getNano() / 100);
  }

  static Instant fromTicks(long ticks) {
    return Instant.ofEpochSecond(
        Math.floorDiv(ticks, TICKS_PER_SECOND), Math.floorMod(ticks, TICKS_PER_SECOND) * 100);
  }

  static Instant truncate(Instant time) {
    return fromTicks(toTicks(time));
  }
}
