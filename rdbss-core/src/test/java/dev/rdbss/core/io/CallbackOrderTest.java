package dev.rdbss.core.io;

import static dev.rdbss.api.FcbState.COLLAPSING;
import static dev.rdbss.api.FcbState.READCACHING;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rdbss.api.ConnectionFinalizeLevel;
import dev.rdbss.api.NtStatus;
import dev.rdbss.api.file.FileInformation;
import dev.rdbss.api.io.CreateRequest;
import dev.rdbss.api.io.FileHandle;
import dev.rdbss.api.io.IoSession;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The six mini-redirector callback orders of spec §2.5, asserted on the trace (the CALLBACK events
 * of the Observation API).
 */
class CallbackOrderTest extends BufferingFixture {

  private static final Set<String> CLOSE =
      Set.of("closeSrvOpen", "deallocateForFobx", "forceClosed", "deallocateForFcb");
  private static final Set<String> TEARDOWN =
      Set.of("finalizeNetRoot", "finalizeVNetRoot", "finalizeSrvCall");

  @Test
  void order1_aFreshUncOpen_s2_5() {
    long mark = mark();
    try (FileHandle f = alice().open(README, CreateRequest.read())) {
      assertThat(callbacksSince(mark)).containsSubsequence("createSrvCall", "srvCallWinnerNotify",
          "extractNetRootName", "createVNetRoot", "preparseName", "create");
    }
  }

  @Test
  void order2_theLastHandlesCleanup_s2_5() {
    IoSession alice = alice();
    // Shares nothing: full caching, file size and time caching included (§7.2 step 3).
    FileHandle f = alice.open(README, CreateRequest.readWrite().share());
    f.write(5, bytes(" world")); // grows the file in the cache only
    f.setInformation(new FileInformation.EndOfFile(100)); // valid data now ends before the size
    long mark = mark();

    assertThat(f.cleanup()).isEqualTo(NtStatus.SUCCESS);

    assertThat(callbacksSince(mark)).containsExactly(
        "setFileInfoAtCleanup", "setFileInfoAtCleanup", "zeroExtend", "cleanupFobx",
        "lowIoSubmit[WRITE]");
    byte[] content = mrx.share("files", "docs").content("\\readme.txt");
    assertThat(content).hasSize(100);
    assertThat(text(java.util.Arrays.copyOf(content, 11))).isEqualTo("hello world");
    f.close();
  }

  @Test
  void order3_aCloseNotDelayed_s2_5() {
    FileHandle f = alice().open(README, CreateRequest.read());
    f.cleanup();
    long mark = mark();

    f.close();

    assertThat(callbacksSince(mark))
        .containsExactly("closeSrvOpen", "deallocateForFobx", "forceClosed", "deallocateForFcb");
  }

  @Test
  void order4_aDelayedCloseLaterScavenged_s2_5() {
    delayedCloseLimit(16);
    mrx.grantBuffering(COLLAPSING, READCACHING);
    FileHandle f = alice().open(README, CreateRequest.read());
    f.cleanup();
    long mark = mark();

    f.close();
    assertThat(callbacksSince(mark)).as("the close itself calls nothing").isEmpty();

    advance(SCAVENGER_PERIOD);
    assertThat(callbacksSince(mark))
        .containsExactly("deallocateForFobx", "closeSrvOpen", "forceClosed", "deallocateForFcb");
  }

  @Test
  void order5_connectionTeardownWithNoOpenFiles_s2_5() {
    alice().open(README, CreateRequest.read()).close();
    long mark = mark();

    advance(SCAVENGER_PERIOD); // the idle view, then its NET_ROOT and SRV_CALL (§6.8)

    assertThat(callbacksSince(mark, TEARDOWN))
        .containsExactly("finalizeNetRoot", "finalizeVNetRoot", "finalizeSrvCall");
  }

  @Test
  void order5_withADelayedCloseTheTeardownWaitsForIt_s2_5() {
    delayedCloseLimit(16);
    mrx.grantBuffering(COLLAPSING, READCACHING);
    alice().open(README, CreateRequest.read()).close();
    long mark = mark();

    advance(SCAVENGER_PERIOD);
    assertThat(callbacksSince(mark, TEARDOWN)).as("the dormant file holds the view").isEmpty();
    advance(SCAVENGER_PERIOD);

    assertThat(callbacksSince(mark, union(CLOSE, TEARDOWN))).containsExactly(
        "deallocateForFobx", "closeSrvOpen", "forceClosed", "deallocateForFcb",
        "finalizeNetRoot", "finalizeVNetRoot", "finalizeSrvCall");
  }

  @Test
  void order6_forcedTeardownWithAnOpenFile_s2_5() {
    IoSession alice = alice();
    alice.netUse("X:", "\\\\files\\docs");
    // MUP's claim left an idle UNC view; once it is scavenged the drive's view is the share's only
    // view, so that deleting the mapping detaches the NET_ROOT's last view.
    advance(SCAVENGER_PERIOD);
    FileHandle f = alice.open("X:\\readme.txt", CreateRequest.read());
    long mark = mark();

    assertThat(alice.netUseDelete("X:", ConnectionFinalizeLevel.FORCE_FILES_CLOSED))
        .isEqualTo(NtStatus.SUCCESS);
    assertThat(callbacksSince(mark, union(CLOSE, TEARDOWN)))
        .as("upper phases now; the view is referenced by the open file")
        .containsExactly("finalizeNetRoot");

    long closing = mark();
    f.close();
    assertThat(callbacksSince(closing))
        .as("an orphaned open is not closed on the server")
        .containsExactly("cleanupFobx", "deallocateForFobx", "deallocateForFcb");

    long last = mark();
    advance(SCAVENGER_PERIOD);
    assertThat(callbacksSince(last, TEARDOWN))
        .containsExactly("finalizeVNetRoot", "finalizeSrvCall");
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    java.util.Set<String> all = new java.util.HashSet<>(a);
    all.addAll(b);
    return all;
  }
}
