package dev.rdbss.minirdr.csc.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Keys and times as the store keeps them (issue 7 points 4 and 6). */
class CacheKeyTest {

  @Test
  void pathsAreNormalizedAndCompareCaseInsensitively_issue7point6() {
    CacheKey k = CacheKey.of("Alice", "SRV", "Docs", "Reports/Q1.txt");
    assertThat(k.path()).isEqualTo("\\Reports\\Q1.txt");
    assertThat(k.logon()).isEqualTo("alice");
    assertThat(k.server()).isEqualTo("srv");
    assertThat(k.lookupPath()).isEqualTo("\\reports\\q1.txt");
    assertThat(k.sameEntry(CacheKey.of("alice", "srv", "docs", "\\REPORTS\\q1.TXT"))).isTrue();
    assertThat(k.sameEntry(CacheKey.of("bob", "srv", "docs", "\\Reports\\Q1.txt"))).isFalse();
    assertThat(k.parent().path()).isEqualTo("\\Reports");
    assertThat(k.parent().parent().isRoot()).isTrue();
    assertThat(k.name()).isEqualTo("Q1.txt");
    assertThat(k.parent().child("Q2.txt").path()).isEqualTo("\\Reports\\Q2.txt");
    assertThat(CacheKey.of("a", "s", "h", "\\dir\\").path()).isEqualTo("\\dir");
    assertThat(CacheKey.of("a", "s", "h", "").isRoot()).isTrue();
    assertThatThrownBy(() -> CacheKey.of("a", "s", "h", "\\x\\\\y"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> CacheKey.of("", "s", "h", "\\"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void timesKeepTheResolutionOfAFiletime_issue7point4() {
    Instant t = Instant.parse("2026-05-05T05:05:05.123456789Z");
    assertThat(Times.fromTicks(Times.toTicks(t))).isEqualTo(Instant.parse("2026-05-05T05:05:05.1234567Z"));
    Instant before1970 = Instant.parse("1601-01-01T00:00:00Z");
    assertThat(Times.fromTicks(Times.toTicks(before1970))).isEqualTo(before1970);
    EntryInfo info = new EntryInfo(false, 1, t, t, t, t, 0);
    assertThat(info.lastWriteTime()).isEqualTo(Times.truncate(t));
  }
}
