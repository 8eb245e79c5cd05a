package dev.rdbss.minirdr.csc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rdbss.api.NtStatus;
import dev.rdbss.api.file.AccessMask;
import dev.rdbss.api.file.CreateDisposition;
import dev.rdbss.api.file.ShareAccess;
import dev.rdbss.api.io.ControlResult;
import dev.rdbss.api.io.DeviceHandle;
import dev.rdbss.api.io.IoSession;
import dev.rdbss.api.io.Logon;
import dev.rdbss.api.observe.TraceEvent;
import dev.rdbss.core.ManualClock;
import dev.rdbss.core.RdbssRuntime;
import dev.rdbss.core.RdbssSettings;
import dev.rdbss.minirdr.smb.SmbProvider;
import dev.rdbss.minirdr.smb.client.SmbClient;
import dev.rdbss.minirdr.smb.client.SmbCreateRequest;
import dev.rdbss.minirdr.smb.client.SmbCreateResult;
import dev.rdbss.minirdr.smb.client.SmbSession;
import dev.rdbss.minirdr.smb.client.SmbTree;
import dev.rdbss.minirdr.smb.sim.ShareRights;
import dev.rdbss.minirdr.smb.sim.SimNetwork;
import dev.rdbss.minirdr.smb.sim.SimServer;
import dev.rdbss.api.Credentials;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A runtime with the CSC sample ahead of the SMB sample (provider order {@code csc,smb}), both on
 * one simulated network: server {@code files} (cached by CSC; share {@code docs}, alice and bob
 * read-write, carol read-only) and server {@code other} (not cached). A manual clock, leak checks on close, and
 * the whole trace kept. The CSC plugin reaches {@code files} through a {@link SwitchableClient}.
 */
final class CscFixture implements AutoCloseable {

  static final String DOCS = "\\\\files\\docs";
  static final Duration PROBE = Duration.ofSeconds(30);

  final ManualClock clock = new ManualClock();
  final SimNetwork network = new SimNetwork(clock);
  final SimServer files = network.addServer("files");
  final SimServer other = network.addServer("other");
  final SwitchableClient cable = new SwitchableClient(network, files);
  final List<TraceEvent> trace = new CopyOnWriteArrayList<>();
  final List<SyncProgress> progress = new CopyOnWriteArrayList<>();
  final Path cacheFolder;
  final CscProvider csc;
  RdbssRuntime runtime;

  CscFixture(Path folder) {
    files.addUser("alice", "secret").addUser("bob", "hunter2").addUser("carol", "reader");
    files.addShare("docs").grant("alice", ShareRights.READ_WRITE).grant("bob", ShareRights.READ_WRITE)
        .grant("carol", ShareRights.READ_ONLY);
    other.addUser("alice", "secret");
    other.addShare("pub").grant("alice", ShareRights.READ_WRITE);
    this.cacheFolder = folder.resolve("csc-cache");
    this.csc = new CscProvider(cable);
    csc.addSyncListener(progress::add);
    this.runtime = start(csc);
  }

  RdbssRuntime start(CscProvider provider) {
    Map<String, String> settings = new HashMap<>();
    settings.put(RdbssSettings.FAIL_ON_LEAK, "true");
    settings.put(RdbssSettings.PROVIDER_ORDER, "csc,smb");
    settings.put("rdbss.plugin.csc.servers", "files");
    settings.put("rdbss.plugin.csc.cache.folder", cacheFolder.toString());
    settings.put("rdbss.plugin.csc.probeInterval", PROBE.toSeconds() + "s");
    RdbssRuntime r =
        RdbssRuntime.builder()
            .serviceLoaderDiscovery(false)
            .clock(clock)
            .settings(RdbssSettings.of(settings))
            .provider(provider)
            .provider(new SmbProvider(network))
            .build();
    r.observation().addTraceListener(trace::add);
    return r;
  }

  /** A restart: the runtime is closed (the store with it) and a new one opens the same cache. */
  void restart() {
    runtime.close();
    CscProvider again = new CscProvider(cable);
    again.addSyncListener(progress::add);
    runtime = start(again);
  }

  IoSession alice() {
    return runtime.logon(Logon.user("alice", "secret"));
  }

  IoSession carol() {
    return runtime.logon(Logon.user("carol", "reader"));
  }

  IoSession bob() {
    return runtime.logon(Logon.user("bob", "hunter2"));
  }

