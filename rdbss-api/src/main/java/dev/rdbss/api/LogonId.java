package dev.rdbss.api;

/**
 * A logon session identifier (the LUID of a Windows logon), assigned by the runtime when a host logs
 * on. V_NET_ROOTs are per logon (spec §3.1, §6.3): a view matches a request only when the logon ids
 * are equal.
 *
 * @param value the 64-bit LUID
 */
public record LogonId(long value) {

  /** The system logon (LUID 0x3e7 in Windows), used by the RDBSS worker for internal requests. */
  public static final LogonId SYSTEM = new LogonId(0x3e7);

  /**
   * The LUID in lower-case hexadecimal, as it appears in local prefixes ({@code \;X:3e7}).
   * {@link Long#toHexString} writes the same digits as {@code String.format("%x", value)} (two's
   * complement for negative values) without a {@code Formatter}: every open canonicalizes its name
   * with this, and the formatter was about 5 % of an open's CPU time in the wrapper
   * benchmark.
   */
  @Override
  public String toString() {
    return Long.toHexString(value);
  }
}
