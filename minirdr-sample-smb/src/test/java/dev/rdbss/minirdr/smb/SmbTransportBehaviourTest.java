package dev.rdbss.minirdr.smb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rdbss.api.Credentials;
import dev.rdbss.api.NtStatus;
import dev.rdbss.api.file.AccessMask;
import dev.rdbss.api.file.CreateDisposition;
import dev.rdbss.api.file.CreateInformation;
import dev.rdbss.api.file.CreateOption;
import dev.rdbss.api.file.FileAttribute;
import dev.rdbss.api.file.FileDirectoryEntry;
import dev.rdbss.api.file.FileInformation;
import dev.rdbss.api.file.FileInformationClass;
import dev.rdbss.api.file.FsInformation;
import dev.rdbss.api.file.NtCreateParameters;
import dev.rdbss.api.file.ShareAccess;
import dev.rdbss.api.io.ChangeNotification;
import dev.rdbss.minirdr.smb.client.ByteRange;
import dev.rdbss.minirdr.smb.client.ChangeFilter;
import dev.rdbss.minirdr.smb.client.OplockBreakListener;
import dev.rdbss.minirdr.smb.client.SmbClient;
import dev.rdbss.minirdr.smb.client.SmbCreateRequest;
import dev.rdbss.minirdr.smb.client.SmbCreateResult;
import dev.rdbss.minirdr.smb.client.SmbFileId;
import dev.rdbss.minirdr.smb.client.SmbResult;
import dev.rdbss.minirdr.smb.client.SmbSession;
import dev.rdbss.minirdr.smb.client.SmbTree;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The behaviour both transports must share, run once against the simulated server and once against
 * a real Samba: the sim's answers are right when they are Samba's. Each test works in a directory
 * of its own on the {@code docs} share, as the read-write user; a second user may only read.
 */
abstract class SmbTransportBehaviourTest {

  static final String SHARE = SambaServer.SHARE;
  static final Credentials WRITER =
      Credentials.of(SambaServer.WRITER, SambaServer.WRITER_PASSWORD.toCharArray());
  static final Credentials READER =
      Credentials.of(SambaServer.READER, SambaServer.READER_PASSWORD.toCharArray());

  /** Generous: a lost connection must be reported well within it, never by hanging. */
  static final Duration BOUND = Duration.ofSeconds(20);

  private static final AtomicInteger DIRECTORIES = new AtomicInteger();

  static final int READ_WRITE =
      AccessMask.FILE_GENERIC_READ | AccessMask.FILE_GENERIC_WRITE;
  static final int READ_WRITE_DELETE = READ_WRITE | AccessMask.DELETE;
  static final Set<ShareAccess> SHARE_ALL = EnumSet.allOf(ShareAccess.class);
  static final Set<ShareAccess> SHARE_NONE = EnumSet.noneOf(ShareAccess.class);

  SmbSession session;
  SmbTree tree;
  String dir;

  // ---- What a transport's subclass supplies ------------------------------------------------------

  /** The transport under test. */
  abstract SmbClient client();

  /** The server name that reaches the test server. */
  abstract String server();

  /** A server name that reaches nothing. */
  abstract String unknownServer();

  /** Breaks the client's connection to the server as abruptly as the transport allows. */
  abstract void breakConnection() throws Exception;

  /** Brings the server back after {@link #breakConnection} when it needs it. */
  void recoverFromBrokenConnection() throws Exception {}

  /** Restarts the server: handles die, files stay. */
  abstract void restartServer() throws Exception;

  /** Checks a file's content independently of the transport under test (smbclient for Samba). */
  void crossCheckContent(String path, byte[] expected) throws Exception {}

  /** Checks the names in a directory independently of the transport under test. */
  void crossCheckNames(String directory, Set<String> expected) throws Exception {}

  /** Checks the volume's size independently of the transport under test. */
  void crossCheckVolumeSize(FsInformation.Size size) throws Exception {}

  // ---- Fixture -----------------------------------------------------------------------------------

  @BeforeEach
  void connectAndMakeDirectory(TestInfo test) throws Exception {
    session = connect(WRITER).get();
    tree = await(session.treeConnect(SHARE)).get();
    String method = test.getTestMethod().map(m -> m.getName()).orElse("t");
    dir = "t" + DIRECTORIES.incrementAndGet() + "-" + method.substring(0, Math.min(24, method.length()));
    SmbCreateResult made = await(tree.create(dir, SmbCreateRequest.directory(CreateDisposition.CREATE))).get();
    close(made.fileId());
  }

  @AfterEach
  void logoff() throws Exception {
    if (session != null) {
      await(session.logoff());
    }
  }

  static <T> T await(CompletableFuture<T> future) throws Exception {
    return future.get(BOUND.toSeconds(), TimeUnit.SECONDS);
  }

  SmbResult<SmbSession> connect(Credentials credentials) throws Exception {
    return await(client().connect(server(), credentials, OplockBreakListener.IGNORE));
  }

  String path(String name) {
    return dir + "\\" + name;
  }

  SmbResult<SmbCreateResult> open(String name, int access, Set<ShareAccess> share, CreateDisposition disposition)
      throws Exception {
    return await(tree.create(path(name), SmbCreateRequest.file(access, share, disposition)));
  }

  SmbFileId createFile(String name, String content) throws Exception {
    SmbFileId id = open(name, READ_WRITE_DELETE, SHARE_ALL, CreateDisposition.CREATE).get().fileId();
    if (!content.isEmpty()) {
      assertThat(await(tree.write(id, 0, bytes(content))).get()).isEqualTo(content.length());
    }
    return id;
  }

