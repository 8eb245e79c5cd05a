package dev.rdbss.minirdr.csc.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A disk that loses, when a crash is injected, everything not yet forced (issue 7 point 5(b)):
 * file contents since the file's last {@code force}, and names created or deleted since their
 * folder's last {@code forceDirectory}. That is the worst a POSIX file system may do after a power
 * loss, and the contract {@link CacheFiles} is written against.
 *
 * <p>A crash is either called directly ({@link #crash()}) or armed to happen at the n-th mutating
 * disk operation ({@link #crashAtOperation}), which throws {@link SimulatedCrash} instead of
 * performing it; handles opened before a crash fail afterwards, as a dead process's would.
 */
final class SimulatedDisk implements Disk {

  /** Thrown by the disk operation at which an armed crash happens. */
  static final class SimulatedCrash extends IOException {
    SimulatedCrash(String operation) {
      super("simulated crash at " + operation);
    }
  }

  /** What the files hold now (the page cache). */
  private final Map<Path, byte[]> current = new HashMap<>();
  /** What each file held at its last force. */
  private final Map<Path, byte[]> forced = new HashMap<>();
  /** The names that would survive a crash. */
  private final Set<Path> durableNames = new HashSet<>();

  private int generation;
  private int countdown = -1;
  private int crashes;
  private long operations;

  /** Arms a crash at the {@code n}-th mutating operation from now (1 = the next one). */
  synchronized void crashAtOperation(int n) {
    countdown = n;
  }

  /** Disarms an armed crash. */
  synchronized void disarm() {
    countdown = -1;
  }

  /** How many crashes happened. */
  synchronized int crashes() {
    return crashes;
  }

  /** How many mutating operations ran (writes, truncates, forces, deletes, creations). */
  synchronized long operations() {
    return operations;
  }

  /** Loses everything not forced, now. */
  synchronized void crash() {
    Map<Path, byte[]> survivors = new HashMap<>();
    for (Path name : durableNames) {
      survivors.put(name, forced.getOrDefault(name, new byte[0]).clone());
    }
    current.clear();
    current.putAll(survivors);
    forced.keySet().retainAll(durableNames);
    generation++;
    crashes++;
    countdown = -1;
  }

  /** What {@code file} holds now, or null if it does not exist. */
  synchronized byte @Nullable [] contentOf(Path file) {
    byte[] data = current.get(file);
    return data == null ? null : data.clone();
  }

  private void mutation(String what) throws SimulatedCrash {
    operations++;
    if (countdown > 0 && --countdown == 0) {
      crash();
      throw new SimulatedCrash(what);
    }
  }

  @Override
  public synchronized DiskFile open(Path file) throws IOException {
    if (!current.containsKey(file)) {
      mutation("create " + file.getFileName());
      current.put(file, new byte[0]);
    }
    return new SimFile(file, generation);
  }

  @Override
  public synchronized boolean exists(Path file) {
    return current.containsKey(file);
  }

  @Override
  public synchronized long length(Path file) {
    byte[] data = current.get(file);
    return data == null ? 0 : data.length;
  }

  @Override
  public synchronized void delete(Path file) throws IOException {
    if (current.containsKey(file)) {
      mutation("delete " + file.getFileName());
      current.remove(file);
    }
  }

  @Override
  public synchronized void forceDirectory(Path folder) throws IOException {
    mutation("force folder");
    durableNames.removeIf(p -> folder.equals(p.getParent()) && !current.containsKey(p));
    for (Path p : current.keySet()) {
      if (folder.equals(p.getParent())) {
        durableNames.add(p);
      }
    }
  }

  @Override
  public synchronized List<Path> list(Path folder) {
    List<Path> result = new ArrayList<>();
    for (Path p : current.keySet()) {
      if (folder.equals(p.getParent())) {
        result.add(p);
      }
    }
    return result;
  }

  private final class SimFile implements DiskFile {
    private final Path path;
    private final int openedIn;

    SimFile(Path path, int openedIn) {
      this.path = path;
      this.openedIn = openedIn;
    }

    private byte[] content() throws IOException {
      if (openedIn != generation) {
        throw new IOException("handle from before a crash");
      }
      byte[] data = current.get(path);
      if (data == null) {
        throw new IOException(path + " was deleted");
      }
      return data;
    }

    @Override
    public int read(ByteBuffer dst, long position) throws IOException {
      synchronized (SimulatedDisk.this) {
        byte[] data = content();
        if (position >= data.length) {
          return -1;
        }
        int n = (int) Math.min(dst.remaining(), data.length - position);
        dst.put(data, (int) position, n);
        return n;
      }
    }

    @Override
    public void write(ByteBuffer src, long position) throws IOException {
      synchronized (SimulatedDisk.this) {
        byte[] data = content();
        mutation("write " + path.getFileName());
        int n = src.remaining();
        byte[] grown = data.length >= position + n ? data : Arrays.copyOf(data, (int) position + n);
        src.get(grown, (int) position, n);
        current.put(path, grown);
      }
    }

    @Override
    public long size() throws IOException {
      synchronized (SimulatedDisk.this) {
        return content().length;
      }
    }

    @Override
    public void truncate(long size) throws IOException {
      synchronized (SimulatedDisk.this) {
        byte[] data = content();
        mutation("truncate " + path.getFileName());
        if (data.length > size) {
          current.put(path, Arrays.copyOf(data, (int) size));
        }
      }
    }

    @Override
    public void force() throws IOException {
      synchronized (SimulatedDisk.this) {
        byte[] data = content();
        mutation("force " + path.getFileName());
        forced.put(path, data.clone());
      }
    }

    @Override
    public void close() {}
  }
}
