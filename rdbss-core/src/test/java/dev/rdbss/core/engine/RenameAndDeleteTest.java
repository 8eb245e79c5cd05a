package dev.rdbss.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rdbss.api.FcbState;
import dev.rdbss.api.LogonId;
import dev.rdbss.api.NtStatus;
import dev.rdbss.api.SrvOpenFlag;
import dev.rdbss.api.file.AccessMask;
import dev.rdbss.api.file.CreateInformation;
import dev.rdbss.api.file.CreateOption;
import dev.rdbss.api.file.FileInformation;
import dev.rdbss.api.io.CreateRequest;
import dev.rdbss.core.memory.MemoryMiniRedirector;
import dev.rdbss.core.memory.MemoryMiniRedirector.Collapsing;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Renames and deletes against collapsing (spec §9 pitfall 11) and delete-on-close at cleanup
 * (§6.6), through the device's {@link Fsd}.
 */
class RenameAndDeleteTest {

  private static final String A = "\\\\files\\docs\\a.txt";
  private static final String B = "\\\\files\\docs\\b.txt";
  private static final LogonId ALICE = FsdFixture.logon(0x101);
  /** Read and write, sharing everything, with DELETE access so that renames and deletes are allowed. */
  private static final CreateRequest EDIT = CreateRequest.readWrite().shareAll()
      .access(AccessMask.FILE_GENERIC_READ | AccessMask.FILE_GENERIC_WRITE | AccessMask.DELETE);

  private final MemoryMiniRedirector mrx = new MemoryMiniRedirector();
  private final MemoryMiniRedirector.Share docs = mrx.share("files", "docs");
  private final FsdFixture f;

  RenameAndDeleteTest() {
    docs.file("\\a.txt", bytes("old a")).file("\\b.txt", bytes("new b"));
    f = new FsdFixture(mrx);
  }

