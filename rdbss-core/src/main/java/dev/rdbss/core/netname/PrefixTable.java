package dev.rdbss.core.netname;

import dev.rdbss.api.ConnectionId;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * The netname (prefix) table of one mini-redirector (spec §3): SRV_CALL, NET_ROOT and V_NET_ROOT
 * keys, each with a connection id and a case-insensitive length (§3.1), matched against names as
 * §3.2 says.
 *
 * <h2>Matching (§3.2)</h2>
 *
 * A name is walked left to right. Each prefix that ends just before a {@code \} or a {@code :}
 * found after the first character is a <em>candidate</em>, and so is the whole name ([S] §3.2:
 * ReactOS misses a name equal to a key; the simulator does not). A candidate matches an entry when
 * they have the same length, their first {@link PrefixEntry#caseInsensitiveLength()} characters are
 * equal after upper-casing each character on its own with {@link Character#toUpperCase(char)} (as
 * Windows' {@code RtlUpcaseUnicodeChar} does: locale-independent, never changing the length), the
 * remaining characters are equal exactly, and the connection ids are equal byte for byte. A SRV_CALL
 * hit is remembered and the walk goes on, so the longest SRV_CALL prefix wins; the first NET_ROOT or
 * V_NET_ROOT hit ends the walk, so the shortest of those wins. When several kinds match the same
 * candidate (a NET_ROOT with an empty share part has the SRV_CALL's key, §3.1), a V_NET_ROOT is
 * preferred to a NET_ROOT and either to the SRV_CALL ([S] §3.2); the V_NET_ROOT-over-NET_ROOT order
 * is this class's choice, made so that the result never depends on insertion order.
 *
 * <h2>Cost</h2>
 *
 * The entries sit in a chained hash table of this class's own, keyed by the <em>folded hash</em> of
 * their key: {@link String#hashCode()}'s polynomial over the key's characters each upper-cased as
 * above. Keys that differ only in case therefore share a chain, as §3.2's sampled hash makes them
 * do, and each chain entry is then compared precisely. A lookup reads the name once, left to
 * right, extending the folded hash of the growing prefix one character at a time (ASCII from a
 * table of {@link Character#toUpperCase(char)}'s results, other characters with it directly). At a
 * candidate it probes one chain, unless no key has the candidate's length, and compares the
 * candidate's characters with each key of that chain in place (the chains run through the entries
 * themselves, as {@code RX_PREFIX_ENTRY}'s hash links do); it stops after the longest key in
 * the table, since no longer candidate can match. So its cost follows the name's length (up to the
 * longest key) and its number of candidates, never the number of entries, and {@link #lookupEntry}
 * allocates nothing: no upper-cased copy, no probe key, no substring. {@link #lookup} adds an
 * {@link Optional}, a {@link Match} and the remaining name on top; the engine calls {@link
 * #lookupEntry} where it needs only the entry.
 *
 * <h2>Locking (§3.3)</h2>
 *
 * The engine owns the {@code TableLock}. Every operation except {@link #version()} first asks the
 * {@link LockCheck}: {@link #insert} and {@link #remove} need it exclusively, the lookups shared or
 * exclusive. Under that discipline many readers may run at once while no writer runs, so the plain
 * arrays, chains and {@link LinkedHashSet} inside need no synchronization of their own: readers
 * only read them, and writers change them in place and publish through the lock's release.
 *
 * <h2>Version (§3.1, §9 pitfall 22)</h2>
 *
 * {@link #version()} strictly increases on every insert and every removal and on nothing else, so
 * the upgrade idiom of §3.3 can tell whether the table changed while it held no lock.
 *
 * @param <C> the container type: the engine's SRV_CALL, NET_ROOT and V_NET_ROOT objects
 */
public final class PrefixTable<C> {

  /** Operation name passed to the {@link LockCheck} by {@link #insert}. */
  public static final String OP_INSERT = "RxPrefixTableInsertName";

  /** Operation name passed to the {@link LockCheck} by {@link #remove}. */
  public static final String OP_REMOVE = "RxRemovePrefixTableEntry";

  /** Operation name passed to the {@link LockCheck} by {@link #lookup} and {@link #lookupEntry}. */
  public static final String OP_LOOKUP = "RxPrefixTableLookupName";

  /** Operation name passed to the {@link LockCheck} by {@link #find}. */
  public static final String OP_FIND = "RxPrefixTableLookupName(exact key)";

  /** Operation name passed to the {@link LockCheck} by {@link #size()}. */
  public static final String OP_SIZE = "PrefixTable.size";

  /** Operation name passed to the {@link LockCheck} by {@link #entries()}. */
  public static final String OP_ENTRIES = "PrefixTable.entries";

  /**
   * What an entry names (§3.1). Declared in §3.2's order of preference when several kinds match
   * one candidate, least preferred first.
   */
  public enum Kind {
    /** A server connection; key {@code \server}. */
    SRV_CALL,
    /** A share; key {@code \server\share}, or {@code \server} when the share part is empty. */
    NET_ROOT,
    /** A view of a share; key local prefix + NET_ROOT key, e.g. {@code \;X:3e7\server\share}. */
    V_NET_ROOT
  }

  /**
   * A lookup result.
   *
   * @param entry the matched entry
   * @param remainingName the name after the matched key: empty, or starting with {@code \} or
   *     {@code :}
   */
  public record Match<C>(PrefixEntry<C> entry, String remainingName) {
    public Match {
      Objects.requireNonNull(entry, "entry");
      Objects.requireNonNull(remainingName, "remainingName");
    }
  }

  private static final int INITIAL_CAPACITY = 16; // a power of two, as every capacity

  private final LockCheck lockCheck;
  // Chain heads by folded hash; the chains run through the entries (PrefixEntry.nextInChain).
  // Doubled so that it holds at most 3/4 as many entries as slots.
  private @Nullable PrefixEntry<C>[] buckets = newBuckets(INITIAL_CAPACITY);
  // Identity-based (PrefixEntry keeps Object's equals); gives entries() its insertion order.
  private final Set<PrefixEntry<C>> members = new LinkedHashSet<>();
  // keysOfLength[n]: how many entries have a key of n characters; longer than the longest key.
  // A lookup skips candidates of a length no key has and stops after longestKey.
  private int[] keysOfLength = new int[32];
  private int longestKey;
  private final AtomicLong version = new AtomicLong();

  /**
   * An empty table at version 0.
   *
   * @param lockCheck asked first by every locked operation whether the caller holds the table lock
   */
  public PrefixTable(LockCheck lockCheck) {
    this.lockCheck = Objects.requireNonNull(lockCheck, "lockCheck");
  }

  /**
   * Inserts an entry ({@code RxPrefixTableInsertName}, §3.1). Needs the lock exclusively (§3.3).
   *
   * <p>The key is a duplicate, and refused, when the table already has an entry of the same kind and
   * the same connection id whose key some name would match as well as this one: same length, equal
   * ignoring case over the longer of the two case-insensitive lengths and exactly after it. This
   * keeps every lookup candidate matching at most one entry per kind.
   *
   * @param key the key, e.g. {@code \server\share}; not empty
   * @param caseInsensitiveLength how many leading characters of the key compare ignoring case,
   *     between 0 and the key's length; see the {@code *CaseInsensitiveLength} helpers (§3.2)
   * @return the new entry, {@linkplain PrefixEntry#isInTable() in the table}
   * @throws DuplicatePrefixException when such an entry exists; the table is unchanged
   * @throws IllegalArgumentException for an empty key or an out-of-range length
   */
  public PrefixEntry<C> insert(
      String key, Kind kind, C container, ConnectionId connectionId, int caseInsensitiveLength) {
    lockCheck.requireHeld(true, OP_INSERT);
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(container, "container");
    Objects.requireNonNull(connectionId, "connectionId");
    if (key.isEmpty()) {
      throw new IllegalArgumentException(OP_INSERT + ": empty key");
    }
    checkCaseInsensitiveLength(key, caseInsensitiveLength);

    // A duplicate folds to the same characters, so it has the same folded hash: same chain.
    int hash = foldedHash(key, key.length());
    for (@Nullable PrefixEntry<C> existing = buckets[slot(hash, buckets.length)];
        existing != null;
        existing = existing.nextInChain) {
      if (existing.foldedHash == hash
          && existing.kind() == kind
          && existing.connectionId().equals(connectionId)
          && sameKey(existing.key(), existing.caseInsensitiveLength(), key, caseInsensitiveLength)) {
        throw new DuplicatePrefixException(existing, key);
      }
    }

    PrefixEntry<C> entry =
        new PrefixEntry<>(this, key, kind, container, connectionId, caseInsensitiveLength, hash);
    if (members.size() >= buckets.length / 4 * 3) {
      grow();
    }
    int slot = slot(hash, buckets.length);
    entry.nextInChain = buckets[slot];
    buckets[slot] = entry;
    members.add(entry);
    countKeyLength(key.length());
    entry.setInTable(true);
    version.incrementAndGet();
    return entry;
  }

  /**
   * Removes an entry ({@code RxRemovePrefixTableEntry}, §3.1). Needs the lock exclusively (§3.3).
   *
   * @throws ListCorruptionException when the entry is not in this table (removed already, or from
   *     another table): the fail-fast unlink of §9 pitfall 10; the table is unchanged
   */
  public void remove(PrefixEntry<C> entry) {
    lockCheck.requireHeld(true, OP_REMOVE);
    Objects.requireNonNull(entry, "entry");
    if (!entry.belongsTo(this)) {
      throw new ListCorruptionException(entry, ListCorruptionException.Reason.FOREIGN_ENTRY);
    }
    if (!entry.isInTable()) {
      throw new ListCorruptionException(entry, ListCorruptionException.Reason.ALREADY_REMOVED);
    }
    int slot = slot(entry.foldedHash, buckets.length);
    @Nullable PrefixEntry<C> previous = null;
    @Nullable PrefixEntry<C> e = buckets[slot];
    while (e != null && e != entry) {
      previous = e;
      e = e.nextInChain;
    }
    if (e == null || !members.contains(entry)) {
      // The entry says it is in the table but the table does not hold it: a bug in this class.
      throw new IllegalStateException(OP_REMOVE + ": table out of step with " + entry);
    }
    if (previous == null) {
      buckets[slot] = entry.nextInChain;
    } else {
      previous.nextInChain = entry.nextInChain;
    }
    entry.nextInChain = null;
    members.remove(entry);
    uncountKeyLength(entry.key().length());
    entry.setInTable(false);
    version.incrementAndGet();
  }

  /**
   * Looks a name up as §3.2 says (see the class description): the shortest NET_ROOT or V_NET_ROOT
   * prefix, else the longest SRV_CALL prefix, at {@code \} and {@code :} boundaries and on the whole
   * name. Needs the lock shared or exclusive (§3.3). Referencing the result is the engine's job.
   *
   * <p>This is {@link #lookupEntry} with the remaining name cut out and wrapped; callers that need
   * only the entry use that one, which allocates nothing.
   *
   * @param name a canonical name, e.g. {@code \;X:3e7\server\share\dir\file.txt}
   * @param connectionId must equal the entry's byte for byte
   * @return the matched entry and the rest of the name after its key
   */
  public Optional<Match<C>> lookup(String name, ConnectionId connectionId) {
    @Nullable PrefixEntry<C> entry = lookupEntry(name, connectionId);
    return entry == null
        ? Optional.empty()
        : Optional.of(new Match<>(entry, name.substring(entry.key().length())));
  }

  /** {@link #lookup(String, ConnectionId)} with {@link ConnectionId#NONE}. */
  public Optional<Match<C>> lookup(String name) {
    return lookup(name, ConnectionId.NONE);
  }

  /**
   * The entry {@link #lookup(String, ConnectionId)} would match, or {@code null}; allocates
   * nothing. Needs the lock shared or exclusive (§3.3).
   *
   * <p>A candidate matches only a key of its own length, so the remaining name is {@code
   * name.substring(entry.key().length())}.
   *
   * @param name a canonical name, e.g. {@code \;X:3e7\server\share\dir\file.txt}
   * @param connectionId must equal the entry's byte for byte
   * @return the shortest matching NET_ROOT or V_NET_ROOT entry, else the longest matching SRV_CALL
   *     entry, else {@code null}
   */
  public @Nullable PrefixEntry<C> lookupEntry(String name, ConnectionId connectionId) {
    lockCheck.requireHeld(false, OP_LOOKUP);
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(connectionId, "connectionId");
    @Nullable PrefixEntry<C>[] table = buckets;
    int[] lengths = keysOfLength;
    int length = name.length();
    // A candidate longer than the longest key matches nothing: look no further than that.
    int last = Math.min(length - 1, longestKey);
    @Nullable PrefixEntry<C> longestSrvCall = null;
    int hash = 0; // the folded hash of name[0, i)
    for (int i = 0; i <= last; i++) {
      char c = name.charAt(i);
      if (i > 0 && isBoundary(c) && lengths[i] != 0) { // a candidate, and a key of its length
        @Nullable PrefixEntry<C> hit = bestMatch(table, hash, name, i, connectionId);
        if (hit != null) {
          if (hit.kind() != Kind.SRV_CALL) {
            return hit;
          }
          longestSrvCall = hit;
        }
      }
      hash = 31 * hash + fold(c);
    }
    if (length > 0 && length <= longestKey && lengths[length] != 0) { // the whole name
      @Nullable PrefixEntry<C> hit = bestMatch(table, hash, name, length, connectionId);
      if (hit != null) {
        return hit;
      }
    }
    return longestSrvCall;
  }

  /**
   * The entry matching the candidate {@code name[0, end)}, whose folded hash is {@code hash}: a
   * V_NET_ROOT before a NET_ROOT before a SRV_CALL; {@code null} when none matches.
   */
  private static <C> @Nullable PrefixEntry<C> bestMatch(
      @Nullable PrefixEntry<C>[] table, int hash, String name, int end, ConnectionId id) {
    @Nullable PrefixEntry<C> best = null;
    for (@Nullable PrefixEntry<C> e = table[slot(hash, table.length)];
        e != null;
        e = e.nextInChain) {
      if (e.foldedHash == hash
          && matches(e, name, end, id)
          && (best == null || e.kind().compareTo(best.kind()) > 0)) { // see Kind's order
        best = e;
      }
    }
    return best;
  }

  /**
   * The entry whose key is exactly {@code key} (compared with the entry's case rules, as {@link
   * #lookup} compares a candidate), of this kind and with this connection id. Needs the lock shared
   * or exclusive (§3.3).
   */
  public Optional<PrefixEntry<C>> find(String key, Kind kind, ConnectionId connectionId) {
    lockCheck.requireHeld(false, OP_FIND);
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(connectionId, "connectionId");
    int hash = foldedHash(key, key.length());
    for (@Nullable PrefixEntry<C> e = buckets[slot(hash, buckets.length)];
        e != null;
        e = e.nextInChain) {
      if (e.foldedHash == hash && e.kind() == kind && matches(e, key, key.length(), connectionId)) {
        return Optional.of(e);
      }
    }
    return Optional.empty();
  }

  /**
   * The table's {@code Version} (§3.1): 0 when new, then strictly increasing on every insert and
   * removal (§9 pitfall 22).
   *
   * <p>Unlike the other operations this one needs no lock and asks no {@link LockCheck}: it is a
   * single volatile read, as RDBSS reads its counter, so the upgrade idiom of §3.3 and diagnostics
   * (a dump after a bugcheck) may read it at any time. It only means something when compared with
   * another reading taken under the lock.
   */
  public long version() {
    return version.get();
  }

  /** How many entries are in the table. Needs the lock shared or exclusive (§3.3). */
  public int size() {
    lockCheck.requireHeld(false, OP_SIZE);
    return members.size();
  }

  /** A snapshot of the entries, in insertion order. Needs the lock shared or exclusive (§3.3). */
  public List<PrefixEntry<C>> entries() {
    lockCheck.requireHeld(false, OP_ENTRIES);
    return List.copyOf(members);
  }

  // ---------------------------------------------------------------------------------------------
  // Case-insensitive lengths chosen at insert (§3.2)

  /**
   * A SRV_CALL's case-insensitive length: the whole key, since server names never depend on case
   * (§3.2).
   */
  public static int srvCallCaseInsensitiveLength(String key) {
    return key.length();
  }

  /**
   * A NET_ROOT's case-insensitive length (§3.2): the whole key when the SRV_CALL has {@code
   * SRVCALL_FLAG_CASE_INSENSITIVE_NETROOTS}, else only the server part, so that the share name
   * compares exactly.
   *
   * @param key the NET_ROOT key, e.g. {@code \server\share}
   * @param srvCallKeyLength the length of its SRV_CALL's key ({@code \server}), at most the key's
   * @param caseInsensitiveNetRoots whether the SRV_CALL has {@code CASE_INSENSITIVE_NETROOTS}
   */
  public static int netRootCaseInsensitiveLength(
      String key, int srvCallKeyLength, boolean caseInsensitiveNetRoots) {
    if (srvCallKeyLength < 0 || srvCallKeyLength > key.length()) {
      throw new IllegalArgumentException(
          "SRV_CALL key length " + srvCallKeyLength + " outside NET_ROOT key '" + key + "'");
    }
    return caseInsensitiveNetRoots ? key.length() : srvCallKeyLength;
  }

  /**
   * A V_NET_ROOT's case-insensitive length (§3.2): the whole key when the SRV_CALL has {@code
   * SRVCALL_FLAG_CASE_INSENSITIVE_FILENAMES}; else the NET_ROOT's case-insensitive length plus the
   * length of the local prefix.
   *
   * <p>Reading of §3.2's "small local-prefix allowance" [S]: a V_NET_ROOT key is a local prefix
   * followed by the NET_ROOT key ({@code \;X:3e7} + {@code \server\share}). The local prefix (drive
   * letter, logon id in hex, session id) never depends on case, and the part of the NET_ROOT key that
   * was case-insensitive in the NET_ROOT entry must stay so in the view, so the window grows by the
   * whole local prefix. ReactOS and the original sources add only a count of leading characters of
   * the name (one, for a name starting {@code \;}), which leaves the server part of a view
   * case-sensitive against the SRV_CALL's rule; the simulator does not copy that. With no local
   * prefix (a view keyed like its NET_ROOT) the allowance is 0.
   *
   * @param key the V_NET_ROOT key
   * @param netRootCaseInsensitiveLength the NET_ROOT entry's case-insensitive length
   * @param localPrefixLength how many leading characters of the key come before the NET_ROOT key,
   *     e.g. 7 for {@code \;X:3e7\server\share}; 0 when none
   * @param caseInsensitiveFileNames whether the SRV_CALL has {@code CASE_INSENSITIVE_FILENAMES}
   * @throws IllegalArgumentException when the two lengths are negative or together exceed the key
   */
  public static int vNetRootCaseInsensitiveLength(
      String key,
      int netRootCaseInsensitiveLength,
      int localPrefixLength,
      boolean caseInsensitiveFileNames) {
    if (netRootCaseInsensitiveLength < 0
        || localPrefixLength < 0
        || (long) netRootCaseInsensitiveLength + localPrefixLength > key.length()) {
      throw new IllegalArgumentException(
          "local prefix length "
              + localPrefixLength
              + " + NET_ROOT case-insensitive length "
              + netRootCaseInsensitiveLength
              + " outside V_NET_ROOT key '"
              + key
              + "'");
    }
    return caseInsensitiveFileNames ? key.length() : localPrefixLength + netRootCaseInsensitiveLength;
  }

  // ---------------------------------------------------------------------------------------------
  // Hashing and comparison

  private static boolean isBoundary(char c) {
    return c == '\\' || c == ':';
  }

  /**
   * One character upper-cased as {@code RtlUpcaseUnicodeChar} does: {@link
   * Character#toUpperCase(char)}, read from a table for ASCII, which nearly every name is (a table
   * load needs no branch on letter or not, which a name's mix of letters, digits and separators
   * would mispredict).
   */
  static char fold(char c) {
    return c < ASCII_FOLDED.length ? ASCII_FOLDED[c] : Character.toUpperCase(c);
  }

  /** {@link Character#toUpperCase(char)} of 0 to 127: only {@code a}–{@code z} change. */
  private static final char[] ASCII_FOLDED = new char[0x80];

  static {
    for (char c = 0; c < ASCII_FOLDED.length; c++) {
      ASCII_FOLDED[c] = Character.toUpperCase(c);
    }
  }

  /**
   * The folded hash of {@code s[0, length)}: {@link String#hashCode()}'s polynomial over the
   * {@linkplain #fold folded} characters, which {@link #lookupEntry} extends one character at a
   * time.
   */
  static int foldedHash(String s, int length) {
    int hash = 0;
    for (int i = 0; i < length; i++) {
      hash = 31 * hash + fold(s.charAt(i));
    }
    return hash;
  }

  /** The chain of a folded hash; {@code capacity} is a power of two. */
  private static int slot(int hash, int capacity) {
    // Like HashMap: fold the high bits in, so that a small table still sees them.
    return (hash ^ (hash >>> 16)) & (capacity - 1);
  }

  @SuppressWarnings("unchecked")
  private static <C> @Nullable PrefixEntry<C>[] newBuckets(int capacity) {
    return (PrefixEntry<C>[]) new PrefixEntry<?>[capacity];
  }

  /** Doubles the chain array; each entry moves to its chain in the new one. */
  private void grow() {
    @Nullable PrefixEntry<C>[] old = buckets;
    @Nullable PrefixEntry<C>[] grown = newBuckets(old.length * 2);
    for (@Nullable PrefixEntry<C> head : old) {
      @Nullable PrefixEntry<C> e = head;
      while (e != null) {
        @Nullable PrefixEntry<C> next = e.nextInChain;
        int slot = slot(e.foldedHash, grown.length);
        e.nextInChain = grown[slot];
        grown[slot] = e;
        e = next;
      }
    }
    buckets = grown;
  }

  private void countKeyLength(int length) {
    if (length >= keysOfLength.length) {
      keysOfLength = Arrays.copyOf(keysOfLength, Math.max(length + 1, keysOfLength.length * 2));
    }
    keysOfLength[length]++;
    longestKey = Math.max(longestKey, length);
  }

  private void uncountKeyLength(int length) {
    keysOfLength[length]--;
    while (longestKey > 0 && keysOfLength[longestKey] == 0) {
      longestKey--;
    }
  }

  private static boolean equalIgnoringCase(String a, String b, int count) {
    for (int i = 0; i < count; i++) {
      char x = a.charAt(i);
      char y = b.charAt(i);
      if (x != y && fold(x) != fold(y)) {
        return false;
      }
    }
    return true;
  }

  /** Whether the first {@code length} characters of {@code name} match the entry (§3.2). */
  private static boolean matches(
      PrefixEntry<?> entry, String name, int length, ConnectionId connectionId) {
    String key = entry.key();
    int insensitive = entry.caseInsensitiveLength();
    return key.length() == length
        && equalIgnoringCase(key, name, insensitive)
        && key.regionMatches(insensitive, name, insensitive, length - insensitive)
        && entry.connectionId().equals(connectionId);
  }

  /** Whether some name would match both keys, each under its own case-insensitive length. */
  private static boolean sameKey(String a, int aInsensitive, String b, int bInsensitive) {
    int insensitive = Math.max(aInsensitive, bInsensitive);
    return a.length() == b.length()
        && equalIgnoringCase(a, b, insensitive)
        && a.regionMatches(insensitive, b, insensitive, a.length() - insensitive);
  }

  private static void checkCaseInsensitiveLength(String key, int caseInsensitiveLength) {
    if (caseInsensitiveLength < 0 || caseInsensitiveLength > key.length()) {
      throw new IllegalArgumentException(
          OP_INSERT
              + ": case-insensitive length "
              + caseInsensitiveLength
              + " outside key '"
              + key
              + "' of length "
              + key.length());
    }
  }
}
