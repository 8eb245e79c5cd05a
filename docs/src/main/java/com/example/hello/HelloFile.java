package com.example.hello;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * One file of the example's share: its bytes in memory, shared by every open of it (spec §5.2 low
 * I/O). Synchronized because two users' requests may run at once (§3.3).
 */
final class HelloFile {

  private byte[] data;

  HelloFile(byte[] data) {
    this.data = data;
  }

  synchronized long size() {
    return data.length;
  }

  /** Copies up to {@code count} bytes at {@code offset} into {@code to}; -1 at or past the end. */
  synchronized int read(long offset, long count, ByteBuffer to) {
    if (offset >= data.length) {
      return -1;
    }
    int n = (int) Math.min(count, data.length - offset);
    to.put(data, (int) offset, n);
    return n;
  }

  /** Writes what remains of {@code from} at {@code offset}; a gap past the end reads as zeros. */
  synchronized int write(long offset, ByteBuffer from) {
    int n = from.remaining();
    if (offset + n > data.length) {
      data = Arrays.copyOf(data, (int) (offset + n));
    }
    from.get(data, (int) offset, n);
    return n;
  }

  /** Truncates or zero-extends the file (§5.2 MRxSetFileInfo, end of file). */
  synchronized void setSize(long size) {
    data = Arrays.copyOf(data, (int) size);
  }
}
