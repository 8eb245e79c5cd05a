package dev.rdbss.minirdr.csc;

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
import dev.rdbss.tck.TckSubject;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The CSC sample as the conformance kit's subject (issue 7 point 1, issue 8): each rule gets a
 * fresh embedded server {@code \\files\docs} on the kit's clock, cached by the plugin (setting
 * {@code servers=files}) in a cache folder under the rule's work directory, with two users who may
 * read and write and a wrong password the server refuses. The share is online throughout: the
 * kit certifies the RDBSS contract of the online path; the transitions have their own tests.
 *
 * <p>Listed in {@code META-INF/services/dev.rdbss.tck.TckSubject} only (a {@code provides} clause
 * would need the kit at run time); the module {@code requires static dev.rdbss.tck}, so the plugin
 * runs without the kit or JUnit (rdbss-tck/README.md).
 */
public final class CscTckSubject implements TckSubject {

  /** For {@link java.util.ServiceLoader}. */
  public CscTckSubject() {}

  @Override
  public String displayName() {
    return "CSC sample (sim transport, online)";
  }

  @Override
  public TckFixture start(TckEnvironment environment) {
    SimNetwork network = new SimNetwork(environment.clock());
    SimServer files = network.addServer("files");
    files.addUser("alice", "alice-pw").addUser("bob", "bob-pw");
    files.addShare("docs").grant("alice", ShareRights.READ_WRITE).grant("bob", ShareRights.READ_WRITE);
    CscProvider provider = new CscProvider(network);
    String cache = environment.workDirectory().resolve("csc-cache").toString();
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

      @Override
      public Map<String, String> settings() {
        return Map.of(
            "rdbss.plugin.csc.servers", "files",
            "rdbss.plugin.csc.cache.folder", cache);
      }

      /** Another client (bob, on his own connection) renames a new file over {@code name}. */
      @Override
      public boolean replaceOnServer(String name, byte[] content) throws Exception {
        try (SmbClient other = network.newClient()) {
          SmbSession session = other.connect("files", otherUser().credentials(),
              OplockBreakListener.IGNORE).get(10, TimeUnit.SECONDS).get();
          SmbTree tree = session.treeConnect("docs").get(10, TimeUnit.SECONDS).get();
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
    };
  }
}
