package dev.rdbss.minirdr.csc.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The file system, through {@link FileChannel}; files are created owner-only (issue 7 point 6). */
final class RealDisk implements Disk {

  @Override
  public DiskFile open(Path file) throws IOException {
    boolean created = !Files.exists(file);
    FileChannel channel =
        OwnerOnly.supported(file)
            ? FileChannel.open(
                file,
                java.util.Set.of(
                    StandardOpenOption.READ, StandardOpenOption.WRITE, StandardOpenOption.CREATE),
                OwnerOnly.FILE_ATTRIBUTE)
            : FileChannel.open(
                file, StandardOpenOption.READ, StandardOpenOption.WRITE, StandardOpenOption.CREATE);
    if (created) {
      // The creation attribute is filtered by the umask; set the mode explicitly as well.
      OwnerOnly.restrictFile(file);
    }
    return new Channel(channel);
  }

  @Override
  public boolean exists(Path file) {
    return Files.exists(file);
  }

  @Override
  public long length(Path file) throws IOException {
    try {
      return Files.size(file);
    } catch (java.nio.file.NoSuchFileException e) {
      return 0;
    }
  }

  @Override
  public void delete(Path file) throws IOException {
    Files.deleteIfExists(file);
  }

  @Override
  public void forceDirectory(Path folder) throws IOException {
    // On Linux a folder opened for reading can be fsynced, which makes its entries durable.
    try (FileChannel dir = FileChannel.open(folder, StandardOpenOption.READ)) {
      dir.force(true);
    } catch (IOException e) {
      // Some platforms (Windows) cannot open a folder as a channel; their file systems journal
      // names themselves, so there is nothing more to do.
      if (!Files.isDirectory(folder)) {
        throw e;
      }
    }
  }

  @Override
  public List<Path> list(Path folder) throws IOException {
    try (Stream<Path> files = Files.list(folder)) {
      return new ArrayList<>(files.toList());
    }
  }

  private static final class Channel implements DiskFile {
    private final FileChannel channel;

    Channel(FileChannel channel) {
      this.channel = channel;
    }

    @Override
    public int read(ByteBuffer dst, long position) throws IOException {
      return channel.read(dst, position);
    }

    @Override
    public void write(ByteBuffer src, long position) throws IOException {
      long at = position;
      while (src.hasRemaining()) {
        at += channel.write(src, at);
      }
    }

    @Override
    public long size() throws IOException {
      return channel.size();
    }

    @Override
    public void truncate(long size) throws IOException {
      channel.truncate(size);
    }

    @Override
    public void force() throws IOException {
      channel.force(false);
    }

    @Override
    public void close() throws IOException {
      channel.close();
    }
  }
}
