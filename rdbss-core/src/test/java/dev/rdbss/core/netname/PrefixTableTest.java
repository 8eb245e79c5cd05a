package dev.rdbss.core.netname;

import static dev.rdbss.core.netname.PrefixTable.Kind.NET_ROOT;
import static dev.rdbss.core.netname.PrefixTable.Kind.SRV_CALL;
import static dev.rdbss.core.netname.PrefixTable.Kind.V_NET_ROOT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rdbss.api.ConnectionId;
import dev.rdbss.core.netname.PrefixTable.Kind;
import dev.rdbss.core.netname.PrefixTable.Match;
import dev.rdbss.core.netname.RecordingLockCheck.Call;
import dev.rdbss.core.netname.RecordingLockCheck.Held;
import dev.rdbss.core.netname.RecordingLockCheck.LockNotHeld;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The netname table (spec §3.1 storage, §3.2 matching, §3.3 locking, §9 pitfalls 10 and 22). */
class PrefixTableTest {

  private static final ConnectionId ID_A = ConnectionId.of((byte) 1);
  private static final ConnectionId ID_B = ConnectionId.of((byte) 2);

  private RecordingLockCheck lock;
  private PrefixTable<String> table;

  @BeforeEach
  void setUp() {
    lock = new RecordingLockCheck();
    table = new PrefixTable<>(lock);
  }

  /** Inserts with the case rules the engine would use when nothing is flagged case-insensitive. */
  private PrefixEntry<String> srvCall(String key) {
    return table.insert(
        key, SRV_CALL, "sc" + key, ConnectionId.NONE, PrefixTable.srvCallCaseInsensitiveLength(key));
  }

  private PrefixEntry<String> netRoot(String key, int serverLength) {
    return table.insert(
        key,
        NET_ROOT,
        "nr" + key,
        ConnectionId.NONE,
        PrefixTable.netRootCaseInsensitiveLength(key, serverLength, false));
  }

  private PrefixEntry<String> vNetRoot(String key, int localPrefixLength, int serverLength) {
    return table.insert(
        key,
        V_NET_ROOT,
        "vnr" + key,
        ConnectionId.NONE,
        PrefixTable.vNetRootCaseInsensitiveLength(key, serverLength, localPrefixLength, false));
  }

  private Optional<Match<String>> lookup(String name) {
    return table.lookup(name, ConnectionId.NONE);
  }

  private static void assertMatch(
      Optional<Match<String>> match, PrefixEntry<String> expected, String remaining) {
    assertThat(match).isPresent();
    assertThat(match.get().entry()).isSameAs(expected);
    assertThat(match.get().remainingName()).isEqualTo(remaining);
  }

  @Nested
  class Boundaries {

    @Test
    void sharePrefixMatchesAtBackslashBoundary_s3_2() {
      PrefixEntry<String> share = netRoot("\\srv\\share", 4);
      assertMatch(lookup("\\srv\\share\\dir\\f.txt"), share, "\\dir\\f.txt");
    }

    @Test
    void viewKeyWithDriveAndLogonIdMatchesAtBackslashBoundary_s3_2() {
      PrefixEntry<String> view = vNetRoot("\\;X:3e7\\srv\\share", 7, 4);
      assertMatch(lookup("\\;X:3e7\\srv\\share\\dir\\f.txt"), view, "\\dir\\f.txt");
    }

    @Test
    void colonEndsACandidateAndStartsTheRemainingName_s3_2() {
      PrefixEntry<String> share = netRoot("\\srv\\share", 4);
      assertMatch(lookup("\\srv\\share:stream"), share, ":stream");
      PrefixEntry<String> drive = vNetRoot("\\;X", 3, 0);
      assertMatch(lookup("\\;X:3e7\\other"), drive, ":3e7\\other");
    }

    @Test
    void wholeNameIsAFinalCandidate_s3_2() {
      PrefixEntry<String> server = srvCall("\\srv");
      PrefixEntry<String> share = netRoot("\\srv\\share", 4);
      assertMatch(lookup("\\srv\\share"), share, "");
      assertMatch(lookup("\\srv"), server, "");
    }