  void close(SmbFileId id) throws Exception {
    assertThat(await(tree.close(id))).isEqualTo(NtStatus.SUCCESS);
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  static String text(byte[] b) {
    return new String(b, StandardCharsets.ISO_8859_1);
  }

  Set<String> list(String directory, String pattern) throws Exception {
    SmbFileId d = await(tree.create(directory, SmbCreateRequest.directory(CreateDisposition.OPEN))).get().fileId();
    try {
      SmbResult<List<FileDirectoryEntry>> entries = await(tree.queryDirectory(d, pattern));
      if (!entries.isSuccess()) {
        return Set.of("<" + entries.status().name() + ">");
      }
      return entries.get().stream().map(FileDirectoryEntry::fileName).collect(Collectors.toSet());
    } finally {
      close(d);
    }
  }

  FileInformation.Standard standard(SmbFileId id) throws Exception {
    return (FileInformation.Standard) await(tree.queryInfo(id, FileInformationClass.STANDARD)).get();
  }

  // ---- Create dispositions -----------------------------------------------------------------------

  @ParameterizedTest(name = "{0}")
  @EnumSource(CreateDisposition.class)
  void everyDispositionOnAMissingFileCreatesOrAnswersNotFound(CreateDisposition disposition) throws Exception {
    SmbResult<SmbCreateResult> result = open("missing.txt", READ_WRITE, SHARE_ALL, disposition);

    if (disposition == CreateDisposition.OPEN || disposition == CreateDisposition.OVERWRITE) {
      assertThat(result.status()).isEqualTo(NtStatus.OBJECT_NAME_NOT_FOUND);
    } else {
      assertThat(result.status()).isEqualTo(NtStatus.SUCCESS);
      assertThat(result.get().createAction()).isEqualTo(CreateInformation.CREATED);
      close(result.get().fileId());
    }
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(CreateDisposition.class)
  void everyDispositionOnAnExistingFileOpensTruncatesOrCollides(CreateDisposition disposition) throws Exception {
    close(createFile("existing.txt", "hello"));

    SmbResult<SmbCreateResult> result = open("existing.txt", READ_WRITE, SHARE_ALL, disposition);

    if (disposition == CreateDisposition.CREATE) {
      assertThat(result.status()).isEqualTo(NtStatus.OBJECT_NAME_COLLISION);
      return;
    }
    assertThat(result.status()).isEqualTo(NtStatus.SUCCESS);
    CreateInformation expected =
        switch (disposition) {
          case SUPERSEDE -> CreateInformation.SUPERSEDED;
          case OVERWRITE, OVERWRITE_IF -> CreateInformation.OVERWRITTEN;
          default -> CreateInformation.OPENED;
        };
    assertThat(result.get().createAction()).isEqualTo(expected);
    long expectedSize = disposition.overwrites() ? 0 : 5;
    assertThat(result.get().attributes().endOfFile()).isEqualTo(expectedSize);
    assertThat(standard(result.get().fileId()).endOfFile()).isEqualTo(expectedSize);
    close(result.get().fileId());
  }

  @Test
  void aMissingParentDirectoryIsPathNotFound() throws Exception {
    assertThat(open("nodir\\f.txt", READ_WRITE, SHARE_ALL, CreateDisposition.OPEN_IF).status())
        .isEqualTo(NtStatus.OBJECT_PATH_NOT_FOUND);
  }

  @Test
  void aFileUsedAsADirectoryInAPathIsPathNotFound() throws Exception {
    close(createFile("plain.txt", "x"));

    assertThat(open("plain.txt\\f.txt", READ_WRITE, SHARE_ALL, CreateDisposition.OPEN_IF).status())
        .isEqualTo(NtStatus.OBJECT_PATH_NOT_FOUND);
  }

  @Test
  void directoryAndNonDirectoryOptionsAreChecked() throws Exception {
    close(createFile("plain.txt", "x"));
    close(await(tree.create(path("sub"), SmbCreateRequest.directory(CreateDisposition.CREATE))).get().fileId());

    assertThat(open("sub", AccessMask.FILE_GENERIC_READ, SHARE_ALL, CreateDisposition.OPEN).status())
        .isEqualTo(NtStatus.FILE_IS_A_DIRECTORY);
    assertThat(await(tree.create(path("plain.txt"), SmbCreateRequest.directory(CreateDisposition.OPEN))).status())
        .isEqualTo(NtStatus.NOT_A_DIRECTORY);
  }

  // ---- Reads and writes --------------------------------------------------------------------------

  @Test
  void writesPastTheEndExtendWithZerosAndReadsPastItAnswerEndOfFile() throws Exception {
    SmbFileId f = createFile("data.bin", "abc");

    assertThat(await(tree.write(f, 10, bytes("XY"))).get()).isEqualTo(2);

    assertThat(text(await(tree.read(f, 0, 100)).get())).isEqualTo("abc\0\0\0\0\0\0\0XY");
    assertThat(text(await(tree.read(f, 10, 100)).get())).isEqualTo("XY");
    assertThat(text(await(tree.read(f, 1, 2)).get())).isEqualTo("bc");
    assertThat(await(tree.read(f, 12, 10)).status()).isEqualTo(NtStatus.END_OF_FILE);
    assertThat(await(tree.read(f, 1000, 10)).status()).isEqualTo(NtStatus.END_OF_FILE);
    assertThat(standard(f).endOfFile()).isEqualTo(12);
    close(f);
    crossCheckContent(path("data.bin"), bytes("abc\0\0\0\0\0\0\0XY"));
  }

  @Test
  void readIntoABufferFillsItFromItsPositionAndLeavesThePosition_s5_2() throws Exception {
    SmbFileId f = createFile("data.bin", "0123456789");
    java.nio.ByteBuffer into = java.nio.ByteBuffer.allocate(8);
    into.position(2);

    assertThat(await(tree.read(f, 4, into)).get()).isEqualTo(6); // "456789": the rest of the file
    assertThat(into.position()).isEqualTo(2);
    assertThat(text(into.array())).isEqualTo("\0\0" + "456789");

    java.nio.ByteBuffer small = java.nio.ByteBuffer.allocate(3);
    assertThat(await(tree.read(f, 1, small)).get()).isEqualTo(3); // no more than the room left
    assertThat(text(small.array())).isEqualTo("123");
    assertThat(await(tree.read(f, 10, java.nio.ByteBuffer.allocate(4))).status())
        .isEqualTo(NtStatus.END_OF_FILE);
    close(f);
  }

  @Test
  void aLargeReadIntoABufferSpansSeveralRequests_s5_2() throws Exception {
    byte[] big = new byte[3 * 1024 * 1024 + 17];
    for (int i = 0; i < big.length; i++) {
      big[i] = (byte) (i * 17 + 3);
    }
    SmbFileId f = createFile("big.bin", "");
    assertThat(await(tree.write(f, 0, big)).get()).isEqualTo(big.length);

    java.nio.ByteBuffer into = java.nio.ByteBuffer.allocate(big.length + 100);
    assertThat(await(tree.read(f, 0, into)).get()).isEqualTo(big.length);
    assertThat(Arrays.copyOf(into.array(), big.length)).isEqualTo(big);
    close(f);
  }

  @Test
  void writingThroughAReadOnlyOpenIsAccessDenied() throws Exception {
    close(createFile("data.bin", "abc"));
    SmbFileId f = open("data.bin", AccessMask.FILE_GENERIC_READ, SHARE_ALL, CreateDisposition.OPEN).get().fileId();

    assertThat(await(tree.write(f, 0, bytes("x"))).status()).isEqualTo(NtStatus.ACCESS_DENIED);
    close(f);
  }

  @Test
  void writesAtAnOffsetOverwriteInPlace() throws Exception {
    SmbFileId f = createFile("data.bin", "0123456789");

    await(tree.write(f, 3, bytes("abc")));

    assertThat(text(await(tree.read(f, 0, 10)).get())).isEqualTo("012abc6789");
    close(f);
    crossCheckContent(path("data.bin"), bytes("012abc6789"));
  }

  @Test
  void endOfFileTruncatesAndExtendsWithZeros() throws Exception {
    SmbFileId f = createFile("data.bin", "0123456789");

    assertThat(await(tree.setInfo(f, new FileInformation.EndOfFile(4)))).isEqualTo(NtStatus.SUCCESS);
    assertThat(await(tree.setInfo(f, new FileInformation.EndOfFile(6)))).isEqualTo(NtStatus.SUCCESS);

    assertThat(text(await(tree.read(f, 0, 100)).get())).isEqualTo("0123\0\0");
    close(f);
  }

  @Test
  void aLargeTransferSpansSeveralRequests() throws Exception {
    byte[] big = new byte[3 * 1024 * 1024 + 17];
    for (int i = 0; i < big.length; i++) {
      big[i] = (byte) (i * 31 + 7);
    }
    SmbFileId f = createFile("big.bin", "");

    assertThat(await(tree.write(f, 0, big)).get()).isEqualTo(big.length);

    assertThat(await(tree.read(f, 0, big.length + 100)).get()).isEqualTo(big);
    close(f);
  }

  // ---- Directories -------------------------------------------------------------------------------

  @Test
  void directoryListingMatchesStarAndQuestionMarkCaseInsensitively() throws Exception {
    for (String name : List.of("alpha.txt", "Beta.TXT", "gamma.log")) {
      close(createFile(name, "x"));
    }
    close(await(tree.create(path("delta"), SmbCreateRequest.directory(CreateDisposition.CREATE))).get().fileId());

    assertThat(list(dir, "*")).containsExactlyInAnyOrder(".", "..", "alpha.txt", "Beta.TXT", "gamma.log", "delta");
    assertThat(list(dir, "*.txt")).containsExactlyInAnyOrder("alpha.txt", "Beta.TXT");
    assertThat(list(dir, "?eta.*")).containsExactlyInAnyOrder("Beta.TXT");
    assertThat(list(dir, "G*")).containsExactlyInAnyOrder("gamma.log");
    assertThat(list(dir, "beta.txt")).containsExactlyInAnyOrder("Beta.TXT");
    assertThat(list(dir, "?????.???")).containsExactlyInAnyOrder("alpha.txt", "gamma.log");
    crossCheckNames(dir, Set.of("alpha.txt", "Beta.TXT", "gamma.log", "delta"));
  }

  @Test
  void theShareRootListsDotAndDotDotToo() throws Exception {
    assertThat(list("", "*")).contains(".", "..", dir);
  }

  @Test
  void aPatternMatchingNothingAnswersNoSuchFile() throws Exception {
    close(createFile("alpha.txt", "x"));

    assertThat(list(dir, "zzz*")).containsExactly("<NO_SUCH_FILE>");
  }

  @Test
  void changeNotificationReportsANewFile() throws Exception {
    ChangeNotification.Change added = new ChangeNotification.Change(ChangeNotification.Action.ADDED, "new.txt");

    ChangeNotification notification =
        notificationOf(ChangeFilter.FILE_NAME, () -> close(createFile("new.txt", "x")), added);

    assertThat(notification.status()).isEqualTo(NtStatus.SUCCESS);
    assertThat(notification.changes()).contains(added);
  }

  // ---- Volume --------------------------------------------------------------------------------------

  @Test
  void theVolumeIsLabelledWithTheShareNameAndReportsItsSize() throws Exception {
    SmbFileId f = createFile("v.txt", "x");

    FsInformation.Volume volume = (FsInformation.Volume) await(tree.queryVolumeInfo(f, FsInformation.Volume.class)).get();
    FsInformation.Size size = (FsInformation.Size) await(tree.queryVolumeInfo(f, FsInformation.Size.class)).get();

    assertThat(volume.volumeLabel()).isEqualTo(SHARE);
    assertThat(size.totalAllocationUnits()).isPositive();
    assertThat(size.actualAvailableAllocationUnits()).isBetween(0L, size.totalAllocationUnits());
    assertThat(size.callerAvailableAllocationUnits()).isBetween(0L, size.totalAllocationUnits());
    assertThat(size.sectorsPerAllocationUnit()).isPositive();
    assertThat(size.bytesPerSector()).isPositive();
    assertThat(await(tree.queryVolumeInfo(f, FsInformation.Attribute.class)).status()).isEqualTo(NtStatus.NOT_SUPPORTED);
    crossCheckVolumeSize(size);
    close(f);
  }

  /**
   * Watches the test's directory, runs {@code action}, and answers the notification that reports
   * {@code expected} (or the last one read, for the assertion to show).
   *
   * <p>The watch is primed first. Samba registers a watch with its notify daemon asynchronously
   * and does not report a change made before that lands (it happened under load), so a first
   * notification is answered for a canary file, created again until it is; Samba keeps a handle's
   * first filter, so the filter includes FILE_NAME throughout. Changes the canaries left buffered on
   * the server may come first: the next few answers are read until {@code expected} shows up.
   */
  ChangeNotification notificationOf(int filter, Action action, ChangeNotification.Change expected)
      throws Exception {
    int primed = filter | ChangeFilter.FILE_NAME;
    SmbFileId d = await(tree.create(dir, SmbCreateRequest.directory(CreateDisposition.OPEN))).get().fileId();
    try {
      CompletableFuture<ChangeNotification> first = tree.changeNotify(d, primed, false);
      for (int canary = 0; !first.isDone() && canary < 10; canary++) {
        close(createFile("canary-" + DIRECTORIES.incrementAndGet() + ".txt", ""));
        try {
          first.get(2, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException notYet) {
          // not watched yet when this canary came: make another change
        }
      }
      assertThat(await(first).status()).isEqualTo(NtStatus.SUCCESS);
      CompletableFuture<ChangeNotification> pending = tree.changeNotify(d, primed, false);
      action.run();
      ChangeNotification notification = await(pending);
      for (int more = 0; more < 3 && !notification.changes().contains(expected); more++) {
        notification = await(tree.changeNotify(d, primed, false));
      }
      return notification;
    } finally {
      close(d);
    }
  }

  interface Action {
    void run() throws Exception;
  }

  @Test
  void aRenameNotifiesTheOldAndTheNewNameInOneAnswer() throws Exception {
    close(createFile("old.txt", "x"));

    ChangeNotification n =
        notificationOf(ChangeFilter.FILE_NAME, () -> {
          SmbFileId f = open("old.txt", READ_WRITE_DELETE, SHARE_ALL, CreateDisposition.OPEN).get().fileId();
          await(tree.setInfo(f, new FileInformation.Rename(false, path("new.txt"))));
          close(f);
        }, new ChangeNotification.Change(ChangeNotification.Action.RENAMED_NEW_NAME, "new.txt"));

    assertThat(n.changes())
        .containsSequence(
            new ChangeNotification.Change(ChangeNotification.Action.RENAMED_OLD_NAME, "old.txt"),
            new ChangeNotification.Change(ChangeNotification.Action.RENAMED_NEW_NAME, "new.txt"));
  }

  @Test
  void writesAttributeChangesAndTruncationNotifyTheirFilters() throws Exception {
    close(createFile("w.txt", "x"));

    ChangeNotification.Change modifiedW = new ChangeNotification.Change(ChangeNotification.Action.MODIFIED, "w.txt");
    ChangeNotification write =
        notificationOf(ChangeFilter.LAST_WRITE, () -> {
          SmbFileId f = open("w.txt", READ_WRITE, SHARE_ALL, CreateDisposition.OPEN).get().fileId();
          await(tree.write(f, 1, bytes("more")));
          close(f);
        }, modifiedW);
    ChangeNotification attributes =
        notificationOf(ChangeFilter.ATTRIBUTES, () -> {
          SmbFileId f = open("w.txt", READ_WRITE, SHARE_ALL, CreateDisposition.OPEN).get().fileId();
          await(tree.setInfo(f, new FileInformation.Basic(
              java.time.Instant.EPOCH, java.time.Instant.EPOCH, java.time.Instant.EPOCH, java.time.Instant.EPOCH,
              FileAttribute.HIDDEN.bit())));
          close(f);
        }, modifiedW);
    ChangeNotification size =
        notificationOf(ChangeFilter.SIZE, () -> {
          SmbFileId f = open("w.txt", READ_WRITE, SHARE_ALL, CreateDisposition.OPEN).get().fileId();
          await(tree.setInfo(f, new FileInformation.EndOfFile(100)));
          close(f);
        }, modifiedW);

    assertThat(write.changes()).contains(modifiedW);
    assertThat(attributes.changes()).contains(modifiedW);
    assertThat(size.changes()).contains(modifiedW);
  }

  // ---- Names ---------------------------------------------------------------------------------------

  @Test
  void namesAreCaseInsensitiveAndKeepTheirCase() throws Exception {
    close(createFile("MixedCase.Txt", "content"));

    SmbResult<SmbCreateResult> other = open("mixedcase.TXT", READ_WRITE, SHARE_ALL, CreateDisposition.OPEN);
    assertThat(other.status()).isEqualTo(NtStatus.SUCCESS);
    assertThat(text(await(tree.read(other.get().fileId(), 0, 100)).get())).isEqualTo("content");
    close(other.get().fileId());
    assertThat(open("MIXEDCASE.TXT", READ_WRITE, SHARE_ALL, CreateDisposition.CREATE).status())
        .isEqualTo(NtStatus.OBJECT_NAME_COLLISION);
    assertThat(list(dir, "*.txt")).containsExactly("MixedCase.Txt");
  }

  // ---- Rename --------------------------------------------------------------------------------------

  @Test
  void renameMovesTheFileAndRefusesAnExistingTarget() throws Exception {
    SmbFileId a = createFile("a.txt", "from a");
    close(createFile("b.txt", "from b"));

    assertThat(await(tree.setInfo(a, new FileInformation.Rename(false, path("b.txt")))))
        .isEqualTo(NtStatus.OBJECT_NAME_COLLISION);
    assertThat(await(tree.setInfo(a, new FileInformation.Rename(false, path("c.txt")))))
        .isEqualTo(NtStatus.SUCCESS);
    close(a);

    assertThat(list(dir, "*.txt")).containsExactlyInAnyOrder("b.txt", "c.txt");
    crossCheckNames(dir, Set.of("b.txt", "c.txt"));
    crossCheckContent(path("c.txt"), bytes("from a"));
  }

  @Test
  void renameOverReplacesTheTargetWhenAsked() throws Exception {
    SmbFileId a = createFile("a.txt", "from a");
    close(createFile("b.txt", "from b"));

    assertThat(await(tree.setInfo(a, new FileInformation.Rename(true, path("b.txt")))))
        .isEqualTo(NtStatus.SUCCESS);
    close(a);

    assertThat(list(dir, "*.txt")).containsExactly("b.txt");
    crossCheckContent(path("b.txt"), bytes("from a"));
  }

  @Test
  void renameOntoAnOpenFileIsAccessDenied() throws Exception {
    SmbFileId a = createFile("a.txt", "from a");
    SmbFileId b = createFile("b.txt", "from b");

    assertThat(await(tree.setInfo(a, new FileInformation.Rename(true, path("b.txt")))))
        .isEqualTo(NtStatus.ACCESS_DENIED);
    close(a);
    close(b);
  }

  @Test
  void renameIntoAnotherDirectoryAndChangingOnlyTheCaseWork() throws Exception {
    close(await(tree.create(path("sub"), SmbCreateRequest.directory(CreateDisposition.CREATE))).get().fileId());
    SmbFileId a = createFile("a.txt", "x");

    assertThat(await(tree.setInfo(a, new FileInformation.Rename(false, path("sub\\A.TXT")))))
        .isEqualTo(NtStatus.SUCCESS);
    assertThat(await(tree.setInfo(a, new FileInformation.Rename(false, path("sub\\a.Txt")))))
        .isEqualTo(NtStatus.SUCCESS);
    close(a);

    assertThat(list(path("sub"), "*.txt")).containsExactly("a.Txt");
  }

  @Test
  void renameToAMissingDirectoryIsPathNotFound() throws Exception {
    SmbFileId a = createFile("a.txt", "x");

    assertThat(await(tree.setInfo(a, new FileInformation.Rename(false, path("nodir\\a.txt")))))
        .isEqualTo(NtStatus.OBJECT_PATH_NOT_FOUND);
    close(a);
  }

  /**
   * Windows requires DELETE access on the open for a rename; Samba 4.17 does not (it checks the
   * user's right to change the directory instead), and the sim follows Samba.
   */
  @Test
  void renameWithoutDeleteAccessSucceedsAsOnSamba() throws Exception {
    close(createFile("a.txt", "x"));
    SmbFileId a = open("a.txt", READ_WRITE, SHARE_ALL, CreateDisposition.OPEN).get().fileId();

    assertThat(await(tree.setInfo(a, new FileInformation.Rename(false, path("b.txt")))))
        .isEqualTo(NtStatus.SUCCESS);
    close(a);
  }

  /**
   * Samba renames through an open that has DELETE or FILE_WRITE_ATTRIBUTES (its {@code can_rename});
   * any other open, a read-only one first of all, is refused.
   */
  @Test
  void renameNeedsDeleteOrWriteAttributesOnTheOpen() throws Exception {
    int[] refused = {
      AccessMask.FILE_GENERIC_READ, AccessMask.FILE_WRITE_DATA, AccessMask.FILE_APPEND_DATA, AccessMask.FILE_WRITE_EA
    };
    for (int access : refused) {
      close(createFile("refused.txt", "x"));
      SmbFileId f = open("refused.txt", access, SHARE_ALL, CreateDisposition.OPEN).get().fileId();
      assertThat(await(tree.setInfo(f, new FileInformation.Rename(false, path("renamed.txt")))))
          .as("rename through an open with access 0x%x", access)
          .isEqualTo(NtStatus.ACCESS_DENIED);
      close(f);
      assertThat(list(dir, "*.txt")).containsExactly("refused.txt");
      SmbFileId cleanup = open("refused.txt", AccessMask.DELETE, SHARE_ALL, CreateDisposition.OPEN).get().fileId();
      await(tree.setInfo(cleanup, new FileInformation.Disposition(true)));
      close(cleanup);
    }
    int[] accepted = {AccessMask.DELETE, AccessMask.FILE_WRITE_ATTRIBUTES};
    for (int access : accepted) {
      close(createFile("accepted.txt", "x"));
      SmbFileId f = open("accepted.txt", access, SHARE_ALL, CreateDisposition.OPEN).get().fileId();
      assertThat(await(tree.setInfo(f, new FileInformation.Rename(false, path("moved-" + access + ".txt")))))
          .as("rename through an open with access 0x%x", access)
          .isEqualTo(NtStatus.SUCCESS);
      close(f);
    }
    crossCheckNames(dir, Set.of("moved-" + AccessMask.DELETE + ".txt", "moved-" + AccessMask.FILE_WRITE_ATTRIBUTES + ".txt"));
  }

  @Test
  void renameOntoADirectoryCollidesEvenWhenReplacing() throws Exception {
    close(await(tree.create(path("target"), SmbCreateRequest.directory(CreateDisposition.CREATE))).get().fileId());
    SmbFileId f = createFile("a.txt", "x");

    assertThat(await(tree.setInfo(f, new FileInformation.Rename(true, path("target")))))
        .isEqualTo(NtStatus.OBJECT_NAME_COLLISION);
    assertThat(await(tree.setInfo(f, new FileInformation.Rename(false, path("target")))))
        .isEqualTo(NtStatus.OBJECT_NAME_COLLISION);
    close(f);
  }

  @Test
  void aDirectoryCannotMoveBelowItself() throws Exception {
    close(await(tree.create(path("outer"), SmbCreateRequest.directory(CreateDisposition.CREATE))).get().fileId());
    SmbFileId outer =
        await(tree.create(path("outer"), SmbCreateRequest.of(directoryFor(AccessMask.DELETE | AccessMask.FILE_READ_ATTRIBUTES))))
            .get()
            .fileId();

    assertThat(await(tree.setInfo(outer, new FileInformation.Rename(false, path("outer\\inner")))))
        .isEqualTo(NtStatus.SHARING_VIOLATION);
    close(outer);
  }

  static NtCreateParameters directoryFor(int access, CreateOption... more) {
    EnumSet<CreateOption> options = EnumSet.of(CreateOption.DIRECTORY_FILE);
    options.addAll(Arrays.asList(more));
    return new NtCreateParameters(
        access, 0, EnumSet.noneOf(FileAttribute.class), SHARE_ALL, CreateDisposition.OPEN, options);
  }

  static NtCreateParameters fileWithAttributes(
      int access, Set<FileAttribute> attributes, CreateDisposition disposition, CreateOption... more) {
    EnumSet<CreateOption> options = EnumSet.of(CreateOption.NON_DIRECTORY_FILE);
    options.addAll(Arrays.asList(more));
    return new NtCreateParameters(access, 0, attributes, SHARE_ALL, disposition, options);
  }

  // ---- Attributes ----------------------------------------------------------------------------------

  @Test
  void aReadOnlyFileRefusesWritesAndDeletionUntilOverwritten() throws Exception {
    SmbResult<SmbCreateResult> created =
        await(tree.create(path("ro.txt"),
            SmbCreateRequest.of(fileWithAttributes(READ_WRITE, EnumSet.of(FileAttribute.READONLY), CreateDisposition.CREATE))));
    assertThat(created.get().attributes().fileAttributes())
        .isEqualTo(FileAttribute.READONLY.bit() | FileAttribute.ARCHIVE.bit());
    close(created.get().fileId());

    assertThat(open("ro.txt", READ_WRITE, SHARE_ALL, CreateDisposition.OPEN).status()).isEqualTo(NtStatus.ACCESS_DENIED);
    SmbFileId attributes = open("ro.txt", AccessMask.FILE_WRITE_ATTRIBUTES, SHARE_ALL, CreateDisposition.OPEN).get().fileId();
    close(attributes);
    SmbFileId deleter = open("ro.txt", AccessMask.DELETE, SHARE_ALL, CreateDisposition.OPEN).get().fileId();
    assertThat(await(tree.setInfo(deleter, new FileInformation.Disposition(true)))).isEqualTo(NtStatus.CANNOT_DELETE);
    close(deleter);
    assertThat(await(tree.create(path("ro.txt"),
            SmbCreateRequest.of(fileWithAttributes(AccessMask.DELETE, Set.of(), CreateDisposition.OPEN, CreateOption.DELETE_ON_CLOSE)))).status())
        .isEqualTo(NtStatus.CANNOT_DELETE);

    // Samba lets an overwrite through; it replaces the attributes with those asked for.
    SmbResult<SmbCreateResult> overwritten =
        await(tree.create(path("ro.txt"),
            SmbCreateRequest.of(fileWithAttributes(AccessMask.FILE_GENERIC_READ, Set.of(), CreateDisposition.OVERWRITE_IF))));
    assertThat(overwritten.get().createAction()).isEqualTo(CreateInformation.OVERWRITTEN);
    assertThat(overwritten.get().attributes().fileAttributes()).isEqualTo(FileAttribute.ARCHIVE.bit());
    close(overwritten.get().fileId());
    SmbFileId writable = open("ro.txt", READ_WRITE, SHARE_ALL, CreateDisposition.OPEN).get().fileId();
    close(writable);
  }

  @Test
  void overwritingAHiddenFileMustAskForHiddenAgain() throws Exception {
    close(await(tree.create(path("h.txt"),
        SmbCreateRequest.of(fileWithAttributes(READ_WRITE, EnumSet.of(FileAttribute.HIDDEN), CreateDisposition.CREATE)))).get().fileId());

    assertThat(await(tree.create(path("h.txt"),
            SmbCreateRequest.of(fileWithAttributes(READ_WRITE, Set.of(), CreateDisposition.OVERWRITE)))).status())
        .isEqualTo(NtStatus.ACCESS_DENIED);
    SmbResult<SmbCreateResult> again =
        await(tree.create(path("h.txt"),
            SmbCreateRequest.of(fileWithAttributes(READ_WRITE, EnumSet.of(FileAttribute.HIDDEN), CreateDisposition.OVERWRITE))));
    assertThat(again.get().attributes().fileAttributes())
        .isEqualTo(FileAttribute.HIDDEN.bit() | FileAttribute.ARCHIVE.bit());
    close(again.get().fileId());
  }

  @Test
  void informationNeedsReadAttributesExceptStandardAndInternal() throws Exception {
    close(createFile("q.txt", "x"));
    SmbFileId dataOnly = open("q.txt", AccessMask.FILE_READ_DATA, SHARE_ALL, CreateDisposition.OPEN).get().fileId();

    for (FileInformationClass denied :
        List.of(FileInformationClass.BASIC, FileInformationClass.NETWORK_OPEN, FileInformationClass.NAME)) {
      assertThat(await(tree.queryInfo(dataOnly, denied)).status()).as(denied.name()).isEqualTo(NtStatus.ACCESS_DENIED);
    }
    for (FileInformationClass allowed : List.of(FileInformationClass.STANDARD, FileInformationClass.INTERNAL)) {
      assertThat(await(tree.queryInfo(dataOnly, allowed)).status()).as(allowed.name()).isEqualTo(NtStatus.SUCCESS);
    }
    close(dataOnly);
  }

  // ---- Directories as handles ----------------------------------------------------------------------

  @Test
  void aDirectoryHandleIsNeitherReadWrittenNorLockedAndAFileIsNotListed() throws Exception {
    SmbFileId d = await(tree.create(dir, SmbCreateRequest.directory(CreateDisposition.OPEN))).get().fileId();
    SmbFileId f = createFile("f.txt", "x");

    assertThat(await(tree.read(d, 0, 1)).status()).isEqualTo(NtStatus.INVALID_DEVICE_REQUEST);
    assertThat(await(tree.write(d, 0, bytes("x"))).status()).isEqualTo(NtStatus.ACCESS_DENIED);
    assertThat(await(tree.lock(d, new ByteRange(0, 1), true, true))).isEqualTo(NtStatus.INVALID_DEVICE_REQUEST);
    assertThat(await(tree.queryDirectory(f, "*")).status()).isEqualTo(NtStatus.NOT_SUPPORTED);
    close(d);
    close(f);
  }

  @Test
  void aZeroLengthReadSucceedsEvenAtAndPastTheEnd() throws Exception {
    SmbFileId f = createFile("z.txt", "abc");

    assertThat(await(tree.read(f, 0, 0)).get()).isEmpty();
    assertThat(await(tree.read(f, 3, 0)).get()).isEmpty();
    assertThat(await(tree.read(f, 100, 0)).get()).isEmpty();
    assertThat(await(tree.read(f, 3, 1)).status()).isEqualTo(NtStatus.END_OF_FILE);
    close(f);
  }

  // ---- Delete --------------------------------------------------------------------------------------

  @Test
  void aDeletedFileIsPendingUntilItsLastOpenCloses() throws Exception {
    SmbFileId first = createFile("doomed.txt", "x");
    SmbFileId second = open("doomed.txt", AccessMask.FILE_GENERIC_READ, SHARE_ALL, CreateDisposition.OPEN).get().fileId();

    assertThat(await(tree.setInfo(first, new FileInformation.Disposition(true)))).isEqualTo(NtStatus.SUCCESS);

    assertThat(standard(second).deletePending()).isTrue();
    assertThat(open("doomed.txt", AccessMask.FILE_GENERIC_READ, SHARE_ALL, CreateDisposition.OPEN).status())
        .isEqualTo(NtStatus.DELETE_PENDING);
    assertThat(open("doomed.txt", READ_WRITE, SHARE_ALL, CreateDisposition.OVERWRITE_IF).status())
        .isEqualTo(NtStatus.DELETE_PENDING);
    close(first);
    assertThat(open("doomed.txt", AccessMask.FILE_GENERIC_READ, SHARE_ALL, CreateDisposition.OPEN).status())
        .isEqualTo(NtStatus.DELETE_PENDING);
    close(second);

    assertThat(open("doomed.txt", AccessMask.FILE_GENERIC_READ, SHARE_ALL, CreateDisposition.OPEN).status())
        .isEqualTo(NtStatus.OBJECT_NAME_NOT_FOUND);
    crossCheckNames(dir, Set.of());
  }

  @Test
  void deleteOnCloseWithoutDeleteAccessIsInvalidParameter() throws Exception {
    assertThat(await(tree.create(path("doc.txt"),
            SmbCreateRequest.of(fileWithAttributes(READ_WRITE, Set.of(), CreateDisposition.CREATE, CreateOption.DELETE_ON_CLOSE)))).status())
        .isEqualTo(NtStatus.INVALID_PARAMETER);
    assertThat(open("doc.txt", AccessMask.FILE_READ_ATTRIBUTES, SHARE_ALL, CreateDisposition.OPEN).status())
        .isEqualTo(NtStatus.OBJECT_NAME_NOT_FOUND);
  }

  /**
   * Samba lets a delete-pending directory take new entries; its last close then answers
   * DIRECTORY_NOT_EMPTY and the directory stays, with what was put in it.
   */
  @Test
  void aDeletePendingDirectoryTakesEntriesAndThenStays() throws Exception {
    close(await(tree.create(path("pending"), SmbCreateRequest.directory(CreateDisposition.CREATE))).get().fileId());
    SmbFileId d =
        await(tree.create(path("pending"), SmbCreateRequest.of(directoryFor(AccessMask.DELETE | AccessMask.FILE_READ_ATTRIBUTES))))
            .get()
            .fileId();
    assertThat(await(tree.setInfo(d, new FileInformation.Disposition(true)))).isEqualTo(NtStatus.SUCCESS);
    assertThat(standard(d).deletePending()).isTrue();
    assertThat(standard(d).numberOfLinks()).isZero();

    close(createFile("pending\\late.txt", "x"));

    assertThat(await(tree.close(d))).isEqualTo(NtStatus.DIRECTORY_NOT_EMPTY);
    assertThat(list(path("pending"), "*.txt")).containsExactly("late.txt");
    crossCheckNames(path("pending"), Set.of("late.txt"));
  }

  @Test
  void clearingTheDispositionKeepsTheFile() throws Exception {
    SmbFileId f = createFile("kept.txt", "x");

    await(tree.setInfo(f, new FileInformation.Disposition(true)));
    assertThat(await(tree.setInfo(f, new FileInformation.Disposition(false)))).isEqualTo(NtStatus.SUCCESS);
    close(f);

    assertThat(list(dir, "*.txt")).containsExactly("kept.txt");
  }

  @Test
  void deleteOnCloseDeletesAtClose() throws Exception {
    SmbFileId f =
        await(
                tree.create(
                    path("temp.txt"),
                    SmbCreateRequest.of(
                        new NtCreateParameters(
                            READ_WRITE_DELETE,
                            0,
                            EnumSet.of(FileAttribute.NORMAL),
                            SHARE_ALL,
                            CreateDisposition.CREATE,
                            EnumSet.of(CreateOption.NON_DIRECTORY_FILE, CreateOption.DELETE_ON_CLOSE)))))
            .get()
            .fileId();
    close(f);

    assertThat(open("temp.txt", AccessMask.FILE_GENERIC_READ, SHARE_ALL, CreateDisposition.OPEN).status())
        .isEqualTo(NtStatus.OBJECT_NAME_NOT_FOUND);
  }

  @Test
  void deletingWithoutDeleteAccessIsAccessDenied() throws Exception {
    close(createFile("a.txt", "x"));
    SmbFileId a = open("a.txt", READ_WRITE, SHARE_ALL, CreateDisposition.OPEN).get().fileId();

    assertThat(await(tree.setInfo(a, new FileInformation.Disposition(true)))).isEqualTo(NtStatus.ACCESS_DENIED);
    close(a);
  }

  @Test
  void aNonEmptyDirectoryCannotBeDeleted() throws Exception {
    close(await(tree.create(path("full"), SmbCreateRequest.directory(CreateDisposition.CREATE))).get().fileId());
    close(createFile("full\\inside.txt", "x"));
    NtCreateParameters deleteDirectory =
        new NtCreateParameters(
            AccessMask.DELETE | AccessMask.FILE_READ_ATTRIBUTES,
            0,
            EnumSet.noneOf(FileAttribute.class),
            SHARE_ALL,
            CreateDisposition.OPEN,
            EnumSet.of(CreateOption.DIRECTORY_FILE));
    SmbFileId d = await(tree.create(path("full"), SmbCreateRequest.of(deleteDirectory))).get().fileId();

    assertThat(await(tree.setInfo(d, new FileInformation.Disposition(true))))
        .isEqualTo(NtStatus.DIRECTORY_NOT_EMPTY);
    close(d);
  }

  // ---- Share modes ---------------------------------------------------------------------------------

  @Test
  void anOpenThatSharesOnlyReadingRefusesWriters() throws Exception {
    close(createFile("shared.txt", "x"));
    SmbFileId reader =
        open("shared.txt", AccessMask.FILE_GENERIC_READ, EnumSet.of(ShareAccess.READ), CreateDisposition.OPEN)
            .get()
            .fileId();

    assertThat(open("shared.txt", READ_WRITE, SHARE_ALL, CreateDisposition.OPEN).status())
        .isEqualTo(NtStatus.SHARING_VIOLATION);
    SmbResult<SmbCreateResult> secondReader =
        open("shared.txt", AccessMask.FILE_GENERIC_READ, EnumSet.of(ShareAccess.READ), CreateDisposition.OPEN);
    assertThat(secondReader.status()).isEqualTo(NtStatus.SUCCESS);
    close(secondReader.get().fileId());
    close(reader);
  }

  @Test
  void anOpenThatSharesNothingRefusesEveryDataOpenButNotAttributeOpens() throws Exception {
    close(createFile("private.txt", "x"));
    SmbFileId owner = open("private.txt", READ_WRITE, SHARE_NONE, CreateDisposition.OPEN).get().fileId();

    assertThat(open("private.txt", AccessMask.FILE_GENERIC_READ, SHARE_ALL, CreateDisposition.OPEN).status())
        .isEqualTo(NtStatus.SHARING_VIOLATION);
    assertThat(open("private.txt", AccessMask.DELETE, SHARE_ALL, CreateDisposition.OPEN).status())
        .isEqualTo(NtStatus.SHARING_VIOLATION);
    SmbResult<SmbCreateResult> attributes =
        open("private.txt", AccessMask.FILE_READ_ATTRIBUTES | AccessMask.SYNCHRONIZE, SHARE_ALL, CreateDisposition.OPEN);
    assertThat(attributes.status()).isEqualTo(NtStatus.SUCCESS);
    close(attributes.get().fileId());
    close(owner);
  }

  @Test
  void aNewOpenMustShareWhatExistingOpensUse() throws Exception {
    close(createFile("used.txt", "x"));
    SmbFileId writer = open("used.txt", READ_WRITE, SHARE_ALL, CreateDisposition.OPEN).get().fileId();

    assertThat(open("used.txt", AccessMask.FILE_GENERIC_READ, EnumSet.of(ShareAccess.READ), CreateDisposition.OPEN).status())
        .isEqualTo(NtStatus.SHARING_VIOLATION);
    close(writer);
  }

  // ---- Byte-range locks ----------------------------------------------------------------------------

  @Test
  void anExclusiveLockRefusesOtherOpensLocksReadsAndWrites() throws Exception {
    SmbFileId a = createFile("locked.bin", "0123456789abcdefghijklmnopqrstuvwxyz");
    SmbFileId b = open("locked.bin", READ_WRITE, SHARE_ALL, CreateDisposition.OPEN).get().fileId();

    assertThat(await(tree.lock(a, new ByteRange(0, 10), true, true))).isEqualTo(NtStatus.SUCCESS);

    assertThat(await(tree.lock(b, new ByteRange(5, 10), false, true))).isEqualTo(NtStatus.LOCK_NOT_GRANTED);
    assertThat(await(tree.read(b, 0, 5)).status()).isEqualTo(NtStatus.FILE_LOCK_CONFLICT);
    assertThat(await(tree.write(b, 8, bytes("zz"))).status()).isEqualTo(NtStatus.FILE_LOCK_CONFLICT);
    assertThat(text(await(tree.read(b, 20, 5)).get())).isEqualTo("klmno");
    assertThat(text(await(tree.read(a, 0, 5)).get())).isEqualTo("01234");
    assertThat(await(tree.write(a, 0, bytes("AB"))).status()).isEqualTo(NtStatus.SUCCESS);

    assertThat(await(tree.unlock(a, new ByteRange(0, 5)))).isEqualTo(NtStatus.RANGE_NOT_LOCKED);
    assertThat(await(tree.unlock(a, new ByteRange(0, 10)))).isEqualTo(NtStatus.SUCCESS);
    assertThat(await(tree.lock(b, new ByteRange(5, 10), true, true))).isEqualTo(NtStatus.SUCCESS);
    close(a);
    close(b);
  }

  @Test
  void sharedLocksCoexistButRefuseWrites() throws Exception {
    SmbFileId a = createFile("locked.bin", "0123456789");
    SmbFileId b = open("locked.bin", READ_WRITE, SHARE_ALL, CreateDisposition.OPEN).get().fileId();

    assertThat(await(tree.lock(a, new ByteRange(0, 10), false, true))).isEqualTo(NtStatus.SUCCESS);
    assertThat(await(tree.lock(b, new ByteRange(0, 10), false, true))).isEqualTo(NtStatus.SUCCESS);

    assertThat(text(await(tree.read(b, 0, 3)).get())).isEqualTo("012");
    assertThat(await(tree.write(b, 0, bytes("x"))).status()).isEqualTo(NtStatus.FILE_LOCK_CONFLICT);
    assertThat(await(tree.lock(b, new ByteRange(2, 2), true, true))).isEqualTo(NtStatus.LOCK_NOT_GRANTED);
    close(a);
    close(b);
  }

  @Test
  void aRepeatedFailingLockStillAnswersLockNotGranted() throws Exception {
    SmbFileId a = createFile("locked.bin", "0123456789");
    SmbFileId b = open("locked.bin", READ_WRITE, SHARE_ALL, CreateDisposition.OPEN).get().fileId();
    assertThat(await(tree.lock(a, new ByteRange(0, 10), true, true))).isEqualTo(NtStatus.SUCCESS);

    for (int attempt = 0; attempt < 3; attempt++) {
      assertThat(await(tree.lock(b, new ByteRange(4, 2), true, true))).isEqualTo(NtStatus.LOCK_NOT_GRANTED);
    }
    close(a);
    close(b);
  }

  @Test
  void closingAnOpenReleasesItsLocks() throws Exception {
    SmbFileId a = createFile("locked.bin", "0123456789");
    SmbFileId b = open("locked.bin", READ_WRITE, SHARE_ALL, CreateDisposition.OPEN).get().fileId();
    assertThat(await(tree.lock(a, new ByteRange(0, 10), true, true))).isEqualTo(NtStatus.SUCCESS);

    close(a);

    assertThat(await(tree.lock(b, new ByteRange(0, 10), true, true))).isEqualTo(NtStatus.SUCCESS);
    close(b);
  }

  @Test
  void aWaitingLockIsGrantedWhenTheHolderUnlocks() throws Exception {
    SmbFileId a = createFile("locked.bin", "0123456789");
    SmbFileId b = open("locked.bin", READ_WRITE, SHARE_ALL, CreateDisposition.OPEN).get().fileId();
    assertThat(await(tree.lock(a, new ByteRange(0, 10), true, true))).isEqualTo(NtStatus.SUCCESS);

    CompletableFuture<NtStatus> waiting = tree.lock(b, new ByteRange(0, 10), true, false);
    assertThat(await(tree.unlock(a, new ByteRange(0, 10)))).isEqualTo(NtStatus.SUCCESS);

    assertThat(await(waiting)).isEqualTo(NtStatus.SUCCESS);
    close(a);
    close(b);
  }

  // ---- Users, shares, servers ----------------------------------------------------------------------

  /**
   * Samba refuses a write open with ACCESS_DENIED, but answers a read-only user's attempt to
   * create a file with OBJECT_NAME_NOT_FOUND (it drops O_CREAT on a share the user may only read):
   * a surprise, which the sim copies.
   */
  @Test
  void aReadOnlyUserMayReadButNotWriteCreateOrDelete() throws Exception {
    close(createFile("public.txt", "for everyone"));
    SmbSession reader = connect(READER).get();
    SmbTree readOnly = await(reader.treeConnect(SHARE)).get();

    SmbResult<SmbCreateResult> read =
        await(readOnly.create(path("public.txt"), SmbCreateRequest.file(AccessMask.FILE_GENERIC_READ, SHARE_ALL, CreateDisposition.OPEN)));
    assertThat(text(await(readOnly.read(read.get().fileId(), 0, 100)).get())).isEqualTo("for everyone");
    await(readOnly.close(read.get().fileId()));
    assertThat(await(readOnly.create(path("public.txt"), SmbCreateRequest.file(READ_WRITE, SHARE_ALL, CreateDisposition.OPEN))).status())
        .isEqualTo(NtStatus.ACCESS_DENIED);
    assertThat(await(readOnly.create(path("new.txt"), SmbCreateRequest.file(READ_WRITE, SHARE_ALL, CreateDisposition.CREATE))).status())
        .isEqualTo(NtStatus.ACCESS_DENIED);
    assertThat(await(readOnly.create(path("new.txt"), SmbCreateRequest.file(AccessMask.FILE_GENERIC_READ, SHARE_ALL, CreateDisposition.CREATE))).status())
        .isEqualTo(NtStatus.OBJECT_NAME_NOT_FOUND);
    assertThat(await(readOnly.create(path("public.txt"), SmbCreateRequest.file(AccessMask.FILE_GENERIC_READ, SHARE_ALL, CreateDisposition.OVERWRITE_IF))).status())
        .isEqualTo(NtStatus.ACCESS_DENIED);
    assertThat(await(readOnly.create(path("public.txt"), SmbCreateRequest.file(AccessMask.DELETE, SHARE_ALL, CreateDisposition.OPEN))).status())
        .isEqualTo(NtStatus.ACCESS_DENIED);
    await(reader.logoff());
  }

  @Test
  void aWrongPasswordIsLogonFailure() throws Exception {
    Credentials wrong = Credentials.of(SambaServer.WRITER, "not-the-password".toCharArray());

    assertThat(connect(wrong).status()).isEqualTo(NtStatus.LOGON_FAILURE);
  }

  @Test
  void anUnknownUserIsLogonFailure() throws Exception {
    Credentials stranger = Credentials.of("nosuchuser", "whatever".toCharArray());

    assertThat(connect(stranger).status()).isEqualTo(NtStatus.LOGON_FAILURE);
  }

  @Test
  void anUnknownShareIsBadNetworkName() throws Exception {
    assertThat(await(session.treeConnect("nosuchshare")).status()).isEqualTo(NtStatus.BAD_NETWORK_NAME);
  }

  @Test
  void anUnknownServerIsBadNetworkPath() throws Exception {
    SmbResult<SmbSession> result =
        await(client().connect(unknownServer(), WRITER, OplockBreakListener.IGNORE));

    assertThat(result.status()).isEqualTo(NtStatus.BAD_NETWORK_PATH);
  }

  @Test
  void aClosedFileIdIsFileClosed() throws Exception {
    SmbFileId f = createFile("a.txt", "x");
    close(f);

    assertThat(await(tree.read(f, 0, 1)).status()).isEqualTo(NtStatus.FILE_CLOSED);
  }

  // ---- Faults --------------------------------------------------------------------------------------

  @Test
  void aConnectionLostMidTransferAnswersConnectionDisconnectedWithoutHanging() throws Exception {
    SmbFileId f = createFile("transfer.bin", "");
    byte[] chunk = new byte[256 * 1024];
    Arrays.fill(chunk, (byte) 'z');
    CountDownLatch threeChunksWritten = new CountDownLatch(1);
    CountDownLatch connectionBroken = new CountDownLatch(1);
    CompletableFuture<NtStatus> transfer =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                for (int i = 0; i < 64; i++) {
                  if (i == 3) {
                    threeChunksWritten.countDown();
                    connectionBroken.await();
                  }
                  SmbResult<Integer> written = await(tree.write(f, (long) i * chunk.length, chunk));
                  if (!written.isSuccess()) {
                    return written.status();
                  }
                }
                return NtStatus.SUCCESS;
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    assertThat(threeChunksWritten.await(BOUND.toSeconds(), TimeUnit.SECONDS)).isTrue();

    breakConnection();
    try {
      long start = System.nanoTime();
      connectionBroken.countDown();

      assertThat(await(transfer)).isEqualTo(NtStatus.CONNECTION_DISCONNECTED);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(BOUND);
      assertThat(await(tree.read(f, 0, 1)).status()).isEqualTo(NtStatus.CONNECTION_DISCONNECTED);
    } finally {
      recoverFromBrokenConnection(); // whatever failed above, later tests need a server
    }
    session = connect(WRITER).get();
    tree = await(session.treeConnect(SHARE)).get();
    SmbFileId again = open("transfer.bin", AccessMask.FILE_GENERIC_READ, SHARE_ALL, CreateDisposition.OPEN).get().fileId();
    assertThat(await(tree.read(again, 0, 3 * chunk.length)).get()).hasSize(3 * chunk.length);
    close(again);
  }

  @Test
  void aServerRestartInvalidatesHandlesAndReconnectingWorks() throws Exception {
    SmbFileId f = createFile("survivor.txt", "still here");

    restartServer();

    assertThat(await(tree.read(f, 0, 100)).status()).isEqualTo(NtStatus.CONNECTION_DISCONNECTED);
    session = connect(WRITER).get();
    tree = await(session.treeConnect(SHARE)).get();
    SmbFileId again = open("survivor.txt", READ_WRITE_DELETE, SHARE_NONE, CreateDisposition.OPEN).get().fileId();
    assertThat(text(await(tree.read(again, 0, 100)).get())).isEqualTo("still here");
    close(again);
  }
}
