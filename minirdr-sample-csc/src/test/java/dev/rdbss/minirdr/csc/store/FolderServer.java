package dev.rdbss.minirdr.csc.store;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A stand-in for the server in the kill test: one share as a folder, to which journal entries are
 * replayed with the idempotent rules of {@link JournalOp} (create if absent, write at an absolute
 * offset, rename done if the source is gone and the target is there, delete done if absent). Before
 * it applies an entry it appends the entry's id to {@code attempts.log}, so the test can count how
 * often each entry reached the server.
 *
 * <p>The CSC plugin's sync replays to a real SMB server (simulated or Samba); this class only lets
 * the store's replay contract be tested without one.
 */
final class FolderServer {

  private final Path share;
  private final Path attempts;

  FolderServer(Path root) throws IOException {
    this.share = root.resolve("share");
    this.attempts = root.resolve("attempts.log");
    Files.createDirectories(share);
  }

  private Path local(String path) {
    Path p = share;
    for (String part : path.split("\\\\")) {
      if (!part.isEmpty()) {
        p = p.resolve(part);
      }
    }
    return p;
  }

  /** Puts a file on the server directly (the state before any offline change). */
  void put(String path, byte[] content) throws IOException {
    Files.write(local(path), content);
  }

  /** Replays one journal entry; harmless if it was applied before. */
  void apply(JournalEntry e) throws IOException {
    Files.writeString(attempts, e.id() + "\n", StandardCharsets.US_ASCII, StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
    Path p = local(e.key().path());
    switch (e.op()) {
      case CREATE:
        if (!Files.exists(p)) {
          Files.createFile(p);
        }
        break;
      case MKDIR:
        Files.createDirectories(p);
        break;
      case WRITE:
        try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "rw")) {
          f.seek(e.offset());
          f.write(e.data());
        }
        break;
      case CONTENT:
        Files.write(p, e.data());
        break;
      case SET_SIZE:
        try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "rw")) {
          f.setLength(e.size());
        }
        break;
      case RENAME:
        {
          Path target = local(e.target().path());
          if (Files.exists(p)) {
            if (e.replaceIfExists()) {
              Files.move(p, target, StandardCopyOption.REPLACE_EXISTING);
            } else {
              Files.move(p, target);
            }
          } else if (!Files.exists(target)) {
            throw new IOException("rename of a missing file: " + e);
          }
          break;
        }
      case DELETE:
        Files.deleteIfExists(p);
        break;
      default:
        throw new IOException("unknown op " + e.op());
    }
  }

  /** The share's files and folders, as the workload's model. */
  OfflineWorkload.State state() throws IOException {
    OfflineWorkload.State s = new OfflineWorkload.State();
    try (Stream<Path> all = Files.walk(share)) {
      for (Path p : (Iterable<Path>) all::iterator) {
        if (p.equals(share)) {
          continue;
        }
        String path = "\\" + share.relativize(p).toString().replace('/', '\\');
        s.nodes.put(path, Files.isDirectory(p) ? null : Files.readAllBytes(p));
      }
    }
    return s;
  }

  /** A copy of this server in {@code root} (without the attempt log). */
  FolderServer copyTo(Path root) throws IOException {
    FolderServer copy = new FolderServer(root);
    try (Stream<Path> all = Files.walk(share)) {
      for (Path p : (Iterable<Path>) all::iterator) {
        Path to = copy.share.resolve(share.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(to);
        } else {
          Files.copy(p, to);
        }
      }
    }
    return copy;
  }

  /** How often each journal entry reached the server. */
  Map<Long, Integer> attempts() throws IOException {
    Map<Long, Integer> counts = new HashMap<>();
    if (Files.exists(attempts)) {
      List<String> lines = Files.readAllLines(attempts, StandardCharsets.US_ASCII);
      for (String line : lines) {
        if (!line.isBlank()) {
          counts.merge(Long.parseLong(line.trim()), 1, Integer::sum);
        }
      }
    }
    return counts;
  }
}
