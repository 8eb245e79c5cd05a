package dev.rdbss.tck;

import dev.rdbss.api.MiniRdrState;
import dev.rdbss.api.NtStatus;
import dev.rdbss.api.io.CreateRequest;
import dev.rdbss.api.io.FileHandle;
import dev.rdbss.api.io.OpenResult;
import dev.rdbss.api.observe.TraceEvent;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The registration lifecycle (spec §5.1; §9 pitfall 15). Extend it and return your subject. */
public abstract class LifecycleVerification extends TckVerification implements LifecycleRules {

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  @Test
  @TckRule(spec = "§5.1 steps 4, 5; §5.2 MRxStart, MRxStop",
      check = "start answers SUCCESS each time RDBSS starts the plugin, also after a stop: release"
          + " in stop what start acquired")
  public void required_s5_1_startStopStart() {
    Harness h = h();
    h.expect(h.runtime.state(h.name) == MiniRdrState.STARTED, "the plugin STARTED at registration",
        () -> "its state is " + h.runtime.state(h.name));
    h.createFile("tck-life.txt", bytes("x"));
    h.scavenge();
    h.expectStatus(h.call("stop", () -> h.runtime.stop(h.name)), NtStatus.SUCCESS, "stop");
    h.expectStatus(h.call("start", () -> h.runtime.start(h.name)), NtStatus.SUCCESS,
        "start after stop");
    h.expect(h.runtime.state(h.name) == MiniRdrState.STARTED, "STARTED again",
        () -> "its state is " + h.runtime.state(h.name));
    h.createFile("tck-life.txt", bytes("y"));
  }

  @Override
  @Test
  @TckRule(spec = "§5.1 step 5",
      check = "stop must not fail or throw while files are open; RDBSS reports the open handles")
  public void required_s5_1_stopWithOpenFile() {
    Harness h = h();
    FileHandle f = h.open(h.user(), h.unc("tck-stop.txt"), CreateRequest.readWrite().openIf());
    NtStatus s = h.call("stop", () -> h.runtime.stop(h.name));
    h.expectStatus(s, NtStatus.REDIRECTOR_HAS_OPEN_HANDLES, "stop with a file open");
    h.call("close", () -> {
      f.close();
      return null;
    });
    h.noBugCheck("closing a file after stop");
    h.expectStatus(h.call("start", () -> h.runtime.start(h.name)), NtStatus.SUCCESS, "start");
    h.scavenge();
  }

  @Override
  @Test
  @TckRule(spec = "§5.1 posting subtlety, §9 pitfall 15",
      check = "devFcbXxxControlFile must not answer PENDING with ctx.setPostRequest(true): to have"
          + " RDBSS re-run the request on its worker (as startMinirdr asks), answer a non-PENDING"
          + " status such as MORE_PROCESSING_REQUIRED with PostRequest set")
  public void required_s9_p15_deviceControlIsNotStranded() {
    Harness h = h();
    for (int i = 0; i < 2; i++) {
      h.expectStatus(h.call("stop", () -> h.runtime.stop(h.name)), NtStatus.SUCCESS, "stop");
      h.expectStatus(h.call("start", () -> h.runtime.start(h.name)), NtStatus.SUCCESS, "start");
      h.noBugCheck("stop and start through device control");
    }
  }

  @Override
  @Test
  @TckRule(spec = "§5.1 step 6, §2.1",
      check = "every reference the plugin takes (reference, referenceNetFcb) is given back, and"
          + " every handle RDBSS opens for the plugin is closed")
  public void required_s5_1_unregisterLeaksNothing() {
    Harness h = h();
    h.createFile("tck-leak.txt", bytes("x"));
    h.readAll(h.otherUser(), "tck-leak.txt");
    h.scavenge();
    List<String> leaks = h.call("unregister", () -> h.runtime.unregister(h.name));
    h.expect(leaks.isEmpty(), "nothing alive when the plugin is unregistered",
        () -> String.join("; ", leaks));
  }

  @Override
  @Test
  @TckRule(spec = "§5.1 step 6, §6.8",
      check = "connections cached by RDBSS (idle views, dormant files) are finalized at unregister:"
          + " the finalize entries must work then too, without a scavenger pass")
  public void required_s5_1_unregisterWithCachedConnections() {
    Harness h = h();
    h.createFile("tck-cached.txt", bytes("x"));
    h.closeRuntime("closing files and unregistering without waiting for the scavenger");
  }

  @Override
  @Test
  @TckRule(spec = "§3.3",
      check = "an unchecked exception escaping a callback is a bugcheck (0x7E naming the callback):"
          + " catch and turn failures into an NtStatus")
  public void required_s3_3_noExceptionEscapesACallback() {
    Harness h = h();
    h.createFile("tck-session.txt", bytes("session"));
    h.readAll(h.otherUser(), "tck-session.txt");
    h.scavenge();
    List<TraceEvent> bad = h.trace.stream()
        .filter(e -> e.kind() == TraceEvent.Kind.RUNTIME && e.name().toLowerCase().contains("bugcheck"))
        .collect(Collectors.toList());
    h.expect(bad.isEmpty(), "no bugcheck in a whole session", () -> bad.toString());
    OpenResult r = h.tryOpen(h.user(), h.unc("tck-session.txt"), CreateRequest.read().open());
    r.handleIfOpened().ifPresent(FileHandle::close);
    h.expectSuccess(r.status(), "an open at the end of the session");
  }

  @Override
  @Test
  @TckRule(spec = "§9 pitfall 10",
      check = "races between the scavenger and references are inside RDBSS; rdbss-core's Lincheck"
          + " and concurrency tests cover them, a plugin cannot influence them")
  public void untested_s9_p10_scavengerRaces() {}

  @Override
  @Test
  @TckRule(spec = "§5.2 print entries",
      check = "the host API has no print path, so openPrintFile and friends cannot be reached")
  public void untested_s5_2_printFiles() {}
}
