package dev.rdbss.api.spi;

/**
 * The device control codes RDBSS itself gives meaning to (spec §5.1 step 4): the private FSCTLs
 * by which user mode starts and stops a mini-redirector. In Windows each redirector defines its
 * own; here one pair serves every plugin, so that the runtime and the CLI can start any of them.
 *
 * <p>A plugin's {@link MiniRedirector#devFcbXxxControlFile} answers them by calling {@link
 * Rdbss#startMinirdr} or {@link Rdbss#stopMinirdr}; a plugin that leaves the entry unimplemented
 * gets a default that does exactly that. The codes follow {@code CTL_CODE(FILE_DEVICE_NETWORK_FILE_SYSTEM,
 * function, METHOD_BUFFERED, FILE_ANY_ACCESS)} with functions in the vendor range (2048 and up).
 */
public final class RdbssControlCodes {

  /** {@code CTL_CODE(0x14, 0x800, 0, 0)}: start the mini-redirector. */
  public static final int FSCTL_RDBSS_START = (0x14 << 16) | (0x800 << 2);

  /** {@code CTL_CODE(0x14, 0x801, 0, 0)}: stop the mini-redirector. */
  public static final int FSCTL_RDBSS_STOP = (0x14 << 16) | (0x801 << 2);

  private RdbssControlCodes() {}
}
