package dev.rdbss.tck;

import dev.rdbss.api.Condition;
import dev.rdbss.api.NodeType;
import dev.rdbss.api.NtStatus;
import dev.rdbss.api.io.CreateRequest;
import dev.rdbss.api.io.FileHandle;
import dev.rdbss.api.io.IoSession;
import dev.rdbss.api.io.Logon;
import dev.rdbss.api.io.OpenResult;
import dev.rdbss.api.observe.ObjectNode;
import dev.rdbss.api.spi.Capability;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Connection setup (spec §5.2, §6.1, §6.3; §9 pitfalls 1–4, 17). Extend it and return your
 * subject:
 *
 * <pre>{@code
 * class EchoConnectionSetupTest extends ConnectionSetupVerification {
 *   @Override protected TckSubject subject() { return new EchoTckSubject(); }
 * }
 * }</pre>
 */
public abstract class ConnectionSetupVerification extends TckVerification
    implements ConnectionSetupRules {

  private static final String PENDING_HINT =
      "the creation entry must return NtStatus.PENDING and report the outcome only through the"
          + " callback context's complete(...), exactly once, even for an immediate failure";

  private FileHandle openNew(String name) {
    return h().open(h().user(), h().unc(name), CreateRequest.readWrite().openIf());
  }

  @Override
  @Test
  @TckRule(spec = "§5.2, §9 pitfall 1", check = PENDING_HINT + " (createSrvCall)")
  public void required_s5_2_createSrvCallAnswersPending() {
    try (FileHandle f = openNew("tck-pending.txt")) {
      h().noBugCheck("the first open on a server");
    }
    h().callbacks().stream().filter(e -> e.name().equals("createSrvCall")).forEach(e ->
        h().expect(NtStatus.PENDING.equals(e.status()), "createSrvCall answers PENDING",
            () -> "it answered " + e.status()));
    h().expect(h().callbacks("createSrvCall") == 1, "one createSrvCall for one server",
        () -> "RDBSS called it " + h().callbacks("createSrvCall") + " times");
  }

  @Override
  @Test
  @TckRule(spec = "§5.2, §9 pitfall 1",
      check = "call SrvCallCallbackContext.complete exactly once per createSrvCall, on success and"
          + " on failure alike; guard it if two paths (a reply and a timeout) can both finish it")
  public void required_s5_2_createSrvCallCompletesExactlyOnce() {
    try (FileHandle a = openNew("tck-once-a.txt"); FileHandle b = openNew("tck-once-b.txt")) {
      h().noBugCheck("two opens on one server");
    }
  }

  @Override
  @Test
  @TckRule(spec = "§5.2, §9 pitfall 1",
      check = "when the server cannot be reached, createSrvCall must still complete its callback"
          + " with the failure (BAD_NETWORK_PATH); a plugin that stays silent leaves the open"
          + " hanging until RDBSS's creation timeout")
  public void required_s9_p1_createSrvCallCompletesOnFailure() {
    String path = "\\\\" + h().fixture.missingServer() + "\\" + h().fixture.share() + "\\x.txt";
    OpenResult r = h().tryOpen(h().user(), path, CreateRequest.read());
    h().expect(!r.status().isSuccess(), "an open on an unknown server fails",
        () -> "it answered " + r.status());
    h().noBugCheck("an open on an unknown server");
  }

  @Override
  @Test
  @TckRule(spec = "§5.2, §9 pitfall 1", check = PENDING_HINT + " (createVNetRoot)")
  public void required_s5_2_createVNetRootAnswersPending() {
    try (FileHandle f = openNew("tck-vpending.txt")) {
      h().noBugCheck("the first open on a share");
    }
    h().callbacks().stream().filter(e -> e.name().equals("createVNetRoot")).forEach(e ->
        h().expect(NtStatus.PENDING.equals(e.status()), "createVNetRoot answers PENDING",
            () -> "it answered " + e.status()));
  }

  @Override
  @Test
  @TckRule(spec = "§5.2, §9 pitfall 1",
      check = "call CreateNetRootContext.complete exactly once per createVNetRoot")
  public void required_s5_2_createVNetRootCompletesExactlyOnce() {
    try (FileHandle a = openNew("tck-vonce.txt")) {
      h().noBugCheck("an open on a share");
    }
    try (FileHandle b = h().open(h().otherUser(), h().unc("tck-vonce.txt"),
        CreateRequest.read().shareAll())) {
      h().noBugCheck("a second user's open on the same share");
    }
  }

  @Override
  @Test
  @TckRule(spec = "§5.2, §9 pitfall 1",
      check = "when the share does not exist, createVNetRoot must still complete its callback with"
          + " the failure (BAD_NETWORK_NAME), never leave it pending")
  public void required_s9_p1_createVNetRootCompletesOnFailure() {
    String path = "\\\\" + h().fixture.server() + "\\" + h().fixture.missingShare() + "\\x.txt";
    OpenResult r = h().tryOpen(h().user(), path, CreateRequest.read());
    h().expect(!r.status().isSuccess(), "an open on an unknown share fails",
        () -> "it answered " + r.status());
    h().noBugCheck("an open on an unknown share");
  }

  @Override
  @Test
  @TckRule(spec = "§6.1, §8",
      check = "createSrvCall completes with NtStatus.BAD_NETWORK_PATH when the server is unknown;"
          + " map transport errors (connection refused, no such host) to the statuses of §6.1")
  public void required_s6_1_unknownServerIsBadNetworkPath() {
    String path = "\\\\" + h().fixture.missingServer() + "\\" + h().fixture.share() + "\\x.txt";
    OpenResult r = h().tryOpen(h().user(), path, CreateRequest.read());
    h().expectStatus(r.status(), NtStatus.BAD_NETWORK_PATH, "an open on an unknown server");
    NtStatus claim = h().lastClaimStatus();
    h().expect(NtStatus.BAD_NETWORK_PATH.equals(claim),
        "the plugin's answer to MUP's claim of an unknown server is BAD_NETWORK_PATH",
        () -> "it answered " + claim);
  }

  @Override
  @Test
  @TckRule(spec = "§6.1, §8",
      check = "createVNetRoot completes with BAD_NETWORK_NAME (as the view's status, and as the"
          + " NET_ROOT's for a new NET_ROOT) when the server has no such share")
  public void required_s6_1_unknownShareIsBadNetworkName() {
    String path = "\\\\" + h().fixture.server() + "\\" + h().fixture.missingShare() + "\\x.txt";
    OpenResult r = h().tryOpen(h().user(), path, CreateRequest.read());
    h().expect(!r.status().isSuccess(), "an open on an unknown share fails",
        () -> "it answered " + r.status());
    NtStatus claim = h().lastClaimStatus();
    h().expect(NtStatus.BAD_NETWORK_NAME.equals(claim) || NtStatus.BAD_NETWORK_NAME.equals(r.status()),
        "the plugin's answer to an unknown share is BAD_NETWORK_NAME",
        () -> "the open answered " + r.status() + ", the claim " + claim);
  }

  @Override
  @Test
  @TckRule(spec = "§5.2 MRxSrvCallWinnerNotify, §3.2",
      check = "srvCallWinnerNotify calls srvCall.setCaseInsensitiveNetRoots(true) and"
          + " setCaseInsensitiveFileNames(true) for a case-insensitive server (declare"
          + " Capability.CASE_SENSITIVE_NAMES otherwise)")
  public void required_s5_2_winnerNotifySetsCaseFlags() {
    boolean insensitive = !h().declares(Capability.CASE_SENSITIVE_NAMES);
    try (FileHandle f = openNew("tck-case.txt")) {
      List<ObjectNode> srvCalls = h().nodes(NodeType.SRV_CALL).collect(Collectors.toList());
      h().expect(srvCalls.size() == 1, "one SRV_CALL", () -> h().tree());
      var flags = srvCalls.get(0).flags();
      boolean set = flags.contains("CASE_INSENSITIVE_NETROOTS")
          && flags.contains("CASE_INSENSITIVE_FILENAMES");
      h().expect(set == insensitive,
          insensitive ? "both case-insensitivity flags on the SRV_CALL"
              : "no case-insensitivity flag (the plugin declares CASE_SENSITIVE_NAMES)",
          () -> "its flags are " + flags);
    }
    if (insensitive) {
      String upper = "\\\\" + h().fixture.server().toUpperCase(Locale.ROOT) + "\\"
          + h().fixture.share().toUpperCase(Locale.ROOT) + "\\TCK-CASE.TXT";
      OpenResult r = h().tryOpen(h().user(), upper, CreateRequest.read().open());
      h().expectSuccess(r.status(), "an open of the same file by upper-case names");
      r.handleIfOpened().ifPresent(FileHandle::close);
    }
  }

  @Override
  @Test
  @TckRule(spec = "§6.3 (c), §9 pitfall 2",
      check = "in createVNetRoot, report a failure of the new view only in the view's status;"
          + " set the NET_ROOT's status to a failure only when the NET_ROOT is new (its context is"
          + " still null), or every other user of the share loses it")
  public void required_s9_p2_failingViewKeepsSharedNetRootGood() {
    java.util.Optional<Logon> refusedLogon = h().fixture.refusedUser();
    Assumptions.assumeTrue(refusedLogon.isPresent(),
        "the fixture offers no refused logon (TckFixture.refusedUser)");
    Logon refused = refusedLogon.orElseThrow();
    try (FileHandle held = h().open(h().user(), h().unc("tck-shared.txt"),
        CreateRequest.readWrite().openIf())) {
      OpenResult r = h().tryOpen(h().logon(refused), h().unc("tck-shared.txt"),
          CreateRequest.read().shareAll());
      h().expect(!r.status().isSuccess(), "the refused user's open fails",
          () -> "it answered " + r.status());
      h().expect(h().nodes(NodeType.NET_ROOT).allMatch(n -> n.condition() == Condition.GOOD),
          "the NET_ROOT stays Good after another user's view failed", () -> h().tree());
      var w = held.write(0, "still here".getBytes(StandardCharsets.UTF_8));
      h().expectSuccess(w.status(), "a write through the first user's open handle");
      try (FileHandle again = h().open(h().user(), h().unc("tck-shared-2.txt"),
          CreateRequest.readWrite().openIf())) {
        h().noBugCheck("a new open by the first user");
      }
    }
  }

  @Override
  @Test
  @TckRule(spec = "§9 pitfall 3, §5.2 MRxCreateVNetRoot",
      check = "for a NET_ROOT of type PIPE named IPC$ (a DFS client's probe) complete createVNetRoot"
          + " with MORE_PROCESSING_REQUIRED, for other pipes with NOT_SUPPORTED (unless the plugin"
          + " does named pipes); never SUCCESS as if it were a disk share")
  public void required_s9_p3_ipcProbeIsNotClaimed() {
    String probe = "\\\\" + h().fixture.server() + "\\IPC$\\srvsvc";
    OpenResult r = h().tryOpen(h().user(), probe, CreateRequest.readWrite().openIf());
    r.handleIfOpened().ifPresent(FileHandle::close);
    h().expect(!r.status().isSuccess() || h().declares(Capability.NAMED_PIPES),
        "the DFS probe of \\\\server\\IPC$ is not opened as a file",
        () -> "it answered " + r.status());
    h().noBugCheck("the DFS probe of IPC$");
    try (FileHandle f = openNew("tck-after-probe.txt")) {
      h().noBugCheck("an open on the share after the probe");
    }
  }

  @Override
  @Test
  @TckRule(spec = "§9 pitfall 17, §6.3",
      check = "createVNetRoot must not depend on state set up by a drive mapping (tree connect):"
          + " a UNC open may be the first thing that reaches a share, with no local drive and no"
          + " extended attributes")
  public void required_s9_p17_uncBeforeNetUse() {
    try (FileHandle f = openNew("tck-unc-first.txt")) {
      h().noBugCheck("a UNC open with no drive mapped");
    }
    IoSession user = h().user();
    h().expectStatus(h().call("net use X:", () -> user.netUse("X:", h().unc(""))),
        NtStatus.SUCCESS, "net use X: after UNC access");
    OpenResult r = h().tryOpen(user, "X:\\tck-unc-first.txt", CreateRequest.read().open());
    h().expectSuccess(r.status(), "an open through X:");
    r.handleIfOpened().ifPresent(FileHandle::close);
    h().expectStatus(h().call("net use X: /delete",
            () -> user.netUseDelete("X:", dev.rdbss.api.ConnectionFinalizeLevel.FORCE_FILES_CLOSED)),
        NtStatus.SUCCESS, "net use X: /delete");
  }

  @Override
  @Test
  @TckRule(spec = "§9 pitfall 4, §5.2 MRxCreateSrvCall",
      check = "the creation entries are called on the RDBSS thread; a plugin that hands the work to"
          + " its own threads must complete from there without touching the caller's state")
  public void optional_s9_p4_creationRunsOnRdbssThread() {
    try (FileHandle f = openNew("tck-thread.txt")) {
      h().noBugCheck("an open");
    }
    List<String> threads = h().callbacks().stream()
        .filter(e -> e.name().equals("createSrvCall") || e.name().equals("createVNetRoot"))
        .map(e -> e.thread()).distinct().collect(Collectors.toList());
    Assumptions.assumeFalse(threads.isEmpty(), "no creation callback traced");
    h().expect(threads.stream().noneMatch(t -> t.equals("tck-caller")),
        "the creation entries run on the RDBSS thread, not the caller's",
        () -> "they ran on " + threads);
  }

  @Override
  @Test
  @TckRule(spec = "§6.3 step 2, §1.1",
      check = "createVNetRoot for a NET_ROOT that already exists (its context is set) must build"
          + " the new user's view without re-initializing or failing the share")
  public void required_s6_3_secondUserGetsOwnView() {
    try (FileHandle a = openNew("tck-views.txt");
        FileHandle b = h().open(h().otherUser(), h().unc("tck-views.txt"),
            CreateRequest.read().shareAll())) {
      long views = h().nodes(NodeType.V_NET_ROOT).count();
      h().expect(views == 2, "two V_NET_ROOTs (one per logon) on one NET_ROOT",
          () -> views + " views:\n" + h().tree());
      h().expect(h().nodes(NodeType.NET_ROOT).count() == 1, "one NET_ROOT", () -> h().tree());
    }
  }

  @Override
  @Test
  @TckRule(spec = "§9 pitfall 4",
      check = "the host API runs each request to its end on the caller's thread; a caller that"
          + " dies between request and completion cannot be simulated without killing a thread")
  public void untested_s9_p4_callerThreadDeath() {}

  @Override
  @Test
  @TckRule(spec = "§5.2 MRxCancelCreateSrvCall",
      check = "RDBSS never calls cancelCreateSrvCall (§5.2), so no behaviour can be observed")
  public void untested_s5_2_cancelCreateSrvCall() {}

  @Override
  @Test
  @TckRule(spec = "§6.3",
      check = "the NETWORK_CREDENTIAL_CONFLICT retry needs a server that refuses a second"
          + " credential set on one session; fixtures describe no such server")
  public void untested_s6_3_credentialConflictRetry() {}

  @Override
  @Test
  @TckRule(spec = "§9 pitfall 18, §6.3",
      check = "RDBSS keeps a Bad SRV_CALL and answers its stored status until the scavenger frees"
          + " it; the plugin's part, completing with the failure, is"
          + " required_s9_p1_createSrvCallCompletesOnFailure, and telling whether a plugin caches"
          + " failures itself needs a server that comes back, which fixtures do not describe")
  public void untested_s9_p18_negativeCaching() {}
}
