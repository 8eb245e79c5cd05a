package dev.rdbss.tck;

import dev.rdbss.api.ConnectionFinalizeLevel;
import dev.rdbss.api.NtStatus;
import dev.rdbss.api.file.AccessMask;
import dev.rdbss.api.file.FileInformation;
import dev.rdbss.api.io.CreateRequest;
import dev.rdbss.api.io.FileHandle;
import dev.rdbss.api.io.IoSession;
import dev.rdbss.api.io.OpenResult;
import dev.rdbss.api.spi.Capability;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Cleanup and close (spec §6.6, §6.7, §6.8; §9 pitfall 8). Extend it and return your subject. */
public abstract class CleanupAndCloseVerification extends TckVerification
    implements CleanupAndCloseRules {

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  @Test
  @TckRule(spec = "§5.2 MRxCleanupFobx, MRxCloseSrvOpen",
      check = "cleanupFobx and closeSrvOpen must not answer RETRY: RDBSS cannot re-run a cleanup or"
          + " a close; finish the work (or record the failure) and answer SUCCESS")
  public void required_s5_2_cleanupAndCloseNeverAnswerRetry() {
    for (int i = 0; i < 3; i++) {
      h().createFile("tck-retry-" + i + ".txt", bytes("r" + i));
    }
    h().scavenge();
    h().callbacks().stream()
        .filter(e -> e.name().equals("cleanupFobx") || e.name().equals("closeSrvOpen"))
        .forEach(e -> h().expect(!NtStatus.RETRY.equals(e.status()),
            e.name() + " answers something other than RETRY", () -> "it answered RETRY"));
  }

  @Override
  @Test
  @TckRule(spec = "§6.7, §5.2 MRxCloseSrvOpen",
      check = "closeSrvOpen closes the open on the server (releasing its share mode); when RDBSS"
          + " delays the close, it still comes once the scavenger finalizes the dormant file")
  public void required_s6_7_closeReleasesTheServerOpen() {
    Harness h = h();
    try (FileHandle f = h.open(h.user(), h.unc("tck-release.txt"),
        CreateRequest.readWrite().share().overwriteIf())) {
      h.expectSuccess(h.call("write", () -> f.write(0, bytes("mine"))).status(), "a write");
    }
    h.scavenge();
    OpenResult r = h.tryOpen(h.otherUser(), h.unc("tck-release.txt"),
        CreateRequest.readWrite().share().open());
    r.handleIfOpened().ifPresent(FileHandle::close);
    h.expectSuccess(r.status(), "another user's exclusive open after the first user closed the"
        + " file and its delayed close ended");
  }

  @Override
  @Test
  @TckRule(spec = "§4.3, §6.7, §9 pitfall 8",
      check = "after every handle is closed and dormant files are scavenged, no FOBX or FCB of the"
          + " view may remain: give back every reference the plugin took (referenceNetFcb,"
          + " reference) and finish closeSrvOpen")
  public void required_s9_p8_connectionDeletableAfterClose() {
    Harness h = h();
    IoSession user = h.user();
    h.expectStatus(h.call("net use", () -> user.netUse("X:", h.unc(""))), NtStatus.SUCCESS,
        "net use X:");
    try (FileHandle f = h.open(user, "X:\\tck-delete-conn.txt",
        CreateRequest.readWrite().overwriteIf())) {
      h.expectSuccess(h.call("write", () -> f.write(0, bytes("x"))).status(), "a write");
    }
    h.scavenge();
    h.expectStatus(h.call("net use /delete", () -> user.netUseDelete("X:",
        ConnectionFinalizeLevel.NO_FORCE)), NtStatus.SUCCESS,
        "net use X: /delete (not forced) once the file is closed and scavenged");
    h.scavenge();
  }

  @Override
  @Test
  @TckRule(spec = "§6.6, §5.2 low I/O WRITE",
      check = "writes (including RDBSS's paging writes at cleanup) reach the server before"
          + " cleanupFobx and closeSrvOpen finish")
  public void required_s6_6_writesReachTheServerByClose() {
    h().createFile("tck-visible.txt", bytes("for the next user"));
    byte[] read = h().readAll(h().otherUser(), "tck-visible.txt");
    h().expect(Arrays.equals(read, bytes("for the next user")),
        "another user reads what the first wrote and closed",
        () -> "it read \"" + new String(read, StandardCharsets.UTF_8) + "\"");
  }

  @Override
  @Test
  @TckRule(spec = "§6.7, §6.4 step 5",
      check = "to allow delayed close set maximumNumberOfCloseDelayedFiles and grant"
          + " FcbState.COLLAPSING in the SRV_OPEN's buffering flags")
  public void optional_s6_7_delayedCloseIsReused() {
    h().assumeCapability(Capability.DELAYED_CLOSE);
    h().createFile("tck-delayed.txt", bytes("d"));
    long creates = h().callbacks("create");
    try (FileHandle f = h().open(h().user(), h().unc("tck-delayed.txt"),
        CreateRequest.readWrite().openIf())) {
      h().noBugCheck("a reopen");
    }
    h().expect(h().callbacks("create") == creates,
        "the reopen reuses the dormant SRV_OPEN instead of calling create",
        () -> "create was called again");
  }

  @Override
  @Test
  @TckRule(spec = "§6.6, §5.2 MRxCleanupFobx",
      check = "when the FCB is DELETE_ON_CLOSE at its last cleanup, cleanupFobx deletes the file on"
          + " the server (or setFileInfo(Disposition) did)")
  public void optional_s6_6_deleteOnCloseRemovesTheFile() {
    h().assumeCapability(Capability.DELETE);
    h().createFile("tck-doomed.txt", bytes("bye"));
    try (FileHandle f = h().open(h().user(), h().unc("tck-doomed.txt"),
        CreateRequest.readWrite().access(AccessMask.FILE_GENERIC_READ
            | AccessMask.FILE_GENERIC_WRITE | AccessMask.DELETE).open())) {
      h().expectSuccess(h().call("delete", () -> f.setInformation(
          new FileInformation.Disposition(true))).status(), "setting the delete disposition");
    }
    h().scavenge();
    OpenResult r = h().tryOpen(h().user(), h().unc("tck-doomed.txt"), CreateRequest.read().open());
    r.handleIfOpened().ifPresent(FileHandle::close);
    h().expectStatus(r.status(), NtStatus.OBJECT_NAME_NOT_FOUND, "an open of the deleted file");
  }
}
