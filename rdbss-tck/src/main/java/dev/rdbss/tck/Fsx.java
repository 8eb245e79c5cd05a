package dev.rdbss.tck;

import dev.rdbss.api.NtStatus;
import dev.rdbss.api.file.AccessMask;
import dev.rdbss.api.file.FileInformation;
import dev.rdbss.api.io.CreateRequest;
import dev.rdbss.api.io.FileHandle;
import dev.rdbss.api.io.IoStatusBlock;
import dev.rdbss.api.io.ReadResult;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BiFunction;
import org.jspecify.annotations.Nullable;

/**
 * An fsx-style exerciser (after Apple's fsx, which WinFsp runs against its file systems): a seeded
 * sequence of open / read / write / extend / truncate / rename / lock / close through the host API,
 * every result checked against an in-memory model of the file, and on a mismatch the shortest
 * sequence that still fails, found by removing operations one at a time.
 */
final class Fsx {

  /** One operation; sequences stay valid whatever is removed (a missing open is implied). */
  record Op(Kind kind, long offset, int length, int fill) {
    @Override
    public String toString() {
      switch (kind) {
        case WRITE:
          return "write " + length + " bytes at " + offset + " (fill " + fill + ")";
        case READ:
          return "read " + length + " bytes at " + offset;
        case SET_END_OF_FILE:
          return "set end of file to " + offset;
        case LOCK:
          return "lock and unlock " + length + " bytes at " + offset;
        default:
          return kind.name().toLowerCase(java.util.Locale.ROOT);
      }
    }
  }

  enum Kind { OPEN, CLOSE, READ, WRITE, SET_END_OF_FILE, RENAME, LOCK }

  private static final int MAX_SIZE = 64 * 1024;
  private static final int MAX_SHRINK_RUNS = Integer.getInteger("rdbss.tck.fsx.shrinkRuns", 40);
  private static final String[] NAMES = {"tck-fsx-a.dat", "tck-fsx-b.dat"};

  private final long seed;
  private final int operations;
  private final boolean renames;
  private final boolean locks;

  Fsx(long seed, int operations, boolean renames, boolean locks) {
    this.seed = seed;
    this.operations = operations;
    this.renames = renames;
    this.locks = locks;
  }

  List<Op> generate() {
    SplittableRandom random = new SplittableRandom(seed);
    List<Op> ops = new ArrayList<>();
    for (int i = 0; i < operations; i++) {
      int roll = random.nextInt(100);
      long offset = random.nextInt(MAX_SIZE);
      int length = 1 + random.nextInt(random.nextBoolean() ? 64 : 4096);
      Kind kind;
      if (roll < 30) {
        kind = Kind.WRITE;
      } else if (roll < 55) {
        kind = Kind.READ;
      } else if (roll < 65) {
        kind = Kind.SET_END_OF_FILE;
        offset = random.nextInt(MAX_SIZE);
      } else if (roll < 75) {
        kind = Kind.CLOSE;
      } else if (roll < 82) {
        kind = Kind.OPEN;
      } else if (roll < 90 && renames) {
        kind = Kind.RENAME;
      } else if (locks) {
        kind = Kind.LOCK;
      } else {
        kind = Kind.READ;
      }
      ops.add(new Op(kind, offset, length, random.nextInt(256)));
    }
    return ops;
  }

