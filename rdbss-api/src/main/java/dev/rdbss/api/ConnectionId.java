package dev.rdbss.api;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * The opaque connection id a mini-redirector may return from {@code MRxGetConnectionId} (spec §3.1,
 * §5.2). The netname table compares it byte for byte; a mini-redirector that does not implement the
 * entry gets {@link #NONE} (all zero) for every entry.
 */
public final class ConnectionId {

  /** The size of {@code RX_CONNECTION_ID} in bytes. */
  public static final int SIZE = 16;

  /** The id used when {@code MRxGetConnectionId} is not implemented: sixteen zero bytes. */
  public static final ConnectionId NONE = new ConnectionId(new byte[SIZE]);

  private final byte[] bytes;

  private ConnectionId(byte[] bytes) {
    this.bytes = bytes;
  }

  /**
   * An id made of up to {@link #SIZE} bytes, zero-padded.
   *
   * @throws IllegalArgumentException when longer than {@link #SIZE}
   */
  public static ConnectionId of(byte... bytes) {
    if (bytes.length > SIZE) {
      throw new IllegalArgumentException(
          "a connection id holds at most " + SIZE + " bytes, got " + bytes.length);
    }
    return new ConnectionId(Arrays.copyOf(bytes, SIZE));
  }

  /** A copy of the id's bytes. */
  public byte[] toByteArray() {
    return bytes.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ConnectionId other && Arrays.equals(bytes, other.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return HexFormat.of().formatHex(bytes);
  }
}