    @Test
    void trailingSeparatorLeavesItInTheRemainingName_s3_2() {
      PrefixEntry<String> share = netRoot("\\srv\\share", 4);
      assertMatch(lookup("\\srv\\share\\"), share, "\\");
    }

    @Test
    void keyThatIsAPrefixOfTheNameButNotAtABoundaryDoesNotMatch_s3_2() {
      PrefixEntry<String> server = srvCall("\\srv");
      netRoot("\\srv\\share", 4);
      assertMatch(lookup("\\srv\\sharex"), server, "\\sharex");
      assertMatch(lookup("\\srv\\sharex\\f"), server, "\\sharex\\f");
      assertThat(lookup("\\srvx\\share")).isEmpty();
    }

    @Test
    void nameShorterThanAKeyDoesNotMatch_s3_2() {
      netRoot("\\srv\\share", 4);
      assertThat(lookup("\\srv\\sha")).isEmpty();
      assertThat(lookup("\\srv")).isEmpty();
    }

    @Test
    void separatorAtTheFirstCharacterEndsNoCandidate_s3_2() {
      srvCall("\\srv");
      assertThat(lookup("")).isEmpty();
      assertThat(lookup("\\")).isEmpty();
      PrefixEntry<String> colon = srvCall(":");
      assertMatch(lookup(":"), colon, "");
    }
  }

  @Nested
  class Precedence {

    @Test
    void longestSrvCallPrefixWins_s3_2() {
      srvCall("\\a");
      PrefixEntry<String> longer = srvCall("\\a\\b");
      assertMatch(lookup("\\a\\b\\c"), longer, "\\c");
    }

    @Test
    void shortestNetRootOrViewPrefixWins_s3_2() {
      PrefixEntry<String> share = netRoot("\\srv\\share", 4);
      vNetRoot("\\srv\\share\\sub", 0, 4);
      assertMatch(lookup("\\srv\\share\\sub\\f"), share, "\\sub\\f");
    }

    @Test
    void firstNetRootHitStopsTheScanBeforeALongerSrvCall_s3_2() {
      PrefixEntry<String> share = netRoot("\\srv\\share", 4);
      srvCall("\\srv\\share\\deeper");
      assertMatch(lookup("\\srv\\share\\deeper\\f"), share, "\\deeper\\f");
    }

    @Test
    void shorterSrvCallThenNetRootReturnsTheNetRoot_s3_2() {
      srvCall("\\srv");
      PrefixEntry<String> share = netRoot("\\srv\\share", 4);
      assertMatch(lookup("\\srv\\share\\f"), share, "\\f");
    }

    @Test
    void equalSrvCallAndNetRootKeysPreferTheNetRoot_s3_1_s3_2() {
      // nfs41 returns an empty share part: the NET_ROOT key is the SRV_CALL key (§3.1).
      PrefixEntry<String> server = srvCall("\\srv");
      PrefixEntry<String> share = netRoot("\\srv", 4);
      assertMatch(lookup("\\srv\\file"), share, "\\file");
      assertMatch(lookup("\\srv"), share, "");
      table.remove(share);
      assertMatch(lookup("\\srv\\file"), server, "\\file");
    }

    @Test
    void equalKeysPreferTheNetRootWhateverTheInsertionOrder_s3_2() {
      PrefixEntry<String> share = netRoot("\\srv", 4);
      srvCall("\\srv");
      assertMatch(lookup("\\srv\\file"), share, "\\file");
    }

    @Test
    void equalNetRootAndViewKeysPreferTheView_s3_2() {
      PrefixEntry<String> view = vNetRoot("\\srv\\share", 0, 4);
      netRoot("\\srv\\share", 4);
      assertMatch(lookup("\\srv\\share\\f"), view, "\\f");
    }
  }

  @Nested
  class CaseAndConnectionIds {

    @Test
    void serverPartIgnoresCaseShareNameDoesNot_s3_2() {
      PrefixEntry<String> server = srvCall("\\srv");
      PrefixEntry<String> share = netRoot("\\srv\\share", 4);
      assertMatch(lookup("\\SRV\\share\\F.TXT"), share, "\\F.TXT");
      assertMatch(lookup("\\Srv\\SHARE\\f"), server, "\\SHARE\\f");
    }

