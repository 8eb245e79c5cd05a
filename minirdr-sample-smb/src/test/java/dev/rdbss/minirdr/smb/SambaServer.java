package dev.rdbss.minirdr.smb;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.jspecify.annotations.Nullable;

/**
 * A private Samba {@code smbd} on loopback for the tests (java-stack.md §4.2): a high port, its own
 * configuration, state and passdb under {@code target/}, two identities mapped onto existing system
 * accounts ({@code nobody} may write the {@code docs} share, {@code daemon} may only read it). No
 * system user or system file is touched. It runs in the foreground as a child process, so its pid
 * is known; {@link #kill()} and {@link #stop()} act on that pid and its descendants only.
 *
 * <p>{@link #startOrSkip} skips the calling tests when {@code smbd} is missing or the tests do not
 * run as root (smbd must switch users); with {@code RDBSS_REQUIRE_SAMBA=1} in the environment it
 * fails them instead, so that CI cannot pass without Samba.
 */
public final class SambaServer implements AutoCloseable {

  /** The read-write identity. */
  public static final String WRITER = "nobody";

  /** The read-only identity. */
  public static final String READER = "daemon";

  /** Test passwords: throwaway, in a private passdb that dies with target/. */
  public static final String WRITER_PASSWORD = "Writer-Pw-1";

  public static final String READER_PASSWORD = "Reader-Pw-2";

  /** The disk share. */
  public static final String SHARE = "docs";

  private static final Duration START_TIMEOUT = Duration.ofSeconds(20);

  private final Path dir;
  private final int port;
  private final Path config;
  private @Nullable Process smbd;

  private SambaServer(Path dir, int port) throws IOException {
    this.dir = dir;
    this.port = port;
    this.config = dir.resolve("smb.conf");
  }

  /** Starts a fresh smbd in {@code target/samba/<name>}, or skips (or fails, see class doc). */
  public static SambaServer startOrSkip(String name) throws Exception {
    String why = unavailableReason();
    if (why != null) {
      if ("1".equals(System.getenv("RDBSS_REQUIRE_SAMBA"))) {
        Assertions.fail("RDBSS_REQUIRE_SAMBA=1 but " + why);
      }
      Assumptions.abort("Samba tests skipped: " + why + " (set RDBSS_REQUIRE_SAMBA=1 to fail instead)");
    }
    Path dir = Path.of("target", "samba", name).toAbsolutePath();
    deleteTree(dir);
    SambaServer server = new SambaServer(dir, freePort());
    server.configure();
    server.start();
    return server;
  }

  private static @Nullable String unavailableReason() throws Exception {
    Optional<Path> smbd = executable("smbd");
    if (smbd.isEmpty()) {
      return "smbd is not installed (apt-get install samba smbclient)";
    }
    if (executable("pdbedit").isEmpty() || executable("smbclient").isEmpty()) {
      return "pdbedit or smbclient is not installed (apt-get install samba smbclient)";
    }
    String uid = run(List.of("id", "-u"), null).trim();
    if (!uid.equals("0")) {
      return "the tests do not run as root (smbd must switch to the users nobody and daemon)";
    }
    return null;
  }

