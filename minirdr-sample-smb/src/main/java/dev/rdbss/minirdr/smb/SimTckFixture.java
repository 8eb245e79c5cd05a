package dev.rdbss.minirdr.smb;

import dev.rdbss.api.NtStatus;
import dev.rdbss.api.file.AccessMask;
import dev.rdbss.api.file.CreateDisposition;
import dev.rdbss.api.file.FileInformation;
import dev.rdbss.api.file.ShareAccess;
import dev.rdbss.api.io.Logon;
import dev.rdbss.api.spi.MiniRedirectorProvider;
import dev.rdbss.minirdr.smb.client.OplockBreakListener;
import dev.rdbss.minirdr.smb.client.SmbClient;
import dev.rdbss.minirdr.smb.client.SmbCreateRequest;
import dev.rdbss.minirdr.smb.client.SmbFileId;
import dev.rdbss.minirdr.smb.client.SmbSession;
import dev.rdbss.minirdr.smb.client.SmbTree;
import dev.rdbss.minirdr.smb.sim.ShareRights;
import dev.rdbss.minirdr.smb.sim.SimNetwork;
import dev.rdbss.minirdr.smb.sim.SimServer;
import dev.rdbss.tck.TckEnvironment;
import dev.rdbss.tck.TckFixture;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The conformance kit's view of a plugin that speaks SMB to the embedded simulated server (issue 8
 * point 5): one server {@code \\files\docs} on the kit's clock, two users who may read and write
 * ({@code alice}, {@code bob}) and a wrong password the server refuses. The SMB sample's {@link
 * SmbTckSubject} uses it, and so does every plugin built on this one's transport (the CSC sample),
 * each with its own provider and settings.
 *
 * <p>Like the subjects, this class is loaded only when the kit runs: the module {@code requires
 * static dev.rdbss.tck}.
 */
public final class SimTckFixture implements TckFixture {

  private static final String SERVER = "files";
  private static final String SHARE = "docs";
  private static final Logon ALICE = Logon.user("alice", "alice-pw");
  private static final Logon BOB = Logon.user("bob", "bob-pw");

  private final SimNetwork network;
  private final MiniRedirectorProvider provider;
  private final Map<String, String> settings;

  /**
   * A fixture on {@code network}, which {@link #network(TckEnvironment)} made.
   *
   * @param provider the plugin under test, talking to {@code network}
   * @param settings the runtime settings the plugin needs (see {@link TckFixture#settings()})
   */
  public SimTckFixture(
      SimNetwork network, MiniRedirectorProvider provider, Map<String, String> settings) {
    this.network = Objects.requireNonNull(network, "network");
    this.provider = Objects.requireNonNull(provider, "provider");
    this.settings = Map.copyOf(settings);
  }

  /** A fresh simulated network on the kit's clock with the server, share and users above. */
  public static SimNetwork network(TckEnvironment environment) {
    SimNetwork network = new SimNetwork(environment.clock());
    SimServer files = network.addServer(SERVER);
    files.addUser("alice", "alice-pw").addUser("bob", "bob-pw");
    files.addShare(SHARE).grant("alice", ShareRights.READ_WRITE).grant("bob", ShareRights.READ_WRITE);
    return network;
  }

  @Override
  public MiniRedirectorProvider provider() {
    return provider;
  }

  @Override
  public String server() {
    return SERVER;
  }

  @Override
  public String share() {
    return SHARE;
  }

  @Override
  public Logon user() {
    return ALICE;
  }

  @Override
  public Logon otherUser() {
    return BOB;
  }

  @Override
  public Optional<Logon> refusedUser() {
    return Optional.of(Logon.user("alice", "wrong-password"));
  }

  @Override
  public Map<String, String> settings() {
    return settings;
  }

  /** Another client (bob, on his own connection) renames a new file over {@code name}. */
  @Override
  public boolean replaceOnServer(String name, byte[] content) throws Exception {
    try (SmbClient other = network.newClient()) {
      SmbSession session = other.connect(SERVER, BOB.credentials(), OplockBreakListener.IGNORE)
          .get(10, TimeUnit.SECONDS).get();
      SmbTree tree = session.treeConnect(SHARE).get(10, TimeUnit.SECONDS).get();
      SmbFileId f = tree.create("tck-replacement.tmp", SmbCreateRequest.file(
              AccessMask.FILE_GENERIC_READ | AccessMask.FILE_GENERIC_WRITE | AccessMask.DELETE,
              EnumSet.allOf(ShareAccess.class), CreateDisposition.OVERWRITE_IF))
          .get(10, TimeUnit.SECONDS).get().fileId();
      tree.write(f, 0, content).get(10, TimeUnit.SECONDS).get();
      NtStatus renamed = tree.setInfo(f, new FileInformation.Rename(true, name))
          .get(10, TimeUnit.SECONDS);
      tree.close(f).get(10, TimeUnit.SECONDS);
      if (!renamed.isSuccess()) {
        throw new IllegalStateException("the server refused the rename: " + renamed);
      }
      return true;
    }
  }
}
