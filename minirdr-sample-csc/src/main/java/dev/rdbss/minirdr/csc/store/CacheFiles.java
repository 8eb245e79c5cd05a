package dev.rdbss.minirdr.csc.store;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The cache's file data (issue 7 point 4): one data file per cached file, named after the entry's
 * stable id so that a rename touches only the database. A data file may be shorter than the file it
 * caches (parts never read, sparse extensions): reads past its end give zeros, as a sparse file
 * would.
 *
 * <p>Durability is the caller's choice per call: {@code force} makes the change durable before the
 * call returns, and {@link #force(long)} makes earlier unforced changes durable (what a flush or a
 * close needs before it is acknowledged). A newly created data file is also made durable by name (its
 * folder is forced), or a crash could lose the whole file even though its contents were forced.
 *
 * <p>Not thread-safe: the store serializes calls.
 */
final class CacheFiles implements Closeable {

  /** Open data files kept at most; more are closed least recently used first. */
  private static final int OPEN_LIMIT = 32;

  private final Path folder;
  private final Disk disk;
  private final Map<Long, Disk.DiskFile> open = new LinkedHashMap<>(16, 0.75f, true);
  /** Files created since their folder was last forced. */
  private final Set<Long> namesNotDurable = new HashSet<>();
  /** Open files changed since their last force: forcing the others would be an fsync for nothing. */
  private final Set<Long> unforced = new HashSet<>();

  CacheFiles(Path folder, Disk disk) {
    this.folder = folder;
    this.disk = disk;
  }

  Path folder() {
    return folder;
  }

  Path pathOf(long id) {
    return folder.resolve(id + ".dat");
  }

  /**
   * Reads up to {@code length} bytes at {@code offset}, but never past {@code endOfFile} (the size
   * the metadata gives): bytes the data file does not hold read as zeros.
   */
  byte[] read(long id, long offset, int length, long endOfFile) throws IOException {
    if (offset < 0 || length < 0) {
      throw new IllegalArgumentException("offset " + offset + ", length " + length);
    }
    long available = Math.max(0, endOfFile - offset);
    byte[] result = new byte[(int) Math.min(length, available)];
    if (result.length == 0 || !disk.exists(pathOf(id)) && !open.containsKey(id)) {
      return result;
    }
    ByteBuffer dst = ByteBuffer.wrap(result);
    Disk.DiskFile file = file(id);
    while (dst.hasRemaining()) {
      int n = file.read(dst, offset + dst.position());
      if (n < 0) {
        break; // the rest stays zero
      }
    }
    return result;
  }

  /** Writes {@code data} at {@code offset}; with {@code force}, durably before returning. */
  void write(long id, long offset, byte[] data, boolean force) throws IOException {
    Disk.DiskFile file = file(id);
    unforced.add(id);
    file.write(ByteBuffer.wrap(data), offset);
    if (force) {
      force(id);
    }
  }

  /**
   * Sets the data file's length to at most {@code size}. Growing a file is left to the metadata:
   * the bytes past the data file's end read as zeros anyway.
   */
  void truncate(long id, long size, boolean force) throws IOException {
    if (!disk.exists(pathOf(id)) && !open.containsKey(id)) {
      return;
    }
    Disk.DiskFile file = file(id);
    if (file.size() > size) {
      unforced.add(id);
      file.truncate(size);
    }
    if (force) {
      force(id);
    }
  }

  /** Replaces the whole content with {@code data}; with {@code force}, durably. */
  void replace(long id, byte[] data, boolean force) throws IOException {
    Disk.DiskFile file = file(id);
    unforced.add(id);
    file.truncate(0);
    file.write(ByteBuffer.wrap(data), 0);
    if (force) {
      force(id);
    }
  }

  /** The bytes the data file holds (0 if it has none). Opens nothing that is not open already. */
  long storedLength(long id) throws IOException {
    Disk.DiskFile file = open.get(id);
    return file != null ? file.size() : disk.length(pathOf(id));
  }

  /** Makes every change to the data file durable, and its name if it is new. */
  void force(long id) throws IOException {
    Disk.DiskFile file = open.get(id);
    if (file != null && unforced.remove(id)) {
      file.force();
    }
    if (namesNotDurable.remove(id)) {
      disk.forceDirectory(folder);
    }
  }

  /** Forces every open data file. */
  void forceAll() throws IOException {
    for (Map.Entry<Long, Disk.DiskFile> e : open.entrySet()) {
      if (unforced.remove(e.getKey())) {
        e.getValue().force();
      }
    }
    if (!namesNotDurable.isEmpty()) {
      namesNotDurable.clear();
      disk.forceDirectory(folder);
    }
  }

  /** Deletes the data file. Not forced: an orphan left by a crash is swept at the next open. */
  void delete(long id) throws IOException {
    Disk.DiskFile file = open.remove(id);
    if (file != null) {
      file.close();
    }
    unforced.remove(id);
    namesNotDurable.remove(id);
    disk.delete(pathOf(id));
  }

  /** Deletes every data file whose id is not in {@code live} (orphans of an interrupted delete). */
  int sweep(Set<Long> live) throws IOException {
    int deleted = 0;
    for (Path p : disk.list(folder)) {
      @Nullable Long id = idOf(p);
      if (id == null || !live.contains(id)) {
        delete(p, id);
        deleted++;
      }
    }
    return deleted;
  }

  private void delete(Path p, @Nullable Long id) throws IOException {
    if (id != null) {
      delete(id.longValue());
    } else {
      disk.delete(p);
    }
  }

  private static @Nullable Long idOf(Path p) {
    String name = String.valueOf(p.getFileName());
    if (!name.endsWith(".dat")) {
      return null;
    }
    try {
      return Long.parseLong(name.substring(0, name.length() - 4));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private Disk.DiskFile file(long id) throws IOException {
    Disk.DiskFile file = open.get(id);
    if (file != null) {
      return file;
    }
    Path path = pathOf(id);
    boolean created = !disk.exists(path);
    file = disk.open(path);
    if (created) {
      namesNotDurable.add(id);
    }
    open.put(id, file);
    if (open.size() > OPEN_LIMIT) {
      closeEldest();
    }
    return file;
  }

  private void closeEldest() throws IOException {
    Iterator<Map.Entry<Long, Disk.DiskFile>> it = open.entrySet().iterator();
    Map.Entry<Long, Disk.DiskFile> eldest = it.next();
    // A later force(id) finds no open handle, so changes not yet forced are forced now: a close
    // costs one fsync at most, and none for a file only read.
    if (unforced.remove(eldest.getKey())) {
      eldest.getValue().force();
    }
    eldest.getValue().close();
    it.remove();
  }

  @Override
  public void close() throws IOException {
    forceAll();
    IOException failure = null;
    for (Disk.DiskFile file : open.values()) {
      try {
        file.close();
      } catch (IOException e) {
        failure = e;
      }
    }
    open.clear();
    if (failure != null) {
      throw failure;
    }
  }
}