    @Test
    void caseInsensitiveNetRootsFlagCoversTheShare_s3_2() {
      int length = PrefixTable.netRootCaseInsensitiveLength("\\srv\\share", 4, true);
      PrefixEntry<String> share =
          table.insert("\\srv\\share", NET_ROOT, "nr", ConnectionId.NONE, length);
      assertMatch(lookup("\\SRV\\SHARE\\f"), share, "\\f");
    }

    @Test
    void viewIgnoresCaseInLocalPrefixAndServerButNotInShare_s3_2() {
      PrefixEntry<String> view = vNetRoot("\\;X:3e7\\srv\\share", 7, 4);
      assertThat(view.caseInsensitiveLength()).isEqualTo(11);
      assertMatch(lookup("\\;x:3E7\\SRV\\share\\f"), view, "\\f");
      assertThat(lookup("\\;X:3e7\\srv\\Share\\f")).isEmpty();
    }

    @Test
    void upcasingIsPerCharacterAsRtlUpcaseUnicodeChar_s3_2() {
      // String.toUpperCase turns ß into SS and changes the length; a per-char upcase keeps ß.
      PrefixEntry<String> server = srvCall("\\straße");
      assertMatch(lookup("\\STRAßE\\x"), server, "\\x");
      assertThat(lookup("\\STRASSE\\x")).isEmpty();
      // Dotless ı upper-cases to I, as does i: the two names fold alike.
      PrefixEntry<String> dotless = srvCall("\\fıle");
      assertMatch(lookup("\\FILE"), dotless, "");
    }

    @Test
    void connectionIdsSeparateOtherwiseEqualKeys_s3_1() {
      PrefixEntry<String> a = table.insert("\\srv\\share", NET_ROOT, "a", ID_A, 4);
      PrefixEntry<String> b = table.insert("\\srv\\share", NET_ROOT, "b", ID_B, 4);
      assertMatch(table.lookup("\\srv\\share\\f", ID_A), a, "\\f");
      assertMatch(table.lookup("\\srv\\share\\f", ID_B), b, "\\f");
      assertThat(table.lookup("\\srv\\share\\f", ConnectionId.NONE)).isEmpty();
      assertThat(table.lookup("\\srv\\share\\f", ConnectionId.of((byte) 1, (byte) 0, (byte) 1)))
          .isEmpty();
    }

    @Test
    void connectionIdComparesByteForByteNotByIdentity_s3_1() {
      PrefixEntry<String> a = table.insert("\\srv", SRV_CALL, "a", ConnectionId.of((byte) 7), 4);
      assertMatch(table.lookup("\\srv\\x", ConnectionId.of((byte) 7, (byte) 0)), a, "\\x");
    }

    @Test
    void defaultLookupUsesTheZeroConnectionId_s3_1() {
      PrefixEntry<String> server = srvCall("\\srv");
      assertMatch(table.lookup("\\srv\\x"), server, "\\x");
    }
  }

  @Nested
  class FoldedHashAndInPlaceComparison {

    @Test
    void foldIsCharacterToUpperCaseForEveryChar_s3_2() {
      // The ASCII arithmetic is a shortcut, never a different rule.
      List<String> differing = new ArrayList<>();
      for (int i = Character.MIN_VALUE; i <= Character.MAX_VALUE; i++) {
        char c = (char) i;
        if (PrefixTable.fold(c) != Character.toUpperCase(c)) {
          differing.add(Integer.toHexString(i));
        }
      }
      assertThat(differing).isEmpty();
    }

    @Test
    void longSAndDotlessIMatchAsciiKeysButDottedCapitalIDoesNot_s3_2() {
      // ſ (U+017F) upper-cases to S and ı (U+0131) to I; İ (U+0130) stays İ.
      PrefixEntry<String> server = srvCall("\\si");
      assertMatch(lookup("\\\u017F\u0131\\x"), server, "\\x");
      assertMatch(lookup("\\SI\\x"), server, "\\x");
      assertThat(lookup("\\s\u0130\\x")).isEmpty();
      PrefixEntry<String> nonAscii = srvCall("\\\u017Fx");
      assertMatch(lookup("\\SX:s"), nonAscii, ":s");
    }

