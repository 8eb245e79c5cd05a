package dev.rdbss.minirdr.smb;

import dev.rdbss.api.io.Logon;
import dev.rdbss.api.spi.MiniRedirectorProvider;
import dev.rdbss.minirdr.smb.sim.ShareRights;
import dev.rdbss.minirdr.smb.sim.SimNetwork;
import dev.rdbss.minirdr.smb.sim.SimServer;
import dev.rdbss.tck.TckEnvironment;
import dev.rdbss.tck.TckFixture;
import dev.rdbss.tck.TckSubject;
import java.util.Optional;

/**
 * The SMB sample as the conformance kit's subject (issue 6 point 1, issue 8 point 5): each rule
 * gets a fresh embedded server {@code \\files\docs} on the kit's clock, with two users who may read
 * and write and a wrong password the server refuses.
 *
 * <p>Registered through {@code provides dev.rdbss.tck.TckSubject} and {@code
 * META-INF/services/dev.rdbss.tck.TckSubject}, so that {@code rdbss tck} certifies the plugin's jar
 * with no test code. The module only {@code requires static dev.rdbss.tck}: this class is loaded
 * only when the kit asks for subjects, so the plugin runs without the kit or JUnit.
 */
public final class SmbTckSubject implements TckSubject {

  /** For {@link java.util.ServiceLoader}. */
  public SmbTckSubject() {}

  @Override
  public String displayName() {
    return "SMB sample (sim transport)";
  }

  @Override
  public TckFixture start(TckEnvironment environment) {
    SimNetwork network = new SimNetwork(environment.clock());
    SimServer files = network.addServer("files");
    files.addUser("alice", "alice-pw").addUser("bob", "bob-pw");
    files.addShare("docs").grant("alice", ShareRights.READ_WRITE).grant("bob", ShareRights.READ_WRITE);
    SmbProvider provider = new SmbProvider(network);
    return new TckFixture() {
      @Override
      public MiniRedirectorProvider provider() {
        return provider;
      }

      @Override
      public String server() {
        return "files";
      }

      @Override
      public String share() {
        return "docs";
      }

      @Override
      public Logon user() {
        return Logon.user("alice", "alice-pw");
      }

      @Override
      public Logon otherUser() {
        return Logon.user("bob", "bob-pw");
      }

      @Override
      public Optional<Logon> refusedUser() {
        return Optional.of(Logon.user("alice", "wrong-password"));
      }
    };
  }
}