  static Optional<Path> executable(String name) {
    for (String dir : List.of("/usr/sbin", "/usr/bin", "/sbin", "/bin", "/usr/local/sbin", "/usr/local/bin")) {
      Path candidate = Path.of(dir, name);
      if (Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  public int port() {
    return port;
  }

  public Path config() {
    return config;
  }

  public Path shareDirectory() {
    return dir.resolve("shares").resolve(SHARE);
  }

  /** Whether smbd runs (started and neither killed nor stopped since). */
  public boolean isRunning() {
    Process running = smbd;
    return running != null && running.isAlive();
  }

  /** The pid of the running smbd. */
  public long pid() {
    Process running = smbd;
    if (running == null) {
      throw new IllegalStateException("smbd is not running");
    }
    return running.pid();
  }

  private void configure() throws Exception {
    for (String sub : List.of("state", "cache", "lock", "pid", "private", "ncalrpc", "log")) {
      Files.createDirectories(dir.resolve(sub));
    }
    Path share = shareDirectory();
    Files.createDirectories(share);
    // The users smbd switches to must be able to create and delete in the share.
    Files.setPosixFilePermissions(share, PosixFilePermissions.fromString("rwxrwxrwx"));
    for (Path p = share.getParent(); p != null && p.startsWith(dir.getParent()); p = p.getParent()) {
      Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    String conf =
        String.join(
            "\n",
            "[global]",
            "  server role = standalone server",
            "  netbios name = RDBSSTEST",
            "  workgroup = WORKGROUP",
            "  interfaces = lo",
            "  bind interfaces only = yes",
            "  smb ports = " + port,
            "  disable netbios = yes",
            "  server min protocol = SMB2_02",
            "  load printers = no",
            "  printing = bsd",
            "  printcap name = /dev/null",
            "  disable spoolss = yes",
            "  map to guest = never",
            "  passdb backend = tdbsam:" + dir.resolve("private/passdb.tdb"),
            "  private dir = " + dir.resolve("private"),
            "  state directory = " + dir.resolve("state"),
            "  cache directory = " + dir.resolve("cache"),
            "  lock directory = " + dir.resolve("lock"),
            "  pid directory = " + dir.resolve("pid"),
            "  ncalrpc dir = " + dir.resolve("ncalrpc"),
            "  log file = " + dir.resolve("log/log.%m"),
            "  log level = 1",
            "  usershare max shares = 0",
            "  kernel oplocks = no",
            "  kernel share modes = no",
            "  posix locking = no",
            "",
            "[" + SHARE + "]",
            "  path = " + shareDirectory(),
            "  read only = no",
            "  valid users = " + WRITER + " " + READER,
            "  read list = " + READER,
            "  write list = " + WRITER,
            "  create mask = 0666",
            "  force create mode = 0666",
            "  directory mask = 0777",
            "  force directory mode = 0777",
            "");
    Files.writeString(config, conf);
    addPassword(WRITER, WRITER_PASSWORD);
    addPassword(READER, READER_PASSWORD);
  }

  private void addPassword(String user, String password) throws Exception {
    // -t reads the password twice from stdin: nothing on the command line, nothing in a log.
    run(
        List.of(executable("pdbedit").orElseThrow().toString(), "-s", config.toString(), "-a", "-u", user, "-t"),
        password + "\n" + password + "\n");
  }

  /** Starts smbd and waits until it accepts connections. */
  public void start() throws Exception {
    ProcessBuilder builder =
        new ProcessBuilder(
            executable("smbd").orElseThrow().toString(),
            "-s", config.toString(),
            // Its own process group (no --no-process-group): smbd signals its whole group when
            // it goes down, which must not reach the test JVM or Maven.
            "--foreground");
    builder.redirectErrorStream(true);
    builder.redirectOutput(dir.resolve("log/smbd.out").toFile());
    Process started = builder.start();
    smbd = started;
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!started.isAlive()) {
        throw new IllegalStateException(
            "smbd exited with " + started.exitValue() + ": " + Files.readString(dir.resolve("log/smbd.out")));
      }
      try (Socket probe = new Socket()) {
        probe.connect(new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), port), 200);
        return;
      } catch (IOException notYet) {
        TimeUnit.MILLISECONDS.sleep(50); // polling a child process, not synchronizing test code
      }
    }
    kill();
    throw new IllegalStateException("smbd did not listen on port " + port + " within " + START_TIMEOUT);
  }

