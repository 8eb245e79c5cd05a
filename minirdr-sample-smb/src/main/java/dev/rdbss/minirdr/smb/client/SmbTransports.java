package dev.rdbss.minirdr.smb.client;

import dev.rdbss.minirdr.smb.sim.SimNetwork;
import dev.rdbss.minirdr.smb.smb2.Smb2Client;

/** Builds the two transports. */
public final class SmbTransports {

  /** The default transport's name. */
  public static final String SIM = "sim";

  /** The real SMB 2/3 transport's name. */
  public static final String SMB2 = "smb2";

  private SmbTransports() {}

  /** A client of the simulated servers of {@code network}, with the default request timeout. */
  public static SmbClient sim(SimNetwork network) {
    return network.newClient();
  }

  /**
   * A client of the simulated servers of {@code network} whose requests answer IO_TIMEOUT when no
   * answer came within {@code requestTimeout} on the network's clock.
   */
  public static SmbClient sim(SimNetwork network, java.time.Duration requestTimeout) {
    return network.newClient(requestTimeout);
  }

  /** A client of real SMB 2/3 servers through smbj; it owns threads until {@link SmbClient#close}. */
  public static SmbClient smb2(Smb2Settings settings) {
    return new Smb2Client(settings);
  }
}
