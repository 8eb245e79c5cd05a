package dev.rdbss.bench;

import java.io.IOException;
import java.net.InetAddress;
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
import org.jspecify.annotations.Nullable;

/**
 * A private Samba {@code smbd} on loopback for the SMB benchmarks (java-stack.md §4.2): a free high
 * port, its own configuration, state and passdb in a scratch folder, one identity ({@code nobody},
 * an existing account) with a throwaway password in that private passdb. No system file is
 * touched. It runs in the foreground as a child process and is stopped by its pid.
 */
final class SambaFixture implements AutoCloseable {

  static final String USER = "nobody";
  static final String PASSWORD = "Bench-Pw-1"; // private passdb, deleted with the scratch folder
  static final String SHARE = "docs";

  private final Path dir;
  private final int port;
  private final Path config;
  private @Nullable Process smbd;

  private SambaFixture(Path dir, int port) {
    this.dir = dir;
    this.port = port;
    this.config = dir.resolve("smb.conf");
  }

  /** Why Samba cannot run here, or empty when it can (installed, and we are root). */
  static Optional<String> unavailableReason() {
    if (executable("smbd").isEmpty() || executable("pdbedit").isEmpty()) {
      return Optional.of("smbd is not installed (apt-get install samba smbclient)");
    }
    if (executable("smbclient").isEmpty()) {
      return Optional.of("smbclient is not installed (apt-get install smbclient)");
    }
    try {
      if (!run(List.of("id", "-u"), null).trim().equals("0")) {
        return Optional.of("not running as root (smbd must switch to the user nobody)");
      }
    } catch (Exception e) {
      return Optional.of("cannot tell the user id: " + e);
    }
    return Optional.empty();
  }

  static Optional<Path> executable(String name) {
    for (String d : List.of("/usr/sbin", "/usr/bin", "/sbin", "/bin", "/usr/local/sbin", "/usr/local/bin")) {
      Path candidate = Path.of(d, name);
      if (Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /** Configures and starts a fresh smbd; it listens when this returns. */
  static SambaFixture start() throws Exception {
    Path dir = Files.createTempDirectory("rdbss-bench-samba");
    SambaFixture samba = new SambaFixture(dir, freePort());
    try {
      samba.configure();
      samba.launch();
    } catch (Exception e) {
      samba.close();
      throw e;
    }
    return samba;
  }

  int port() {
    return port;
  }

  Path shareDirectory() {
    return dir.resolve("share");
  }

  Path config() {
    return config;
  }

  Path scratch() {
    return dir;
  }

  private void configure() throws Exception {
    for (String sub : List.of("state", "cache", "lock", "pid", "private", "ncalrpc", "log")) {
      Files.createDirectories(dir.resolve(sub));
    }
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.createDirectories(shareDirectory());
    Files.setPosixFilePermissions(shareDirectory(), PosixFilePermissions.fromString("rwxrwxrwx"));
    String conf = String.join("\n",
        "[global]",
        "  server role = standalone server",
        "  netbios name = RDBSSBENCH",
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
        "  log level = 0",
        "  usershare max shares = 0",
        "",
        "[" + SHARE + "]",
        "  path = " + shareDirectory(),
        "  read only = no",
        "  valid users = " + USER,
        "  create mask = 0666",
        "  force create mode = 0666",
        "");
    Files.writeString(config, conf);
    // -t reads the password twice from stdin: nothing on a command line.
    run(List.of(executable("pdbedit").orElseThrow().toString(), "-s", config.toString(), "-a", "-u",
        USER, "-t"), PASSWORD + "\n" + PASSWORD + "\n");
  }

  private void launch() throws Exception {
    ProcessBuilder builder = new ProcessBuilder(executable("smbd").orElseThrow().toString(),
        "-s", config.toString(), "--foreground"); // own process group: its signals stay its own
    builder.redirectErrorStream(true);
    builder.redirectOutput(dir.resolve("log/smbd.out").toFile());
    Process started = builder.start();
    smbd = started;
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (System.nanoTime() < deadline) {
      if (!started.isAlive()) {
        throw new IllegalStateException("smbd exited: " + Files.readString(dir.resolve("log/smbd.out")));
      }
      try (Socket probe = new Socket()) {
        probe.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
        return;
      } catch (IOException notYet) {
        TimeUnit.MILLISECONDS.sleep(50); // polling a child process until it listens
      }
    }
    throw new IllegalStateException("smbd did not listen on port " + port);
  }

  /**
   * Runs {@code smbclient} on the share with {@code commands} (credentials in a private file, not
   * on the command line); throws unless it exits 0.
   */
  String smbclient(String commands) throws Exception {
    Path auth = dir.resolve("auth.txt");
    if (!Files.exists(auth)) {
      Files.writeString(auth, "username = " + USER + "\npassword = " + PASSWORD + "\ndomain = WORKGROUP\n");
      Files.setPosixFilePermissions(auth, PosixFilePermissions.fromString("rw-------"));
    }
    return run(List.of(executable("smbclient").orElseThrow().toString(), "//127.0.0.1/" + SHARE,
        "-s", config.toString(), "-p", String.valueOf(port), "-A", auth.toString(), "-m", "SMB3",
        "-c", commands), null);
  }

  @Override
  public void close() {
    Process running = smbd;
    if (running != null) {
      List<ProcessHandle> family = new ArrayList<>();
      running.toHandle().descendants().forEach(family::add);
      running.destroy();
      try {
        if (!running.waitFor(10, TimeUnit.SECONDS)) {
          running.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      family.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
      smbd = null;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      System.err.println("could not delete " + dir + ": " + e);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  static String run(List<String> command, @Nullable String stdin) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    if (stdin != null) {
      p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
    }
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException(command.get(0) + " hung");
    }
    if (p.exitValue() != 0) {
      throw new IllegalStateException(command.get(0) + " exited " + p.exitValue() + ": " + out);
    }
    return out;
  }
}