  /** SIGKILLs smbd and every process it started (one per client connection), by pid. */
  public void kill() throws InterruptedException {
    Process running = smbd;
    if (running == null) {
      return;
    }
    List<ProcessHandle> family = new ArrayList<>();
    running.toHandle().descendants().forEach(family::add);
    running.destroyForcibly();
    family.forEach(ProcessHandle::destroyForcibly);
    running.waitFor(10, TimeUnit.SECONDS);
    smbd = null;
    for (ProcessHandle p : family) {
      p.onExit().toCompletableFuture().completeOnTimeout(p, 10, TimeUnit.SECONDS).join();
    }
  }

  /**
   * SIGSTOPs smbd and every process it started, by pid: the server stops reading its sockets, so a
   * request sent now stays on the wire until {@link #kill()}. (Java has no SIGSTOP; {@code kill
   * -STOP <pids>} sends it.)
   */
  public void pause() throws Exception {
    Process running = smbd;
    if (running == null) {
      throw new IllegalStateException("smbd is not running");
    }
    List<String> command = new ArrayList<>(List.of("kill", "-STOP", String.valueOf(running.pid())));
    running.toHandle().descendants().forEach(p -> command.add(String.valueOf(p.pid())));
    run(command, null);
  }

  /**
   * Waits (polling the kernel's TCP table, at most {@code timeout}) until smbd's end of a
   * connection holds at least {@code bytes} bytes it has not read: proof that a client's request
   * is on the wire. Linux only ({@code /proc/net/tcp}), as smbd here is.
   */
  public boolean awaitUnreadBytes(long bytes, Duration timeout) throws Exception {
    String localPort = String.format(":%04X", port);
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
        Path file = Path.of(table);
        if (!Files.isReadable(file)) {
          continue;
        }
        for (String line : Files.readAllLines(file)) {
          // sl local_address rem_address st tx_queue:rx_queue ...; 01 = ESTABLISHED
          String[] f = line.trim().split("\\s+");
          if (f.length > 4 && f[1].endsWith(localPort) && f[3].equals("01")) {
            long unread = Long.parseLong(f[4].substring(f[4].indexOf(':') + 1), 16);
            if (unread >= bytes) {
              return true;
            }
          }
        }
      }
      TimeUnit.MILLISECONDS.sleep(10); // polling the kernel's view of a child process, as start() does
    }
    return false;
  }

  /** Stops smbd politely (SIGTERM to its pid), then forcibly whatever is left. */
  public void stop() throws InterruptedException {
    Process running = smbd;
    if (running == null) {
      return;
    }
    List<ProcessHandle> family = new ArrayList<>();
    running.toHandle().descendants().forEach(family::add);
    running.destroy();
    if (!running.waitFor(10, TimeUnit.SECONDS)) {
      running.destroyForcibly();
    }
    family.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    smbd = null;
  }

  @Override
  public void close() {
    try {
      stop();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Runs Samba's own {@code smbclient} against the share as {@code user} (credentials in a private
   * authentication file, not on the command line) and returns its combined output.
   */
  public SmbclientResult smbclient(String user, String password, String share, String commands)
      throws Exception {
    Path auth = Files.createTempFile(dir, "auth", ".txt");
    try {
      Files.writeString(auth, "username = " + user + "\npassword = " + password + "\ndomain = WORKGROUP\n");
      Process p =
          new ProcessBuilder(
                  executable("smbclient").orElseThrow().toString(),
                  "//127.0.0.1/" + share,
                  "-s", config.toString(),
                  "-p", String.valueOf(port),
                  "-A", auth.toString(),
                  "-m", "SMB3",
                  "-c", commands)
              .redirectErrorStream(true)
              .start();
      p.getOutputStream().close();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException("smbclient hung: " + commands);
      }
      return new SmbclientResult(p.exitValue(), out);
    } finally {
      Files.deleteIfExists(auth);
    }
  }

  /** What smbclient printed and its exit code. */
  public record SmbclientResult(int exitCode, String output) {}

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static String run(List<String> command, @Nullable String stdin) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    if (stdin != null) {
      p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
    }
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException(command.get(0) + " failed: " + out);
    }
    return out;
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
