package dev.rdbss.tck;

import dev.rdbss.api.io.CreateRequest;
import dev.rdbss.api.io.FileHandle;
import dev.rdbss.api.spi.Capability;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Buffering state and oplocks (spec §7; §9 pitfalls 12, 13). Extend it and return your subject. */
public abstract class BufferingAndOplocksVerification extends TckVerification
    implements BufferingAndOplocksRules {

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** The first user writes through an open handle while the second opens the same file. */
  private byte[] breakScenario(String name) {
    Harness h = h();
    byte[] seen;
    try (FileHandle first = h.open(h.user(), h.unc(name),
        CreateRequest.readWrite().shareAll().overwriteIf())) {
      h.expectSuccess(h.call("write", () -> first.write(0, bytes("written first"))).status(),
          "the first user's write");
      try (FileHandle second = h.open(h.otherUser(), h.unc(name),
          CreateRequest.read().shareAll().open())) {
        h.expectSuccess(h.call("read", () -> first.read(0, 4)).status(),
            "the first user's read after the break");
        seen = h.call("read", () -> second.read(0, 64)).data();
      }
    }
    h.noBugCheck("an oplock break between two users");
    return seen;
  }

  @Override
  @Test
  @TckRule(spec = "§7.1, §6.4 MRxCreate",
      check = "srvOpen.setBufferingFlags takes only the nine *_ENABLED FcbState bits (READCACHING,"
          + " WRITECACHING, COLLAPSING, …); anything else is rejected")
  public void required_s7_1_grantsAreBufferingFlags() {
    h().createFile("tck-grant.txt", bytes("g"));
    h().readAll(h().otherUser(), "tck-grant.txt");
    h().noBugCheck("opens that grant buffering");
  }

  @Override
  @Test
  @TckRule(spec = "§7.2 step 2, §9 pitfall 12",
      check = "computeNewBufferingState must set newBufferingState (even to an empty set) before it"
          + " answers SUCCESS; do not leave the assignment inside a debug-only branch")
  public void optional_s9_p12_computeNewBufferingStateSetsState() {
    h().assumeCapability(Capability.BUFFERING_STATE_CHANGES);
    breakScenario("tck-break.txt");
    h().expect(h().callbacks("computeNewBufferingState") >= 1,
        "the second user's open breaks the first user's oplock, and RDBSS asks the plugin for"
            + " the new state", () -> "computeNewBufferingState was never called: "
            + h().callbackNames());
  }

  @Override
  @Test
  @TckRule(spec = "§7.2 step 4, §7.3",
      check = "on a break from the server call rdbss.indicateChangeOfBufferingState(srvCall, key,"
          + " ctx) with the key given to the SRV_OPEN at create, so that RDBSS flushes the cache")
  public void optional_s7_3_breakKeepsDataCoherent() {
    h().assumeCapability(Capability.BUFFERING_STATE_CHANGES);
    byte[] seen = breakScenario("tck-coherent.txt");
    h().expect(Arrays.equals(seen, bytes("written first")),
        "the second user reads \"written first\"",
        () -> "it read \"" + new String(seen, StandardCharsets.UTF_8) + "\"");
  }

  @Override
  @Test
  @TckRule(spec = "§7.3 key association",
      check = "a break for a key no SRV_OPEN holds any more is discarded by RDBSS; the plugin must"
          + " not keep SRV_OPEN views to answer it")
  public void optional_s7_3_reopenAfterBreak() {
    h().assumeCapability(Capability.BUFFERING_STATE_CHANGES);
    breakScenario("tck-reopen.txt");
    h().scavenge();
    h().createFile("tck-reopen.txt", bytes("again"));
    h().scavenge();
  }

  @Override
  @Test
  @TckRule(spec = "§9 pitfall 13",
      check = "whether to grant FILESIZECACHEING/FILETIMECACHEING depends on the server's"
          + " semantics; the kit cannot tell a missing grant from a deliberate one")
  public void untested_s9_p13_fileSizeCachingDeclared() {}

  @Override
  @Test
  @TckRule(spec = "§7.2 step 5",
      check = "RDBSS flushes buffered locks itself before completeBufferingStateChangeRequest;"
          + " nothing in the plugin is visible from outside")
  public void untested_s7_2_lockBufferingFlushedBeforeAcknowledgement() {}
}
