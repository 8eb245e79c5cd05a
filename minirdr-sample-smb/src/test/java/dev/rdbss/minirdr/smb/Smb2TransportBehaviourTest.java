package dev.rdbss.minirdr.smb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rdbss.api.Credentials;
import dev.rdbss.api.NtStatus;
import dev.rdbss.api.file.CreateDisposition;
import dev.rdbss.api.spi.Capability;
import dev.rdbss.minirdr.smb.client.OplockBreakListener;
import dev.rdbss.minirdr.smb.client.OplockLevel;
import dev.rdbss.minirdr.smb.client.Smb2Settings;
import dev.rdbss.minirdr.smb.client.SmbClient;
import dev.rdbss.minirdr.smb.client.SmbCreateRequest;
import dev.rdbss.minirdr.smb.client.SmbCreateResult;
import dev.rdbss.minirdr.smb.client.SmbResult;
import dev.rdbss.minirdr.smb.client.SmbSession;
import dev.rdbss.minirdr.smb.client.SmbTransports;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shared behaviour against a real Samba through smbj, with results cross-checked by Samba's
 * own {@code smbclient}; plus what only this transport has (no oplocks, connect failures, the
 * silence about credentials). Skipped with a message when Samba cannot run here (see {@link
 * SambaServer}).
 */
class Smb2TransportBehaviourTest extends SmbTransportBehaviourTest {

  static final String SERVER = "samba";
  private static final java.util.regex.Pattern WHITESPACE = java.util.regex.Pattern.compile("\\s+");

  static SambaServer samba;
  static SmbClient client;

  @BeforeAll
  static void startSamba() throws Exception {
    samba = SambaServer.startOrSkip("behaviour");
    client =
        SmbTransports.smb2(
            Smb2Settings.defaults()
                .withAddress(SERVER, "127.0.0.1", samba.port())
                .withTimeout(Duration.ofSeconds(10)));
  }

  @AfterAll
  static void stopSamba() throws Exception {
    if (client != null) {
      client.close();
    }
    if (samba != null) {
      samba.stop();
    }
  }

  @Override
  SmbClient client() {
    return client;
  }

  @Override
  String server() {
    return SERVER;
  }

  /** A reserved name (RFC 6761): resolution fails at once, with no network traffic. */
  @Override
  String unknownServer() {
    return "nosuchserver.invalid";
  }

  /** Kills smbd and its per-connection children by pid: the TCP connection dies with them. */
  @Override
  void breakConnection() throws Exception {
    samba.kill();
  }

  @Override
  void recoverFromBrokenConnection() throws Exception {
    samba.start();
  }

  @Override
  void restartServer() throws Exception {
    samba.kill();
    samba.start();
  }

  @Override
  void crossCheckContent(String path, byte[] expected) throws Exception {
    Path local = Files.createTempFile(Path.of("target"), "smbclient", ".bin");
    try {
      SambaServer.SmbclientResult result =
          samba.smbclient(
              SambaServer.READER, SambaServer.READER_PASSWORD, SHARE, "get \"" + path + "\" " + local);
      assertThat(result.exitCode()).as(result.output()).isZero();
      assertThat(Files.readAllBytes(local)).isEqualTo(expected);
    } finally {
      Files.deleteIfExists(local);
    }
  }

  @Override
  void crossCheckNames(String directory, Set<String> expected) throws Exception {
    SambaServer.SmbclientResult result =
        samba.smbclient(SambaServer.READER, SambaServer.READER_PASSWORD, SHARE, "ls \"" + directory + "\\*\"");
    Set<String> names = new TreeSet<>();
    for (String line : result.output().lines().toList()) {
      // smbclient lists "  name   attributes   size  date"; the names here have no spaces.
      if (line.startsWith("  ") && !line.isBlank()) {
        String name = WHITESPACE.split(line.trim(), 2)[0];
        if (!name.equals(".") && !name.equals("..")) {
          names.add(name);
        }
      }
    }
    assertThat(names).as(result.output()).isEqualTo(new TreeSet<>(expected));
  }

