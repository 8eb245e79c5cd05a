package dev.rdbss.minirdr.csc.store;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;

/**
 * What the cache's file-data layer needs from a disk. The real one ({@link RealDisk}) is the file
 * system through {@link java.nio.channels.FileChannel}; the durability test runs the same layer on
 * a simulated disk that forgets, when a crash is injected, every write not yet forced (issue 7
 * point 5(b)).
 *
 * <p>The contract is the POSIX one the real disk gives: a write is durable only after {@link
 * DiskFile#force()} on that file, and a newly created file's name is durable only after {@link
 * #forceDirectory} on its folder.
 */
interface Disk {

  /** Opens {@code file} for reading and writing, creating it (owner-only) if it does not exist. */
  DiskFile open(Path file) throws IOException;

  /** Whether {@code file} exists. */
  boolean exists(Path file);

  /** The length of {@code file}, or 0 if it does not exist; opens nothing. */
  long length(Path file) throws IOException;

  /** Deletes {@code file} if it exists. */
  void delete(Path file) throws IOException;

  /** Makes the creation and deletion of names in {@code folder} durable. */
  void forceDirectory(Path folder) throws IOException;

  /** The files in {@code folder}. */
  List<Path> list(Path folder) throws IOException;

  /** An open file. */
  interface DiskFile extends Closeable {

    /** Reads into {@code dst} from {@code position}; -1 at the end of the file. */
    int read(ByteBuffer dst, long position) throws IOException;

    /** Writes all of {@code src} at {@code position}. */
    void write(ByteBuffer src, long position) throws IOException;

    /** The file's length. */
    long size() throws IOException;

    /** Cuts the file to {@code size} bytes if it is longer. */
    void truncate(long size) throws IOException;

    /** Makes every write so far durable ({@code fsync}). */
    void force() throws IOException;
  }
}
