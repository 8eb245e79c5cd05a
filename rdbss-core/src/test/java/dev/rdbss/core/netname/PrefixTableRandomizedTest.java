package dev.rdbss.core.netname;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rdbss.api.ConnectionId;
import dev.rdbss.core.netname.PrefixTable.Kind;
import dev.rdbss.core.netname.PrefixTable.Match;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Seeded random operation sequences against a naive reference model: a list scanned linearly with
 * the rules of spec §3.1/§3.2 written out the slow way. A failure names the seed and the step; rerun
 * one seed with {@code -Drdbss.netname.seed=<seed>}.
 */
class PrefixTableRandomizedTest {

  private static final int STEPS = 10_000;

  // Non-ASCII letters that upper-case to ASCII (ſ, ı) or to one Greek capital (σ, ς), and "ao"
  // and "B0", whose folded hashes are equal although their folded characters are not.
  private static final String[] SERVERS = {
    "srv", "SRV", "Srv", "s", "srvi", "SRVI", "srv\u0131", "\u017Frv", "\u03C3rv", "\u03C2RV",
    "ao", "B0"
  };
  private static final String[] SHARES = {"share", "SHARE", "sh", ""};
  private static final String[] LOCAL_PREFIXES = {"", "\\;X:3e7", "\\;x:3E7", "\\;Y:3e8", "\\;:1"};
  private static final String[] TAILS = {
    "", "\\", "\\dir", "\\dir\\f.txt", ":stream", "x", "\\sharex", "\\SHARE\\f", ":"
  };
  private static final List<Kind> KINDS = List.of(Kind.values());
  private static final ConnectionId[] IDS = {
    ConnectionId.NONE, ConnectionId.of((byte) 1), ConnectionId.of((byte) 2)
  };

