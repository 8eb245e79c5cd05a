package dev.rdbss.core.engine;

import dev.rdbss.api.spi.ControlContext;

/** The buffers of an FSCTL or IOCTL (spec §5.1, §5.2). */
final class ControlContextImpl implements ControlContext {

  private final boolean fsctl;
  private final int controlCode;
  private final byte[] input;
  private final int outputBufferLength;
  private volatile byte[] output = new byte[0];

  ControlContextImpl(boolean fsctl, int controlCode, byte[] input, int outputBufferLength) {
    if (outputBufferLength < 0) {
      throw new IllegalArgumentException("a negative output buffer length: " + outputBufferLength);
    }
    this.fsctl = fsctl;
    this.controlCode = controlCode;
    this.input = input.clone();
    this.outputBufferLength = outputBufferLength;
  }

  @Override
  public boolean isFsctl() {
    return fsctl;
  }

  @Override
  public int controlCode() {
    return controlCode;
  }

  @Override
  public byte[] input() {
    return input.clone();
  }

  @Override
  public int outputBufferLength() {
    return outputBufferLength;
  }

  @Override
  public void setOutput(byte[] output) {
    if (output.length > outputBufferLength) {
      throw new IllegalArgumentException(
          "output of "
              + output.length
              + " bytes does not fit the caller's "
              + outputBufferLength
              + "-byte buffer: answer BUFFER_TOO_SMALL or BUFFER_OVERFLOW instead (§5.2)");
    }
    this.output = output.clone();
  }

  byte[] output() {
    return output.clone();
  }
}
