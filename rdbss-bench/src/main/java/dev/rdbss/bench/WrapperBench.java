package dev.rdbss.bench;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import dev.rdbss.api.io.CreateRequest;
import dev.rdbss.api.io.FileHandle;
import dev.rdbss.api.io.IoSession;
import dev.rdbss.api.io.IoStatusBlock;
import dev.rdbss.api.io.Logon;
import dev.rdbss.api.io.ReadResult;
import dev.rdbss.core.RdbssRuntime;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Wrapper overhead (issue 10, point 2): the same three operations on the same {@link MemoryStore},
 * through RDBSS with {@link MemoryRedirector} (tracing off and on), called directly (the
 * baseline), and on Jimfs through {@code java.nio.file} (a second baseline: a real in-memory file
 * system behind the JDK's file API).
 *
 * <ul>
 *   <li>{@code openReadClose}: open an existing 64 KiB file, read 4 KiB at offset 0, close.
 *   <li>{@code read4k}: read 4 KiB at offset 0 of a file held open, into a new buffer.
 *   <li>{@code read4kInto}: the same into one buffer the caller reuses ({@link
 *       FileHandle#read(long, ByteBuffer)}), so no data is allocated on any side.
 *   <li>{@code openWriteClose}: open (open-if) a file, write 4 KiB at offset 0, close.
 *   <li>{@code write4k}: write 4 KiB at offset 0 of a file held open.
 * </ul>
 *
 * <p>Each answers what it read or wrote, so nothing is dead code. RDBSS's reads answer the bytes
 * through {@link ReadResult#buffer()}, the read-only view that copies nothing: like the direct
 * store's {@code byte[]}, it is the buffer the read filled. ({@link ReadResult#data()} would add
 * a defensive copy that neither baseline makes.)
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class WrapperBench {

  static final int FILE_SIZE = 64 * 1024;
  static final int IO_SIZE = 4096;
  static final String READ_FILE = "\\data\\read.bin";
  static final String WRITE_FILE = "\\data\\write.bin";
  static final String HELD_WRITE_FILE = "\\data\\held.bin"; // write4k's, held open throughout
  static final String UNC = "\\\\bench\\share";

  static byte[] content(int size) {
    byte[] b = new byte[size];
    for (int i = 0; i < size; i++) {
      b[i] = (byte) (i * 31 + 7);
    }
    return b;
  }

  /** The runtime with one logged-on user, a 64 KiB file and a handle held open on it. */
  @State(Scope.Thread)
  public static class Rdbss {
    @Param({Tracing.OFF, Tracing.ON})
    public String tracing;

    RdbssRuntime runtime;
    IoSession session;
    FileHandle held;
    FileHandle heldForWrite;
    final byte[] payload = content(IO_SIZE);
    final ByteBuffer into = ByteBuffer.allocate(IO_SIZE);

    @Setup(Level.Trial)
    public void setUp() {
      MemoryStore store = new MemoryStore();
      store.put(READ_FILE, content(FILE_SIZE));
      store.put(WRITE_FILE, content(FILE_SIZE));
      store.put(HELD_WRITE_FILE, content(FILE_SIZE));
      runtime = Tracing.runtime(tracing, new MemoryRedirector(store).provider());
      session = runtime.logon(Logon.user("bench", "bench-pw"));
      held = session.open(UNC + READ_FILE, CreateRequest.read().open());
      heldForWrite = session.open(UNC + HELD_WRITE_FILE, CreateRequest.readWrite().open());
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      held.close();
      heldForWrite.close();
      runtime.close();
    }
  }

  /** The store alone, with an open held on the read file. */
  @State(Scope.Thread)
  public static class Direct {
    MemoryStore store;
    MemoryStore.Open held;
    MemoryStore.Open heldForWrite;
    final byte[] payload = content(IO_SIZE);
    final ByteBuffer into = ByteBuffer.allocate(IO_SIZE);

    @Setup(Level.Trial)
    public void setUp() {
      store = new MemoryStore();
      store.put(READ_FILE, content(FILE_SIZE));
      store.put(WRITE_FILE, content(FILE_SIZE));
      store.put(HELD_WRITE_FILE, content(FILE_SIZE));
      held = Objects.requireNonNull(store.open(READ_FILE));
      heldForWrite = Objects.requireNonNull(store.open(HELD_WRITE_FILE));
    }
  }

  /** A Windows-flavoured Jimfs with the same two files and a channel held open. */
  @State(Scope.Thread)
  public static class JimfsFs {
    FileSystem fs;
    Path readFile;
    Path writeFile;
    SeekableByteChannel held;
    SeekableByteChannel heldForWrite;
    final ByteBuffer payload = ByteBuffer.wrap(content(IO_SIZE));
    final ByteBuffer into = ByteBuffer.allocate(IO_SIZE);

    @Setup(Level.Trial)
    public void setUp() throws IOException {
      fs = Jimfs.newFileSystem(Configuration.windows());
      Path data = fs.getPath("C:\\data");
      Files.createDirectories(data);
      readFile = data.resolve("read.bin");
      writeFile = data.resolve("write.bin");
      Files.write(readFile, content(FILE_SIZE));
      Files.write(writeFile, content(FILE_SIZE));
      Path heldWriteFile = data.resolve("held.bin");
      Files.write(heldWriteFile, content(FILE_SIZE));
      held = Files.newByteChannel(readFile, StandardOpenOption.READ);
      heldForWrite = Files.newByteChannel(heldWriteFile, StandardOpenOption.WRITE);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
      held.close();
      heldForWrite.close();
      fs.close();
    }
  }

  // ------------------------------------------------------------------------- open, read, close

  @Benchmark
  public ByteBuffer rdbss_openReadClose(Rdbss s) {
    try (FileHandle h = s.session.open(UNC + READ_FILE, CreateRequest.read().open())) {
      return checkedView(h.read(0, IO_SIZE));
    }
  }

  @Benchmark
  public byte[] direct_openReadClose(Direct s) {
    try (MemoryStore.Open o = Objects.requireNonNull(s.store.open(READ_FILE))) {
      return o.read(0, IO_SIZE);
    }
  }

  @Benchmark
  public ByteBuffer jimfs_openReadClose(JimfsFs s) throws IOException {
    try (SeekableByteChannel c = Files.newByteChannel(s.readFile, StandardOpenOption.READ)) {
      ByteBuffer b = ByteBuffer.allocate(IO_SIZE);
      c.read(b);
      return b;
    }
  }

  // ------------------------------------------------------------------------- read on an open file

  @Benchmark
  public ByteBuffer rdbss_read4k(Rdbss s) {
    return checkedView(s.held.read(0, IO_SIZE));
  }

  @Benchmark
  public byte[] direct_read4k(Direct s) {
    return s.held.read(0, IO_SIZE);
  }

  /** {@code read4k} into one reused buffer: no data allocated on any side. */
  @Benchmark
  public ByteBuffer rdbss_read4kInto(Rdbss s) {
    s.into.clear();
    IoStatusBlock io = s.held.read(0, s.into);
    if (!io.status().isSuccess() || io.information() != IO_SIZE) {
      throw new IllegalStateException("read: " + io);
    }
    return s.into;
  }

  @Benchmark
  public ByteBuffer direct_read4kInto(Direct s) {
    s.into.clear();
    s.held.read(0, s.into);
    return s.into;
  }

  @Benchmark
  public ByteBuffer jimfs_read4k(JimfsFs s) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(IO_SIZE);
    s.held.position(0);
    s.held.read(b);
    return b;
  }

  @Benchmark
  public ByteBuffer jimfs_read4kInto(JimfsFs s) throws IOException {
    s.into.clear();
    s.held.position(0);
    s.held.read(s.into);
    return s.into;
  }

  // ------------------------------------------------------------------------- open, write, close

  @Benchmark
  public long rdbss_openWriteClose(Rdbss s) {
    try (FileHandle h = s.session.open(UNC + WRITE_FILE, CreateRequest.readWrite().openIf())) {
      IoStatusBlock io = h.write(0, s.payload);
      if (!io.status().isSuccess()) {
        throw new IllegalStateException("write: " + io.status());
      }
      return io.information();
    }
  }

  @Benchmark
  public int direct_openWriteClose(Direct s) {
    try (MemoryStore.Open o = s.store.openIf(WRITE_FILE)) {
      return o.write(0, s.payload);
    }
  }

  @Benchmark
  public int jimfs_openWriteClose(JimfsFs s) throws IOException {
    try (SeekableByteChannel c =
        Files.newByteChannel(s.writeFile, StandardOpenOption.WRITE, StandardOpenOption.CREATE)) {
      s.payload.rewind();
      return c.write(s.payload);
    }
  }

  // ------------------------------------------------------------------------- write on an open file

  @Benchmark
  public long rdbss_write4k(Rdbss s) {
    IoStatusBlock io = s.heldForWrite.write(0, s.payload);
    if (!io.status().isSuccess()) {
      throw new IllegalStateException("write: " + io.status());
    }
    return io.information();
  }

  @Benchmark
  public int direct_write4k(Direct s) {
    return s.heldForWrite.write(0, s.payload);
  }

  @Benchmark
  public int jimfs_write4k(JimfsFs s) throws IOException {
    s.payload.rewind();
    s.heldForWrite.position(0);
    return s.heldForWrite.write(s.payload);
  }

  /** The bytes of a successful 4 KiB read, as a copy the caller owns. */
  static byte[] checked(ReadResult r) {
    checkedView(r);
    return r.data();
  }

  /** The bytes of a successful 4 KiB read, as the result's read-only view (no copy). */
  static ByteBuffer checkedView(ReadResult r) {
    if (!r.status().isSuccess() || r.length() != IO_SIZE) {
      throw new IllegalStateException("read: " + r.status() + ", " + r.length() + " bytes");
    }
    return r.buffer();
  }
}
