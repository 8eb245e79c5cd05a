package dev.rdbss.api.io;

import dev.rdbss.api.NtStatus;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The result of a read ({@code IRP_MJ_READ}, low I/O READ of spec §5.2): a status and the bytes
 * read (empty on failure or at end of file).
 *
 * <p>A result is an immutable value: two results are equal when their statuses and bytes are. The
 * constructor copies the array it is given and {@link #data()} answers a copy, so neither the
 * producer nor a consumer can change what another one sees. Those two copies are the price of
 * handing out a {@code byte[]}; a consumer that only looks at the bytes avoids the second with
 * {@link #buffer()} (a read-only view) or {@link #transferTo(ByteBuffer)}, and a producer that made
 * the array for this result alone avoids the first with {@link #adopting(NtStatus, byte[])}. The
 * runtime produces its results that way, so a read costs one copy of the data on top of the
 * mini-redirector's; {@link FileHandle#read(long, ByteBuffer)} costs none (rdbss-bench, issue 10).
 *
 * <p>A class rather than a record so that the adopting factory can skip the constructor's copy,
 * and so that equality compares the bytes (a record compares array identities).
 */
public final class ReadResult {

  private static final byte[] NO_BYTES = new byte[0];

  private final NtStatus status;
  private final byte[] data;

  /**
   * A result holding a copy of {@code data}.
   *
   * @param status the status (END_OF_FILE when reading at or past the end)
   * @param data the bytes read
   */
  public ReadResult(NtStatus status, byte[] data) {
    this(status, data.length == 0 ? NO_BYTES : data.clone(), true);
  }

  private ReadResult(NtStatus status, byte[] owned, boolean unused) {
    this.status = Objects.requireNonNull(status, "status");
    this.data = owned.length == 0 ? NO_BYTES : owned;
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
    return new ReadResult(status, Objects.requireNonNull(data, "data"), true);
  }

  /** A result with no bytes, such as a failure: {@code status} and an empty array. */
  public static ReadResult empty(NtStatus status) {
    return new ReadResult(status, NO_BYTES, true);
  }

  /** The status (END_OF_FILE when reading at or past the end). */
  public NtStatus status() {
    return status;
  }

  /** A copy of the bytes read; {@link #buffer()} reads them without copying. */
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

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof ReadResult other
        && other.status.equals(status)
        && Arrays.equals(other.data, data);
  }

  @Override
  public int hashCode() {
    return 31 * status.hashCode() + Arrays.hashCode(data);
  }

  /** The status and the number of bytes (never the bytes: they may be anything a file holds). */
  @Override
  public String toString() {
    return "ReadResult[" + status + ", " + data.length + " bytes]";
  }
}