  static LongStream seeds() {
    String forced = System.getProperty("rdbss.netname.seed");
    if (forced != null) {
      return LongStream.of(Long.parseLong(forced));
    }
    return LongStream.of(0x5EED_0001L, 0x5EED_0002L, 0xC0FFEEL);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void tableAgreesWithLinearReferenceModel_s3_1_s3_2(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    PrefixTable<Integer> table = new PrefixTable<>((exclusive, operation) -> {});
    Model model = new Model();
    List<PrefixEntry<Integer>> removed = new ArrayList<>();
    int step = 0;
    String op = "";
    try {
      for (step = 0; step < STEPS; step++) {
        int dice = random.nextInt(100);
        if (dice < 35) {
          Kind kind = KINDS.get(random.nextInt(KINDS.size()));
          String key = randomKey(random, kind);
          int cil = randomCaseInsensitiveLength(random, kind, key);
          ConnectionId id = IDS[random.nextInt(IDS.length)];
          op = "insert " + kind + " '" + key + "' cil " + cil + " id " + id;
          if (model.isDuplicate(key, kind, id, cil)) {
            assertThatThrownBy(() -> table.insert(key, kind, 0, id, cil))
                .isInstanceOf(DuplicatePrefixException.class);
          } else {
            model.insert(table.insert(key, kind, step, id, cil));
          }
        } else if (dice < 50) {
          if (!removed.isEmpty() && random.nextInt(4) == 0) {
            PrefixEntry<Integer> gone = removed.get(random.nextInt(removed.size()));
            op = "remove again " + gone;
            assertThatThrownBy(() -> table.remove(gone))
                .isInstanceOf(ListCorruptionException.class);
          } else if (!model.entries.isEmpty()) {
            PrefixEntry<Integer> victim = model.entries.get(random.nextInt(model.entries.size()));
            op = "remove " + victim;
            table.remove(victim);
            model.remove(victim);
            removed.add(victim);
          }
        } else if (dice < 90) {
          String name = randomName(random);
          ConnectionId id = IDS[random.nextInt(IDS.length)];
          op = "lookup '" + name + "' id " + id;
          Optional<Match<Integer>> expected = model.lookup(name, id);
          Optional<Match<Integer>> actual = table.lookup(name, id);
          assertThat(actual.map(Match::remainingName)).isEqualTo(expected.map(Match::remainingName));
          assertThat(actual.map(Match::entry).orElse(null))
              .isSameAs(expected.map(Match::entry).orElse(null));
        } else {
          Kind kind = KINDS.get(random.nextInt(KINDS.size()));
          String key = randomKey(random, kind);
          ConnectionId id = IDS[random.nextInt(IDS.length)];
          op = "find " + kind + " '" + key + "' id " + id;
          assertThat(table.find(key, kind, id).orElse(null))
              .isSameAs(model.find(key, kind, id).orElse(null));
        }
        assertThat(table.version()).as("version").isEqualTo(model.mutations);
        assertThat(table.size()).as("size").isEqualTo(model.entries.size());
        if (step % 64 == 0) {
          assertThat(table.entries()).as("entries").containsExactlyElementsOf(model.entries);
          for (PrefixEntry<Integer> e : model.entries) {
            assertThat(e.isInTable()).isTrue();
          }
        }
      }
      assertThat(table.entries()).containsExactlyElementsOf(model.entries);
      assertThat(removed).allSatisfy(e -> assertThat(e.isInTable()).isFalse());
    } catch (AssertionError | RuntimeException e) {
      String where =
          "seed "
              + seed
              + " (rerun with -Drdbss.netname.seed="
              + seed
              + "), step "
              + step
              + ", "
              + op;
      System.err.println("PrefixTableRandomizedTest failed at " + where);
      throw new AssertionError(where + ": " + e.getMessage(), e);
    }
  }

  private static String pick(SplittableRandom random, String[] choices) {
    return choices[random.nextInt(choices.length)];
  }

  private static String randomKey(SplittableRandom random, Kind kind) {
    String server = "\\" + pick(random, SERVERS);
    if (kind == Kind.SRV_CALL) {
      return server;
    }
    String share = pick(random, SHARES);
    String netRoot = share.isEmpty() ? server : server + "\\" + share;
    return kind == Kind.NET_ROOT ? netRoot : pick(random, LOCAL_PREFIXES) + netRoot;
  }

  private static int randomCaseInsensitiveLength(SplittableRandom random, Kind kind, String key) {
    if (random.nextInt(10) == 0) {
      return random.nextInt(key.length() + 1);
    }
    int localPrefix = key.startsWith("\\;") ? key.indexOf('\\', 1) : 0;
    int serverEnd = key.indexOf('\\', localPrefix + 1);
    int serverLength = (serverEnd < 0 ? key.length() : serverEnd) - localPrefix;
    return switch (kind) {
      case SRV_CALL -> PrefixTable.srvCallCaseInsensitiveLength(key);
      case NET_ROOT -> PrefixTable.netRootCaseInsensitiveLength(key, serverLength, random.nextBoolean());
      case V_NET_ROOT -> {
        String netRootKey = key.substring(localPrefix);
        int netRoot =
            PrefixTable.netRootCaseInsensitiveLength(netRootKey, serverLength, random.nextBoolean());
        yield PrefixTable.vNetRootCaseInsensitiveLength(
            key, netRoot, localPrefix, random.nextBoolean());
      }
    };
  }

  private static String randomName(SplittableRandom random) {
    StringBuilder name = new StringBuilder();
    if (random.nextInt(3) == 0) {
      name.append(pick(random, LOCAL_PREFIXES));
    }
    name.append('\\').append(pick(random, SERVERS));
    if (random.nextInt(4) != 0) {
      name.append('\\').append(pick(random, SHARES));
    }
    return name.append(pick(random, TAILS)).toString();
  }

  /** The reference: every rule spelled out, every operation a linear scan. */
  private static final class Model {
    final List<PrefixEntry<Integer>> entries = new ArrayList<>();
    long mutations;

    void insert(PrefixEntry<Integer> entry) {
      entries.add(entry);
      mutations++;
    }

    void remove(PrefixEntry<Integer> entry) {
      entries.remove(entry);
      mutations++;
    }

    private static boolean sameChar(char a, char b, boolean ignoreCase) {
      return ignoreCase ? Character.toUpperCase(a) == Character.toUpperCase(b) : a == b;
    }

    /** §3.2: same length, case rules of the entry, connection id byte for byte. */
    static boolean matches(PrefixEntry<Integer> e, String candidate, ConnectionId id) {
      if (e.key().length() != candidate.length() || !e.connectionId().equals(id)) {
        return false;
      }
      for (int i = 0; i < candidate.length(); i++) {
        if (!sameChar(e.key().charAt(i), candidate.charAt(i), i < e.caseInsensitiveLength())) {
          return false;
        }
      }
      return true;
    }

    /** Duplicate: same kind and id, and some name would match both keys. */
    boolean isDuplicate(String key, Kind kind, ConnectionId id, int cil) {
      for (PrefixEntry<Integer> e : entries) {
        if (e.kind() != kind || !e.connectionId().equals(id) || e.key().length() != key.length()) {
          continue;
        }
        boolean overlap = true;
        for (int i = 0; i < key.length() && overlap; i++) {
          boolean eitherInsensitive = i < cil || i < e.caseInsensitiveLength();
          overlap = sameChar(e.key().charAt(i), key.charAt(i), eitherInsensitive);
        }
        if (overlap) {
          return true;
        }
      }
      return false;
    }

    Optional<Match<Integer>> lookup(String name, ConnectionId id) {
      List<Integer> ends = new ArrayList<>();
      for (int i = 1; i < name.length(); i++) {
        if (name.charAt(i) == '\\' || name.charAt(i) == ':') {
          ends.add(i);
        }
      }
      if (!name.isEmpty()) {
        ends.add(name.length());
      }
      @Nullable PrefixEntry<Integer> srvCall = null;
      for (int end : ends) {
        String candidate = name.substring(0, end);
        @Nullable PrefixEntry<Integer> netRoot = null;
        @Nullable PrefixEntry<Integer> vNetRoot = null;
        for (PrefixEntry<Integer> e : entries) {
          if (!matches(e, candidate, id)) {
            continue;
          }
          switch (e.kind()) {
            case SRV_CALL -> srvCall = e;
            case NET_ROOT -> netRoot = e;
            case V_NET_ROOT -> vNetRoot = e;
          }
        }
        @Nullable PrefixEntry<Integer> stop = vNetRoot != null ? vNetRoot : netRoot;
        if (stop != null) {
          return Optional.of(new Match<>(stop, name.substring(end)));
        }
      }
      return srvCall == null
          ? Optional.empty()
          : Optional.of(new Match<>(srvCall, name.substring(srvCall.key().length())));
    }

    Optional<PrefixEntry<Integer>> find(String key, Kind kind, ConnectionId id) {
      return entries.stream().filter(e -> e.kind() == kind && matches(e, key, id)).findFirst();
    }
  }
}
