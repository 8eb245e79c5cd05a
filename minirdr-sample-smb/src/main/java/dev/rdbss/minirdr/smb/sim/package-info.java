/**
 * The embedded simulated SMB2-like server, the SMB sample's default transport: a {@link
 * dev.rdbss.minirdr.smb.sim.SimNetwork} of {@link dev.rdbss.minirdr.smb.sim.SimServer}s with users,
 * {@link dev.rdbss.minirdr.smb.sim.SimShare}s and per-user {@link
 * dev.rdbss.minirdr.smb.sim.ShareRights}, files and directories with Windows semantics, byte-range
 * locks, oplocks with breaks, change notifications, and {@link dev.rdbss.minirdr.smb.sim.SimFaults}
 * (latency, disconnect at the Nth request, an error on a path) plus {@link
 * dev.rdbss.minirdr.smb.sim.SimServer#restart()}.
 *
 * <p>Its answers follow Samba's on the same requests; the module's behavioural test runs the same
 * cases against both. The server never sleeps: latency is a delivery delay on the injected {@link
 * dev.rdbss.api.spi.RdbssClock}, so a manual clock makes every timing deterministic, the client's
 * request timeout included (IO_TIMEOUT; {@link dev.rdbss.minirdr.smb.sim.SimNetwork#newClient(
 * java.time.Duration)}). Hosts reach the faults through the SMB mini-redirector's device controls
 * ({@link dev.rdbss.minirdr.smb.SmbControlCodes}).
 */
@NullMarked
package dev.rdbss.minirdr.smb.sim;

import org.jspecify.annotations.NullMarked;
