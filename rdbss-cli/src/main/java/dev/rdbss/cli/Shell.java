package dev.rdbss.cli;

import dev.rdbss.api.ConnectionFinalizeLevel;
import dev.rdbss.api.Credentials;
import dev.rdbss.api.NtStatus;
import dev.rdbss.api.file.AccessMask;
import dev.rdbss.api.file.CreateOption;
import dev.rdbss.api.file.FileDirectoryEntry;
import dev.rdbss.api.file.FileInformation;
import dev.rdbss.api.io.ControlResult;
import dev.rdbss.api.io.CreateRequest;
import dev.rdbss.api.io.DeviceHandle;
import dev.rdbss.api.io.DirectoryResult;
import dev.rdbss.api.io.FileHandle;
import dev.rdbss.api.io.IoSession;
import dev.rdbss.api.io.IoStatusBlock;
import dev.rdbss.api.io.NetUseOptions;
import dev.rdbss.api.io.OpenResult;
import dev.rdbss.api.io.ReadResult;
import dev.rdbss.api.observe.TraceEvent;
import dev.rdbss.minirdr.smb.SmbControlCodes;
import dev.rdbss.minirdr.smb.SmbProvider;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The commands of {@code rdbss shell} and {@code rdbss shell --script FILE}: a Windows user's
 * {@code net use}, {@code dir}, {@code type}, {@code copy}, {@code del}, {@code mkdir}, {@code ren}
 * on the simulated machine, plus views inside RDBSS ({@code tree}, {@code trace}) and the embedded
 * server's fault injection ({@code server fault …}). Each line is one command; its output goes to
 * {@code out}, and a failure is one {@code error:} line (never a stack trace).
 *
 * <p>The shell acts as one logged-on user at a time ({@code logon NAME} switches); each user keeps
 * their own logon session, drive mappings and open views, as on Windows. Relative paths are taken
 * from the current directory ({@code cd}), {@code \\files\docs} at first.
 */
final class Shell {

  /** What a line did. */
  enum Outcome {
    OK,
    FAILED,
    EXIT
  }

  /**
   * The outcome of a line and, when it failed, why (one line, without the {@code error:} prefix;
   * the caller prints it where its errors go).
   */
  record Result(Outcome outcome, @Nullable String error) {
    static final Result OK = new Result(Outcome.OK, null);
    static final Result EXIT = new Result(Outcome.EXIT, null);

    static Result failed(String error) {
      return new Result(Outcome.FAILED, error);
    }
  }

  /** One command: its usage line, help text and action. */
  private record Command(String usage, String help, Action action) {}

  @FunctionalInterface
  private interface Action {
    void run(List<String> args);
  }

