package dev.rdbss.minirdr.smb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rdbss.api.NtStatus;
import dev.rdbss.api.file.CreateOption;
import dev.rdbss.api.file.FileInformation;
import dev.rdbss.api.file.FileInformationClass;
import dev.rdbss.api.io.CreateRequest;
import dev.rdbss.api.io.DeviceHandle;
import dev.rdbss.api.io.FileHandle;
import dev.rdbss.api.io.IoSession;
import dev.rdbss.api.io.IoStatusBlock;
import dev.rdbss.api.io.Logon;
import dev.rdbss.api.io.ReadResult;
import dev.rdbss.core.ManualClock;
import dev.rdbss.core.RdbssRuntime;
import dev.rdbss.core.RdbssSettings;
import dev.rdbss.minirdr.smb.sim.ShareRights;
import dev.rdbss.minirdr.smb.sim.SimNetwork;
import dev.rdbss.minirdr.smb.sim.SimServer;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The simulated server's injected faults (latency, a connection dropped at the n-th request, an
 * error on a path, a restart) through the host API (ARCHITECTURE.md §3.4), each injected the way
 * the CLI does it: a device control request on {@code \Device\SmbSimRedirector}
 * ({@link SmbControlCodes}). Every fault ends the request in flight with a status of spec §8 in
 * bounded time, handles on the lost connection answer UNEXPECTED_NETWORK_ERROR and close cleanly,
 * the next open reconnects, and unregistering the plugin finds no object left
 * ({@code rdbss.failOnLeak=true}).
 *
 * <p>Time is the runtime's manual clock: a request delayed by latency runs on a second thread while
 * this one waits for the server to have seen it ({@link SimServer#awaitRequestCount}) and then
 * advances the clock. Nothing sleeps.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SmbMiniRedirectorSimFaultTest {

  private static final String DOCS = "\\\\files\\docs";
  /** The plugin's request timeout (setting {@code sim.timeout}), short on purpose. */
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);
  /** Real time a step may take before the test calls it a hang. */
  private static final Duration HANG = Duration.ofSeconds(20);

  private final ManualClock clock = new ManualClock();
  private final SimNetwork network = new SimNetwork(clock);
  private final SimServer files = network.addServer("files");
  private final RdbssRuntime runtime;
  private final IoSession alice;

  SmbMiniRedirectorSimFaultTest() {
    files.addUser("alice", "secret");
    files.addShare("docs").grant("alice", ShareRights.READ_WRITE);
    runtime =
        RdbssRuntime.builder()
            .serviceLoaderDiscovery(false)
            .clock(clock)
            .settings(
                RdbssSettings.of(
                    Map.of(
                        RdbssSettings.FAIL_ON_LEAK, "true",
                        "rdbss.plugin.smb.sim.timeout", REQUEST_TIMEOUT.toString())))
            .provider(new SmbProvider(network))
            .build();
    alice = runtime.logon(Logon.user("alice", "secret"));
  }

  @AfterEach
  void closeRuntime() {
    runtime.close();
  }

  /** A data open whose reads and writes all reach the server (no RDBSS cache in between). */
  private FileHandle openUncached(String name, CreateRequest request) {
    return alice.open(DOCS + "\\" + name, request.withOptions(CreateOption.NO_INTERMEDIATE_BUFFERING));
  }

  private NtStatus control(int code, String... fields) {
    try (DeviceHandle device = alice.openDevice(SmbProvider.DEVICE)) {
      return device.fsctl(code, SmbControlCodes.input(fields), 0).status();
    }
  }

  /** Runs a host call on another thread once the server has seen its request. */
  private <T> CompletableFuture<T> inFlight(Supplier<T> hostCall) throws InterruptedException {
    long seen = files.requestCount();
    CompletableFuture<T> call = CompletableFuture.supplyAsync(hostCall);
    assertThat(files.awaitRequestCount(seen + 1, HANG)).as("the request reached the server").isTrue();
    return call;
  }

  private static <T> T within(CompletableFuture<T> call) throws Exception {
    return call.get(HANG.toSeconds(), TimeUnit.SECONDS);
  }

  private static byte[] pattern(int size) {
    byte[] data = new byte[size];
    for (int i = 0; i < data.length; i++) {
      data[i] = (byte) (i * 7 + 3);
    }
    return data;
  }

  private long sizeOnServer(String name) {
    try (FileHandle f = alice.open(DOCS + "\\" + name, CreateRequest.attributesOnly())) {
      return f.queryInformation(FileInformationClass.STANDARD, FileInformation.Standard.class)
          .valueIfPresent()
          .orElseThrow()
          .endOfFile();
    }
  }

  private void assertUnregistersWithoutLeaks() {
    assertThat(runtime.unregister(SmbProvider.NAME)).isEmpty();
  }

  @Test
  void latencyBelowTheRequestTimeoutOnlyDelaysAWrite_s8() throws Exception {
    byte[] data = pattern(1 << 20);
    FileHandle f = openUncached("slow.bin", CreateRequest.readWrite().create());
    assertThat(control(SmbControlCodes.FSCTL_SMB_SIM_LATENCY, "files", "2000")).isEqualTo(NtStatus.SUCCESS);

    CompletableFuture<IoStatusBlock> write = inFlight(() -> f.write(0, data));
    clock.advance(Duration.ofMillis(1999));
    assertThat(write).isNotDone();
    clock.advance(Duration.ofMillis(1));

    assertThat(within(write)).isEqualTo(new IoStatusBlock(NtStatus.SUCCESS, data.length));
    assertThat(control(SmbControlCodes.FSCTL_SMB_SIM_CLEAR_FAULTS, "files")).isEqualTo(NtStatus.SUCCESS);
    assertThat(f.read(0, data.length).data()).isEqualTo(data);
    f.close();
    assertUnregistersWithoutLeaks();
  }

  @Test
  void latencyBeyondTheRequestTimeoutEndsAWriteWithIoTimeoutAndTheNextOpenReconnects_s8() throws Exception {
    byte[] data = pattern(1 << 20);
    FileHandle f = openUncached("late.bin", CreateRequest.readWrite().create());
    assertThat(control(SmbControlCodes.FSCTL_SMB_SIM_LATENCY, "files", "60000")).isEqualTo(NtStatus.SUCCESS);

    CompletableFuture<IoStatusBlock> write = inFlight(() -> f.write(0, data));
    clock.advance(REQUEST_TIMEOUT);

    assertThat(within(write).status()).isEqualTo(NtStatus.IO_TIMEOUT);
    // The handle's open belongs to a connection given up on: nothing more goes to the server.
    long before = files.requestCount();
    assertThat(f.read(0, 1).status()).isEqualTo(NtStatus.UNEXPECTED_NETWORK_ERROR);
    assertThat(files.requestCount()).isEqualTo(before);
    assertThat(f.cleanup()).isEqualTo(NtStatus.SUCCESS);
    f.close();

    assertThat(control(SmbControlCodes.FSCTL_SMB_SIM_CLEAR_FAULTS, "files")).isEqualTo(NtStatus.SUCCESS);
    clock.advance(Duration.ofMinutes(1)); // the late answer arrives and changes nothing
    // The write took effect on the server before its answer was lost, as on a real network.
    try (FileHandle g = openUncached("late.bin", CreateRequest.read())) {
      assertThat(g.read(0, data.length).data()).isEqualTo(data);
    }
    assertUnregistersWithoutLeaks();
  }

  @Test
  void aConnectionDroppedAtTheNthRequestFailsTheCopyThereAndTheNextOpenReconnects_s8() {
    byte[] chunk = pattern(64 * 1024);
    FileHandle f = openUncached("copy.bin", CreateRequest.readWrite().create());
    assertThat(control(SmbControlCodes.FSCTL_SMB_SIM_DISCONNECT_AT, "files", "3")).isEqualTo(NtStatus.SUCCESS);

    NtStatus[] statuses = new NtStatus[5];
    for (int i = 0; i < statuses.length; i++) {
      statuses[i] = f.write((long) i * chunk.length, chunk).status();
    }

    assertThat(statuses)
        .containsExactly(
            NtStatus.SUCCESS,
            NtStatus.SUCCESS,
            NtStatus.CONNECTION_RESET,
            NtStatus.UNEXPECTED_NETWORK_ERROR,
            NtStatus.UNEXPECTED_NETWORK_ERROR);
    assertThat(f.cleanup()).isEqualTo(NtStatus.SUCCESS);
    f.close();
    assertThat(sizeOnServer("copy.bin")).isEqualTo(2L * chunk.length);
    assertUnregistersWithoutLeaks();
  }

  @Test
  void anErrorOnAPathPassesTheServersStatusThroughUntilCleared_s8() {
    NtStatus unnamed = NtStatus.of(0xC000_00E9); // STATUS_UNEXPECTED_IO_ERROR, no constant of its own
    try (FileHandle f = openUncached("flaky.txt", CreateRequest.readWrite().create().shareAll())) {
      f.write(0, "before".getBytes(java.nio.charset.StandardCharsets.UTF_8));
      assertThat(control(SmbControlCodes.FSCTL_SMB_SIM_FAIL_PATH, "files", "docs", "\\flaky.txt", "0xC00000E9"))
          .isEqualTo(NtStatus.SUCCESS);

      assertThat(f.read(0, 6).status()).isEqualTo(unnamed);
      assertThat(alice.tryOpen(DOCS + "\\FLAKY.TXT", CreateRequest.read().shareAll()).status()).isEqualTo(unnamed);
      try (FileHandle other = openUncached("other.txt", CreateRequest.readWrite().create())) {
        assertThat(other.write(0, new byte[1]).status()).isEqualTo(NtStatus.SUCCESS);
      }

      assertThat(control(SmbControlCodes.FSCTL_SMB_SIM_CLEAR_FAULTS, "files")).isEqualTo(NtStatus.SUCCESS);
      // A server's error is no lost connection: the same handle goes on working.
      assertThat(f.read(0, 6).status()).isEqualTo(NtStatus.SUCCESS);
    }
    assertUnregistersWithoutLeaks();
  }

  @Test
  void aServerRestartMidReadEndsItWithConnectionResetAndTheShareWorksAgain_s8() throws Exception {
    byte[] data = pattern(4 << 20);
    try (FileHandle w = openUncached("big.bin", CreateRequest.readWrite().create())) {
      assertThat(w.write(0, data).status()).isEqualTo(NtStatus.SUCCESS);
    }
    FileHandle f = openUncached("big.bin", CreateRequest.read());
    assertThat(control(SmbControlCodes.FSCTL_SMB_SIM_LATENCY, "files", "1000")).isEqualTo(NtStatus.SUCCESS);

    CompletableFuture<ReadResult> read = inFlight(() -> f.read(0, data.length));
    assertThat(read).isNotDone(); // its answer is on the wire
    assertThat(control(SmbControlCodes.FSCTL_SMB_SIM_RESTART, "files")).isEqualTo(NtStatus.SUCCESS);

    assertThat(within(read).status()).isEqualTo(NtStatus.CONNECTION_RESET);
    assertThat(f.read(0, 1).status()).isEqualTo(NtStatus.UNEXPECTED_NETWORK_ERROR);
    f.close();
    assertThat(control(SmbControlCodes.FSCTL_SMB_SIM_CLEAR_FAULTS, "files")).isEqualTo(NtStatus.SUCCESS);
    try (FileHandle again = openUncached("big.bin", CreateRequest.read())) {
      ReadResult whole = again.read(0, data.length);
      assertThat(whole.status()).isEqualTo(NtStatus.SUCCESS);
      assertThat(Arrays.equals(whole.data(), data)).isTrue();
    }
    assertUnregistersWithoutLeaks();
  }

  @Test
  void faultControlsAnswerBadNetworkPathForAnUnknownServerAndInvalidParameterForBadInput_s5_1() {
    assertThat(control(SmbControlCodes.FSCTL_SMB_SIM_RESTART, "nowhere")).isEqualTo(NtStatus.BAD_NETWORK_PATH);
    assertThat(control(SmbControlCodes.FSCTL_SMB_SIM_LATENCY, "files", "soon")).isEqualTo(NtStatus.INVALID_PARAMETER);
    assertThat(control(SmbControlCodes.FSCTL_SMB_SIM_LATENCY, "files", "-5")).isEqualTo(NtStatus.INVALID_PARAMETER);
    assertThat(control(SmbControlCodes.FSCTL_SMB_SIM_DISCONNECT_AT, "files", "0")).isEqualTo(NtStatus.INVALID_PARAMETER);
    assertThat(control(SmbControlCodes.FSCTL_SMB_SIM_FAIL_PATH, "files", "docs", "x.txt")).isEqualTo(NtStatus.INVALID_PARAMETER);
    assertThat(control(SmbControlCodes.FSCTL_SMB_SIM_FAIL_PATH, "files", "docs", "x.txt", "0xZZ"))
        .isEqualTo(NtStatus.INVALID_PARAMETER);
    assertThat(control(SmbControlCodes.FSCTL_SMB_SIM_CLEAR_FAULTS, "files", "extra")).isEqualTo(NtStatus.INVALID_PARAMETER);
    assertThat(files.faults().latency()).isZero();
    assertUnregistersWithoutLeaks();
  }
}
