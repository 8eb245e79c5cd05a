package dev.rdbss.core.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.rdbss.api.ConnectionFinalizeLevel;
import dev.rdbss.api.Credentials;
import dev.rdbss.api.LockHoldingState;
import dev.rdbss.api.NtStatus;
import dev.rdbss.api.NtStatusException;
import dev.rdbss.api.file.CreateDisposition;
import dev.rdbss.api.file.CreateOption;
import dev.rdbss.api.file.DfsContext;
import dev.rdbss.api.file.FileAttribute;
import dev.rdbss.api.file.NtCreateParameters;
import dev.rdbss.api.file.ShareAccess;
import dev.rdbss.api.io.CreateRequest;
import dev.rdbss.api.io.DeviceHandle;
import dev.rdbss.api.io.FileHandle;
import dev.rdbss.api.io.IoSession;
import dev.rdbss.api.io.Logon;
import dev.rdbss.api.io.NetUseOptions;
import dev.rdbss.api.io.OpenResult;
import dev.rdbss.api.spi.LockScope;
import dev.rdbss.core.ManualClock;
import dev.rdbss.core.RdbssRuntime;
import dev.rdbss.core.RdbssSettings;
import dev.rdbss.core.memory.MemoryMiniRedirector;
import dev.rdbss.core.memory.MemoryProvider;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;

/**
 * Bad input for the whole create path through the host API (issue 5, "Bad input"; spec §6.1–6.5):
 * a short sequence of opens with arbitrary path strings, dispositions, access masks, share modes,
 * attributes and create options, drive mappings with arbitrary drive names and UNC paths, their
 * deletion at every level, handle closes, clock steps and a plugin force-finalizing every view
 * (§4.1), on a fresh runtime with two in-memory mini-redirectors.
 *
 * <p>Every step must end in an {@link NtStatus} (an open's handle is closed later), never in an
 * exception or a bugcheck; each input must finish within {@link #PER_INPUT_TIMEOUT} (no hang); and
 * the runtime, with {@link RdbssSettings#FAIL_ON_LEAK}, must close without a leak once the handles
 * are closed and the mappings deleted.
 *
 * <p>Regression mode (every build) runs the committed inputs under {@code
 * src/test/resources/dev/rdbss/core/io/HostCreateFuzzTestInputs/}; {@code JAZZER_FUZZ=1} fuzzes (see
 * the module's README).
 */
class HostCreateFuzzTest {

  /** How long one input may take; a create that hangs fails the input with the threads' stacks. */
  static final Duration PER_INPUT_TIMEOUT = Duration.ofSeconds(30);

  /**
   * How long the first input of the JVM may take: it loads (and, when fuzzing, instruments) every
   * class of the runtime, which on a busy two-core machine took longer than an input ever should.
   */
  static final Duration FIRST_INPUT_TIMEOUT = Duration.ofMinutes(5);

  private static final AtomicBoolean WARMED_UP = new AtomicBoolean();

  /** Steps one input runs at most. */
  private static final int MAXIMUM_STEPS = 12;

  /** Name pieces the structured paths are built from: real names, near misses and §6.2 traps. */
  private static final String[] SERVERS = {"files", "FILES", "other", "nowhere", "", "files.", "ß"};

  private static final String[] SHARES = {
    "docs", "Docs", "pub", "nope", "", "IPC$", "docs:", "straße", "STRASSE"
  };

  /** The control code on which the first plugin force-finalizes every view (§4.1), as CSC does. */
  private static final int FSCTL_FORCE_ALL = 0x0009_4000;

  private static final String[] COMPONENTS = {
    "readme.txt", "README.TXT", "sub", "new.txt", "sub\\deep.txt", ".", "..", "a*b", "a?", "<",
    "x:y", "", " ", "con", "\u0000", "\uD800", "ﬀ", "İ", "very" + "long".repeat(40)
  };