  private static final Pattern DRIVE = Pattern.compile("(?i)^[a-z]:.*");
  private static final int CHUNK = 64 * 1024;
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd  HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);

  private final Machine machine;
  private final PrintWriter out;
  private final Style style;
  private final Map<String, Command> commands = new LinkedHashMap<>();
  private final Map<String, IoSession> sessions = new LinkedHashMap<>();
  private final Map<Integer, OpenHandle> handles = new java.util.TreeMap<>();
  private int nextHandle = 1;
  private String user;
  private String cwd;

  Shell(Machine machine, PrintWriter out, Style style) {
    this.machine = machine;
    this.out = out;
    this.style = style;
    this.user = machine.users().get(0);
    this.cwd = "\\\\" + Machine.SERVER + "\\" + machine.shares().get(0);
    register();
  }

  private void register() {
    add("help", "help", "lists the commands", a -> help());
    add("logon", "logon USER", "acts as USER from now on (" + String.join(", ", machine.users())
        + ")", this::logon);
    add("whoami", "whoami", "prints the current user", a -> out.println(user));
    add(
        "net",
        "net use [X: \\\\server\\share [PASSWORD] [/user:NAME] | X: /delete [/force]]",
        "maps, lists or deletes drive mappings",
        this::net);
    add("cd", "cd [PATH]", "changes (or prints) the current directory", this::cd);
    add("dir", "dir [PATH]", "lists a directory", this::dir);
    add("type", "type PATH", "prints a file", this::type);
    add("echo", "echo TEXT > PATH | echo TEXT >> PATH", "writes (or appends) a line to a file",
        this::echo);
    add("copy", "copy SOURCE TARGET", "copies a file", this::copy);
    add("del", "del PATH", "deletes a file", this::del);
    add("mkdir", "mkdir PATH", "creates a directory", this::mkdir);
    add("rmdir", "rmdir PATH", "removes an empty directory", this::rmdir);
    add("ren", "ren PATH NEWNAME", "renames a file or directory in its directory", this::ren);
    add("open", "open PATH [/write]", "opens a file or directory and keeps the handle open",
        this::openCommand);
    add("close", "close N | all", "closes handle N (see 'handles'), or every one", this::close);
    add("handles", "handles", "lists the open handles", a -> handles());
    add("tree", "tree [--dot]", "shows the object tree SRV_CALL ... FOBX (or Graphviz DOT)",
        this::tree);
    add("trace", "trace [N]", "shows the last N trace events (20)", this::trace);
    add(
        "server",
        "server fault latency MS | disconnect [N] | fail SHARE PATH STATUS | clear; server restart",
        "injects faults into the embedded server \\\\" + Machine.SERVER,
        this::server);
    add(
        "csc",
        "csc status [SHARE] | offline [SHARE] | online [SHARE] | sync [SHARE] | pin PATH",
        "the CSC sample's offline cache of \\\\" + Machine.SERVER + " (SHARE: \\\\server\\share or X:;"
            + " default: the current one)",
        this::csc);
    add("exit", "exit", "leaves the shell", a -> {});
    commands.put("quit", commands.get("exit"));
    commands.put("md", commands.get("mkdir"));
    commands.put("rd", commands.get("rmdir"));
    commands.put("erase", commands.get("del"));
    commands.put("rename", commands.get("ren"));
  }

  private void add(String name, String usage, String help, Action action) {
    commands.put(name, new Command(usage, help, action));
  }

  /** The command names, for completion. */
  Set<String> commandNames() {
    return commands.keySet();
  }

  /** The prompt: user and current directory. */
  String prompt() {
    return user + " " + cwd + "> ";
  }

  /** Runs one line. Blank lines and lines starting with {@code #} or {@code rem} do nothing. */
  Result execute(String line) {
    String trimmed = line.strip();
    if (trimmed.isEmpty() || trimmed.startsWith("#")) {
      return Result.OK;
    }
    try {
      List<String> words = Words.split(trimmed);
      String name = words.get(0).toLowerCase(Locale.ROOT);
      if (name.equals("rem")) {
        return Result.OK;
      }
      Command command = commands.get(name);
      if (command == null) {
        return Result.failed("unknown command '" + words.get(0) + "'; type 'help' for the list");
      }
      if (name.equals("exit") || name.equals("quit")) {
        return Result.EXIT;
      }
      command.action().run(words.subList(1, words.size()));
      // What the command set going on RDBSS's worker (a CSC transition after a transport error,
      // a posted finalization) finishes before the next line, so that a script reads the same
      // every time.
      machine.runtime().awaitIdle();
      return Result.OK;
    } catch (ShellException e) {
      machine.runtime().awaitIdle();
      return Result.failed(String.valueOf(e.getMessage()));
    } finally {
      out.flush();
    }
  }

  // ------------------------------------------------------------------------------ users

  private IoSession session() {
    return sessions.computeIfAbsent(user, machine::logon);
  }

  private void help() {
    commands.forEach(
        (name, c) -> {
          if (c.usage().startsWith(name)) {
            out.println("  " + style.command(c.usage()));
            out.println("      " + c.help());
          }
        });
  }

  private void logon(List<String> args) {
    expect(args, 1, 1, "logon USER");
    String name = args.get(0).toLowerCase(Locale.ROOT);
    if (!machine.knows(name)) {
      throw new ShellException(
          "no user named '" + args.get(0) + "'; the users are " + String.join(", ", machine.users()));
    }
    user = name;
    out.println("now acting as " + user);
  }

  // ------------------------------------------------------------------------------ net use

  private void net(List<String> args) {
    if (args.isEmpty() || !args.get(0).equalsIgnoreCase("use")) {
      throw usage("net");
    }
    List<String> rest = args.subList(1, args.size());
    if (rest.isEmpty()) {
      Map<String, String> uses = session().netUses();
      if (uses.isEmpty()) {
        out.println("There are no entries in the list.");
      }
      uses.forEach((local, unc) -> out.println(String.format(Locale.ROOT, "%-8s %s", local, unc)));
      return;
    }
    String local = rest.get(0);
    boolean delete = rest.stream().anyMatch(w -> w.equalsIgnoreCase("/delete") || w.equalsIgnoreCase("/d"));
    if (delete) {
      boolean force = rest.stream().anyMatch(w -> w.equalsIgnoreCase("/force") || w.equalsIgnoreCase("/y"));
      NtStatus s =
          session()
              .netUseDelete(
                  local,
                  force
                      ? ConnectionFinalizeLevel.FORCE_FILES_CLOSED
                      : ConnectionFinalizeLevel.NO_FORCE);
      check("net use " + local + " /delete", s);
      out.println(local + " was deleted successfully.");
      return;
    }
    if (rest.size() < 2) {
      throw usage("net");
    }
    String unc = rest.get(1);
    String password = null;
    String explicitUser = null;
    for (String w : rest.subList(2, rest.size())) {
      if (w.regionMatches(true, 0, "/user:", 0, 6)) {
        explicitUser = w.substring(6);
      } else if (w.startsWith("/")) {
        throw new ShellException("unknown option '" + w + "' for net use");
      } else if (password == null) {
        password = w;
      } else {
        throw usage("net");
      }
    }
    NetUseOptions options = NetUseOptions.defaults();
    if (explicitUser != null) {
      String name = explicitUser;
      String pw = password != null ? password : machine.password(name).orElseThrow(
          () -> new ShellException("no password for '" + name + "'; give it: net use "
              + local + " " + unc + " PASSWORD /user:" + name));
      options = NetUseOptions.withCredentials(Credentials.of(name, pw.toCharArray()));
    } else if (password != null) {
      options = NetUseOptions.withCredentials(Credentials.of(user, password.toCharArray()));
    }
    check("net use " + local + " " + unc, session().netUse(local, unc, options));
    out.println("The command completed successfully.");
  }

  // ------------------------------------------------------------------------------ files

  private void cd(List<String> args) {
    expect(args, 0, 1, "cd [PATH]");
    if (args.isEmpty()) {
      out.println(cwd);
      return;
    }
    String target = resolve(args.get(0));
    open(target, CreateRequest.directory()).close(); // it must exist and be a directory
    cwd = stripTrailingSeparator(target);
  }

  private void dir(List<String> args) {
    expect(args, 0, 1, "dir [PATH]");
    String path = args.isEmpty() ? cwd : resolve(args.get(0));
    List<FileDirectoryEntry> entries = new ArrayList<>();
    try (FileHandle dir = open(path, CreateRequest.directory())) {
      boolean restart = true;
      while (true) {
        DirectoryResult r = dir.queryDirectory(null, restart);
        restart = false;
        if (r.status().equals(NtStatus.NO_MORE_FILES)) {
          break;
        }
        check("dir " + path, r.status());
        entries.addAll(r.entries());
        if (r.entries().isEmpty()) {
          break;
        }
      }
    }
    out.println(" Directory of " + path);
    out.println();
    long files = 0;
    long bytes = 0;
    for (FileDirectoryEntry e : entries) {
      String when = TIME.format(e.lastWriteTime());
      if (e.isDirectory()) {
        out.println(String.format(Locale.ROOT, "%s    %-14s %s", when, "<DIR>", e.fileName()));
      } else {
        files++;
        bytes += e.endOfFile();
        out.println(String.format(Locale.ROOT, "%s    %14d %s", when, e.endOfFile(), e.fileName()));
      }
    }
    out.println(String.format(Locale.ROOT, "%15d File(s) %14d bytes", files, bytes));
  }

  private void type(List<String> args) {
    expect(args, 1, 1, "type PATH");
    String path = resolve(args.get(0));
    byte[] data;
    try (FileHandle f = open(path, CreateRequest.read().shareAll())) {
      data = readAll(path, f);
    }
    String text = new String(data, StandardCharsets.UTF_8);
    out.print(text);
    if (!text.isEmpty() && !text.endsWith("\n")) {
      out.println();
    }
  }

  private void echo(List<String> args) {
    int redirect = -1;
    for (int i = 0; i < args.size(); i++) {
      if (args.get(i).equals(">") || args.get(i).equals(">>")) {
        redirect = i;
      }
    }
    if (redirect < 0) {
      out.println(String.join(" ", args));
      return;
    }
    if (redirect != args.size() - 2) {
      throw usage("echo");
    }
    boolean append = args.get(redirect).equals(">>");
    String path = resolve(args.get(redirect + 1));
    byte[] line =
        (String.join(" ", args.subList(0, redirect)) + "\r\n").getBytes(StandardCharsets.UTF_8);
    CreateRequest request = append ? CreateRequest.readWrite().openIf() : CreateRequest.readWrite().overwriteIf();
    try (FileHandle f = open(path, request)) {
      long offset = 0;
      if (append) {
        offset = readAll(path, f).length;
      }
      IoStatusBlock w = f.write(offset, line);
      check("echo > " + path, w.status());
    }
  }

  private void copy(List<String> args) {
    expect(args, 2, 2, "copy SOURCE TARGET");
    String source = resolve(args.get(0));
    String target = resolve(args.get(1));
    byte[] data;
    try (FileHandle f = open(source, CreateRequest.read().shareAll())) {
      data = readAll(source, f);
    }
    try (FileHandle f = open(target, CreateRequest.write().overwriteIf())) {
      check("copy to " + target, f.write(0, data).status());
    }
    out.println("        1 file(s) copied.");
  }

  private void del(List<String> args) {
    expect(args, 1, 1, "del PATH");
    delete(resolve(args.get(0)), CreateOption.NON_DIRECTORY_FILE);
  }

  private void rmdir(List<String> args) {
    expect(args, 1, 1, "rmdir PATH");
    delete(resolve(args.get(0)), CreateOption.DIRECTORY_FILE);
  }

  private void delete(String path, CreateOption kind) {
    CreateRequest request =
        CreateRequest.attributesOnly()
            .access(AccessMask.DELETE | AccessMask.FILE_READ_ATTRIBUTES | AccessMask.SYNCHRONIZE)
            .withOptions(kind);
    try (FileHandle f = open(path, request)) {
      check("del " + path, f.setInformation(new FileInformation.Disposition(true)).status());
    }
  }

  private void mkdir(List<String> args) {
    expect(args, 1, 1, "mkdir PATH");
    String path = resolve(args.get(0));
    open(path, CreateRequest.directory().create()).close(); // the create makes the directory
  }

  private void ren(List<String> args) {
    expect(args, 2, 2, "ren PATH NEWNAME");
    String path = resolve(args.get(0));
    String newName = args.get(1);
    if (newName.contains("\\") || newName.contains(":")) {
      throw new ShellException("ren takes a new name, not a path: '" + newName + "'");
    }
    String relative = shareRelative(path);
    int slash = relative.lastIndexOf('\\');
    String target = relative.substring(0, slash + 1) + newName;
    CreateRequest request =
        CreateRequest.attributesOnly()
            .access(AccessMask.DELETE | AccessMask.FILE_READ_ATTRIBUTES | AccessMask.SYNCHRONIZE);
    try (FileHandle f = open(path, request)) {
      check("ren " + path, f.setInformation(new FileInformation.Rename(false, target)).status());
    }
  }

  // ------------------------------------------------------------------------------ handles

  /** A handle {@code open} keeps for later commands, with the user who opened it. */
  private record OpenHandle(String user, String path, FileHandle handle) {}

  private void openCommand(List<String> args) {
    expect(args, 1, 2, "open PATH [/write]");
    boolean write = args.size() == 2;
    if (write && !args.get(1).equalsIgnoreCase("/write")) {
      throw usage("open");
    }
    String path = resolve(args.get(0));
    CreateRequest request =
        write ? CreateRequest.readWrite().openIf().shareAll() : CreateRequest.read().shareAll();
    OpenResult r = session().tryOpen(path, request);
    if (r.status().equals(NtStatus.FILE_IS_A_DIRECTORY) && !write) {
      r = session().tryOpen(path, CreateRequest.directory());
    }
    FileHandle handle = r.handle();
    if (handle == null) {
      throw new ShellException(path + ": " + r.status());
    }
    int id = nextHandle++;
    handles.put(id, new OpenHandle(user, path, handle));
    out.println("[" + id + "] " + path + " (" + handle.createInformation() + ")");
  }

  private void close(List<String> args) {
    expect(args, 1, 1, "close N | all");
    if (args.get(0).equalsIgnoreCase("all")) {
      int n = handles.size();
      closeAll();
      out.println("closed " + n + " handle(s)");
      return;
    }
    int id = positive(args.get(0), "close");
    OpenHandle h = handles.remove(id);
    if (h == null) {
      throw new ShellException("no open handle [" + id + "]; 'handles' lists them");
    }
    NtStatus cleanup = h.handle().cleanup();
    h.handle().close();
    out.println("[" + id + "] closed (cleanup " + cleanup.name() + ")");
  }

  private void handles() {
    if (handles.isEmpty()) {
      out.println("no open handles");
    }
    handles.forEach((id, h) -> out.println("[" + id + "] " + h.user() + "  " + h.path()));
  }

  /** Closes every handle {@code open} kept. */
  void closeAll() {
    for (OpenHandle h : handles.values()) {
      h.handle().close();
    }
    handles.clear();
  }

  /**
   * Ends the session as a logoff does: closes the kept handles and deletes every user's
   * connections, so that the runtime shuts down with nothing left alive.
   */
  void logoffAll() {
    closeAll();
    for (IoSession s : sessions.values()) {
      for (String local : List.copyOf(s.netUses().keySet())) {
        s.netUseDelete(local, ConnectionFinalizeLevel.FORCE_FILES_CLOSED);
      }
    }
  }

  // ------------------------------------------------------------------------------ views

  private void tree(List<String> args) {
    expect(args, 0, 1, "tree [--dot]");
    boolean dot = !args.isEmpty();
    if (dot && !args.get(0).equals("--dot")) {
      throw usage("tree");
    }
    var snapshot = machine.runtime().observation().snapshot();
    out.print(dot ? TreeView.dot(snapshot) : TreeView.text(snapshot, style));
  }

  private void trace(List<String> args) {
    expect(args, 0, 1, "trace [N]");
    int n = args.isEmpty() ? 20 : positive(args.get(0), "trace");
    for (TraceEvent e : machine.runtime().observation().recentEvents(n)) {
      out.println(e);
    }
  }

  // ------------------------------------------------------------------------------ csc

  private void csc(List<String> args) {
    if (args.isEmpty()) {
      throw usage("csc");
    }
    String verb = args.get(0).toLowerCase(Locale.ROOT);
    List<String> rest = args.subList(1, args.size());
    switch (verb) {
      case "status":
        expect(rest, 0, 1, "csc status [SHARE]");
        var all = CscCommands.status(session(), rest.isEmpty() ? "" : share(rest.get(0)));
        if (all.isEmpty()) {
          out.println("no cached shares yet");
        }
        all.forEach(s -> out.println(CscCommands.describe(s)));
        break;
      case "offline":
        expect(rest, 0, 1, "csc offline [SHARE]");
        out.println(CscCommands.describe(
            CscCommands.offline(session(), rest.isEmpty() ? currentShare() : share(rest.get(0)))));
        break;
      case "online":
      case "sync":
        expect(rest, 0, 1, "csc " + verb + " [SHARE]");
        String share = rest.isEmpty() ? currentShare() : share(rest.get(0));
        try (SyncProgressView view = new SyncProgressView(out, style)) {
          machine.csc().addSyncListener(view);
          try {
            var report =
                verb.equals("online")
                    ? CscCommands.online(session(), share)
                    : CscCommands.sync(session(), share);
            CscCommands.describe(report).forEach(out::println);
          } finally {
            machine.csc().removeSyncListener(view);
          }
        }
        break;
      case "pin":
        expect(rest, 1, 1, "csc pin PATH");
        String path = unc(resolve(rest.get(0)));
        out.println(CscCommands.pin(session(), path) + " file(s) pinned under " + path);
        break;
      default:
        throw new ShellException(
            "unknown csc command '" + args.get(0) + "'; expected status, offline, online, sync or pin");
    }
  }

  /** {@code \\server\share} for a drive ({@code X:}) or a UNC path. */
  private String share(String given) {
    String unc = unc(given.length() == 2 ? given + "\\" : given);
    String[] parts = unc.substring(2).split("\\\\");
    if (parts.length < 2 || parts[1].isEmpty()) {
      throw new ShellException("'" + given + "' names no share; give \\\\server\\share or a drive");
    }
    return "\\\\" + parts[0] + "\\" + parts[1];
  }

  private String currentShare() {
    return share(cwd);
  }

  /** The UNC form of a path: a mapped drive is replaced by what it maps. */
  private String unc(String path) {
    if (path.startsWith("\\\\")) {
      return path;
    }
    String drive = path.substring(0, 2).toUpperCase(Locale.ROOT);
    String target = session().netUses().get(drive);
    if (target == null) {
      throw new ShellException(drive + " is not mapped; 'net use' lists the mappings");
    }
    String rest = path.substring(2);
    return rest.isEmpty() || rest.equals("\\") ? target : target + (rest.startsWith("\\") ? rest : "\\" + rest);
  }

  // ------------------------------------------------------------------------------ faults

  private void server(List<String> args) {
    String serverName = Machine.SERVER;
    List<String> words = new ArrayList<>();
    for (String a : args) {
      if (a.regionMatches(true, 0, "/server:", 0, 8)) {
        serverName = a.substring(8);
      } else {
        words.add(a);
      }
    }
    if (words.size() == 1 && words.get(0).equalsIgnoreCase("restart")) {
      control(SmbControlCodes.FSCTL_SMB_SIM_RESTART, "server restart", serverName);
      out.println("server \\\\" + serverName + " restarted: every handle is gone, files stay");
      return;
    }
    if (words.size() < 2 || !words.get(0).equalsIgnoreCase("fault")) {
      throw usage("server");
    }
    String kind = words.get(1).toLowerCase(Locale.ROOT);
    List<String> rest = words.subList(2, words.size());
    switch (kind) {
      case "latency":
        expect(rest, 1, 1, "server fault latency MS");
        String millis = String.valueOf(nonNegative(rest.get(0), "latency"));
        control(SmbControlCodes.FSCTL_SMB_SIM_LATENCY, "server fault latency", serverName, millis);
        out.println("every answer of \\\\" + serverName + " now arrives " + millis + " ms later");
        break;
      case "disconnect":
        expect(rest, 0, 1, "server fault disconnect [N]");
        String n = rest.isEmpty() ? "1" : String.valueOf(positive(rest.get(0), "disconnect"));
        control(SmbControlCodes.FSCTL_SMB_SIM_DISCONNECT_AT, "server fault disconnect", serverName, n);
        out.println("the connection to \\\\" + serverName + " drops at request " + n + " from now");
        break;
      case "fail":
        expect(rest, 3, 3, "server fault fail SHARE PATH STATUS");
        NtStatus status = parseStatus(rest.get(2));
        control(
            SmbControlCodes.FSCTL_SMB_SIM_FAIL_PATH,
            "server fault fail",
            serverName,
            rest.get(0),
            rest.get(1),
            String.format(Locale.ROOT, "0x%08X", status.value()));
        out.println("requests on " + rest.get(1) + " now answer " + status.name());
        break;
      case "clear":
        expect(rest, 0, 0, "server fault clear");
        control(SmbControlCodes.FSCTL_SMB_SIM_CLEAR_FAULTS, "server fault clear", serverName);
        out.println("no faults on \\\\" + serverName);
        break;
      case "restart":
        expect(rest, 0, 0, "server fault restart");
        control(SmbControlCodes.FSCTL_SMB_SIM_RESTART, "server restart", serverName);
        out.println("server \\\\" + serverName + " restarted: every handle is gone, files stay");
        break;
      default:
        throw new ShellException(
            "unknown fault '" + words.get(1) + "'; expected latency, disconnect, fail, clear or restart");
    }
  }

  private void control(int code, String what, String... fields) {
    if (!machine.isEmbedded()) {
      throw new ShellException(what + ": fault injection needs the embedded server (not --server)");
    }
    try (DeviceHandle device = session().openDevice(SmbProvider.DEVICE)) {
      ControlResult r = device.fsctl(code, SmbControlCodes.input(fields), 0);
      check(what, r.status());
    }
  }

  private static NtStatus parseStatus(String text) {
    String t = text.toUpperCase(Locale.ROOT);
    if (t.startsWith("0X")) {
      try {
        return NtStatus.of(Integer.parseUnsignedInt(t.substring(2), 16));
      } catch (NumberFormatException e) {
        throw new ShellException("not a status: '" + text + "'");
      }
    }
    String name = t.startsWith("STATUS_") ? t.substring(7) : t;
    return NtStatus.byName(name)
        .orElseThrow(() -> new ShellException("no status named '" + text + "'"));
  }

  // ------------------------------------------------------------------------------ helpers

  /** Opens {@code path} as the current user, or fails with the create's status. */
  private FileHandle open(String path, CreateRequest request) {
    OpenResult r = session().tryOpen(path, request);
    FileHandle handle = r.handle();
    if (handle == null) {
      throw new ShellException(path + ": " + r.status());
    }
    return handle;
  }

  private static byte[] readAll(String path, FileHandle f) {
    ByteArrayOutputStream data = new ByteArrayOutputStream();
    long offset = 0;
    while (true) {
      ReadResult r = f.read(offset, CHUNK);
      if (r.status().equals(NtStatus.END_OF_FILE)) {
        break;
      }
      check(path, r.status());
      if (r.length() == 0) {
        break;
      }
      data.writeBytes(r.data());
      offset += r.length();
    }
    return data.toByteArray();
  }

  private static void check(String what, NtStatus status) {
    if (!status.isSuccess()) {
      throw new ShellException(what + ": " + status);
    }
  }

  /** An absolute path: UNC or drive paths as given, anything else under the current directory. */
  String resolve(String path) {
    if (path.startsWith("\\\\")) {
      return path;
    }
    if (DRIVE.matcher(path).matches()) {
      return path.length() == 2 ? path + "\\" : path;
    }
    if (path.startsWith("\\")) {
      throw new ShellException("'" + path + "' has no server or drive; use \\\\server\\share\\… or X:\\…");
    }
    return cwd.endsWith("\\") ? cwd + path : cwd + "\\" + path;
  }

  /** {@code \dir\f.txt} for {@code X:\dir\f.txt} or {@code \\server\share\dir\f.txt}. */
  private static String shareRelative(String path) {
    if (path.startsWith("\\\\")) {
      int server = path.indexOf('\\', 2);
      int share = server < 0 ? -1 : path.indexOf('\\', server + 1);
      if (share < 0) {
        throw new ShellException("'" + path + "' names a share, not a file in it");
      }
      return path.substring(share);
    }
    String rest = path.substring(2);
    if (rest.isEmpty() || rest.equals("\\")) {
      throw new ShellException("'" + path + "' names a drive, not a file on it");
    }
    return rest.startsWith("\\") ? rest : "\\" + rest;
  }

  private static String stripTrailingSeparator(String path) {
    if (path.endsWith("\\") && !(path.length() == 3 && path.charAt(1) == ':')) {
      return path.substring(0, path.length() - 1);
    }
    return path;
  }

  private void expect(List<String> args, int min, int max, String usage) {
    if (args.size() < min || args.size() > max) {
      throw new ShellException("usage: " + usage);
    }
  }

  private ShellException usage(String command) {
    return new ShellException("usage: " + java.util.Objects.requireNonNull(commands.get(command)).usage());
  }

  private static int positive(String text, String what) {
    int n = nonNegative(text, what);
    if (n == 0) {
      throw new ShellException(what + " needs a number from 1: '" + text + "'");
    }
    return n;
  }

  private static int nonNegative(String text, String what) {
    try {
      int n = Integer.parseInt(text);
      if (n < 0) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw new ShellException(what + " needs a number: '" + text + "'");
    }
  }

  /** A completion of a partly typed path. */
  record PathCompletion(String path, String display, boolean directory) {}

  /**
   * The paths that complete {@code partial}: entries of the directory it names so far (relative to
   * the current directory when it is not absolute), or the mapped drives when it is a drive letter.
   * Nothing when the directory cannot be listed.
   */
  List<PathCompletion> completePath(String partial) {
    List<PathCompletion> found = new ArrayList<>();
    if (partial.length() <= 2 && !partial.contains("\\")) {
      for (String drive : mappedDrives()) {
        if (drive.regionMatches(true, 0, partial, 0, partial.length())) {
          found.add(new PathCompletion(drive + "\\", drive + "\\", true));
        }
      }
    }
    int slash = partial.lastIndexOf('\\');
    String typedParent = slash < 0 ? "" : partial.substring(0, slash + 1);
    String prefix = partial.substring(slash + 1);
    if (typedParent.startsWith("\\\\") && typedParent.chars().filter(c -> c == '\\').count() < 4) {
      return found; // \\server\ or \\server\share: nothing to list yet
    }
    try {
      String directory = typedParent.isEmpty() ? cwd : resolve(typedParent);
      try (FileHandle dir = open(directory, CreateRequest.directory())) {
        DirectoryResult r = dir.queryDirectory(prefix + "*", true);
        while (r.status().isSuccess() && !r.entries().isEmpty()) {
          for (FileDirectoryEntry e : r.entries()) {
            if (e.fileName().equals(".") || e.fileName().equals("..")) {
              continue;
            }
            String suffix = e.isDirectory() ? "\\" : "";
            found.add(
                new PathCompletion(
                    typedParent + e.fileName() + suffix, e.fileName() + suffix, e.isDirectory()));
          }
          r = dir.queryDirectory(prefix + "*", false);
        }
      }
    } catch (ShellException e) {
      // Nothing to offer for a directory that does not exist or cannot be reached.
    }
    return found;
  }

  /** The current user's mapped drives. */
  List<String> mappedDrives() {
    return session().netUses().keySet().stream().filter(k -> k.length() == 2).sorted().toList();
  }

  /** The machine's users. */
  List<String> userNames() {
    return machine.users();
  }

  /** The user the shell acts as. */
  String user() {
    return user;
  }

  /** The current directory. */
  String currentDirectory() {
    return cwd;
  }
}