  /** Runs {@code ops} on {@code h} from an empty file; the first mismatch, or null. */
  @Nullable String run(Harness h, List<Op> ops) {
    byte[] model = new byte[0];
    int name = 0;
    FileHandle handle = null;
    h.createFile(NAMES[name], new byte[0]);
    try {
      for (int i = 0; i < ops.size(); i++) {
        Op op = ops.get(i);
        String at = "operation " + (i + 1) + " (" + op + ")";
        if (op.kind() == Kind.CLOSE || op.kind() == Kind.RENAME) {
          if (handle != null) {
            FileHandle closing = handle;
            handle = null;
            h.call("close", () -> {
              closing.close();
              return null;
            });
          }
          if (op.kind() == Kind.RENAME) {
            int from = name;
            int to = 1 - name;
            FileHandle r = h.open(h.user(), h.unc(NAMES[from]), CreateRequest.readWrite()
                .access(AccessMask.FILE_GENERIC_READ | AccessMask.DELETE).open());
            IoStatusBlock s = h.call("rename", () -> r.setInformation(
                new FileInformation.Rename(true, "\\" + NAMES[to])));
            r.close();
            if (!s.isSuccess()) {
              return at + ": the rename answered " + s.status();
            }
            name = to;
          }
          continue;
        }
        if (handle == null) {
          String path = h.unc(NAMES[name]);
          var opened = h.tryOpen(h.user(), path, CreateRequest.readWrite().open());
          if (!opened.status().isSuccess()) {
            return at + ": reopening " + NAMES[name] + " answered " + opened.status();
          }
          handle = opened.handleIfOpened().orElseThrow();
        }
        FileHandle f = handle;
        switch (op.kind()) {
          case WRITE: {
            byte[] data = new byte[op.length()];
            for (int k = 0; k < data.length; k++) {
              data[k] = (byte) (op.fill() + k);
            }
            IoStatusBlock w = h.call("write", () -> f.write(op.offset(), data));
            if (!w.isSuccess() || w.information() != data.length) {
              return at + ": the write answered " + w;
            }
            int end = (int) op.offset() + data.length;
            if (end > model.length) {
              model = Arrays.copyOf(model, end);
            }
            System.arraycopy(data, 0, model, (int) op.offset(), data.length);
            break;
          }
          case READ: {
            ReadResult r = h.call("read", () -> f.read(op.offset(), op.length()));
            if (op.offset() >= model.length) {
              if (!r.status().equals(NtStatus.END_OF_FILE)) {
                return at + ": expected END_OF_FILE (file size " + model.length + "), got "
                    + r.status() + " with " + r.length() + " bytes";
              }
              break;
            }
            byte[] expected = Arrays.copyOfRange(model, (int) op.offset(),
                (int) Math.min(model.length, op.offset() + op.length()));
            if (!r.status().isSuccess() || !Arrays.equals(r.data(), expected)) {
              return at + ": expected " + expected.length + " bytes (file size " + model.length
                  + "), got " + r.status() + " with " + r.length() + " bytes"
                  + firstDifference(expected, r.data(), op.offset());
            }
            break;
          }
          case SET_END_OF_FILE: {
            IoStatusBlock s = h.call("set end of file", () -> f.setInformation(
                new FileInformation.EndOfFile(op.offset())));
            if (!s.isSuccess()) {
              return at + ": answered " + s.status();
            }
            model = Arrays.copyOf(model, (int) op.offset());
            break;
          }
          case LOCK: {
            IoStatusBlock l = h.call("lock", () -> f.lock(op.offset(), op.length(), true, true));
            if (!l.isSuccess()) {
              return at + ": the lock answered " + l.status();
            }
            IoStatusBlock u = h.call("unlock", () -> f.unlock(op.offset(), op.length()));
            if (!u.isSuccess()) {
              return at + ": the unlock answered " + u.status();
            }
            break;
          }
          default:
            break;
        }
      }
      return null;
    } finally {
      if (handle != null) {
        handle.close();
      }
    }
  }

  private static String firstDifference(byte[] expected, byte[] actual, long base) {
    int n = Math.min(expected.length, actual.length);
    for (int i = 0; i < n; i++) {
      if (expected[i] != actual[i]) {
        return "; first difference at file offset " + (base + i) + ": expected " + expected[i]
            + ", got " + actual[i];
      }
    }
    return "";
  }

  /**
   * Greedy shrinking: drops chunks, then single operations, keeping each removal after which a
   * fresh run still fails; at most {@code rdbss.tck.fsx.shrinkRuns} runs.
   */
  List<Op> shrink(List<Op> failing, BiFunction<Fsx, List<Op>, @Nullable String> runFresh) {
    List<Op> current = new ArrayList<>(failing);
    int runs = 0;
    // First cut the tail after the first failure: the run stops there anyway.
    for (int chunk = Math.max(1, current.size() / 2); chunk >= 1 && runs < MAX_SHRINK_RUNS;
        chunk /= 2) {
      for (int start = 0; start + chunk <= current.size() && runs < MAX_SHRINK_RUNS; ) {
        List<Op> candidate = new ArrayList<>(current.subList(0, start));
        candidate.addAll(current.subList(start + chunk, current.size()));
        runs++;
        if (!candidate.isEmpty() && runFresh.apply(this, candidate) != null) {
          current = candidate;
        } else {
          start += chunk;
        }
      }
    }
    return current;
  }
}