  /** smbclient's {@code du} reads the same FILE_FS_FULL_SIZE_INFORMATION: the totals must agree. */
  @Override
  void crossCheckVolumeSize(dev.rdbss.api.file.FsInformation.Size size) throws Exception {
    SambaServer.SmbclientResult du = samba.smbclient(SambaServer.READER, SambaServer.READER_PASSWORD, SHARE, "du");
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("(\\d+) blocks of size (\\d+)\\. (\\d+) blocks available").matcher(du.output());
    assertThat(m.find()).as(du.output()).isTrue();
    long totalBytes = Long.parseLong(m.group(1)) * Long.parseLong(m.group(2));
    assertThat(size.totalAllocationUnits() * size.sectorsPerAllocationUnit() * size.bytesPerSector())
        .isEqualTo(totalBytes);
  }

  // ---- Only this transport -------------------------------------------------------------------------

  @Test
  void smbclientAgreesOnTheStatusesOfLogonShareAndRights() throws Exception {
    assertThat(samba.smbclient(SambaServer.WRITER, "wrong", SHARE, "ls").output())
        .contains("NT_STATUS_LOGON_FAILURE");
    assertThat(samba.smbclient(SambaServer.WRITER, SambaServer.WRITER_PASSWORD, "nosuchshare", "ls").output())
        .contains("NT_STATUS_BAD_NETWORK_NAME");
    Path local = Files.writeString(Files.createTempFile(Path.of("target"), "upload", ".txt"), "x");
    try {
      assertThat(
              samba.smbclient(
                      SambaServer.READER, SambaServer.READER_PASSWORD, SHARE, "put " + local + " \"" + path("up.txt") + "\"")
                  .output())
          .contains("NT_STATUS_ACCESS_DENIED");
    } finally {
      Files.deleteIfExists(local);
    }
  }

  @Test
  void theTransportDeclaresNoOplocksAndGrantsNone() throws Exception {
    assertThat(client.capabilities()).doesNotContain(Capability.BUFFERING_STATE_CHANGES);

    SmbResult<SmbCreateResult> open =
        await(
            tree.create(
                path("f.txt"),
                SmbCreateRequest.file(READ_WRITE, SHARE_ALL, CreateDisposition.CREATE).withOplock(OplockLevel.BATCH)));

    assertThat(open.get().grantedOplock()).isEqualTo(OplockLevel.NONE);
    close(open.get().fileId());
  }

  @Test
  void aPortWhereNothingListensIsBadNetworkPath() throws Exception {
    int closedPort;
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    try (SmbClient other =
        SmbTransports.smb2(Smb2Settings.defaults().withAddress("dead", "127.0.0.1", closedPort))) {
      assertThat(await(other.connect("dead", WRITER, OplockBreakListener.IGNORE)).status())
          .isEqualTo(NtStatus.BAD_NETWORK_PATH);
    }
  }

  @Test
  void aPasswordNeverAppearsInOutputOrResults() throws Exception {
    String secret = "Very-Secret-" + System.nanoTime();
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream capture = new PrintStream(captured, true, StandardCharsets.UTF_8);
    SmbResult<?> failed;
    SmbResult<?> succeeded;
    try {
      System.setOut(capture);
      System.setErr(capture);
      failed = await(client.connect(SERVER, Credentials.of(SambaServer.WRITER, secret.toCharArray()), OplockBreakListener.IGNORE));
      succeeded = await(client.connect(SERVER, WRITER, OplockBreakListener.IGNORE));
    } finally {
      System.setOut(out);
      System.setErr(err);
    }

    assertThat(failed.status()).isEqualTo(NtStatus.LOGON_FAILURE);
    String everything = captured + failed.toString() + succeeded + succeeded.get() + client;
    assertThat(everything).doesNotContain(secret).doesNotContain(SambaServer.WRITER_PASSWORD);
    assertThat(everything).doesNotContain("SLF4J"); // the nop binding is found: no warning either
    await(((SmbSession) succeeded.get()).logoff());
  }

  @Test
  void aReadOnlyShareDeniesWritesInSmbclientToo() throws Exception {
    close(createFile("ro.txt", "abc"));
    SambaServer.SmbclientResult result =
        samba.smbclient(SambaServer.READER, SambaServer.READER_PASSWORD, SHARE, "del \"" + path("ro.txt") + "\"");

    assertThat(result.output()).contains("NT_STATUS_ACCESS_DENIED");
    assertThat(list(dir, "*")).contains("ro.txt");
  }
}
