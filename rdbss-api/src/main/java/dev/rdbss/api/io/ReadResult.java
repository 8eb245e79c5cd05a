package dev.rdbss.api.io;

import dev.rdbss.api.NtStatus;
import java.nio.ByteBuffer;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The result of a read ({@code IRP_MJ_READ}, low I/O READ of spec §5.2): a status and the bytes
 * read (empty on failure or at end of file).
 *
 * <p>A result is immutable. The constructor copies the array it is given and {@link #data()}
 * answers a copy, so neither the producer nor a consumer can change what another one sees. Those
 * two copies are the price of handing out a {@code byte[]}; a consumer that only looks at the
 * bytes can avoid the second one with {@link #buffer()} (a read-only view) or {@link
 * #transferTo(ByteBuffer)}, and a producer that made the array for this result alone can avoid the
 * first one with {@link #adopting(NtStatus, byte[])}. The runtime produces its results that way, so
 * a read costs one copy of the data on top of the mini-redirector's (rdbss-bench, issue 10).
 *
 * @param status the status (END_OF_FILE when reading at or past the end)
 * @param data the bytes read
 */
public record ReadResult(NtStatus status, byte[] data) {

  private static final byte[] NO_BYTES = new byte[0];

  // The array adopting() hands to the canonical constructor on this thread, which then keeps it
  // instead of copying it. A record's constructors all run the canonical one, so this is how a
  // factory can skip its copy; any other array (including one that merely has the same content)
  // is copied as before.
  private static final ThreadLocal<byte @Nullable []> ADOPTED = new ThreadLocal<>();

  public ReadResult {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(data, "data");
    if (data.length == 0) {
      data = NO_BYTES; // nothing to protect: every empty result shares one array
    } else if (ADOPTED.get() != data) {
      data = data.clone();
    }
  }

  /**
   * A result that takes {@code data} over instead of copying it: for a producer that allocated the
   * array for this result and never touches it again (the runtime, whose read buffer goes to the
   * caller as is). Changing the array afterwards would change the result, which is why the public
   * constructor copies.
   *
   * @param status the status of the read
   * @param data the bytes read, owned by the result from now on
   */
  public static ReadResult adopting(NtStatus status, byte[] data) {
    Objects.requireNonNull(data, "data");
    ADOPTED.set(data);
    try {
      return new ReadResult(status, data);
    } finally {
      ADOPTED.set(null); // not remove(): the thread's entry stays for its next read
    }
  }

  /** A result with no bytes, such as a failure: {@code status} and an empty array. */
  public static ReadResult empty(NtStatus status) {
    return new ReadResult(status, NO_BYTES);
  }

  /** A copy of the bytes read; {@link #buffer()} reads them without copying. */
  @Override
  public byte[] data() {
    return data.length == 0 ? data : data.clone();
  }

  /** The number of bytes read. */
  public int length() {
    return data.length;
  }

  /**
   * The bytes read as a read-only buffer, without copying: position 0, limit and capacity {@link
   * #length()}. Each call answers a new view with its own position, so reading one view moves no
   * other.
   */
  public ByteBuffer buffer() {
    return ByteBuffer.wrap(data).asReadOnlyBuffer();
  }

  /**
   * Copies the bytes read into {@code destination} at its position, which advances by {@link
   * #length()}: one copy, into a buffer the caller reuses.
   *
   * @return the number of bytes copied, {@link #length()}
   * @throws java.nio.BufferOverflowException if {@code destination} has less room than that
   * @throws java.nio.ReadOnlyBufferException if {@code destination} is read-only
   */
  public int transferTo(ByteBuffer destination) {
    destination.put(data);
    return data.length;
  }
}
