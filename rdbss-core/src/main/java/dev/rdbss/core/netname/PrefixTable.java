package dev.rdbss.core.netname;

import dev.rdbss.api.ConnectionId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
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
 * Keys are hashed after upper-casing, so keys that differ only in case share a hash slot, as §3.2's
 * sampled hash makes them do; each slot holds the few entries with that upper-cased key, compared
 * precisely. A lookup upper-cases the name once, keeps the hash of the growing prefix as it walks,
 * and probes the map once per candidate: its cost follows the name's length and depth, never the
 * number of entries. Nothing is allocated per candidate but the probe key.
 *
 * <h2>Locking (§3.3)</h2>
 *
 * The engine owns the {@code TableLock}. Every operation except {@link #version()} first asks the
 * {@link LockCheck}: {@link #insert} and {@link #remove} need it exclusively, the lookups shared or
 * exclusive. Under that discipline many readers may run at once while no writer runs, which the
 * plain {@link HashMap} and {@link LinkedHashSet} inside allow; writers publish through the lock's
 * release. Slot lists are immutable and replaced on write.
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

  /** Operation name passed to the {@link LockCheck} by {@link #lookup}. */
  public static final String OP_LOOKUP = "RxPrefixTableLookupName";

  /** Operation name passed to the {@link LockCheck} by {@link #find}. */
  public static final String OP_FIND = "RxPrefixTableLookupName(exact key)";

  /** Operation name passed to the {@link LockCheck} by {@link #size()}. */
  public static final String OP_SIZE = "PrefixTable.size";

  /** Operation name passed to the {@link LockCheck} by {@link #entries()}. */
  public static final String OP_ENTRIES = "PrefixTable.entries";

  /** What an entry names (§3.1). */
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

  private final LockCheck lockCheck;
  // Upper-cased key -> the entries with that upper-cased key (immutable lists, replaced on write).
  private final Map<FoldedKey, List<PrefixEntry<C>>> slots = new HashMap<>();
  // Identity-based (PrefixEntry keeps Object's equals); gives entries() its insertion order.
  private final Set<PrefixEntry<C>> members = new LinkedHashSet<>();
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

    FoldedKey slotKey = FoldedKey.of(key);
    List<PrefixEntry<C>> slot = slots.getOrDefault(slotKey, List.of());
    for (PrefixEntry<C> existing : slot) {
      if (existing.kind() == kind
          && existing.connectionId().equals(connectionId)
          && sameKey(existing.key(), existing.caseInsensitiveLength(), key, caseInsensitiveLength)) {
        throw new DuplicatePrefixException(existing, key);
      }
    }

    PrefixEntry<C> entry =
        new PrefixEntry<>(this, key, kind, container, connectionId, caseInsensitiveLength);
    List<PrefixEntry<C>> grown = new ArrayList<>(slot.size() + 1);
    grown.addAll(slot);
    grown.add(entry);
    slots.put(slotKey, List.copyOf(grown));
    members.add(entry);
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
    FoldedKey slotKey = FoldedKey.of(entry.key());
    List<PrefixEntry<C>> slot = slots.getOrDefault(slotKey, List.of());
    List<PrefixEntry<C>> shrunk = new ArrayList<>(slot.size());
    for (PrefixEntry<C> e : slot) {
      if (e != entry) {
        shrunk.add(e);
      }
    }
    if (shrunk.size() != slot.size() - 1 || !members.contains(entry)) {
      // The entry says it is in the table but the table does not hold it: a bug in this class.
      throw new IllegalStateException(OP_REMOVE + ": table out of step with " + entry);
    }
    if (shrunk.isEmpty()) {
      slots.remove(slotKey);
    } else {
      slots.put(slotKey, List.copyOf(shrunk));
    }
    members.remove(entry);
    entry.setInTable(false);
    version.incrementAndGet();
  }

  /**
   * Looks a name up as §3.2 says (see the class description): the shortest NET_ROOT or V_NET_ROOT
   * prefix, else the longest SRV_CALL prefix, at {@code \} and {@code :} boundaries and on the whole
   * name. Needs the lock shared or exclusive (§3.3). Referencing the result is the engine's job.
   *
   * @param name a canonical name, e.g. {@code \;X:3e7\server\share\dir\file.txt}
   * @param connectionId must equal the entry's byte for byte
   * @return the matched entry and the rest of the name after its key
   */
  public Optional<Match<C>> lookup(String name, ConnectionId connectionId) {
    lockCheck.requireHeld(false, OP_LOOKUP);
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(connectionId, "connectionId");
    int length = name.length();
    if (length == 0 || slots.isEmpty()) {
      return Optional.empty();
    }
    String folded = fold(name);
    @Nullable PrefixEntry<C> longestSrvCall = null;
    int hash = 0;
    for (int end = 1; end <= length; end++) {
      hash = 31 * hash + folded.charAt(end - 1);
      if (end < length && !isBoundary(name.charAt(end))) {
        continue;
      }
      List<PrefixEntry<C>> slot = slots.get(new FoldedKey(folded, end, hash));
      if (slot == null) {
        continue;
      }
      @Nullable PrefixEntry<C> netRoot = null;
      @Nullable PrefixEntry<C> vNetRoot = null;
      for (PrefixEntry<C> e : slot) {
        if (matches(e, name, end, connectionId)) {
          switch (e.kind()) {
            case SRV_CALL -> longestSrvCall = e;
            case NET_ROOT -> netRoot = e;
            case V_NET_ROOT -> vNetRoot = e;
          }
        }
      }
      if (vNetRoot != null) {
        return Optional.of(new Match<>(vNetRoot, name.substring(end)));
      }
      if (netRoot != null) {
        return Optional.of(new Match<>(netRoot, name.substring(end)));
      }
    }
    return longestSrvCall == null
        ? Optional.empty()
        : Optional.of(
            new Match<>(longestSrvCall, name.substring(longestSrvCall.key().length())));
  }

  /** {@link #lookup(String, ConnectionId)} with {@link ConnectionId#NONE}. */
  public Optional<Match<C>> lookup(String name) {
    return lookup(name, ConnectionId.NONE);
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
    List<PrefixEntry<C>> slot = slots.get(FoldedKey.of(key));
    if (slot != null) {
      for (PrefixEntry<C> e : slot) {
        if (e.kind() == kind && matches(e, key, key.length(), connectionId)) {
          return Optional.of(e);
        }
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
  // Comparison

  private static boolean isBoundary(char c) {
    return c == '\\' || c == ':';
  }

  /** Upper-cases char by char, as {@code RtlUpcaseUnicodeChar}: same length, no locale. */
  private static String fold(String s) {
    char[] chars = new char[s.length()];
    for (int i = 0; i < chars.length; i++) {
      chars[i] = Character.toUpperCase(s.charAt(i));
    }
    return new String(chars);
  }

  private static boolean equalIgnoringCase(String a, String b, int count) {
    for (int i = 0; i < count; i++) {
      char x = a.charAt(i);
      char y = b.charAt(i);
      if (x != y && Character.toUpperCase(x) != Character.toUpperCase(y)) {
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

  /**
   * The first {@code length} characters of an upper-cased string, as a map key. Lookups probe with
   * prefixes of the upper-cased name without copying them; the hash is the polynomial of {@link
   * String#hashCode()} over those characters, which a lookup extends one character at a time.
   */
  private static final class FoldedKey {
    private final String folded;
    private final int length;
    private final int hash;

    FoldedKey(String folded, int length, int hash) {
      this.folded = folded;
      this.length = length;
      this.hash = hash;
    }

    static FoldedKey of(String key) {
      String folded = fold(key);
      int hash = 0;
      for (int i = 0; i < folded.length(); i++) {
        hash = 31 * hash + folded.charAt(i);
      }
      return new FoldedKey(folded, folded.length(), hash);
    }

    @Override
    public boolean equals(@Nullable Object o) {
      return o instanceof FoldedKey other
          && other.length == length
          && other.hash == hash
          && folded.regionMatches(0, other.folded, 0, length);
    }

    @Override
    public int hashCode() {
      return hash;
    }

    @Override
    public String toString() {
      return folded.substring(0, length);
    }
  }
}
