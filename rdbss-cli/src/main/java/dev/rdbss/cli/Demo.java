package dev.rdbss.cli;

import dev.rdbss.api.ConnectionFinalizeLevel;
import dev.rdbss.api.Credentials;
import dev.rdbss.api.file.AccessMask;
import dev.rdbss.api.file.CreateDisposition;
import dev.rdbss.api.file.FileDirectoryEntry;
import dev.rdbss.api.file.FileInformation;
import dev.rdbss.api.observe.TraceEvent;
import dev.rdbss.minirdr.csc.CscProvider;
import dev.rdbss.minirdr.csc.CscShareStatus;
import dev.rdbss.minirdr.csc.SyncReport;
import dev.rdbss.minirdr.smb.client.Smb2Settings;
import dev.rdbss.minirdr.smb.client.SmbClient;
import dev.rdbss.minirdr.smb.client.SmbCreateRequest;
import dev.rdbss.minirdr.smb.client.SmbCreateResult;
import dev.rdbss.minirdr.smb.client.SmbResult;
import dev.rdbss.minirdr.smb.client.SmbSession;
import dev.rdbss.minirdr.smb.client.SmbTransports;
import dev.rdbss.minirdr.smb.client.SmbTree;
import java.io.PrintWriter;
import java.util.EnumSet;
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

  /**
   * The folder of the share the demo works in. On a real server it is emptied first, so that a run
   * finds no file of an earlier one; nothing outside it is touched.
   */
  static final String FOLDER = "rdbss-demo";

  private static final String DIR = "\\" + FOLDER;

  /** How many stages {@link #run} announces. */
  static final int STAGES = 6;

  private final Machine machine;
  private final Narrator n;
  private final PrintWriter out;
  private final TraceStats stats;
  private final String where;
  private final List<FileHandle> open = new ArrayList<>();
  private final List<IoSession> sessions = new ArrayList<>();
  // What the user typed, by handle: FileHandle.path() is the canonical name (\\;X:logon\\…).
  private final java.util.Map<FileHandle, String> typed = new java.util.IdentityHashMap<>();

  Demo(Machine machine, Narrator narrator, PrintWriter out, TraceStats stats, String where) {
    this.machine = machine;
    this.out = out;
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

    n.title("rdbss demo: RDBSS with the CSC and SMB sample mini-redirectors, " + where);
    // Straight to the server first: an unreachable one is one clear error (the CSC sample would
    // map the share offline from an empty cache), and the demo's folder starts empty.
    prepareFolder(a, share);

    n.stage("Two users map shares");
    NtStatus mapped = alice.netUse("X:", unc);
    if (!mapped.isSuccess()) {
      throw new DemoFailure("cannot map X: to " + unc + " " + where + ": " + mapped);
    }
    n.action(a, "net use X: " + unc, mapped);
    n.action(b, "net use Y: " + unc, expectSuccess(b + ": net use Y:", bob.netUse("Y:", unc)));
    n.note("The CSC sample is asked first (provider order csc,smb) and claims \\\\files: it caches");
    n.note("what passes through and reaches the server with the SMB sample's client. Each logon");
    n.note("gets its own V_NET_ROOT on the share's NET_ROOT (spec §1.1, §6.5).");

    n.stage("They open and edit files");
    FileHandle report =
        open(a, alice, "X:" + DIR + "\\report.txt",
            CreateRequest.readWrite().overwriteIf().share(ShareAccess.READ, ShareAccess.WRITE));
    write(a, report, "Q3 report, draft 1\r\n");
    FileHandle notes = open(b, bob, "Y:" + DIR + "\\notes.txt", CreateRequest.readWrite().overwriteIf());
    write(b, notes, "ask " + a + " about Q3\r\n");
    FileHandle peek =
        open(b, bob, "Y:" + DIR + "\\report.txt",
            CreateRequest.read().share(ShareAccess.READ, ShareAccess.WRITE));
    read(b, peek);
    String folder = unc + DIR;
    n.action(b, "csc pin " + folder, CscCommands.pin(bob, folder) + " file(s) pinned");
    n.note("Pinned: the folder and its files are kept in " + b + "'s cache, ready for offline use.");
    n.line("");
    n.line("  The object tree now (" + n.style().object("tree") + "):");
    n.block(TreeView.text(machine.runtime().observation().snapshot(), n.style()));

    long beforeDrop = lastSequence();
    if (machine.isEmbedded()) {
      n.stage("The server drops; the CSC sample takes the share offline");
      control(a, alice, SmbControlCodes.FSCTL_SMB_SIM_RESTART, "server restart", Machine.SERVER);
      n.note("\\\\files restarted: every connection and server handle is gone, files stay.");
      write(a, report, "Q3 report, draft 2\r\n");
      n.note("The write met the dead connection: the CSC sample kept the bytes in its cache and");
      n.note("journal (nothing written is lost), answered SUCCESS, and asked the RDBSS worker to");
      n.note("take the share offline.");
      // The transition runs on the RDBSS worker; let it finish before the next request.
      machine.runtime().awaitIdle();
    } else {
      n.stage("The share goes offline (on request: a real server has no fault switch)");
      CscShareStatus off = CscCommands.offline(alice, unc);
      n.action(a, "csc offline " + unc, CscCommands.describe(off));
      machine.runtime().awaitIdle();
    }
    long finalized = eventsSince(beforeDrop, "forceFinalizeAllVNetRoots");
    n.note("forceFinalizeAllVNetRoots ran " + finalized + " time(s) on the share's NET_ROOT (spec §4.1):");
    n.note("every handle open on it is orphaned; requests fail, cleanup and close work (§4.2).");
    if (finalized == 0) {
      throw new DemoFailure("the share went offline without forceFinalizeAllVNetRoots");
    }
    flush(a, report);
    read(b, notes);
    read(b, peek);
    closeHandle(a, report);
    closeHandle(b, notes);
    closeHandle(b, peek);
    n.action(a, "csc status " + unc, CscCommands.describe(status(alice, unc)));

    n.stage("Offline edits");
    report =
        open(a, alice, "X:" + DIR + "\\report.txt",
            CreateRequest.readWrite().openIf().share(ShareAccess.READ, ShareAccess.WRITE));
    n.note("Served from the cache: the share is offline, the open never reaches the server.");
    write(a, report, "Q3 report, draft 2 (written offline)\r\n");
    closeHandle(a, report);
    FileHandle todo = open(b, bob, "Y:" + DIR + "\\todo.txt", CreateRequest.readWrite().create());
    write(b, todo, "call the printer people\r\n");
    closeHandle(b, todo);
    n.action(a, "csc status " + unc, CscCommands.describe(status(alice, unc)));
    serverWrite(b, share, FOLDER + "\\report.txt", "Q3 report, " + b + "'s numbers\r\n");
    n.note("Meanwhile " + b + ", from another machine, changed report.txt on the server itself.");

    n.stage("Reconnect and sync");
    SyncReport synced;
    try (SyncProgressView view = new SyncProgressView(out, n.style())) {
      machine.csc().addSyncListener(view);
      try {
        synced = CscCommands.online(alice, unc);
      } finally {
        machine.csc().removeSyncListener(view);
      }
    }
    n.action(a, "csc online " + unc, String.join("\n         ", CscCommands.describe(synced)));
    if (synced.conflicts().size() != 1) {
      throw new DemoFailure("the sync found " + synced.conflicts().size() + " conflicts, not one");
    }
    n.note("The journal was replayed in order; report.txt changed on both sides, so the server's");
    n.note("version stays and " + a + "'s is kept beside it. Then the offline handles were closed,");
    n.note("again with forceFinalizeAllVNetRoots, and opens go to the server.");
    peek = open(b, bob, "Y:" + DIR + "\\report.txt", CreateRequest.read().share(ShareAccess.READ, ShareAccess.WRITE));
    read(b, peek);
    closeHandle(b, peek);
    SyncReport.SyncConflict conflict = synced.conflicts().get(0);
    if (!conflict.keptAs().isEmpty()) {
      FileHandle kept =
          open(a, alice, "X:" + conflict.keptAs(), CreateRequest.read().share(ShareAccess.READ));
      read(a, kept);
      closeHandle(a, kept);
    }

    n.stage("Closing summary");
    report =
        open(a, alice, "X:" + DIR + "\\report.txt",
            CreateRequest.readWrite().openIf().share(ShareAccess.READ, ShareAccess.WRITE));
    ObjectTreeSnapshot before = machine.runtime().observation().snapshot();
    n.line("  Object tree with " + a + "'s report open:");
    n.block(TreeView.text(before, n.style()));
    n.action(a, "net use X: /delete", alice.netUseDelete("X:", ConnectionFinalizeLevel.NO_FORCE));
    n.note("FILES_OPEN: a mapping with open files is deleted only by force (spec §4.3).");
    n.action(
        a,
        "net use X: /delete /force",
        expectSuccess(
            a + ": net use X: /delete /force",
            alice.netUseDelete("X:", ConnectionFinalizeLevel.FORCE_FILES_CLOSED)));
    ReadResult orphaned = report.read(0, 100);
    n.action(a, "read X:" + DIR + "\\report.txt (orphaned handle)", orphaned.status());
    closeHandle(a, report);
    n.action(b, "net use Y: /delete", expectSuccess(b + ": net use Y: /delete",
        bob.netUseDelete("Y:", ConnectionFinalizeLevel.NO_FORCE)));
    summary();
  }

  private long lastSequence() {
    List<TraceEvent> last = machine.runtime().observation().recentEvents(1);
    return last.isEmpty() ? 0 : last.get(0).sequence();
  }

  private long eventsSince(long sequence, String name) {
    return stats.callsSince(sequence, name);
  }

  private static CscShareStatus status(IoSession session, String unc) {
    List<CscShareStatus> all = CscCommands.status(session, unc);
    if (all.isEmpty()) {
      throw new DemoFailure("the CSC sample does not know " + unc);
    }
    return all.get(0);
  }

  /** Another machine writes straight to the server (no RDBSS, no cache): the other side of a conflict. */
  private void serverWrite(String user, String share, String path, String text) {
    String password = machine.password(user).orElseThrow();
    try (SmbClient client = otherMachine()) {
      SmbSession session =
          value(
              client.connect(Machine.SERVER, Credentials.of(user, password.toCharArray()),
                  (tree, id, level) -> tree.acknowledgeOplockBreak(id, level)).join(),
              user + " cannot reach the server");
      SmbTree tree = value(session.treeConnect(share).join(), user + " cannot connect to " + share);
      SmbCreateResult f =
          value(
              tree.create(path, SmbCreateRequest.file(AccessMask.FILE_GENERIC_WRITE,
                  EnumSet.allOf(ShareAccess.class), CreateDisposition.OVERWRITE_IF)).join(),
              user + " cannot write " + path);
      value(tree.write(f.fileId(), 0, text.getBytes(StandardCharsets.UTF_8)).join(),
          user + " cannot write " + path);
      tree.close(f.fileId()).join();
      session.logoff().join();
    }
  }

  /**
   * Connects straight to the server as {@code user} and makes {@link #FOLDER} an empty folder of
   * {@code share}: an unreachable server is one clear error, and files of an earlier run (on a real
   * server) cannot turn into conflicts of this one.
   */
  private void prepareFolder(String user, String share) {
    String password = machine.password(user).orElseThrow();
    try (SmbClient client = otherMachine()) {
      SmbResult<SmbSession> connected =
          client.connect(Machine.SERVER, Credentials.of(user, password.toCharArray()),
              (tree, id, level) -> tree.acknowledgeOplockBreak(id, level)).join();
      if (!connected.isSuccess()) {
        throw new DemoFailure("cannot reach \\\\" + Machine.SERVER + " " + where + " as " + user
            + ": " + connected.status());
      }
      SmbSession session = connected.get();
      SmbTree tree = value(session.treeConnect(share).join(), user + " cannot connect to " + share);
      SmbCreateResult dir =
          value(tree.create(FOLDER, SmbCreateRequest.directory(CreateDisposition.OPEN_IF)).join(),
              "cannot create the folder " + FOLDER + " on " + share);
      SmbResult<List<FileDirectoryEntry>> listed = tree.queryDirectory(dir.fileId(), "*").join();
      tree.close(dir.fileId()).join();
      if (listed.isSuccess()) {
        for (FileDirectoryEntry e : listed.get()) {
          if (!e.isDirectory()) {
            deleteOnServer(tree, FOLDER + "\\" + e.fileName());
          }
        }
      }
      session.logoff().join();
    }
  }

  private static void deleteOnServer(SmbTree tree, String path) {
    SmbCreateResult f =
        value(
            tree.create(path, SmbCreateRequest.file(AccessMask.DELETE | AccessMask.FILE_READ_ATTRIBUTES,
                EnumSet.allOf(ShareAccess.class), CreateDisposition.OPEN)).join(),
            "cannot open " + path + " of an earlier run to delete it");
    NtStatus deleted = tree.setInfo(f.fileId(), new FileInformation.Disposition(true)).join();
    tree.close(f.fileId()).join();
    if (!deleted.isSuccess()) {
      throw new DemoFailure("cannot delete " + path + " of an earlier run: " + deleted);
    }
  }

  private static <T> T value(SmbResult<T> result, String what) {
    if (!result.isSuccess()) {
      throw new DemoFailure(what + ": " + result.status());
    }
    return result.get();
  }

  private SmbClient otherMachine() {
    if (machine.network().isPresent()) {
      return SmbTransports.sim(machine.network().get());
    }
    ServerAddress address = machine.address().orElseThrow();
    return SmbTransports.smb2(
        Smb2Settings.defaults().withAddress(Machine.SERVER, address.host(), address.port()));
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
    List<String> leaks = new ArrayList<>(machine.runtime().unregister(CscProvider.NAME));
    leaks.addAll(machine.runtime().unregister(SmbProvider.NAME));
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