    @Test
    void sharpSFoldsToItselfNotToCapitalSharpS_s3_2() {
      // Character.toUpperCase keeps ß (U+00DF) and ẞ (U+1E9E) apart, as it keeps ß from SS.
      PrefixEntry<String> server = srvCall("\\stra\u00DFe");
      assertMatch(lookup("\\STRA\u00DFE"), server, "");
      assertThat(lookup("\\STRA\u1E9EE")).isEmpty();
      assertThat(lookup("\\strasse")).isEmpty();
    }

    @Test
    void greekSigmasFoldTogetherOnlyWhereCaseIsIgnored_s3_2() {
      // σ (U+03C3), final ς (U+03C2) and Σ (U+03A3) all upper-case to Σ: one folded hash.
      PrefixEntry<String> share = netRoot("\\\u03C3rv\\\u03C3h", 4);
      assertMatch(lookup("\\\u03A3RV\\\u03C3h\\f"), share, "\\f");
      assertMatch(lookup("\\\u03C2rv\\\u03C3h"), share, "");
      // The share part compares exactly: the same chain, but not the same characters.
      assertThat(lookup("\\\u03C3rv\\\u03C2h\\f")).isEmpty();
      assertThat(lookup("\\\u03C3rv\\\u03A3h\\f")).isEmpty();
      // The micro sign (U+00B5) upper-cases to Greek capital mu, as μ (U+03BC) does.
      PrefixEntry<String> micro = srvCall("\\\u00B5");
      assertMatch(lookup("\\\u03BC\\x"), micro, "\\x");
    }

    @Test
    void keysWithOneFoldedHashButOtherCharactersStayApart_s3_2() {
      // 31·'A' + 'O' = 31·'B' + '0', and \ao folds to \AO: the keys collide in the hash only.
      assertThat(PrefixTable.foldedHash("\\ao", 3)).isEqualTo(PrefixTable.foldedHash("\\B0", 3));
      PrefixEntry<String> ao = srvCall("\\ao");
      PrefixEntry<String> b0 = srvCall("\\b0"); // same kind, same chain: still no duplicate
      PrefixEntry<String> share = netRoot("\\b0\\s", 3);
      assertMatch(lookup("\\AO\\x"), ao, "\\x");
      assertMatch(lookup("\\B0\\x"), b0, "\\x");
      assertMatch(lookup("\\B0\\s\\x"), share, "\\x");
      assertThat(table.find("\\AO", SRV_CALL, ConnectionId.NONE)).containsSame(ao);
      assertThat(table.find("\\B0", SRV_CALL, ConnectionId.NONE)).containsSame(b0);
      table.remove(b0); // unlinked from the middle or the head of the chain
      assertMatch(lookup("\\ao\\x"), ao, "\\x");
      assertThat(lookup("\\b0\\x")).isEmpty();
      table.remove(ao);
      assertMatch(lookup("\\b0\\s"), share, "");
      assertThat(lookup("\\ao\\x")).isEmpty();
    }

    @Test
    void keysThatFoldEqualShareAChainAndEachKeepsItsCaseRules_s3_2() {
      PrefixEntry<String> upper = netRoot("\\srv\\Share", 4);
      PrefixEntry<String> lower = netRoot("\\srv\\share", 4);
      PrefixEntry<String> server = srvCall("\\srv");
      assertMatch(lookup("\\SRV\\Share\\f"), upper, "\\f");
      assertMatch(lookup("\\srv\\share\\f"), lower, "\\f");
      assertMatch(lookup("\\srv\\SHARE\\f"), server, "\\SHARE\\f");
      table.remove(upper);
      assertMatch(lookup("\\srv\\Share\\f"), server, "\\Share\\f");
      assertMatch(lookup("\\srv\\share\\f"), lower, "\\f");
    }

    @Test
    void nameEndingAtABoundaryAndKeyEndingInASeparator_s3_2() {
      PrefixEntry<String> share = netRoot("\\srv\\share", 4);
      assertMatch(lookup("\\srv\\share:"), share, ":");
      // A key ending in a separator matches where the name ends or another boundary follows.
      PrefixEntry<String> odd = srvCall("\\odd\\");
      assertMatch(lookup("\\odd\\"), odd, "");
      assertMatch(lookup("\\odd\\\\x"), odd, "\\x");
      assertMatch(lookup("\\odd\\:x"), odd, ":x");
      assertThat(lookup("\\odd\\x")).isEmpty();
    }

