package dev.rdbss.minirdr.smb;

import dev.rdbss.minirdr.smb.sim.SimNetwork;
import dev.rdbss.tck.TckEnvironment;
import dev.rdbss.tck.TckFixture;
import dev.rdbss.tck.TckSubject;
import java.util.Map;

/**
 * The SMB sample as the conformance kit's subject (issue 6 point 1, issue 8 point 5): each rule
 * gets a fresh embedded server {@code \\files\docs} on the kit's clock, with two users who may read
 * and write and a wrong password the server refuses ({@link SimTckFixture}).
 *
 * <p>Listed in {@code META-INF/services/dev.rdbss.tck.TckSubject} (and deliberately not in a
 * {@code provides} clause, which would need the kit at run time), so that {@code rdbss tck}
 * certifies the plugin's jar with no test code. The module only {@code requires static
 * dev.rdbss.tck}: this class is loaded only when the kit asks for subjects, so the plugin runs
 * without the kit or JUnit (rdbss-tck/README.md).
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
    SimNetwork network = SimTckFixture.network(environment);
    return new SimTckFixture(network, new SmbProvider(network), Map.of());
  }
}
