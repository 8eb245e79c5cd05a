package dev.rdbss.minirdr.smb.client;

/**
 * A byte range of a file, as a lock or unlock names it.
 *
 * @param offset the first byte
 * @param length how many bytes (0 is allowed: a zero-length lock conflicts with nothing)
 */
public record ByteRange(long offset, long length) {

  public ByteRange {
    if (offset < 0 || length < 0) {
      throw new IllegalArgumentException("offset and length must not be negative: " + offset + ", " + length);
    }
  }

  /** The byte after the range (saturating at {@link Long#MAX_VALUE}). */
  public long end() {
    long end = offset + length;
    return end < 0 ? Long.MAX_VALUE : end;
  }

  /** Whether the two ranges share a byte (zero-length ranges share none). */
  public boolean overlaps(ByteRange other) {
    return length > 0 && other.length > 0 && offset < other.end() && other.offset < end();
  }
}