    @Test
    void walkFollowsTheLongestKeyAsKeysComeAndGo_s3_2() {
      PrefixEntry<String> server = srvCall("\\srv");
      String longShare = "\\srv\\" + "s".repeat(100); // longer than any key so far
      String deep = longShare + "\\d".repeat(1000);
      assertMatch(lookup(deep), server, deep.substring(4));
      PrefixEntry<String> share = netRoot(longShare, 4);
      assertMatch(lookup(deep), share, "\\d".repeat(1000));
      assertMatch(lookup(longShare), share, "");
      table.remove(share);
      assertMatch(lookup(deep), server, deep.substring(4));
      PrefixEntry<String> again = netRoot(longShare, 4);
      assertMatch(lookup(deep), again, "\\d".repeat(1000));
    }

    @Test
    void everyEntryIsFoundAsTheTableGrowsAndShrinks_s3_1_s3_2() {
      int count = 3000;
      List<PrefixEntry<String>> shares = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        String server = "\\srv" + i;
        shares.add(netRoot(server + "\\share", server.length()));
      }
      for (int i = 0; i < count; i++) {
        assertThat(table.lookupEntry("\\SRV" + i + "\\share\\f", ConnectionId.NONE))
            .isSameAs(shares.get(i));
      }
      for (int i = 0; i < count; i += 2) {
        table.remove(shares.get(i));
      }
      for (int i = 0; i < count; i++) {
        assertThat(table.lookupEntry("\\srv" + i + "\\share", ConnectionId.NONE))
            .isSameAs(i % 2 == 0 ? null : shares.get(i));
      }
      assertThat(table.size()).isEqualTo(count / 2);
    }

