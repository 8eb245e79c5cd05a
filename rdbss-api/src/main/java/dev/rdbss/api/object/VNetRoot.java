package dev.rdbss.api.object;

import dev.rdbss.api.Condition;
import dev.rdbss.api.ConnectionId;
import dev.rdbss.api.Credentials;
import dev.rdbss.api.LogonId;
import dev.rdbss.api.NtStatus;
import dev.rdbss.api.VNetRootFlag;
import java.util.Optional;
import java.util.Set;

/**
 * A V_NET_ROOT: one logon's view of a NET_ROOT, possibly tied to a drive letter and possibly rooted
 * below the share (spec §1.1, §3.1). SRV_OPENs are bound to the view that opened them.
 *
 * <p>A mini-redirector may write only the context slots.
 */
public non-sealed interface VNetRoot extends Referenceable {

  /** The netname-table key: the local prefix plus the NET_ROOT key, e.g. {@code \;X:3e7\srv\share}. */
  String name();

  /** The NET_ROOT it views; after upper finalization still the NET_ROOT it viewed. */
  NetRoot netRoot();

  /** The condition (§1.3). */
  Condition condition();

  /** The logon that owns the view (§6.3: a view matches only its own logon). */
  LogonId logonId();

  /**
   * The credentials captured when the view was built: the logon's, or the explicit ones of a
   * {@code net use /user:}. The mini-redirector uses them to authenticate (§6.3 step 3(b)).
   */
  Credentials credentials();

  /** Whether the credentials were given explicitly rather than taken from the logon. */
  boolean hasExplicitCredentials();

  /** The path below the share the view is rooted at, or empty (e.g. {@code \d1}). */
  String namePrefix();

  /** The drive letter of a drive-mapped view ({@code "X:"}), if any. */
  Optional<String> localDrive();

  /** The connection id it was created with. */
  ConnectionId connectionId();

  /** The V_NET_ROOT flags (§1.4). */
  Set<VNetRootFlag> flags();

  /** {@code NumberOfOpens}: tree-connect handles on the view (§1.5). */
  int numberOfOpens();

  /** {@code NumberOfFobxs}: file objects opened through the view (§1.5). */
  int numberOfFobxs();

  /** {@code ConstructionStatus} (§1.5). */
  NtStatus constructionStatus();
}
