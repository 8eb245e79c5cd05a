package dev.rdbss.minirdr.smb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rdbss.api.file.AccessMask;
import dev.rdbss.api.file.CreateDisposition;
import dev.rdbss.minirdr.smb.client.OplockBreakListener;
import dev.rdbss.minirdr.smb.client.SmbClient;
import dev.rdbss.minirdr.smb.client.SmbCreateRequest;
import dev.rdbss.minirdr.smb.client.SmbFileId;
import dev.rdbss.minirdr.smb.client.SmbSession;
import dev.rdbss.minirdr.smb.client.SmbTransports;
import dev.rdbss.minirdr.smb.client.SmbTree;
import dev.rdbss.minirdr.smb.sim.ShareRights;
import dev.rdbss.minirdr.smb.sim.SimNetwork;
import dev.rdbss.minirdr.smb.sim.SimServer;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;

/**
 * The shared behaviour against the simulated server, set up like the Samba fixture: the same
 * users, passwords and rights on a {@code docs} share.
 */
class SimTransportBehaviourTest extends SmbTransportBehaviourTest {

  static final String SERVER = "files";

  final TestClock clock = new TestClock();
  final SimNetwork network = new SimNetwork(clock);
  final SimServer server = network.addServer(SERVER);
  final SmbClient client = SmbTransports.sim(network);

  SimTransportBehaviourTest() {
    server.addUser(SambaServer.WRITER, SambaServer.WRITER_PASSWORD);
    server.addUser(SambaServer.READER, SambaServer.READER_PASSWORD);
    server
        .addShare(SHARE)
        .grant(SambaServer.WRITER, ShareRights.READ_WRITE)
        .grant(SambaServer.READER, ShareRights.READ_ONLY);
  }

  @AfterEach
  void closeClient() {
    client.close();
  }

  @Override
  SmbClient client() {
    return client;
  }

  @Override
  String server() {
    return SERVER;
  }

  @Override
  String unknownServer() {
    return "nosuchserver";
  }

  @Override
  void breakConnection() {
    server.faults().disconnectAtRequest(1);
  }

  @Override
  void restartServer() {
    server.restart();
  }

  /** Reads the file back through a second, independent client, as the read-only user. */
  @Override
  void crossCheckContent(String path, byte[] expected) throws Exception {
    try (SmbClient other = network.newClient()) {
      SmbSession reader = await(other.connect(SERVER, READER, OplockBreakListener.IGNORE)).get();
      SmbTree share = await(reader.treeConnect(SHARE)).get();
      SmbFileId f =
          await(share.create(path, SmbCreateRequest.file(AccessMask.FILE_GENERIC_READ, SHARE_ALL, CreateDisposition.OPEN)))
              .get()
              .fileId();
      assertThat(await(share.read(f, 0, expected.length + 1)).get()).isEqualTo(expected);
      await(share.close(f));
    }
  }

  @Override
  void crossCheckNames(String directory, Set<String> expected) throws Exception {
    Set<String> names = new java.util.HashSet<>(list(directory, "*"));
    names.remove(".");
    names.remove("..");
    if (expected.isEmpty()) {
      assertThat(names).isEmpty();
    } else {
      assertThat(names).isEqualTo(expected);
    }
  }
}
