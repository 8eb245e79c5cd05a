package dev.rdbss.api;

import java.util.Collection;
import java.util.EnumSet;

/**
 * A flag enum constant that keeps the bit value of the Windows header it mirrors (spec §1.4), so
 * that a set of flags converts to and from the {@code ULONG} a driver would see.
 */
public interface BitFlag {

  /** The flag's bit value. */
  int bit();

  /**
   * Whether a mini-redirector may see and set this flag. For NET_ROOT, SRV_OPEN and FOBX the low 16
   * bits are the mini-redirector's and the high 16 bits are RDBSS-private (spec §1.4).
   */
  default boolean isMiniRdrVisible() {
    return (bit() & 0xFFFF_0000) == 0;
  }

  /** The bits of all the given flags, OR-ed. */
  static int toBits(Collection<? extends BitFlag> flags) {
    int bits = 0;
    for (BitFlag f : flags) {
      bits |= f.bit();
    }
    return bits;
  }

  /** The constants of {@code type} whose bits are all set in {@code bits}; unknown bits are ignored. */
  static <E extends Enum<E> & BitFlag> EnumSet<E> fromBits(Class<E> type, int bits) {
    EnumSet<E> set = EnumSet.noneOf(type);
    for (E e : type.getEnumConstants()) {
      if ((bits & e.bit()) == e.bit()) {
        set.add(e);
      }
    }
    return set;
  }
}
