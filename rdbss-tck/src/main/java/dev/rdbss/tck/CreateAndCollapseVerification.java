package dev.rdbss.tck;

import dev.rdbss.api.NtStatus;
import dev.rdbss.api.file.AccessMask;
import dev.rdbss.api.file.CreateInformation;
import dev.rdbss.api.file.FileInformation;
import dev.rdbss.api.file.FileInformationClass;
import dev.rdbss.api.io.CreateRequest;
import dev.rdbss.api.io.FileHandle;
import dev.rdbss.api.io.OpenResult;
import dev.rdbss.api.spi.Capability;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Create and collapse (spec §6.4; §9 pitfalls 11, 14). Extend it and return your subject. */
public abstract class CreateAndCollapseVerification extends TckVerification
    implements CreateAndCollapseRules {

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  @Test
  @TckRule(spec = "§6.4 step 5, §9 pitfall 14",
      check = "create sets ctx.create().setReturnedCreateInformation(...) (or the information"
          + " field) to CREATED for a new file, OPENED for an existing one, OVERWRITTEN or"
          + " SUPERSEDED when it replaced the content")
  public void required_s6_4_createInformationMatchesDisposition() {
    Harness h = h();
    String path = h.unc("tck-info.txt");
    try (FileHandle f = h.open(h.user(), path, CreateRequest.readWrite().openIf())) {
      h.expect(f.createInformation() == CreateInformation.CREATED,
          "OPEN_IF of a new file reports CREATED", () -> "it reported " + f.createInformation());
      h.expectSuccess(f.write(0, bytes("content")).status(), "a write");
    }
    try (FileHandle f = h.open(h.user(), path, CreateRequest.readWrite().openIf())) {
      h.expect(f.createInformation() == CreateInformation.OPENED,
          "OPEN_IF of an existing file reports OPENED", () -> "it reported " + f.createInformation());
    }
    try (FileHandle f = h.open(h.user(), path, CreateRequest.readWrite().overwriteIf())) {
      h.expect(f.createInformation() == CreateInformation.OVERWRITTEN,
          "OVERWRITE_IF of an existing file reports OVERWRITTEN",
          () -> "it reported " + f.createInformation());
    }
    h.expect(h.readAll(h.user(), "tck-info.txt").length == 0,
        "OVERWRITE_IF leaves the file empty", () -> "it still has content");
  }

  @Override
  @Test
  @TckRule(spec = "§6.4, §8",
      check = "create with FILE_OPEN (or FILE_OVERWRITE) of a name the server does not have answers"
          + " OBJECT_NAME_NOT_FOUND (OBJECT_PATH_NOT_FOUND when a folder on the way is missing)")
  public void required_s6_4_missingFileIsObjectNameNotFound() {
    OpenResult r = h().tryOpen(h().user(), h().unc("tck-missing.txt"), CreateRequest.read().open());
    h().expectStatus(r.status(), NtStatus.OBJECT_NAME_NOT_FOUND, "FILE_OPEN of a missing file");
  }

  @Override
  @Test
  @TckRule(spec = "§6.4, §8",
      check = "create with FILE_CREATE of an existing name answers OBJECT_NAME_COLLISION and"
          + " must not touch the existing file")
  public void required_s6_4_createOfExistingFileIsNameCollision() {
    h().createFile("tck-exists.txt", bytes("keep me"));
    OpenResult r = h().tryOpen(h().user(), h().unc("tck-exists.txt"),
        CreateRequest.readWrite().create());
    r.handleIfOpened().ifPresent(FileHandle::close);
    h().expectStatus(r.status(), NtStatus.OBJECT_NAME_COLLISION, "FILE_CREATE of an existing file");
    byte[] left = h().readAll(h().user(), "tck-exists.txt");
    h().expect(Arrays.equals(left, bytes("keep me")), "the existing file keeps its content",
        () -> "it now holds " + left.length + " bytes");
  }

  @Override
  @Test
  @TckRule(spec = "§6.4 step 5, §9 pitfall 11",
      check = "shouldTryToCollapseThisOpen must answer MORE_PROCESSING_REQUIRED when the file behind"
          + " the candidate SRV_OPEN is no longer the file at its name (replaced by a rename or a"
          + " link); compare the server's file identity, not the name")
  public void required_s9_p11_noCollapseOntoReplacedFile() throws Exception {
    Harness h = h();
    h.createFile("tck-a.txt", bytes("old"));
    try (FileHandle a = h.open(h.user(), h.unc("tck-a.txt"), CreateRequest.readWrite().open())) {
      h.expect(Arrays.equals(h.call("read", () -> a.read(0, 16)).data(), bytes("old")),
          "the first version reads back", () -> "it did not");
    }
    org.junit.jupiter.api.Assumptions.assumeTrue(
        h.fixture.replaceOnServer("tck-a.txt", bytes("new")),
        "the fixture cannot replace a file behind the plugin's back (TckFixture.replaceOnServer)");
    try (FileHandle a = h.open(h.user(), h.unc("tck-a.txt"), CreateRequest.readWrite().open())) {
      byte[] now = h.call("read", () -> a.read(0, 16)).data();
      h.expect(Arrays.equals(now, bytes("new")),
          "tck-a.txt reopened after another client replaced it reads the new content \"new\"",
          () -> "it read \"" + new String(now, StandardCharsets.UTF_8) + "\": the open collapsed"
              + " onto the SRV_OPEN of the replaced file");
    }
  }

  @Override
  @Test
  @TckRule(spec = "§11 RxFinishFcbInitialization, §6.4",
      check = "create calls rdbss.finishFcbInitialization(fcb, type, packet) with the size the"
          + " server reported, and queryFileInfo(STANDARD) answers the same size")
  public void required_s11_createReportsFileSize() {
    h().createFile("tck-size.txt", bytes("twelve bytes"));
    try (FileHandle f = h().open(h().user(), h().unc("tck-size.txt"),
        CreateRequest.read().shareAll())) {
      var q = h().call("query", () ->
          f.queryInformation(FileInformationClass.STANDARD, FileInformation.Standard.class));
      h().expectSuccess(q.status(), "a query of FileStandardInformation");
      long size = q.value() == null ? -1 : q.value().endOfFile();
      h().expect(size == 12, "end of file 12 after writing twelve bytes",
          () -> "end of file " + size);
    }
  }

  @Override
  @Test
  @TckRule(spec = "§5.2 MRxCollapseOpen, §11 RxCreateNetFobx",
      check = "collapseOpen calls rdbss.createNetFobx(ctx, ctx.relevantSrvOpen()) and stores it"
          + " with ctx.setFobx before answering SUCCESS")
  public void optional_s6_4_collapsedOpenGetsItsOwnFobx() {
    h().assumeCapability(Capability.COLLAPSING);
    h().createFile("tck-collapse.txt", bytes("data"));
    CreateRequest same = CreateRequest.read().shareAll().open();
    try (FileHandle a = h().open(h().user(), h().unc("tck-collapse.txt"), same);
        FileHandle b = h().open(h().user(), h().unc("tck-collapse.txt"), same)) {
      h().noBugCheck("two identical opens of one file");
      h().expect(h().call("read", () -> b.read(0, 4)).status().isSuccess(),
          "the second (possibly collapsed) handle reads", () -> "it did not");
    }
  }

  @Override
  @Test
  @TckRule(spec = "§6.4, §8",
      check = "create answers FILE_IS_A_DIRECTORY for FILE_NON_DIRECTORY_FILE on a directory and"
          + " NOT_A_DIRECTORY for FILE_DIRECTORY_FILE on a file")
  public void optional_s6_4_directoryAndFileOpensAreChecked() {
    h().assumeCapability(Capability.DIRECTORY_QUERY);
    h().createFile("tck-plain.txt", bytes("x"));
    OpenResult asDir = h().tryOpen(h().user(), h().unc("tck-plain.txt"),
        CreateRequest.directory().open());
    asDir.handleIfOpened().ifPresent(FileHandle::close);
    h().expect(!asDir.status().isSuccess(), "a directory open of a file fails",
        () -> "it answered " + asDir.status());
  }
}
