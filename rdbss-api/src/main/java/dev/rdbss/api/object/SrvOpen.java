package dev.rdbss.api.object;

import dev.rdbss.api.Condition;
import dev.rdbss.api.FcbState;
import dev.rdbss.api.NtStatus;
import dev.rdbss.api.SrvOpenFlag;
import dev.rdbss.api.file.ShareAccess;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A SRV_OPEN: one open on the server, shared by the file objects that collapse onto it (spec §1.1,
 * §6.4 step 5). It is bound to the V_NET_ROOT that opened it.
 *
 * <p>A mini-redirector may write the context slots, the low 16 flag bits, the {@link #setKey key}
 * (the server's id for the open, used by key-based buffering indications, §7.3) and the
 * {@link #setBufferingFlags buffering flags} the server granted (§7.1), typically in {@code create}.
 */
public non-sealed interface SrvOpen extends Referenceable {

  /** The FCB it opens. */
  Fcb fcb();

  /** The V_NET_ROOT it is bound to; {@code null} after its upper finalization (§2.4). */
  @Nullable VNetRoot vNetRoot();

  /** The condition (§1.3). */
  Condition condition();

  /** All flags, public and private (§1.4). */
  Set<SrvOpenFlag> flags();

  /** Whether the open was orphaned by a forced finalization (§4.2). */
  default boolean isOrphaned() {
    return flags().contains(SrvOpenFlag.ORPHANED);
  }

  /** The low 16 flag bits (§1.4). */
  int miniRdrFlags();

  /**
   * Replaces the low 16 flag bits, the public ones of {@link SrvOpenFlag} included.
   *
   * @throws IllegalArgumentException when a bit above 0xFFFF is set (RDBSS-private)
   */
  void setMiniRdrFlags(int bits);

  /** {@code OpenCount}: file objects using this open (§1.5). */
  int openCount();

  /** {@code UncleanFobxCount} (§1.5). */
  int uncleanFobxCount();

  /** {@code DesiredAccess} of the create that made it. */
  int desiredAccess();

  /** {@code ShareAccess} of the create that made it. */
  Set<ShareAccess> shareAccess();

  /** {@code CreateOptions} bits of the create that made it. */
  int createOptions();

  /** {@code BufferingFlags}: what the server granted (FCB_STATE buffering bits, §7.1). */
  Set<FcbState> bufferingFlags();

  /**
   * Sets {@code BufferingFlags}.
   *
   * @throws IllegalArgumentException when a flag outside {@link FcbState#BUFFERING_MASK} is given
   */
  void setBufferingFlags(Set<FcbState> flags);

  /** {@code Key}: the server's id for this open, or {@code null} (invalidated at close, §7.3). */
  @Nullable Object key();

  /** Sets {@code Key}. */
  void setKey(@Nullable Object key);

  /** {@code OpenStatus}: the status of the create that made it (§6.4 step 5). */
  NtStatus openStatus();

  /** A snapshot of its FOBXs. */
  List<Fobx> fobxs();
}
