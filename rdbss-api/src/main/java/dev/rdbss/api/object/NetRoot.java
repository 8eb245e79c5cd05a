package dev.rdbss.api.object;

import dev.rdbss.api.Condition;
import dev.rdbss.api.NetRootFlag;
import dev.rdbss.api.NetRootType;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A NET_ROOT: one share claimed by the mini-redirector, {@code \server\share} (spec §1.1). It owns
 * the FCB table and the list of its V_NET_ROOTs.
 *
 * <p>A mini-redirector may write the context slots, the low 16 flag bits
 * ({@link #setMiniRdrFlags}), {@link #setMrxNetRootState} and, while building it in
 * {@code createVNetRoot}, the {@link #setType type} (Windows mini-redirectors set
 * {@code NetRoot->Type} there; ARCHITECTURE.md §3.2).
 */
public non-sealed interface NetRoot extends Referenceable {

  /** The netname-table key, {@code \server\share} (or {@code \server} for an empty share part). */
  String name();

  /** The SRV_CALL above it. */
  SrvCall srvCall();

  /** The condition (§1.3). */
  Condition condition();

  /** The share type (§1.4). */
  NetRootType type();

  /** Sets the share type; allowed while the NET_ROOT is not yet Good (during createVNetRoot). */
  void setType(NetRootType type);

  /** All flags, public and private (§1.4). */
  Set<NetRootFlag> flags();

  /** The low 16 flag bits, the mini-redirector's own (§1.4). */
  int miniRdrFlags();

  /**
   * Replaces the low 16 flag bits.
   *
   * @throws IllegalArgumentException when a bit above 0xFFFF is set (RDBSS-private)
   */
  void setMiniRdrFlags(int bits);

  /** {@code MRxNetRootState}, a state byte of the mini-redirector's (§1.3); 0 is GOOD. */
  int mrxNetRootState();

  /** Sets {@code MRxNetRootState}. */
  void setMrxNetRootState(int state);

  /** {@code NumberOfFcbs} (§1.5). */
  int numberOfFcbs();

  /** {@code NumberOfSrvOpens} (§1.5). */
  int numberOfSrvOpens();

  /** {@code NumberOfVirtualNetRoots} (§1.5). */
  int numberOfVirtualNetRoots();

  /** The default V_NET_ROOT, or {@code null} when none is attached. */
  @Nullable VNetRoot defaultVNetRoot();

  /** A snapshot of the attached V_NET_ROOTs, in attach order. */
  List<VNetRoot> vNetRoots();
}
