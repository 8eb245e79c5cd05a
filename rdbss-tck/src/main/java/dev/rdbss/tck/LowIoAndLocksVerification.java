package dev.rdbss.tck;

import dev.rdbss.api.NtStatus;
import dev.rdbss.api.file.FileDirectoryEntry;
import dev.rdbss.api.file.FileInformation;
import dev.rdbss.api.file.FsInformation;
import dev.rdbss.api.io.CreateRequest;
import dev.rdbss.api.io.FileHandle;
import dev.rdbss.api.io.IoSession;
import dev.rdbss.api.io.ReadResult;
import dev.rdbss.api.spi.Capability;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Low I/O and locks (spec §5.2, §6.6; fsx). Extend it and return your subject. */
public abstract class LowIoAndLocksVerification extends TckVerification
    implements LowIoAndLocksRules {

  /** How many operations the fsx rule runs per sequence ({@code -Drdbss.tck.fsx.operations}). */
  static final int FSX_OPERATIONS = Integer.getInteger("rdbss.tck.fsx.operations", 300);

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String text(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }

  @Override
  @Test
  @TckRule(spec = "§5.2 low I/O READ, §8",
      check = "a READ at or beyond the end of file answers END_OF_FILE, not SUCCESS with 0 bytes")
  public void required_s5_2_readPastEndIsEndOfFile() {
    h().createFile("tck-eof.txt", bytes("four"));
    try (FileHandle f = h().open(h().user(), h().unc("tck-eof.txt"), CreateRequest.read())) {
      ReadResult r = h().call("read", () -> f.read(10, 4));
      h().expectStatus(r.status(), NtStatus.END_OF_FILE, "a read at offset 10 of a 4-byte file");
    }
  }

  @Override
  @Test
  @TckRule(spec = "§5.2 low I/O WRITE",
      check = "a WRITE goes to LowIoParameters.ReadWrite.byteOffset(); past end of file the gap"
          + " reads as zeros")
  public void required_s5_2_writesAtOffsetsReadBack() {
    Harness h = h();
    try (FileHandle f = h.open(h.user(), h.unc("tck-offsets.txt"),
        CreateRequest.readWrite().overwriteIf())) {
      h.expectSuccess(h.call("write", () -> f.write(0, bytes("abc"))).status(), "write at 0");
      h.expectSuccess(h.call("write", () -> f.write(8, bytes("xyz"))).status(), "write at 8");
      h.expectSuccess(h.call("write", () -> f.write(1, bytes("B"))).status(), "write at 1");
    }
    byte[] expected = {'a', 'B', 'c', 0, 0, 0, 0, 0, 'x', 'y', 'z'};
    byte[] actual = h.readAll(h.otherUser(), "tck-offsets.txt");
    h.expect(Arrays.equals(actual, expected), "the file reads " + Arrays.toString(expected),
        () -> "it reads " + Arrays.toString(actual));
  }

  @Override
  @Test
  @TckRule(spec = "§5.2 MRxSetFileInfo, FileEndOfFileInformation",
      check = "setFileInfo with FileInformation.EndOfFile sets the size on the server, cutting or"
          + " zero-extending the content")
  public void required_s5_2_endOfFileTruncatesAndExtends() {
    Harness h = h();
    h.createFile("tck-size.txt", bytes("0123456789"));
    try (FileHandle f = h.open(h.user(), h.unc("tck-size.txt"), CreateRequest.readWrite().open())) {
      h.expectSuccess(h.call("truncate", () -> f.setInformation(new FileInformation.EndOfFile(4)))
          .status(), "setting end of file to 4");
      h.expectSuccess(h.call("extend", () -> f.setInformation(new FileInformation.EndOfFile(6)))
          .status(), "setting end of file to 6");
    }
    byte[] actual = h.readAll(h.otherUser(), "tck-size.txt");
    byte[] expected = {'0', '1', '2', '3', 0, 0};
    h.expect(Arrays.equals(actual, expected), "the file reads " + Arrays.toString(expected),
        () -> "it reads " + Arrays.toString(actual));
  }

  @Override
  @Test
  @TckRule(spec = "§5.2 RxLowIoCompletion",
      check = "a low I/O request answered PENDING is finished by exactly one"
          + " rdbss.lowIoCompletion(ctx); a request answered synchronously is never passed to it")
  public void required_s5_2_lowIoCompletesExactlyOnce() {
    Harness h = h();
    try (FileHandle f = h.open(h.user(), h.unc("tck-once.txt"),
        CreateRequest.readWrite().overwriteIf())) {
      for (int i = 0; i < 4; i++) {
        int at = i;
        h.expectSuccess(h.call("write", () -> f.write(at * 4L, bytes("blk" + at))).status(),
            "write " + i);
        h.expectSuccess(h.call("read", () -> f.read(0, 4)).status(), "read " + i);
      }
      h.noBugCheck("reads and writes");
    }
  }

  @Override
  @Test
  @TckRule(spec = "§5.2 low I/O, RxLowIoCompletion",
      check = "every request answered PENDING must be completed (rdbss.lowIoCompletion), also on"
          + " failure paths; otherwise the caller waits until RDBSS's I/O timeout")
  public void required_s5_2_pendingLowIoIsCompleted() {
    Harness h = h();
    try (FileHandle f = h.open(h.user(), h.unc("tck-pending-io.txt"),
        CreateRequest.readWrite().overwriteIf())) {
      h.expectSuccess(h.call("write", () -> f.write(0, bytes("data"))).status(), "a write");
      h.expectSuccess(h.call("read", () -> f.read(0, 4)).status(), "a read");
    }
  }

  @Override
  @Test
  @TckRule(spec = "§5.2 SHAREDLOCK/EXCLUSIVELOCK/UNLOCK, §6.6",
      check = "lowIoSubmit for the lock operations takes and releases the lock on the server (and"
          + " isLockRealizable answers SUCCESS for the shapes it supports)")
  public void optional_s5_2_byteRangeLocksConflict() {
    h().assumeCapability(Capability.BYTE_RANGE_LOCKS);
    Harness h = h();
    h.createFile("tck-lock.txt", bytes("0123456789"));
    CreateRequest rw = CreateRequest.readWrite().shareAll().open();
    try (FileHandle a = h.open(h.user(), h.unc("tck-lock.txt"), rw);
        FileHandle b = h.open(h.otherUser(), h.unc("tck-lock.txt"), rw)) {
      h.expectSuccess(h.call("lock", () -> a.lock(0, 5, true, true)).status(),
          "an exclusive lock of bytes 0-4");
      NtStatus second = h.call("lock", () -> b.lock(2, 2, true, true)).status();
      h.expect(second.equals(NtStatus.LOCK_NOT_GRANTED) || second.equals(NtStatus.FILE_LOCK_CONFLICT),
          "another user's overlapping lock is refused", () -> "it answered " + second);
      h.expectSuccess(h.call("unlock", () -> a.unlock(0, 5)).status(), "the unlock");
      h.expectSuccess(h.call("lock", () -> b.lock(2, 2, true, true)).status(),
          "the other user's lock after the unlock");
      h.expectSuccess(h.call("unlock", () -> b.unlock(2, 2)).status(), "its unlock");
    }
  }

  @Override
  @Test
  @TckRule(spec = "§5.2 MRxQueryDirectory",
      check = "queryDirectory adds one entry per child through ctx.info().addDirectoryEntry and"
          + " answers NO_MORE_FILES when done")
  public void optional_s5_2_directoryListsFiles() {
    h().assumeCapability(Capability.DIRECTORY_QUERY);
    h().createFile("tck-list-1.txt", bytes("1"));
    h().createFile("tck-list-2.txt", bytes("2"));
    try (FileHandle dir = h().open(h().user(), h().unc(""), CreateRequest.directory())) {
      var listing = h().call("query directory", () -> dir.queryDirectory("tck-list-*", true));
      h().expectSuccess(listing.status(), "a directory query");
      List<String> names = listing.entries().stream().map(FileDirectoryEntry::fileName)
          .sorted().collect(Collectors.toList());
      h().expect(names.equals(List.of("tck-list-1.txt", "tck-list-2.txt")),
          "the listing holds tck-list-1.txt and tck-list-2.txt", () -> "it holds " + names);
    }
  }

  @Override
  @Test
  @TckRule(spec = "§5.2 MRxSetFileInfo, FileRenameInformation",
      check = "setFileInfo with FileInformation.Rename moves the file on the server; the old name is"
          + " gone")
  public void optional_s5_2_renameMovesContent() {
    h().assumeCapability(Capability.RENAME);
    Harness h = h();
    h.createFile("tck-from.txt", bytes("moved"));
    try (FileHandle f = h.open(h.user(), h.unc("tck-from.txt"), CreateRequest.readWrite()
        .access(dev.rdbss.api.file.AccessMask.FILE_GENERIC_READ
            | dev.rdbss.api.file.AccessMask.DELETE).open())) {
      h.expectSuccess(h.call("rename", () -> f.setInformation(
          new FileInformation.Rename(false, "\\tck-to.txt"))).status(), "the rename");
    }
    h.expect(text(h.readAll(h.otherUser(), "tck-to.txt")).equals("moved"),
        "the new name holds the content", () -> "it does not");
    var old = h.tryOpen(h.user(), h.unc("tck-from.txt"), CreateRequest.read().open());
    old.handleIfOpened().ifPresent(FileHandle::close);
    h.expectStatus(old.status(), NtStatus.OBJECT_NAME_NOT_FOUND, "an open of the old name");
  }

  @Override
  @Test
  @TckRule(spec = "§5.2 MRxQueryVolumeInfo",
      check = "queryVolumeInfo sets ctx.info().setFsResult(new FsInformation.Volume(...))")
  public void optional_s5_2_volumeInformation() {
    h().assumeCapability(Capability.VOLUME_INFORMATION);
    try (FileHandle f = h().open(h().user(), h().unc(""), CreateRequest.directory())) {
      var v = h().call("query volume", () -> f.queryVolumeInformation(FsInformation.Volume.class));
      h().expectSuccess(v.status(), "a volume query");
    }
  }

  @Override
  @Test
  @TckRule(spec = "§5.2 low I/O, MRxSetFileInfo, §6.4, §6.6",
      check = "the printed seed and shortest failing sequence replay the bug:"
          + " -Drdbss.tck.seed=<seed>")
  public void stochastic_s5_2_fsxAgainstModel() {
    stochastic();
    Fsx fsx = new Fsx(seed(), FSX_OPERATIONS, h().declares(Capability.RENAME),
        h().declares(Capability.BYTE_RANGE_LOCKS));
    List<Fsx.Op> ops = fsx.generate();
    String failure = fsx.run(h(), ops);
    if (failure == null) {
      return;
    }
    List<Fsx.Op> shortest = fsx.shrink(ops, this::freshHarnessRun);
    throw h().fail("every result of " + ops.size() + " seeded operations matches the in-memory"
            + " model (seed " + seed() + ")",
        failure + "\n  shortest failing sequence (" + shortest.size() + " operations):\n    "
            + shortest.stream().map(Fsx.Op::toString).collect(Collectors.joining("\n    ")));
  }

  /** Runs {@code ops} on a fresh runtime; the failure, or null. */
  private @org.jspecify.annotations.Nullable String freshHarnessRun(Fsx fsx, List<Fsx.Op> ops) {
    Harness run = another(java.util.Map.of());
    try {
      return fsx.run(run, ops);
    } catch (TckFailure f) {
      return f.getMessage();
    } finally {
      try {
        run.close();
      } catch (Exception | AssertionError e) {
        // a leak in a shrinking run says nothing about the sequence
      }
    }
  }

  @Override
  @Test
  @TckRule(spec = "§3.3, §5.2",
      check = "the plugin's state shared between files and users is thread-safe")
  public void stochastic_s3_3_twoUsersConcurrently() throws Exception {
    stochastic();
    Harness h = h();
    h.createFile("tck-shared-c.txt", bytes("shared"));
    List<CompletableFuture<String>> users = new ArrayList<>();
    for (IoSession who : List.of(h.user(), h.otherUser())) {
      String own = "tck-own-" + who.userName() + ".txt";
      users.add(CompletableFuture.supplyAsync(() -> {
        for (int i = 0; i < 20; i++) {
          try (FileHandle f = who.open(h.unc(own), CreateRequest.readWrite().openIf())) {
            f.write(i, new byte[] {(byte) i});
          }
          try (FileHandle s = who.open(h.unc("tck-shared-c.txt"), CreateRequest.read().shareAll())) {
            ReadResult r = s.read(0, 6);
            if (!"shared".equals(text(r.data()))) {
              return "user " + who.userName() + " read \"" + text(r.data()) + "\" at round " + i;
            }
          }
        }
        return "";
      }));
    }
    for (CompletableFuture<String> u : users) {
      String problem = u.get(60, TimeUnit.SECONDS);
      h.expect(problem.isEmpty(), "both users' reads and writes succeed at once", () -> problem);
    }
    h.noBugCheck("two users working at once");
    h.scavenge();
  }
}
