package dev.rdbss.core.engine;

/**
 * The rule of spec §1.4 for NET_ROOT, SRV_OPEN and FOBX flags: the low 16 bits are the
 * mini-redirector's, the high 16 bits RDBSS's.
 */
final class MiniRdrFlags {

  private MiniRdrFlags() {}

  /**
   * {@code flags} with its low 16 bits replaced by {@code bits}.
   *
   * @throws IllegalArgumentException when {@code bits} sets an RDBSS-private bit
   */
  static int replaceLow16(int flags, int bits, String structure) {
    if ((bits & 0xFFFF_0000) != 0) {
      throw new IllegalArgumentException(
          String.format(
              "%s flag bits above 0xFFFF are RDBSS-private (spec §1.4): 0x%08X", structure, bits));
    }
    return (flags & 0xFFFF_0000) | bits;
  }
}
