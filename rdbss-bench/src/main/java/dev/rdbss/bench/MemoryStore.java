package dev.rdbss.bench;

import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The trivial in-memory file store behind {@link MemoryRedirector}, also called directly as the
 * baseline of the wrapper-overhead benchmarks: what a program would pay with no RDBSS at all.
 *
 * <p>Names are case-insensitive paths inside one share ({@code \dir\f.bin}). Each file is a
 * byte array guarded by its own monitor; an open is a small object naming the file, so the direct
 * baseline does the same lookup and allocation a server open does.
 */
public final class MemoryStore {

  /** One file. */
  static final class StoredFile {
    private byte[] data;

    StoredFile(byte[] data) {
      this.data = data;
    }

    synchronized int size() {
      return data.length;
    }

    synchronized int read(long offset, byte[] into, int intoOffset, int length) {
      if (offset >= data.length) {
        return -1;
      }
      int n = (int) Math.min(length, data.length - offset);
      System.arraycopy(data, (int) offset, into, intoOffset, n);
      return n;
    }

    /** Copies straight into the caller's buffer (no intermediate array), as a server's read does. */
    synchronized int read(long offset, java.nio.ByteBuffer into, int length) {
      if (offset >= data.length) {
        return -1;
      }
      int n = (int) Math.min(length, data.length - offset);
      into.put(data, (int) offset, n);
      return n;
    }

    synchronized int write(long offset, java.nio.ByteBuffer from) {
      int length = from.remaining();
      long end = offset + length;
      if (end > data.length) {
        data = Arrays.copyOf(data, (int) end);
      }
      from.get(data, (int) offset, length);
      return length;
    }

    synchronized int write(long offset, byte[] from, int fromOffset, int length) {
      long end = offset + length;
      if (end > data.length) {
        data = Arrays.copyOf(data, (int) end);
      }
      System.arraycopy(from, fromOffset, data, (int) offset, length);
      return length;
    }
  }

  /** An open file of the direct baseline. */
  public static final class Open implements AutoCloseable {
    private final StoredFile file;
    private boolean closed;

    Open(StoredFile file) {
      this.file = file;
    }

    /** Reads up to {@code length} bytes at {@code offset} into a new array (as a host API must). */
    public byte[] read(long offset, int length) {
      check();
      byte[] buffer = new byte[length];
      int n = file.read(offset, buffer, 0, length);
      return n == length ? buffer : Arrays.copyOf(buffer, Math.max(n, 0));
    }

    /** Reads up to {@code into.remaining()} bytes at {@code offset} into the caller's buffer. */
    public int read(long offset, java.nio.ByteBuffer into) {
      check();
      return file.read(offset, into, into.remaining());
    }

    /** Writes {@code data} at {@code offset}; answers the count written. */
    public int write(long offset, byte[] data) {
      check();
      return file.write(offset, data, 0, data.length);
    }

    private void check() {
      if (closed) {
        throw new IllegalStateException("closed");
      }
    }

    @Override
    public void close() {
      closed = true;
    }
  }

  private final ConcurrentHashMap<String, StoredFile> files = new ConcurrentHashMap<>();

  /** Creates (or replaces) {@code path} with {@code content}. */
  public void put(String path, byte[] content) {
    files.put(key(path), new StoredFile(content.clone()));
  }

  /** Opens {@code path}, or answers {@code null} when there is no such file. */
  public @Nullable Open open(String path) {
    StoredFile f = files.get(key(path));
    return f == null ? null : new Open(f);
  }

  /** Opens {@code path}, creating an empty file when missing. */
  public Open openIf(String path) {
    return new Open(files.computeIfAbsent(key(path), k -> new StoredFile(new byte[0])));
  }

  @Nullable StoredFile file(String path) {
    return files.get(key(path));
  }

  StoredFile fileOrCreate(String path) {
    return files.computeIfAbsent(key(path), k -> new StoredFile(new byte[0]));
  }

  static String key(String path) {
    return path.toUpperCase(Locale.ROOT);
  }
}
