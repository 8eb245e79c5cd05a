package dev.rdbss.api.object;

import dev.rdbss.api.FobxFlag;
import java.util.Set;

/**
 * A FOBX: the per-file-object (per-handle) state (spec §1.1). It hangs under a SRV_OPEN.
 *
 * <p>A mini-redirector may write the context slots and the low 16 flag bits.
 */
public non-sealed interface Fobx extends Referenceable {

  /** The SRV_OPEN it uses. */
  SrvOpen srvOpen();

  /** The FCB of its SRV_OPEN. */
  default Fcb fcb() {
    return srvOpen().fcb();
  }

  /** All flags, public and private (§1.4). */
  Set<FobxFlag> flags();

  /** The low 16 flag bits (§1.4). */
  int miniRdrFlags();

  /**
   * Replaces the low 16 flag bits.
   *
   * @throws IllegalArgumentException when a bit above 0xFFFF is set (RDBSS-private)
   */
  void setMiniRdrFlags(int bits);
}
