package dev.rdbss.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The value types of spec §1 and ARCHITECTURE.md §3.3. */
class ValueTypesTest {

  @Test
  void conditionsCarryTheirRxBlockConditionValuesAndStabilityStartsAtGood_s1_3() {
    assertThat(Condition.values())
        .extracting(Condition::value)
        .containsExactly(0, 1, 2, 3, 4, 5);
    assertThat(EnumSet.allOf(Condition.class).stream().filter(Condition::isStable))
        .containsExactly(Condition.GOOD, Condition.BAD, Condition.CLOSED);
    assertThat(Condition.of(4)).isEqualTo(Condition.BAD);
    assertThatThrownBy(() -> Condition.of(6)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void flagsKeepTheBitValuesOfTheHeaders_s1_4() {
    assertThat(SrvCallFlag.CASE_INSENSITIVE_NETROOTS.bit()).isEqualTo(0x4);
    assertThat(SrvCallFlag.FORCE_FINALIZED.bit()).isEqualTo(0x20);
    assertThat(NetRootFlag.FINALIZATION_IN_PROGRESS.bit()).isEqualTo(0x40000);
    assertThat(NetRootFlag.NAME_ALREADY_REMOVED.bit()).isEqualTo(0x80000);
    assertThat(FcbState.ORPHANED.bit()).isEqualTo(0x80);
    assertThat(FcbState.SRVOPEN_USED.bit()).isEqualTo(0x80000000);
    assertThat(SrvOpenFlag.ORPHANED.bit()).isEqualTo(0x400);
    assertThat(SrvOpenFlag.CLOSE_DELAYED.bit()).isEqualTo(0x8);
    assertThat(FobxFlag.MARKED_AS_DORMANT.bit()).isEqualTo(0x8000000);
    assertThat(RegistrationFlag.DONT_INIT_PREFIX_N_SCAVENGER.bit()).isEqualTo(0x8);
  }

  @Test
  void lowSixteenBitsAreTheMiniRedirectorsForNetRootSrvOpenAndFobx_s1_4() {
    assertThat(NetRootFlag.SUPPORTS_SYMBOLIC_LINKS.isMiniRdrVisible()).isTrue();
    assertThat(NetRootFlag.FINALIZATION_IN_PROGRESS.isMiniRdrVisible()).isFalse();
    assertThat(SrvOpenFlag.ORPHANED.isMiniRdrVisible()).isTrue();
    assertThat(SrvOpenFlag.FOBX_USED.isMiniRdrVisible()).isFalse();
    assertThat(FobxFlag.BACKUP_INTENT.isMiniRdrVisible()).isTrue();
    assertThat(FobxFlag.DELETE_ON_CLOSE.isMiniRdrVisible()).isFalse();
    // Only the case flags of a SRV_CALL are the mini-redirector's to set (ARCHITECTURE.md §3.2).
    assertThat(EnumSet.allOf(SrvCallFlag.class).stream().filter(SrvCallFlag::isMiniRdrVisible))
        .containsExactly(
            SrvCallFlag.CASE_INSENSITIVE_NETROOTS, SrvCallFlag.CASE_INSENSITIVE_FILENAMES);
  }

  @ParameterizedTest
  @EnumSource(FcbState.class)
  void flagSetsRoundTripThroughBits(FcbState flag) {
    Set<FcbState> set = EnumSet.of(flag, FcbState.ORPHANED);
    assertThat(BitFlag.fromBits(FcbState.class, BitFlag.toBits(set))).isEqualTo(set);
  }

  @Test
  void theBufferingMaskIsTheNineEnabledBits_s7_1() {
    assertThat(FcbState.BUFFERING_MASK).hasSize(9);
    assertThat(BitFlag.toBits(FcbState.BUFFERING_MASK)).isEqualTo(0x0FF80000);
    assertThat(FcbState.READCACHING.isBufferingFlag()).isTrue();
    assertThat(FcbState.ORPHANED.isBufferingFlag()).isFalse();
  }

  @Test
  void connectionFinalizeLevel0xFFDoesNotForce_s4_3_s11() {
    assertThat(ConnectionFinalizeLevel.NO_FORCE_DROP_CONNECTION_REFERENCE.value()).isEqualTo(0xFF);
    assertThat(ConnectionFinalizeLevel.NO_FORCE_DROP_CONNECTION_REFERENCE.forcesFilesClosed())
        .isFalse();
    assertThat(ConnectionFinalizeLevel.NO_FORCE_DROP_CONNECTION_REFERENCE.dropsConnectionReference())
        .isTrue();
    assertThat(ConnectionFinalizeLevel.FORCE_FILES_CLOSED.forcesFilesClosed()).isTrue();
    assertThat(ConnectionFinalizeLevel.NO_FORCE.forcesFilesClosed()).isFalse();
  }

  @Test
  void connectionIdsCompareByteForByteAfterPadding_s3_1() {
    assertThat(ConnectionId.of((byte) 1, (byte) 2)).isEqualTo(ConnectionId.of(new byte[] {1, 2, 0, 0}));
    assertThat(ConnectionId.of((byte) 1)).isNotEqualTo(ConnectionId.of((byte) 2));
    assertThat(ConnectionId.of()).isEqualTo(ConnectionId.NONE);
    assertThat(ConnectionId.NONE.toByteArray()).hasSize(16).containsOnly((byte) 0);
    assertThatThrownBy(() -> ConnectionId.of(new byte[17]))
        .isInstanceOf(IllegalArgumentException.class);
    byte[] copy = ConnectionId.of((byte) 7).toByteArray();
    copy[0] = 9;
    assertThat(ConnectionId.of((byte) 7).toByteArray()[0]).isEqualTo((byte) 7);
  }

  @Test
  void credentialsNeverShowThePassword() {
    Credentials c = Credentials.of("alice", "CORP", "hunter2".toCharArray());
    assertThat(c.toString()).doesNotContain("hunter2").contains("CORP\\alice");
    assertThat(c.sameAs(Credentials.of("ALICE", "corp", "hunter2".toCharArray()))).isTrue();
    assertThat(c.sameAs(Credentials.of("alice", "CORP", "other".toCharArray()))).isFalse();
    char[] pw = c.password();
    pw[0] = 'X';
    assertThat(c.password()).startsWith('h');
  }

  @Test
  void bugCheckCarriesStopCodeSectionAndFourParameters() {
    BugCheckError e =
        new BugCheckError(
            BugCheckCode.RDBSS_FILE_SYSTEM, "§4.1", "netname lock not held exclusively", 1, 2);
    assertThat(e.getMessage())
        .isEqualTo(
            "STOP 0x00000027 RDBSS_FILE_SYSTEM (§4.1): netname lock not held exclusively");
    assertThat(e.parameter(1)).isEqualTo(1);
    assertThat(e.parameter(2)).isEqualTo(2);
    assertThat(e.parameter(4)).isZero();
    assertThat(e.specSection()).isEqualTo("§4.1");
    assertThat(e).isInstanceOf(Error.class);
    assertThatThrownBy(() -> e.parameter(5)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(
            () -> new BugCheckError(BugCheckCode.RDBSS_FILE_SYSTEM, "§1", "x", 1, 2, 3, 4, 5))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void irqlOrderIsPassiveApcDispatch_s3_3() {
    assertThat(Irql.PASSIVE_LEVEL.isAtMost(Irql.APC_LEVEL)).isTrue();
    assertThat(Irql.DISPATCH_LEVEL.isAtMost(Irql.APC_LEVEL)).isFalse();
  }
}