    @Test
    void lookupEntryIsLookupsEntryAndChecksTheLockOnce_s3_2_s3_3() {
      PrefixEntry<String> share = netRoot("\\srv\\share", 4);
      lock.clear();
      assertThat(table.lookupEntry("\\srv\\share\\f", ConnectionId.NONE)).isSameAs(share);
      assertThat(table.lookupEntry("\\srv\\other", ConnectionId.NONE)).isNull();
      assertThat(table.lookupEntry("", ConnectionId.NONE)).isNull();
      assertThat(lock.calls())
          .containsExactly(
              new Call(false, PrefixTable.OP_LOOKUP),
              new Call(false, PrefixTable.OP_LOOKUP),
              new Call(false, PrefixTable.OP_LOOKUP));
      lock.hold(Held.NONE);
      assertThatThrownBy(() -> table.lookupEntry("\\srv\\share", ConnectionId.NONE))
          .isInstanceOf(LockNotHeld.class);
    }
  }

  @Nested
  class Find {

    @Test
    void findsExactKeyAndKindUnderTheEntrysCaseRules_s3_2() {
      PrefixEntry<String> server = srvCall("\\srv");
      PrefixEntry<String> share = netRoot("\\srv\\share", 4);
      assertThat(table.find("\\SRV", SRV_CALL, ConnectionId.NONE)).containsSame(server);
      assertThat(table.find("\\SRV\\share", NET_ROOT, ConnectionId.NONE)).containsSame(share);
      assertThat(table.find("\\srv\\SHARE", NET_ROOT, ConnectionId.NONE)).isEmpty();
      assertThat(table.find("\\srv", NET_ROOT, ConnectionId.NONE)).isEmpty();
      assertThat(table.find("\\srv\\share\\f", NET_ROOT, ConnectionId.NONE)).isEmpty();
      assertThat(table.find("\\srv\\share", NET_ROOT, ID_A)).isEmpty();
    }

    @Test
    void removedEntryIsNotFound_s3_1() {
      PrefixEntry<String> share = netRoot("\\srv\\share", 4);
      table.remove(share);
      assertThat(table.find("\\srv\\share", NET_ROOT, ConnectionId.NONE)).isEmpty();
      assertThat(lookup("\\srv\\share\\f")).isEmpty();
    }
  }

  @Nested
  class InsertAndRemove {

    @Test
    void versionStrictlyIncreasesOnInsertAndRemoveOnly_s3_1_pitfall22() {
      assertThat(table.version()).isZero();
      PrefixEntry<String> server = srvCall("\\srv");
      long afterInsert = table.version();
      assertThat(afterInsert).isGreaterThan(0);
      PrefixEntry<String> share = netRoot("\\srv\\share", 4);
      long afterSecond = table.version();
      assertThat(afterSecond).isGreaterThan(afterInsert);

      lookup("\\srv\\share\\f");
      table.find("\\srv", SRV_CALL, ConnectionId.NONE);
      table.size();
      table.entries();
      assertThatThrownBy(() -> srvCall("\\srv")).isInstanceOf(DuplicatePrefixException.class);
      assertThat(table.version()).isEqualTo(afterSecond);

      table.remove(share);
      long afterRemove = table.version();
      assertThat(afterRemove).isGreaterThan(afterSecond);
      assertThatThrownBy(() -> table.remove(share)).isInstanceOf(ListCorruptionException.class);
      assertThat(table.version()).isEqualTo(afterRemove);
      table.remove(server);
      assertThat(table.version()).isGreaterThan(afterRemove);
    }

    @Test
    void duplicateInsertIsRefused_s3_1() {
      PrefixEntry<String> share = netRoot("\\srv\\share", 4);
      long version = table.version();
      assertThatThrownBy(() -> table.insert("\\srv\\share", NET_ROOT, "again", ConnectionId.NONE, 4))
          .isInstanceOfSatisfying(
              DuplicatePrefixException.class, e -> assertThat(e.existing()).isSameAs(share))
          .hasMessageContaining(PrefixTable.OP_INSERT)
          .hasMessageContaining("§3.1");
      // The server part compares ignoring case, so this is the same key.
      assertThatThrownBy(() -> table.insert("\\SRV\\share", NET_ROOT, "again", ConnectionId.NONE, 4))
          .isInstanceOf(DuplicatePrefixException.class);
      assertThat(table.version()).isEqualTo(version);
      assertThat(table.entries()).containsExactly(share);
    }

    @Test
    void duplicateTakesTheWiderCaseInsensitiveLengthOfTheTwo_s3_1() {
      table.insert("\\srv\\share", NET_ROOT, "all", ConnectionId.NONE, 10);
      // A lookup of \srv\SHARE would match the existing entry: refused.
      assertThatThrownBy(() -> table.insert("\\srv\\SHARE", NET_ROOT, "x", ConnectionId.NONE, 4))
          .isInstanceOf(DuplicatePrefixException.class);
    }

    @Test
    void sameKeyWithAnotherKindIdOrSensitiveTailIsNoDuplicate_s3_1() {
      netRoot("\\srv\\share", 4);
      srvCall("\\srv\\share");
      vNetRoot("\\srv\\share", 0, 4);
      table.insert("\\srv\\share", NET_ROOT, "other id", ID_A, 4);
      table.insert("\\srv\\SHARE", NET_ROOT, "other share", ConnectionId.NONE, 4);
      assertThat(table.size()).isEqualTo(5);
    }

    @Test
    void doubleRemoveIsListCorruption_pitfall10() {
      PrefixEntry<String> server = srvCall("\\srv");
      PrefixEntry<String> share = netRoot("\\srv\\share", 4);
      table.remove(share);
      long version = table.version();
      assertThatThrownBy(() -> table.remove(share))
          .isInstanceOfSatisfying(
              ListCorruptionException.class,
              e -> {
                assertThat(e.entry()).isSameAs(share);
                assertThat(e.reason()).isEqualTo(ListCorruptionException.Reason.ALREADY_REMOVED);
              })
          .hasMessageContaining("0x139")
          .hasMessageContaining("pitfall 10");
      assertThat(table.version()).isEqualTo(version);
      assertThat(table.entries()).containsExactly(server);
      assertThat(ListCorruptionException.FAST_FAIL_CORRUPT_LIST_ENTRY).isEqualTo(3);
    }

    @Test
    void removingAnEntryOfAnotherTableIsListCorruption_pitfall10() {
      PrefixTable<String> other = new PrefixTable<>(new RecordingLockCheck());
      PrefixEntry<String> foreign = other.insert("\\srv", SRV_CALL, "x", ConnectionId.NONE, 4);
      srvCall("\\srv");
      assertThatThrownBy(() -> table.remove(foreign))
          .isInstanceOfSatisfying(
              ListCorruptionException.class,
              e -> assertThat(e.reason()).isEqualTo(ListCorruptionException.Reason.FOREIGN_ENTRY));
      assertThat(table.size()).isEqualTo(1);
      assertThat(foreign.isInTable()).isTrue();
    }

    @Test
    void reinsertAfterRemoveMakesANewEntry_s3_1() {
      PrefixEntry<String> first = srvCall("\\srv");
      table.remove(first);
      PrefixEntry<String> second = srvCall("\\srv");
      assertThat(second).isNotSameAs(first);
      assertThat(first.isInTable()).isFalse();
      assertThat(second.isInTable()).isTrue();
      assertMatch(lookup("\\srv\\x"), second, "\\x");
      assertThatThrownBy(() -> table.remove(first)).isInstanceOf(ListCorruptionException.class);
    }

    @Test
    void entryKeepsWhatWasInsertedAndTracksMembership_s3_1() {
      PrefixEntry<String> e = table.insert("\\srv\\share", NET_ROOT, "container", ID_A, 4);
      assertThat(e.key()).isEqualTo("\\srv\\share");
      assertThat(e.kind()).isEqualTo(NET_ROOT);
      assertThat(e.container()).isEqualTo("container");
      assertThat(e.connectionId()).isEqualTo(ID_A);
      assertThat(e.caseInsensitiveLength()).isEqualTo(4);
      assertThat(e.isInTable()).isTrue();
      assertThat(e.toString()).contains("NET_ROOT", "\\srv\\share");
      table.remove(e);
      assertThat(e.isInTable()).isFalse();
      assertThat(e.toString()).contains("not in table");
    }

    @Test
    void entriesIsAnInsertionOrderedSnapshot_s3_1() {
      PrefixEntry<String> c = srvCall("\\c");
      PrefixEntry<String> a = srvCall("\\a");
      PrefixEntry<String> b = srvCall("\\b");
      List<PrefixEntry<String>> snapshot = table.entries();
      table.remove(a);
      PrefixEntry<String> d = srvCall("\\d");
      assertThat(snapshot).containsExactly(c, a, b);
      assertThat(table.entries()).containsExactly(c, b, d);
      assertThat(table.size()).isEqualTo(3);
      assertThatThrownBy(() -> table.entries().add(d))
          .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void invalidArgumentsAreRefusedWithoutChangingTheTable_s3_2() {
      assertThatThrownBy(() -> table.insert("", SRV_CALL, "x", ConnectionId.NONE, 0))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> table.insert("\\srv", SRV_CALL, "x", ConnectionId.NONE, 5))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> table.insert("\\srv", SRV_CALL, "x", ConnectionId.NONE, -1))
          .isInstanceOf(IllegalArgumentException.class);
      assertThat(table.size()).isZero();
      assertThat(table.version()).isZero();
    }

    @Test
    void zeroCaseInsensitiveLengthComparesTheWholeKeyExactly_s3_2() {
      PrefixEntry<String> exact = table.insert("\\srv", SRV_CALL, "x", ConnectionId.NONE, 0);
      assertMatch(lookup("\\srv\\a"), exact, "\\a");
      assertThat(lookup("\\SRV\\a")).isEmpty();
    }
  }

  @Nested
  class CaseInsensitiveLengths {

    @Test
    void srvCallIsWholeKey_s3_2() {
      assertThat(PrefixTable.srvCallCaseInsensitiveLength("\\server")).isEqualTo(7);
    }

    @Test
    void netRootIsServerPartUnlessFlagged_s3_2() {
      assertThat(PrefixTable.netRootCaseInsensitiveLength("\\server\\share", 7, false))
          .isEqualTo(7);
      assertThat(PrefixTable.netRootCaseInsensitiveLength("\\server\\share", 7, true))
          .isEqualTo(13);
      assertThat(PrefixTable.netRootCaseInsensitiveLength("\\server", 7, false)).isEqualTo(7);
      assertThatThrownBy(() -> PrefixTable.netRootCaseInsensitiveLength("\\s", 3, false))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> PrefixTable.netRootCaseInsensitiveLength("\\s", -1, false))
          .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void viewIsNetRootLengthPlusLocalPrefixUnlessFlagged_s3_2() {
      String key = "\\;X:3e7\\server\\share";
      assertThat(PrefixTable.vNetRootCaseInsensitiveLength(key, 7, 7, false)).isEqualTo(14);
      assertThat(PrefixTable.vNetRootCaseInsensitiveLength(key, 13, 7, false)).isEqualTo(20);
      assertThat(PrefixTable.vNetRootCaseInsensitiveLength(key, 7, 7, true)).isEqualTo(20);
      assertThat(PrefixTable.vNetRootCaseInsensitiveLength("\\server\\share", 7, 0, false))
          .isEqualTo(7);
      assertThatThrownBy(() -> PrefixTable.vNetRootCaseInsensitiveLength(key, 14, 7, false))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> PrefixTable.vNetRootCaseInsensitiveLength(key, 7, -1, false))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Nested
  class Locking {

    @Test
    void everyOperationChecksTheLockInItsMode_s3_3() {
      PrefixEntry<String> e = srvCall("\\srv");
      lookup("\\srv\\x");
      table.find("\\srv", SRV_CALL, ConnectionId.NONE);
      table.size();
      table.entries();
      table.remove(e);
      assertThat(lock.calls())
          .containsExactly(
              new Call(true, PrefixTable.OP_INSERT),
              new Call(false, PrefixTable.OP_LOOKUP),
              new Call(false, PrefixTable.OP_FIND),
              new Call(false, PrefixTable.OP_SIZE),
              new Call(false, PrefixTable.OP_ENTRIES),
              new Call(true, PrefixTable.OP_REMOVE));
    }

    @Test
    void failedOperationsStillCheckTheLockFirst_s3_3() {
      PrefixEntry<String> e = srvCall("\\srv");
      table.remove(e);
      lock.clear();
      assertThatThrownBy(() -> table.remove(e)).isInstanceOf(ListCorruptionException.class);
      assertThatThrownBy(() -> table.insert("", SRV_CALL, "x", ConnectionId.NONE, 0))
          .isInstanceOf(IllegalArgumentException.class);
      assertThat(lock.calls())
          .containsExactly(
              new Call(true, PrefixTable.OP_REMOVE), new Call(true, PrefixTable.OP_INSERT));
    }

    @Test
    void versionReadsWithoutTheLock_s3_3() {
      lock.hold(Held.NONE);
      assertThat(table.version()).isZero();
      assertThat(lock.calls()).isEmpty();
    }

    @Test
    void writesAreRefusedUnderTheSharedLockAndChangeNothing_s3_3() {
      PrefixEntry<String> e = srvCall("\\srv");
      long version = table.version();
      lock.hold(Held.SHARED);
      assertThatThrownBy(() -> srvCall("\\other")).isInstanceOf(LockNotHeld.class);
      assertThatThrownBy(() -> table.remove(e)).isInstanceOf(LockNotHeld.class);
      assertThat(e.isInTable()).isTrue();
      assertThat(table.version()).isEqualTo(version);
      // Reads are fine under the shared lock.
      assertMatch(lookup("\\srv\\x"), e, "\\x");
      assertThat(table.entries()).containsExactly(e);
    }

    @Test
    void readsAreRefusedWithoutTheLock_s3_3() {
      srvCall("\\srv");
      lock.hold(Held.NONE);
      assertThatThrownBy(() -> lookup("\\srv")).isInstanceOf(LockNotHeld.class);
      assertThatThrownBy(() -> table.find("\\srv", SRV_CALL, ConnectionId.NONE))
          .isInstanceOf(LockNotHeld.class);
      assertThatThrownBy(() -> table.size()).isInstanceOf(LockNotHeld.class);
      assertThatThrownBy(() -> table.entries()).isInstanceOf(LockNotHeld.class);
    }

    @Test
    void lockIsCheckedBeforeArgumentsAreRead_s3_3() {
      lock.hold(Held.NONE);
      assertThatThrownBy(() -> table.insert("", Kind.SRV_CALL, "x", ConnectionId.NONE, 9))
          .isInstanceOf(LockNotHeld.class);
      assertThat(lock.calls()).containsExactly(new Call(true, PrefixTable.OP_INSERT));
    }
  }
}