  @AfterEach
  void noLeak() {
    f.close();
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static SrvOpenImpl srvOpenOf(FileObject fo) {
    return Objects.requireNonNull(fo.fobx).rawSrvOpen();
  }

  private String read(FileObject fo) {
    return new String(f.fsd.read(fo, 0, 100).data(), StandardCharsets.UTF_8);
  }

  @Test
  void openCloseARenameBOverAReopenANeverCollapsesOntoTheOldOpen_pitfall11() {
    mrx.collapsing(Collapsing.NAIVE); // the worst case: the redirector agrees to everything
    FileObject a = f.open(A, EDIT, ALICE);
    SrvOpenImpl oldOpen = srvOpenOf(a);
    f.delayedClose(a); // open/close A: the server open stays for reuse (§6.7)
    FileObject b = f.open(B, EDIT, ALICE);

    assertThat(f.fsd.setInformation(b, new FileInformation.Rename(true, "\\a.txt")).status())
        .isEqualTo(NtStatus.SUCCESS);
    f.close(b);
    FileObject again = f.open(A, EDIT, ALICE);

    assertThat(srvOpenOf(again)).isNotSameAs(oldOpen);
    assertThat(mrx.count("collapseOpen")).isZero();
    assertThat(read(again)).isEqualTo("new b");
    // RDBSS finished A's delayed close before the rename reached the server.
    assertThat(mrx.calls()).containsSubsequence("closeSrvOpen", "setFileInfo");
  }

  @Test
  void aRenamedFilesOpenIsNeverCollapsedOntoUnderItsOldName_pitfall11() {
    mrx.collapsing(Collapsing.NAIVE);
    FileObject b = f.open(B, EDIT, ALICE);
    FcbImpl renamed = srvOpenOf(b).rawFcb();

    assertThat(f.fsd.setInformation(b, new FileInformation.Rename(false, "\\c.txt")).status())
        .isEqualTo(NtStatus.SUCCESS);

    assertThat(srvOpenOf(b).hasFlag(SrvOpenFlag.FILE_RENAMED)).isTrue();
    assertThat(renamed.hasState(FcbState.NAME_ALREADY_REMOVED)).isTrue();
    assertThat(renamed.isInTable()).isFalse();
    FileObject fresh = f.open(B, EDIT.openIf(), ALICE);
    assertThat(fresh.createInformation()).isEqualTo(CreateInformation.CREATED);
    assertThat(srvOpenOf(fresh).rawFcb()).isNotSameAs(renamed);
    assertThat(mrx.count("collapseOpen")).isZero();
  }

  @Test
  void aDeletedFilesOpenIsNeverCollapsedOnto_pitfall11() {
    mrx.collapsing(Collapsing.NAIVE);
    FileObject a = f.open(A, EDIT, ALICE);
    FcbImpl deleted = srvOpenOf(a).rawFcb();

    assertThat(f.fsd.setInformation(a, new FileInformation.Disposition(true)).status())
        .isEqualTo(NtStatus.SUCCESS);

    assertThat(deleted.hasState(FcbState.DELETE_ON_CLOSE)).isTrue();
    assertThat(srvOpenOf(a).hasFlag(SrvOpenFlag.FILE_DELETED)).isTrue();
    assertThat(deleted.isInTable()).isFalse();
    FileObject fresh = f.open(A, EDIT.openIf(), ALICE);
    assertThat(srvOpenOf(fresh).rawFcb()).isNotSameAs(deleted);
    assertThat(mrx.count("collapseOpen")).isZero();
  }

  @Test
  void aRedirectorWhoseServerRenamesOverOpenFilesMustRefuseTheStaleOpen_pitfall11() {
    mrx.collapsing(Collapsing.CHECKED);
    FileObject a = f.open(A, EDIT, ALICE); // still open while B replaces A on the server
    FileObject b = f.open(B, EDIT, ALICE);
    assertThat(f.fsd.setInformation(b, new FileInformation.Rename(true, "\\a.txt")).status())
        .isEqualTo(NtStatus.SUCCESS);

    FileObject again = f.open(A, EDIT, ALICE);

    assertThat(srvOpenOf(again)).isNotSameAs(srvOpenOf(a));
    assertThat(mrx.count("collapseOpen")).isZero();
  }

  @Test
  void aRedirectorThatDoesNotCheckCollapsesOntoTheReplacedFile_pitfall11() {
    // The faithful consequence: RDBSS protects the renamed file's own opens, not the opens of the
    // file a rename replaced while it was open; that is the redirector's check (nfs41 d4da746).
    mrx.collapsing(Collapsing.NAIVE);
    FileObject a = f.open(A, EDIT, ALICE);
    FileObject b = f.open(B, EDIT, ALICE);
    assertThat(f.fsd.setInformation(b, new FileInformation.Rename(true, "\\a.txt")).status())
        .isEqualTo(NtStatus.SUCCESS);

    FileObject again = f.open(A, EDIT, ALICE);

    assertThat(srvOpenOf(again)).isSameAs(srvOpenOf(a));
    assertThat(mrx.count("collapseOpen")).isEqualTo(1);
  }

  @Test
  void theLastHandleOfADeleteOnCloseFileDeletesItAndItsNameLeavesTheTable_s6_6() {
    FileObject doomed = f.open(A, EDIT.withOptions(CreateOption.DELETE_ON_CLOSE), ALICE);
    FileObject other = f.open(A, EDIT, ALICE);
    FcbImpl fcb = srvOpenOf(doomed).rawFcb();

    assertThat(f.fsd.cleanup(doomed)).isEqualTo(NtStatus.SUCCESS);
    assertThat(fcb.hasState(FcbState.DELETE_ON_CLOSE)).as("promoted from the FOBX").isTrue();
    assertThat(docs.exists("\\a.txt")).as("another handle is still open").isTrue();
    assertThat(fcb.isInTable()).isTrue();

    f.fsd.cleanup(other);

    assertThat(docs.exists("\\a.txt")).isFalse();
    assertThat(fcb.isInTable()).isFalse();
    assertThat(fcb.fileSize()).isZero();
    assertThat(f.create(A, EDIT, ALICE).status()).isEqualTo(NtStatus.OBJECT_NAME_NOT_FOUND);
    f.close(doomed);
    f.close(other);
  }

  @Test
  void aDispositionMakesTheFcbDeleteOnCloseAndUndeletingClearsIt_s6_6() {
    FileObject a = f.open(A, EDIT, ALICE);
    FcbImpl fcb = srvOpenOf(a).rawFcb();

    f.fsd.setInformation(a, new FileInformation.Disposition(false));
    assertThat(fcb.hasState(FcbState.DELETE_ON_CLOSE)).isFalse();
    assertThat(fcb.isInTable()).isTrue();

    f.fsd.setInformation(a, new FileInformation.Disposition(true));
    assertThat(fcb.hasState(FcbState.DELETE_ON_CLOSE)).isTrue();
    f.close(a);
    assertThat(docs.exists("\\a.txt")).isFalse();
  }

  @Test
  void theDeletingCleanupWaitsForTheFcbTableWithoutHoldingTheFcb_s6_6_s3_3() throws Exception {
    FileObject doomed = f.open(A, EDIT.withOptions(CreateOption.DELETE_ON_CLOSE), ALICE);
    FcbImpl fcb = srvOpenOf(doomed).rawFcb();
    var table = fcb.rawNetRoot().fcbTable.lock;

    CompletableFuture<NtStatus> cleanup;
    table.acquireExclusive(); // someone else works on the FCB table
    try {
      cleanup = CompletableFuture.supplyAsync(() -> f.fsd.cleanup(doomed));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (table.exclusiveWaiterCount() == 0 && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
      assertThat(table.exclusiveWaiterCount()).as("cleanup queued for the table").isEqualTo(1);
      // The try-then-reacquire idiom: while it waits for the table, it does not hold the FCB.
      assertThat(fcb.resource.tryAcquireExclusive()).isTrue();
      fcb.resource.release();
    } finally {
      table.release();
    }
    assertThat(cleanup.get(30, TimeUnit.SECONDS)).isEqualTo(NtStatus.SUCCESS);
    assertThat(fcb.isInTable()).isFalse();
    assertThat(docs.exists("\\a.txt")).isFalse();
    f.close(doomed);
  }
}
