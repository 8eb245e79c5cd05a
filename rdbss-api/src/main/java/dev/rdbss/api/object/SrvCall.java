package dev.rdbss.api.object;

import dev.rdbss.api.Condition;
import dev.rdbss.api.ConnectionId;
import dev.rdbss.api.NtStatus;
import dev.rdbss.api.SrvCallFlag;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A SRV_CALL: the connection context to one server name, {@code \server} (spec §1.1).
 *
 * <p>A mini-redirector may write the context slots, the two case flags (in
 * {@code srvCallWinnerNotify}) and {@link #setMaximumNumberOfCloseDelayedFiles}
 * (ARCHITECTURE.md §3.2). It must clear both context slots in {@code finalizeSrvCall}: RDBSS
 * bugchecks when it frees a SRV_CALL whose slots are still set (§1.2, §9 pitfall 6).
 */
public non-sealed interface SrvCall extends Referenceable {

  /** The netname-table key, {@code \server}. */
  String name();

  /** The inner name prefix given at creation, or {@code null}. */
  @Nullable String innerNamePrefix();

  /** The connection id the SRV_CALL was created with (§3.1). */
  ConnectionId connectionId();

  /** The condition (§1.3): InTransition while the mini-redirector builds it, then Good or Bad. */
  Condition condition();

  /** The status of the last construction attempt; a Bad SRV_CALL answers it to later opens (§6.3). */
  NtStatus status();

  /** The domain recorded by {@code setSrvCallDomainName}, or {@code null} (§11). */
  @Nullable String domainName();

  /** The SRV_CALL flags (§1.4). */
  Set<SrvCallFlag> flags();

  /** Whether share names on this server compare case-insensitively (§3.2). */
  boolean isCaseInsensitiveNetRoots();

  /** Whether file names on this server compare case-insensitively (§3.2). */
  boolean isCaseInsensitiveFileNames();

  /** Sets {@code CASE_INSENSITIVE_NETROOTS}; a winner notification is the place for it (§5.2). */
  void setCaseInsensitiveNetRoots(boolean caseInsensitive);

  /** Sets {@code CASE_INSENSITIVE_FILENAMES}; a winner notification is the place for it (§5.2). */
  void setCaseInsensitiveFileNames(boolean caseInsensitive);

  /**
   * Sets {@code DFS_AWARE_SERVER}: the server speaks DFS, so DFS opens may reach it (§1.4, §6.4
   * step 1); a winner notification is the place for it.
   */
  void setDfsAwareServer(boolean dfsAware);

  /** How many closes are currently delayed on this server (§6.7). */
  int numberOfCloseDelayedFiles();

  /** The limit of delayed closes; 0 disables delayed close (§6.7). */
  int maximumNumberOfCloseDelayedFiles();

  /**
   * Sets the limit of delayed closes (§6.7); the descriptor's value is the default.
   *
   * @throws IllegalArgumentException when negative
   */
  void setMaximumNumberOfCloseDelayedFiles(int maximum);
}