  private static final String[] PREFIXES = {
    "\\\\", "\\\\\\", "\\", "", "X:", "x:", "Y:", "X:\\", "\\;X:", "\\;X:10000\\", "\\??\\UNC\\"
  };

  private static final String[] DRIVES = {"X:", "x:", "Y:", "Z:", "1:", "XY", "", ":", "Ä:", "X"};

  private static final ExecutorService RUNNER =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "host-create-fuzz");
            t.setDaemon(true);
            return t;
          });

  @AfterAll
  static void stopRunner() {
    RUNNER.shutdownNow();
  }

  @FuzzTest(maxDuration = "5m")
  void anyCreateEndsInAStatusWithoutLeakOrHang_s6_2_s6_4(FuzzedDataProvider data)
      throws Exception {
    Future<?> run = RUNNER.submit(() -> {
      runOneInput(data);
      return null;
    });
    Duration timeout = WARMED_UP.getAndSet(true) ? PER_INPUT_TIMEOUT : FIRST_INPUT_TIMEOUT;
    try {
      run.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      run.cancel(true);
      fail("the input did not finish within " + timeout + " (a hang):\n" + threadDump());
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof Exception x) {
        throw x;
      }
      throw (Error) cause;
    }
  }

  private static void runOneInput(FuzzedDataProvider data) {
    List<String> steps = new ArrayList<>();
    try {
      runSteps(data, steps);
    } catch (RuntimeException | AssertionError e) {
      throw new AssertionError("after the steps\n  " + String.join("\n  ", steps), e);
    }
  }

  /** Runs the input's steps, recording each in {@code steps} for the failure message. */
  private static void runSteps(FuzzedDataProvider data, List<String> steps) {
    Map<String, String> settings = readings(data);
    steps.add("settings " + settings);
    // Read as internal (§4.1), a well-behaved plugin leaves the routine to RDBSS.
    boolean pluginMayForce =
        "external".equals(settings.get(RdbssSettings.FORCE_FINALIZE_ALL_V_NET_ROOTS));
    ManualClock clock = new ManualClock();
    MemoryMiniRedirector first = new MemoryMiniRedirector();
    first.share("files", "docs").file("\\readme.txt", bytes("hello")).directory("\\sub")
        .file("\\sub\\deep.txt", bytes("deep"));
    first.share("files", "straße").file("\\readme.txt", bytes("street"));
    first.onDeviceControl(ctx -> pluginMayForce
        ? forceFinalizeEveryView(first, ctx.control().controlCode())
        : NtStatus.NOT_IMPLEMENTED);
    MemoryMiniRedirector second = new MemoryMiniRedirector();
    second.share("other", "pub").file("\\readme.txt", bytes("other"));
    settings.put(RdbssSettings.FAIL_ON_LEAK, "true");
    RdbssRuntime runtime =
        RdbssRuntime.builder()
            .serviceLoaderDiscovery(false)
            .clock(clock)
            .settings(RdbssSettings.of(settings))
            .provider(new MemoryProvider("mem", first))
            .provider(new MemoryProvider("mem2", second))
            .build();
    List<FileHandle> handles = new ArrayList<>();
    List<IoSession> sessions =
        List.of(
            runtime.logon(Logon.user("alice", "secret")),
            runtime.logon(Logon.user("bob", "DOMAIN", "pw")));
    try {
      int count = data.consumeInt(1, MAXIMUM_STEPS);
      for (int i = 0; i < count && data.remainingBytes() > 0; i++) {
        int who = data.consumeInt(0, sessions.size() - 1);
        IoSession user = sessions.get(who);
        switch (data.consumeInt(0, 6)) {
          case 0, 1 -> {
            String path = path(data);
            CreateRequest request = request(data);
            NtStatus s = open(user, path, request, handles);
            steps.add(who + ": open " + quote(path) + " " + request + " -> " + s);
          }
          case 2 -> {
            String drive = drive(data);
            String path = path(data);
            NetUseOptions options = netUseOptions(data);
            NtStatus s = user.netUse(drive, path, options);
            steps.add(who + ": netUse " + quote(drive) + " " + quote(path) + " " + options + " -> "
                + s);
            assertThat(s).isNotNull();
          }
          case 3 -> {
            String drive = drive(data);
            ConnectionFinalizeLevel level = data.pickValue(ConnectionFinalizeLevel.values());
            NtStatus s = user.netUseDelete(drive, level);
            steps.add(who + ": netUseDelete " + quote(drive) + " " + level + " -> " + s);
            assertThat(s).isNotNull();
          }
          case 4 -> {
            if (!handles.isEmpty()) {
              int index = data.consumeInt(0, handles.size() - 1);
              FileHandle h = handles.remove(index);
              boolean cleanupFirst = data.consumeBoolean();
              steps.add("close handle " + index + " (" + quote(h.path()) + ")"
                  + (cleanupFirst ? " after cleanup" : ""));
              if (cleanupFirst) {
                assertThat(h.cleanup()).isNotNull();
              }
              h.close();
            }
          }
          case 5 -> {
            try (DeviceHandle device = user.openDevice("\\Device\\mem")) {
              NtStatus s = device.fsctl(FSCTL_FORCE_ALL, new byte[0], 0).status();
              steps.add(who + ": the plugin force-finalizes every view -> " + s);
            }
          }
          default -> {
            int seconds = data.consumeInt(0, 30);
            steps.add("advance the clock " + seconds + " s");
            clock.advance(Duration.ofSeconds(seconds));
            runtime.awaitIdle();
          }
        }
        assertThat(runtime.observation().bugCheck()).as("no bugcheck").isEmpty();
      }
      openDevice(sessions.get(0), data, steps);
    } finally {
      steps.add("close every handle, delete every mapping (forced), close the runtime");
      handles.forEach(FileHandle::close);
      for (IoSession user : sessions) {
        for (String drive : user.netUses().keySet()) {
          assertThat(user.netUseDelete(drive, ConnectionFinalizeLevel.FORCE_FILES_CLOSED))
              .as("deleting %s once every handle is closed", drive)
              .isEqualTo(NtStatus.SUCCESS);
        }
      }
      assertThat(runtime.observation().bugCheck()).as("no bugcheck").isEmpty();
      runtime.close(); // FAIL_ON_LEAK: a leak throws here
    }
  }

  /** Either reading of each contradiction of §9 pitfall 19, so that both are fuzzed. */
  private static Map<String, String> readings(FuzzedDataProvider data) {
    Map<String, String> settings = new TreeMap<>();
    settings.put(RdbssSettings.FINALIZE_SRV_CALL_POSTING,
        data.consumeBoolean() ? "whenNotOnWorker" : "whenOnWorker");
    settings.put(RdbssSettings.FORCE_FINALIZE_ALL_V_NET_ROOTS,
        data.consumeBoolean() ? "external" : "internal");
    settings.put(RdbssSettings.RECURSIVE_NET_ROOT_PURGE,
        data.consumeBoolean() ? "nonOrphaned" : "orphaned");
    settings.put(RdbssSettings.FCB_REFERENCES, data.consumeBoolean() ? "vNetRoot" : "netRoot");
    return settings;
  }

  /** What a client-side-caching plugin does when it goes offline: close every file (§4.1). */
  private static NtStatus forceFinalizeEveryView(MemoryMiniRedirector mrx, int controlCode) {
    if (controlCode != FSCTL_FORCE_ALL) {
      return NtStatus.NOT_IMPLEMENTED;
    }
    try (LockScope exclusive = mrx.rdbss().netNameTable().acquireExclusive()) {
      for (String share : List.of("\\files\\docs", "\\files\\straße")) {
        mrx.rdbss().netNameTable().lookupNetRoot(share).ifPresent(netRoot -> {
          mrx.rdbss().forceFinalizeAllVNetRoots(netRoot);
          mrx.rdbss().dereference(netRoot, LockHoldingState.EXCLUSIVE); // the lookup's reference
        });
      }
    }
    return NtStatus.SUCCESS;
  }

  private static NtStatus open(
      IoSession user, String path, CreateRequest request, List<FileHandle> handles) {
    OpenResult r = user.tryOpen(path, request);
    assertThat(r.status()).isNotNull();
    if (r.status().isSuccess()) {
      FileHandle h = r.orThrow();
      assertThat(r.createInformation()).isNotNull();
      handles.add(h);
    } else {
      assertThat(r.handle()).isNull();
    }
    return r.status();
  }

  /** Java-escaped, so that control characters and lone surrogates show in a failure. */
  private static String quote(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\') {
        b.append("\\\\");
      } else if (c >= 0x20 && c < 0x7f) {
        b.append(c);
      } else {
        b.append(String.format("\\u%04x", (int) c));
      }
    }
    return b.append('"').toString();
  }

  /** A device open by an arbitrary name: a handle, or OBJECT_NAME_NOT_FOUND for no such device. */
  private static void openDevice(IoSession user, FuzzedDataProvider data, List<String> steps) {
    String name = data.consumeBoolean() ? "\\Device\\mem" : data.consumeString(20);
    steps.add("openDevice " + quote(name));
    try (DeviceHandle device = user.openDevice(name)) {
      assertThat(device).isNotNull();
    } catch (NtStatusException e) {
      assertThat(e.status()).isEqualTo(NtStatus.OBJECT_NAME_NOT_FOUND);
    }
  }

  /** A path: either structured from the pieces above, or any string. */
  private static String path(FuzzedDataProvider data) {
    if (data.consumeBoolean()) {
      return data.consumeString(300);
    }
    StringBuilder b = new StringBuilder(data.pickValue(PREFIXES));
    b.append(data.pickValue(SERVERS)).append('\\').append(data.pickValue(SHARES));
    int components = data.consumeInt(0, 3);
    for (int i = 0; i < components; i++) {
      b.append('\\').append(data.pickValue(COMPONENTS));
    }
    if (data.consumeBoolean()) {
      b.append('\\');
    }
    return b.toString();
  }

  private static String drive(FuzzedDataProvider data) {
    return data.consumeBoolean() ? data.pickValue(DRIVES) : data.consumeString(3);
  }

  private static NetUseOptions netUseOptions(FuzzedDataProvider data) {
    return data.consumeBoolean()
        ? NetUseOptions.defaults()
        : NetUseOptions.withCredentials(
            Credentials.of(data.pickValue(new String[] {"alice", "carol", ""}), new char[] {'p'}));
  }

  /** Any NT create parameters the record accepts. */
  private static CreateRequest request(FuzzedDataProvider data) {
    return CreateRequest.of(
        new NtCreateParameters(
            data.consumeInt(),
            data.consumeLong(0, Long.MAX_VALUE),
            subset(data, FileAttribute.class),
            subset(data, ShareAccess.class),
            data.pickValue(CreateDisposition.values()),
            subset(data, CreateOption.class),
            data.pickValue(DfsContext.values()),
            data.consumeBoolean()));
  }

  private static <E extends Enum<E>> Set<E> subset(FuzzedDataProvider data, Class<E> type) {
    E[] all = type.getEnumConstants();
    long bits = data.consumeLong();
    Set<E> out = EnumSet.noneOf(type);
    for (int i = 0; i < all.length && i < 64; i++) {
      if ((bits & (1L << i)) != 0) {
        out.add(all[i]);
      }
    }
    return out;
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String threadDump() {
    StringBuilder b = new StringBuilder();
    Thread.getAllStackTraces().forEach((thread, stack) -> {
      b.append('"').append(thread.getName()).append("\" ").append(thread.getState()).append('\n');
      for (StackTraceElement e : stack) {
        b.append("    at ").append(e).append('\n');
      }
    });
    return b.toString();
  }
}
