package dev.rdbss.cli;

import dev.rdbss.api.ConnectionFinalizeLevel;
import dev.rdbss.api.NtStatus;
import dev.rdbss.api.file.ShareAccess;
import dev.rdbss.api.io.ControlResult;
import dev.rdbss.api.io.CreateRequest;
import dev.rdbss.api.io.DeviceHandle;
import dev.rdbss.api.io.FileHandle;
import dev.rdbss.api.io.IoSession;
import dev.rdbss.api.io.OpenResult;
import dev.rdbss.api.io.ReadResult;
import dev.rdbss.api.observe.ObjectTreeSnapshot;
import dev.rdbss.minirdr.smb.SmbControlCodes;
import dev.rdbss.minirdr.smb.SmbProvider;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The walk-through of {@code rdbss demo}: two users on one machine map shares of {@code \\files},
 * open and edit files, the server drops, they reconnect, and the run ends with a summary of what
 * RDBSS did (object tree, counters, statuses seen). Every status printed is the one the runtime
 * answered; nothing is scripted output.
 *
 * <p>On a real server ({@code --server}) fault injection is not available, so the drop is a forced
 * {@code net use /delete}: the same orphaned handles (spec §4.2), the same reconnection.
 */
final class Demo {

  /** The demo could not go on: one line for the user, exit status 1. */
  static final class DemoFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    DemoFailure(String message) {
      super(message);
    }
  }

  /** How many stages {@link #run} announces. */
  static final int STAGES = 5;

  private final Machine machine;
  private final Narrator n;
  private final TraceStats stats;
  private final String where;
  private final List<FileHandle> open = new ArrayList<>();
  private final List<IoSession> sessions = new ArrayList<>();
  // What the user typed, by handle: FileHandle.path() is the canonical name (\\;X:logon\\…).
  private final java.util.Map<FileHandle, String> typed = new java.util.IdentityHashMap<>();

  Demo(Machine machine, Narrator narrator, TraceStats stats, String where) {
    this.machine = machine;
    this.n = narrator;
    this.stats = stats;
    this.where = where;
  }

  void run() {
    String share = machine.shares().get(0);
    String unc = "\\\\" + Machine.SERVER + "\\" + share;
    String a = machine.users().get(0);
    String b = machine.users().get(1);
    IoSession alice = machine.logon(a);
    IoSession bob = machine.logon(b);
    sessions.add(alice);
    sessions.add(bob);

    n.title("rdbss demo: RDBSS and the SMB sample mini-redirector, " + where);

    n.stage("Two users map shares");
    NtStatus mapped = alice.netUse("X:", unc);
    if (!mapped.isSuccess()) {
      throw new DemoFailure("cannot map X: to " + unc + " " + where + ": " + mapped);
    }
    n.action(a, "net use X: " + unc, mapped);
    n.action(b, "net use Y: " + unc, expectSuccess(b + ": net use Y:", bob.netUse("Y:", unc)));
    if (machine.isEmbedded()) {
      n.action(
          b,
          "net use P: \\\\files\\public",
          expectSuccess(b + ": net use P:", bob.netUse("P:", "\\\\files\\public")));
    }
    n.note("One SRV_CALL for \\\\files, one NET_ROOT per share, one V_NET_ROOT per user and");
    n.note("share: each logon reaches the server with its own credentials (spec §1.1, §6.5).");

    n.stage("They open and edit files");
    FileHandle report =
        open(a, alice, "X:\\report.txt",
            CreateRequest.readWrite().overwriteIf().share(ShareAccess.READ, ShareAccess.WRITE));
    write(a, report, "Q3 report, draft 1\r\n");
    FileHandle notes = open(b, bob, "Y:\\notes.txt", CreateRequest.readWrite().overwriteIf());
    write(b, notes, "ask alice about Q3\r\n");
    FileHandle peek =
        open(b, bob, "Y:\\report.txt",
            CreateRequest.read().share(ShareAccess.READ, ShareAccess.WRITE));
    read(b, peek);
    if (machine.isEmbedded()) {
      n.note("bob's open broke alice's batch oplock: RDBSS flushed her cached write before the");
      n.note("server let bob in (spec §7.3), so bob reads what alice wrote.");
    }
    n.line("");
    n.line("  The object tree now (" + n.style().object("tree") + "):");
    n.block(TreeView.text(machine.runtime().observation().snapshot(), n.style()));

    if (machine.isEmbedded()) {
      n.stage("The server drops (it restarts; every connection and handle dies)");
      control(a, alice, SmbControlCodes.FSCTL_SMB_SIM_RESTART, "server restart", "files");
      n.note("Files stay on the server; open handles and connections are gone.");
      NtStatus w = write(a, report, "Q3 report, draft 2\r\n");
      NtStatus f = flush(a, report);
      NtStatus again = flush(a, report);
      NtStatus r = read(b, notes).status();
      if (w.isSuccess() && f.isSuccess() && again.isSuccess() && r.isSuccess()) {
        throw new DemoFailure("the server restarted but no request noticed");
      }
      n.note("The request that met the dead connection answered its status; the view marked its");
      n.note("tree lost, so later requests on old handles fail at once (spec §8). bob's read was");
      n.note("answered from RDBSS's cache: his open held a batch oplock (spec §7).");
    } else {
      n.stage("The connection is cut (forced net use /delete; a real server has no fault switch)");
      n.action(
          a,
          "net use X: /delete /force",
          expectSuccess(
              a + ": net use X: /delete /force",
              alice.netUseDelete("X:", ConnectionFinalizeLevel.FORCE_FILES_CLOSED)));
      n.note("A forced finalization orphans the open files of the view (spec §4.2).");
      NtStatus w = write(a, report, "Q3 report, draft 2\r\n");
      if (w.isSuccess()) {
        throw new DemoFailure("a write on an orphaned handle succeeded");
      }
    }

    n.stage("They reconnect");
    closeHandle(a, report);
    closeHandle(b, notes);
    closeHandle(b, peek);
    if (machine.isEmbedded()) {
      n.note("bob's note was only in RDBSS's cache: the flush at cleanup met the dead connection,");
      n.note("and the cleanup says so. Write-behind data dies with the connection.");
    }
    if (!machine.isEmbedded()) {
      n.action(a, "net use X: " + unc, expectSuccess(a + ": net use X:", alice.netUse("X:", unc)));
    }
    report =
        open(a, alice, "X:\\report.txt",
            CreateRequest.readWrite().openIf().share(ShareAccess.READ, ShareAccess.WRITE));
    n.note("The next open through the drive set up a new session with the view's credentials.");
    write(a, report, "Q3 report, draft 2\r\n");
    NtStatus flushed = flush(a, report);
    expectSuccess(a + ": flush after reconnecting", flushed);
    peek = open(b, bob, "Y:\\report.txt", CreateRequest.read().share(ShareAccess.READ, ShareAccess.WRITE));
    read(b, peek);
    closeHandle(b, peek);

    n.stage("Closing summary");
    ObjectTreeSnapshot before = machine.runtime().observation().snapshot();
    n.line("  Object tree with alice's report still open:");
    n.block(TreeView.text(before, n.style()));
    n.action(
        a,
        "net use X: /delete",
        alice.netUseDelete("X:", ConnectionFinalizeLevel.NO_FORCE));
    n.note("FILES_OPEN: a mapping with open files is deleted only by force (spec §4.3).");
    n.action(
        a,
        "net use X: /delete /force",
        expectSuccess(
            a + ": net use X: /delete /force",
            alice.netUseDelete("X:", ConnectionFinalizeLevel.FORCE_FILES_CLOSED)));
    ReadResult orphaned = report.read(0, 100);
    n.action(a, "read X:\\report.txt (orphaned handle)", orphaned.status());
    closeHandle(a, report);
    n.action(b, "net use Y: /delete", expectSuccess(b + ": net use Y: /delete",
        bob.netUseDelete("Y:", ConnectionFinalizeLevel.NO_FORCE)));
    if (machine.isEmbedded()) {
      n.action(b, "net use P: /delete", expectSuccess(b + ": net use P: /delete",
          bob.netUseDelete("P:", ConnectionFinalizeLevel.NO_FORCE)));
    }
    summary();
  }

  private void summary() {
    n.line("");
    n.line("  " + n.style().heading("Counters") + " (" + stats.events() + " trace events)");
    n.line("    RDBSS routines:       " + top(stats.routines(), 8));
    n.line("    plugin callbacks:     " + top(stats.callbacks(), 8));
    n.line("    host requests:        " + top(stats.hostRequests(), 8));
    n.line("  " + n.style().heading("Statuses seen"));
    for (TraceStats.Count c : stats.statuses()) {
      NtStatus s = NtStatus.byName(c.name()).orElse(NtStatus.SUCCESS);
      n.line(String.format(Locale.ROOT, "    %6d  %s", c.count(),
          NtStatus.byName(c.name()).isPresent() ? n.style().status(s) : c.name()));
    }
    List<String> leaks = machine.runtime().unregister(SmbProvider.NAME);
    n.line("  " + n.style().heading("Objects left at unregistration") + ": "
        + (leaks.isEmpty() ? n.style().good("none") : n.style().bad(String.join("; ", leaks))));
    if (!leaks.isEmpty()) {
      throw new DemoFailure("objects leaked: " + String.join("; ", leaks));
    }
  }

  private static String top(List<TraceStats.Count> counts, int limit) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < Math.min(limit, counts.size()); i++) {
      if (i > 0) {
        sb.append(", ");
      }
      sb.append(counts.get(i).name()).append(' ').append(counts.get(i).count());
    }
    if (counts.size() > limit) {
      sb.append(", … ").append(counts.size() - limit).append(" more");
    }
    return sb.toString();
  }

  // ------------------------------------------------------------------------------ actions

  private FileHandle open(String who, IoSession session, String path, CreateRequest request) {
    OpenResult r = session.tryOpen(path, request);
    n.action(who, "open " + path, r.status());
    FileHandle handle = r.handle();
    if (handle == null) {
      throw new DemoFailure(who + ": open " + path + ": " + r.status());
    }
    open.add(handle);
    typed.put(handle, path);
    return handle;
  }

  private NtStatus write(String who, FileHandle f, String text) {
    NtStatus s = f.write(0, text.getBytes(StandardCharsets.UTF_8)).status();
    n.action(who, "write " + pathOf(f) + " \"" + text.strip() + "\"", s);
    return s;
  }

  private NtStatus flush(String who, FileHandle f) {
    NtStatus s = f.flush().status();
    n.action(who, "flush " + pathOf(f), s);
    return s;
  }

  private ReadResult read(String who, FileHandle f) {
    ReadResult r = f.read(0, 4096);
    String text = new String(r.data(), StandardCharsets.UTF_8).strip();
    if (r.status().isSuccess()) {
      n.action(who, "read " + pathOf(f), "\"" + text + "\"");
    } else {
      n.action(who, "read " + pathOf(f), r.status());
    }
    return r;
  }

  private void closeHandle(String who, FileHandle f) {
    NtStatus s = f.cleanup();
    f.close();
    open.remove(f);
    n.action(who, "close " + pathOf(f), s);
  }

  private String pathOf(FileHandle f) {
    return typed.getOrDefault(f, f.path());
  }

  private void control(String who, IoSession session, int code, String what, String... fields) {
    try (DeviceHandle device = session.openDevice(SmbProvider.DEVICE)) {
      ControlResult r = device.fsctl(code, SmbControlCodes.input(fields), 0);
      n.action(who, what + " (device control on " + SmbProvider.DEVICE + ")", r.status());
      expectSuccess(what, r.status());
    }
  }

  private static NtStatus expectSuccess(String what, NtStatus status) {
    if (!status.isSuccess()) {
      throw new DemoFailure(what + ": " + status);
    }
    return status;
  }

  /** Closes what a failed run left open, so that the runtime shuts down cleanly. */
  void closeLeftovers() {
    for (FileHandle f : List.copyOf(open)) {
      f.close();
    }
    open.clear();
    for (IoSession s : sessions) {
      for (String local : List.copyOf(s.netUses().keySet())) {
        s.netUseDelete(local, ConnectionFinalizeLevel.FORCE_FILES_CLOSED);
      }
    }
  }
}
