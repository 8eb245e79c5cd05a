package dev.rdbss.minirdr.smb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rdbss.api.ConnectionFinalizeLevel;
import dev.rdbss.api.Credentials;
import dev.rdbss.api.NodeType;
import dev.rdbss.api.NtStatus;
import dev.rdbss.api.SrvCallFlag;
import dev.rdbss.api.file.CreateInformation;
import dev.rdbss.api.io.CreateRequest;
import dev.rdbss.api.io.DeviceHandle;
import dev.rdbss.api.io.FileHandle;
import dev.rdbss.api.io.IoSession;
import dev.rdbss.api.io.Logon;
import dev.rdbss.api.io.NetUseOptions;
import dev.rdbss.api.observe.ObjectNode;
import dev.rdbss.api.observe.TraceEvent;
import dev.rdbss.api.spi.MiniRedirector;
import dev.rdbss.core.ManualClock;
import dev.rdbss.core.RdbssRuntime;
import dev.rdbss.core.RdbssSettings;
import dev.rdbss.minirdr.smb.sim.ShareRights;
import dev.rdbss.minirdr.smb.sim.SimNetwork;
import dev.rdbss.minirdr.smb.sim.SimServer;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The parts of issue 6 that are about the plugin's contract with RDBSS and its users rather than
 * about SMB: the SRV_CALL's case flags (§5.2 winner notification), credentials kept out of every
 * trace, log line, snapshot and {@code toString} (ARCHITECTURE.md §3.5, brief), the device control
 * codes the CLI relies on staying what they are (§5.1), and the Javadoc every implemented dispatch
 * entry owes a plugin author (§5.2).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SmbMiniRedirectorContractTest {

  private final ManualClock clock = new ManualClock();
  private final SimNetwork network = new SimNetwork(clock);
  private final SimServer files = network.addServer("files");
  private final List<TraceEvent> trace = new CopyOnWriteArrayList<>();
  private final RdbssRuntime runtime;

  SmbMiniRedirectorContractTest() {
    runtime =
        RdbssRuntime.builder()
            .serviceLoaderDiscovery(false)
            .clock(clock)
            .settings(RdbssSettings.of(Map.of(RdbssSettings.FAIL_ON_LEAK, "true")))
            .provider(new SmbProvider(network))
            .build();
    runtime.observation().addTraceListener(trace::add);
  }

  @AfterEach
  void closeRuntime() {
    runtime.close();
  }

  @Test
  void theWinnerNotificationMakesServerAndShareNamesCaseInsensitive_s5_2_s3_2() {
    files.addUser("alice", "secret").addShare("docs").grant("alice", ShareRights.READ_WRITE);
    IoSession alice = runtime.logon(Logon.user("alice", "secret"));
    try (FileHandle lower = alice.open("\\\\files\\docs\\a.txt", CreateRequest.readWrite().create().shareAll());
        FileHandle upper = alice.open("\\\\FILES\\DOCS\\A.TXT", CreateRequest.read().shareAll())) {
      assertThat(lower.createInformation()).isEqualTo(CreateInformation.CREATED);
      assertThat(upper.createInformation()).isEqualTo(CreateInformation.OPENED);
      var snapshot = runtime.observation().snapshot();
      List<ObjectNode> srvCalls = snapshot.nodes(NodeType.SRV_CALL).toList();
      assertThat(srvCalls).hasSize(1);
      assertThat(srvCalls.get(0).flags())
          .contains(SrvCallFlag.CASE_INSENSITIVE_NETROOTS.name(), SrvCallFlag.CASE_INSENSITIVE_FILENAMES.name());
      // What the flags are for: the upper-case path found the same SRV_CALL, NET_ROOT and FCB.
      assertThat(snapshot.nodes(NodeType.NET_ROOT)).hasSize(1);
      assertThat(snapshot.nodes(NodeType.FCB)).hasSize(1);
    }
    assertThat(trace)
        .filteredOn(e -> e.name().equals("srvCallWinnerNotify"))
        .extracting(TraceEvent::status)
        .contains(NtStatus.SUCCESS);
  }

  @Test
  void noPasswordAppearsInTraceLogsSnapshotsDumpsOrToString() throws Exception {
    String password = "Pw-" + System.nanoTime() + "-secret";
    String wrong = "Wrong-" + System.nanoTime() + "-guess";
    String explicit = "Explicit-" + System.nanoTime() + "-pw";
    files.addUser("alice", password).addUser("bob", explicit);
    files.addShare("docs").grant("alice", ShareRights.READ_WRITE).grant("bob", ShareRights.READ_WRITE);
    List<String> logged = new CopyOnWriteArrayList<>();
    Logger root = Logger.getLogger("");
    Level rootLevel = root.getLevel();
    Handler capture = new Handler() {
      private final SimpleFormatter format = new SimpleFormatter();

      @Override
      public void publish(LogRecord record) {
        logged.add(format.format(record));
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    capture.setLevel(Level.ALL);
    root.addHandler(capture);
    root.setLevel(Level.ALL); // the plugin's DEBUG lines too
    List<String> renderings = new ArrayList<>();
    try {
      Logon logon = Logon.user("alice", password);
      IoSession alice = runtime.logon(logon);
      renderings.add(logon.toString());
      renderings.add(alice.toString());
      try (FileHandle f = alice.open("\\\\files\\docs\\s.txt", CreateRequest.readWrite().create())) {
        f.write(0, new byte[] {1, 2, 3});
        renderings.add(f.toString());
        renderings.add(runtime.observation().snapshot().render());
      }
      assertThat(runtime.logon(Logon.user("alice", wrong))
              .tryOpen("\\\\files\\docs\\s.txt", CreateRequest.read()).status())
          .isEqualTo(NtStatus.LOGON_FAILURE);
      NetUseOptions options = NetUseOptions.withCredentials(Credentials.of("bob", explicit.toCharArray()));
      renderings.add(options.toString());
      assertThat(alice.netUse("X:", "\\\\files\\docs", options)).isEqualTo(NtStatus.SUCCESS);
      try (FileHandle g = alice.open("X:\\s.txt", CreateRequest.read())) {
        renderings.add(g.toString());
        renderings.add(runtime.observation().snapshot().render());
      }
      // A lost connection and the reconnection with the view's credentials log and trace too.
      files.faults().disconnectAtRequest(1);
      assertThat(alice.tryOpen("X:\\s.txt", CreateRequest.read()).status()).isEqualTo(NtStatus.CONNECTION_RESET);
      try (FileHandle h = alice.open("X:\\s.txt", CreateRequest.read())) {
        renderings.add(h.toString());
      }
      assertThat(alice.netUseDelete("X:", ConnectionFinalizeLevel.FORCE_FILES_CLOSED)).isEqualTo(NtStatus.SUCCESS);
      try (DeviceHandle device = alice.openDevice(SmbProvider.DEVICE)) {
        renderings.add(device.toString());
      }
      renderings.add(runtime.observation().snapshot().render());
    } finally {
      root.removeHandler(capture);
      root.setLevel(rootLevel);
    }
    renderings.add(network.server("files").orElseThrow().toString());
    runtime.observation().recentEvents(Integer.MAX_VALUE).forEach(e -> renderings.add(e.toString()));
    trace.forEach(e -> renderings.add(e.toString() + e.detail()));

    String everything = String.join("\n", renderings) + String.join("\n", logged);
    assertThat(trace).as("the scenario was traced").isNotEmpty();
    assertThat(logged).as("the capture saw the plugin's own log line").anyMatch(l -> l.contains("reconnected"));
    assertThat(everything).doesNotContain(password).doesNotContain(wrong).doesNotContain(explicit);
  }

  /**
   * The CLI ({@code rdbss server fault …}) sends these numbers; changing one breaks it. They are
   * {@code CTL_CODE(FILE_DEVICE_NETWORK_FILE_SYSTEM = 0x14, 0x900 + n, METHOD_BUFFERED,
   * FILE_ANY_ACCESS)}.
   */
  @Test
  void theFaultControlCodesStayWhatTheCliSends_s5_1() {
    assertThat(SmbControlCodes.FSCTL_SMB_SIM_LATENCY).isEqualTo(0x0014_2400);
    assertThat(SmbControlCodes.FSCTL_SMB_SIM_DISCONNECT_AT).isEqualTo(0x0014_2404);
    assertThat(SmbControlCodes.FSCTL_SMB_SIM_FAIL_PATH).isEqualTo(0x0014_2408);
    assertThat(SmbControlCodes.FSCTL_SMB_SIM_CLEAR_FAULTS).isEqualTo(0x0014_240C);
    assertThat(SmbControlCodes.FSCTL_SMB_SIM_RESTART).isEqualTo(0x0014_2410);
    assertThat(SmbControlCodes.FSCTL_SMB_SIM_CLEAR_PATH).isEqualTo(0x0014_2414);
    assertThat(SmbControlCodes.input("files", "docs", "a.txt")).isEqualTo("files|docs|a.txt".getBytes());
  }

  @Test
  void clearingOneFailingPathThroughTheDeviceLeavesTheOthers_s5_1() {
    files.addUser("alice", "secret").addShare("docs").grant("alice", ShareRights.READ_WRITE);
    IoSession alice = runtime.logon(Logon.user("alice", "secret"));
    try (DeviceHandle device = alice.openDevice(SmbProvider.DEVICE)) {
      for (String name : List.of("a.txt", "b.txt")) {
        assertThat(device.fsctl(SmbControlCodes.FSCTL_SMB_SIM_FAIL_PATH,
            SmbControlCodes.input("files", "docs", name, "0xC0000022"), 0).status()).isEqualTo(NtStatus.SUCCESS);
      }
      assertThat(device.fsctl(SmbControlCodes.FSCTL_SMB_SIM_CLEAR_PATH,
          SmbControlCodes.input("files", "docs", "A.TXT"), 0).status()).isEqualTo(NtStatus.SUCCESS);
    }
    try (FileHandle a = alice.open("\\\\files\\docs\\a.txt", CreateRequest.readWrite().create())) {
      assertThat(a.createInformation()).isNotNull();
    }
    assertThat(alice.tryOpen("\\\\files\\docs\\b.txt", CreateRequest.readWrite().create()).status())
        .isEqualTo(NtStatus.ACCESS_DENIED);
  }

  /**
   * Every dispatch entry SmbMiniRedirector implements carries Javadoc that names the Windows
   * routine ({@code MRx…}) and the spec section RDBSS's expectations come from: the sample is what
   * plugin authors copy (issue 6 point 1).
   */
  @Test
  void everyImplementedDispatchEntryIsDocumentedWithItsRoutineAndSpecSection_s5_2() throws Exception {
    String source =
        Files.readString(Path.of("src/main/java/dev/rdbss/minirdr/smb/SmbMiniRedirector.java"));
    List<String> entries = new ArrayList<>();
    for (Method m : MiniRedirector.class.getMethods()) {
      if (Modifier.isStatic(m.getModifiers())) {
        continue;
      }
      try {
        Method implemented = SmbMiniRedirector.class.getDeclaredMethod(m.getName(), m.getParameterTypes());
        if (!implemented.isSynthetic()) {
          entries.add(m.getName());
        }
      } catch (NoSuchMethodException inherited) {
        // a NULL entry: RDBSS answers NOT_IMPLEMENTED for it (§5.2)
      }
    }
    assertThat(entries).contains("createSrvCall", "createVNetRoot", "create", "lowIoSubmit", "queryVolumeInfo");
    List<String> undocumented = new ArrayList<>();
    for (String entry : entries) {
      Matcher m =
          Pattern.compile("/\\*\\*((?:(?!\\*/).)*)\\*/\\s*@Override\\s*public [^(]*\\b" + entry + "\\(", Pattern.DOTALL)
              .matcher(source);
      if (!m.find() || !m.group(1).contains("MRx") || !m.group(1).contains("§")) {
        undocumented.add(entry);
      }
    }
    assertThat(undocumented).as("entries without Javadoc naming the MRx routine and a § section").isEmpty();
  }
}
