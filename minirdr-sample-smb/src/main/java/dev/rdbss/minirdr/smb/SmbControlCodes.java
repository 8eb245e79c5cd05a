package dev.rdbss.minirdr.smb;

import java.nio.charset.StandardCharsets;

/**
 * The SMB sample's private device controls: what a host sends to {@code \Device\SmbSimRedirector}
 * through {@code IoSession.openDevice(...).fsctl(code, input, 0)} (spec §5.1, §5.2
 * {@code MRxDevFcbXXXControlFile}; ARCHITECTURE.md §3.4), as Windows' network providers reach their
 * redirector. The CLI's fault commands are built on them.
 *
 * <p>All of them act on the embedded simulated server ({@code sim} transport) and answer
 * NOT_SUPPORTED on the {@code smb2} transport. The input is UTF-8 text, fields separated by {@code
 * |}, first the server name; build it with {@link #input}. Answers: SUCCESS; BAD_NETWORK_PATH for
 * an unknown server; INVALID_PARAMETER for malformed input. Start and stop use RDBSS's own codes
 * ({@link dev.rdbss.api.spi.RdbssControlCodes}), which this plugin leaves to RDBSS's default.
 *
 * <p>Codes follow {@code CTL_CODE(FILE_DEVICE_NETWORK_FILE_SYSTEM, function, METHOD_BUFFERED,
 * FILE_ANY_ACCESS)} with functions 0x900 and up, clear of RDBSS's 0x800 range.
 */
public final class SmbControlCodes {

  /** {@code server|millis}: every answer of the server arrives that much later (its clock). */
  public static final int FSCTL_SMB_SIM_LATENCY = code(0x900);

  /**
   * {@code server|n}: the connection drops at the n-th request from now (1 = the next one); that
   * request and the following ones on the connection answer CONNECTION_DISCONNECTED. One shot.
   */
  public static final int FSCTL_SMB_SIM_DISCONNECT_AT = code(0x901);

  /**
   * {@code server|share|path|status}: every request on that path answers {@code status}, written
   * in hexadecimal ({@code 0xC0000022}) as NTSTATUS values are.
   */
  public static final int FSCTL_SMB_SIM_FAIL_PATH = code(0x902);

  /** {@code server}: removes every fault of the server. */
  public static final int FSCTL_SMB_SIM_CLEAR_FAULTS = code(0x903);

  /** {@code server}: restarts the server; every handle dies, files stay. */
  public static final int FSCTL_SMB_SIM_RESTART = code(0x904);

  private SmbControlCodes() {}

  /** Encodes the input of one of these controls: the fields joined by {@code |}, in UTF-8. */
  public static byte[] input(String... fields) {
    return String.join("|", fields).getBytes(StandardCharsets.UTF_8);
  }

  private static int code(int function) {
    return (0x14 << 16) | (function << 2);
  }
}
