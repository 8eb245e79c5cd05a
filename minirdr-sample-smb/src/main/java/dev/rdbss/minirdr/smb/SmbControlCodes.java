package dev.rdbss.minirdr.smb;

import java.nio.charset.StandardCharsets;

/**
 * The SMB sample's private device controls: what a host sends to {@code \Device\SmbSimRedirector}
 * through {@code IoSession.openDevice(SmbProvider.DEVICE).fsctl(code, input, 0)} (spec §5.1, §5.2
 * {@code MRxDevFcbXXXControlFile}; ARCHITECTURE.md §3.4), as Windows' network providers reach their
 * redirector. The CLI's {@code server fault …} commands are built on them; the codes and payloads
 * are a public, stable interface (a test pins the numbers).
 *
 * <table>
 *   <caption>Controls, their input and their effect on the simulated server</caption>
 *   <tr><th>Code</th><th>Input ({@link #input})</th><th>Effect</th></tr>
 *   <tr><td>{@link #FSCTL_SMB_SIM_LATENCY} (0x00142400)</td><td>{@code server|millis}</td>
 *       <td>every answer arrives that much later on the runtime's clock; 0 removes it</td></tr>
 *   <tr><td>{@link #FSCTL_SMB_SIM_DISCONNECT_AT} (0x00142404)</td><td>{@code server|n}</td>
 *       <td>the connection carrying the n-th request from now (1 = the next) drops</td></tr>
 *   <tr><td>{@link #FSCTL_SMB_SIM_FAIL_PATH} (0x00142408)</td>
 *       <td>{@code server|share|path|status}</td>
 *       <td>every request on that path answers the NTSTATUS, written in hexadecimal</td></tr>
 *   <tr><td>{@link #FSCTL_SMB_SIM_CLEAR_FAULTS} (0x0014240C)</td><td>{@code server}</td>
 *       <td>removes every fault of the server</td></tr>
 *   <tr><td>{@link #FSCTL_SMB_SIM_RESTART} (0x00142410)</td><td>{@code server}</td>
 *       <td>restarts the server: every connection and handle dies, files stay</td></tr>
 *   <tr><td>{@link #FSCTL_SMB_SIM_CLEAR_PATH} (0x00142414)</td><td>{@code server|share|path}</td>
 *       <td>stops failing that one path</td></tr>
 * </table>
 *
 * <p>The input is UTF-8 text, fields separated by {@code |}, the server name first; paths are
 * relative to the share, {@code \} separators, a leading one optional, case-insensitive. The
 * answer (the {@code ControlResult}'s status; no output bytes): SUCCESS; BAD_NETWORK_PATH for an
 * unknown server; INVALID_PARAMETER for a wrong number of fields, a number that does not parse, a
 * negative latency or an n below 1; NOT_SUPPORTED on the {@code smb2} transport, which has no
 * simulated server. Requests already sent are not affected by a new fault, except by a restart.
 * Start and stop use RDBSS's own codes ({@link dev.rdbss.api.spi.RdbssControlCodes}), which this
 * plugin leaves to RDBSS's default.
 *
 * <p>Codes follow {@code CTL_CODE(FILE_DEVICE_NETWORK_FILE_SYSTEM, function, METHOD_BUFFERED,
 * FILE_ANY_ACCESS)} with functions 0x900 and up, clear of RDBSS's 0x800 range.
 */
public final class SmbControlCodes {

  /** {@code server|millis}: every answer of the server arrives that much later (its clock). */
  public static final int FSCTL_SMB_SIM_LATENCY = code(0x900);

  /**
   * {@code server|n}: the connection drops at the n-th request from now (1 = the next one); that
   * request and the following ones on the connection answer CONNECTION_DISCONNECTED (which the
   * mini-redirector reports as CONNECTION_RESET, §8). One shot.
   */
  public static final int FSCTL_SMB_SIM_DISCONNECT_AT = code(0x901);

  /**
   * {@code server|share|path|status}: every request on that path answers {@code status}, written
   * in hexadecimal ({@code 0xC0000022}) as NTSTATUS values are, and passed through unchanged.
   */
  public static final int FSCTL_SMB_SIM_FAIL_PATH = code(0x902);

  /** {@code server}: removes every fault of the server. */
  public static final int FSCTL_SMB_SIM_CLEAR_FAULTS = code(0x903);

  /** {@code server}: restarts the server; every handle dies, files stay. */
  public static final int FSCTL_SMB_SIM_RESTART = code(0x904);

  /** {@code server|share|path}: stops failing that path (see {@link #FSCTL_SMB_SIM_FAIL_PATH}). */
  public static final int FSCTL_SMB_SIM_CLEAR_PATH = code(0x905);

  private SmbControlCodes() {}

  /** Whether {@code code} is one of these controls. */
  public static boolean isSimControl(int code) {
    return code == FSCTL_SMB_SIM_LATENCY
        || code == FSCTL_SMB_SIM_DISCONNECT_AT
        || code == FSCTL_SMB_SIM_FAIL_PATH
        || code == FSCTL_SMB_SIM_CLEAR_FAULTS
        || code == FSCTL_SMB_SIM_RESTART
        || code == FSCTL_SMB_SIM_CLEAR_PATH;
  }

  /** Encodes the input of one of these controls: the fields joined by {@code |}, in UTF-8. */
  public static byte[] input(String... fields) {
    return String.join("|", fields).getBytes(StandardCharsets.UTF_8);
  }

  private static int code(int function) {
    return (0x14 << 16) | (function << 2);
  }
}
