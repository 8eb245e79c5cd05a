package dev.rdbss.minirdr.csc;

import dev.rdbss.minirdr.smb.SimTckFixture;
import dev.rdbss.minirdr.smb.sim.SimNetwork;
import dev.rdbss.tck.TckEnvironment;
import dev.rdbss.tck.TckFixture;
import dev.rdbss.tck.TckSubject;
import java.util.Map;

/**
 * The CSC sample as the conformance kit's subject (issue 7 point 1, issue 8): each rule gets a
 * fresh embedded server {@code \\files\docs} on the kit's clock, cached by the plugin (setting
 * {@code servers=files}) in a cache folder under the rule's work directory, with two users who may
 * read and write and a wrong password the server refuses (the SMB sample's {@link SimTckFixture}).
 * The share is online throughout: the kit certifies the RDBSS contract of the online path; the
 * transitions have their own tests.
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
    SimNetwork network = SimTckFixture.network(environment);
    String cache = environment.workDirectory().resolve("csc-cache").toString();
    return new SimTckFixture(network, new CscProvider(network), Map.of(
        "rdbss.plugin.csc.servers", "files",
        "rdbss.plugin.csc.cache.folder", cache));
  }
}