  CscMiniRedirector redirector() {
    return ((CscProvider) runtime.provider(CscProvider.NAME).orElseThrow().provider())
        .redirector().orElseThrow();
  }

  /** Sends a CSC command as {@code session} and returns its answer. */
  ControlResult command(IoSession session, int code, String target) {
    try (DeviceHandle device = session.openDevice(CscProvider.DEVICE)) {
      return device.fsctl(code, CscControlCodes.input(target), CscControlCodes.OUTPUT_LENGTH);
    }
  }

  CscShareStatus status(IoSession session) {
    ControlResult r = command(session, CscControlCodes.FSCTL_CSC_STATUS, DOCS);
    assertThat(r.status()).isEqualTo(NtStatus.SUCCESS);
    return CscShareStatus.parse(CscControlCodes.text(r.output()).trim());
  }

  /** The trace events named {@code name} recorded after {@code fromSequence}. */
  List<TraceEvent> events(String name, long fromSequence) {
    return trace.stream().filter(e -> e.name().equals(name) && e.sequence() > fromSequence).toList();
  }

  long lastSequence() {
    return trace.isEmpty() ? 0 : trace.get(trace.size() - 1).sequence();
  }

  // ------------------------------------------------ the server's side, seen by another client

  /** What the server holds at {@code path} of docs, read by alice through a client of her own. */
  String serverText(String path) {
    try (SmbClient client = network.newClient()) {
      SmbSession s = client.connect("files", Credentials.of("alice", "secret".toCharArray()),
          (t, id, l) -> t.acknowledgeOplockBreak(id, l)).join().get();
      SmbTree t = s.treeConnect("docs").join().get();
      var opened = t.create(path, SmbCreateRequest.file(AccessMask.FILE_GENERIC_READ,
          EnumSet.allOf(ShareAccess.class), CreateDisposition.OPEN)).join();
      if (!opened.isSuccess()) {
        return "<" + opened.status().name() + ">";
      }
      SmbCreateResult f = opened.get();
      byte[] data = CscMiniRedirector.readAll(t, f.fileId(), f.attributes().endOfFile()).get();
      t.close(f.fileId()).join();
      s.logoff().join();
      return new String(data, StandardCharsets.UTF_8);
    }
  }

  /** Writes {@code text} at {@code path} of docs on the server, as another client would. */
  void serverWrite(String path, String text) {
    try (SmbClient client = network.newClient()) {
      SmbSession s = client.connect("files", Credentials.of("bob", "hunter2".toCharArray()),
          (t, id, l) -> t.acknowledgeOplockBreak(id, l)).join().get();
      SmbTree t = s.treeConnect("docs").join().get();
      SmbCreateResult f = t.create(path, SmbCreateRequest.file(AccessMask.FILE_GENERIC_WRITE,
          EnumSet.allOf(ShareAccess.class), CreateDisposition.OVERWRITE_IF)).join().get();
      t.write(f.fileId(), 0, text.getBytes(StandardCharsets.UTF_8)).join();
      t.close(f.fileId()).join();
      s.logoff().join();
    }
  }

  /** Creates folder {@code path} of docs on the server, as another client would. */
  void serverMkdir(String path) {
    try (SmbClient client = network.newClient()) {
      SmbSession s = client.connect("files", Credentials.of("bob", "hunter2".toCharArray()),
          (t, id, l) -> t.acknowledgeOplockBreak(id, l)).join().get();
      SmbTree t = s.treeConnect("docs").join().get();
      SmbCreateResult d = t.create(path, SmbCreateRequest.directory(CreateDisposition.CREATE)).join().get();
      t.close(d.fileId()).join();
      s.logoff().join();
    }
  }

  /** Takes the share offline on request, checking the answer. */
  void offline(IoSession session) {
    assertThat(command(session, CscControlCodes.FSCTL_CSC_OFFLINE, DOCS).status()).isEqualTo(NtStatus.SUCCESS);
  }

  /** Brings the share online on request and returns the sync's report. */
  SyncReport online(IoSession session) {
    ControlResult r = command(session, CscControlCodes.FSCTL_CSC_ONLINE, DOCS);
    assertThat(r.status()).isEqualTo(NtStatus.SUCCESS);
    return SyncReport.parse(CscControlCodes.text(r.output()));
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static String text(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    runtime.close();
  }
}
