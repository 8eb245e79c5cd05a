package dev.rdbss.api.spi;

/**
 * The buffers of a file-system or device control request on the mini-redirector's device
 * ({@code devFcbXxxControlFile}, spec §5.1, §5.2): how a host reaches a plugin's private commands,
 * as Windows' network providers reach their redirector.
 */
public interface ControlContext {

  /** Whether the request is an FSCTL (else an IOCTL). */
  boolean isFsctl();

  /** The control code. */
  int controlCode();

  /** A copy of the input buffer. */
  byte[] input();

  /** The size of the caller's output buffer. */
  int outputBufferLength();

  /**
   * Sets the output returned to the caller; the information field becomes its length.
   *
   * @throws IllegalArgumentException when longer than {@link #outputBufferLength()}; a
   *     mini-redirector answers BUFFER_TOO_SMALL or BUFFER_OVERFLOW instead
   */
  void setOutput(byte[] output);
}
