package dev.rdbss.core.engine;

import static dev.rdbss.core.engine.EngineFixture.logon;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rdbss.api.ConnectionId;
import dev.rdbss.api.LockHoldingState;
import dev.rdbss.api.object.NetRoot;
import dev.rdbss.api.spi.LockScope;
import dev.rdbss.api.spi.NetNameTable;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The plugin's view of the netname table (spec §3.1–3.3): lookups that reference what they return,
 * a NET_ROOT hit answering its default view, the version counter, and the lock a plugin takes
 * around lookups and connection work, including try-without-waiting. (Matching rules themselves
 * are tested on the prefix table, {@code PrefixTableTest}.)
 */
class NetNameTableTest {

  private static final Duration BOUND = Duration.ofSeconds(10);

  private final EngineFixture f = new EngineFixture();
  private final NetNameTable table = f.rdbss.netNameTable();

  @AfterEach
  void shutDown() {
    f.close();
  }

  @Test
  void aPathUnderAShareAnswersItsDefaultViewReferencedWithTheRestOfTheName_s3_2() {
    VNetRootImpl first = f.connect(logon(1), "\\srv", "\\share");
    f.connect(logon(2), "\\srv", "\\share");
    int count = f.count(first);
    try (LockScope shared = table.acquireShared()) {
      NetNameTable.Lookup hit = table.lookup("\\srv\\share\\dir\\a.txt").orElseThrow();
      assertThat(hit.entry()).as("the NET_ROOT's default view, the first one").isSameAs(first);
      assertThat(hit.remainingName()).isEqualTo("\\dir\\a.txt");
      assertThat(f.count(first)).as("the caller owns a reference").isEqualTo(count + 1);
      f.rdbss.dereference(hit.entry(), LockHoldingState.SHARED);
    }
    assertThat(f.count(first)).isEqualTo(count);
  }

  @Test
  void aViewKeyIsFoundByItsOwnName_s3_1() {
    VNetRootImpl view = f.connect(logon(1), "\\srv", "\\share");
    try (LockScope shared = table.acquireShared()) {
      NetNameTable.Lookup hit = table.lookup("\\;:1\\srv\\share\\a.txt").orElseThrow();
      assertThat(hit.entry()).isSameAs(view);
      assertThat(hit.remainingName()).isEqualTo("\\a.txt");
      assertThat(table.lookup("\\;:9\\srv\\share\\a.txt"))
          .as("another logon's view is another key; §6.3 then looks up the server-relative path")
          .isEmpty();
    }
  }

  @Test
  void aNetRootWithoutViewsAnswersItself_s3_2() {
    try (LockScope exclusive = table.acquireExclusive()) {
      var s = f.rdbss.createSrvCall(f.userContext(logon(1)), "\\srv", null, ConnectionId.NONE);
      NetRoot n = f.rdbss.createNetRoot(s, "\\srv\\share", Set.of(), ConnectionId.NONE);
      assertThat(table.lookup("\\srv\\share\\a.txt"))
          .hasValueSatisfying(l -> assertThat(l.entry()).isSameAs(n));
      assertThat(table.lookup("\\elsewhere\\a.txt")).isEmpty();
    }
  }

  @Test
  void exactLookupsMatchOnlyTheirOwnKind_s3_2() {
    f.connect(logon(1), "\\srv", "\\share");
    try (LockScope shared = table.acquireShared()) {
      assertThat(table.lookupNetRoot("\\srv")).isEmpty();
      assertThat(table.lookupSrvCall("\\srv\\share")).isEmpty();
      assertThat(table.lookupVNetRoot("\\srv\\share")).isEmpty();
      assertThat(table.lookupNetRoot("\\SRV\\SHARE"))
          .as("the server declared case-insensitive share names")
          .isPresent();
    }
  }

  @Test
  void theVersionGrowsOnEveryInsertAndRemoval_s3_1() {
    long empty = table.version();
    VNetRootImpl view = f.connect(logon(1), "\\srv", "\\share");
    long built = table.version();
    assertThat(built).as("three inserts").isEqualTo(empty + 3);
    f.release(view);
    f.worker.awaitIdle();
    assertThat(table.version()).as("three removals").isEqualTo(built + 3);
  }

  @Test
  void tryAcquireExclusiveNeverWaits_s3_3() throws Exception {
    assertThat(table.isHeld()).isFalse();
    try (LockScope exclusive = table.tryAcquireExclusive().orElseThrow()) {
      assertThat(table.isHeldExclusively()).isTrue();
    }
    CountDownLatch held = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    CompletableFuture<Void> reader =
        CompletableFuture.runAsync(
            () -> {
              try (LockScope shared = table.acquireShared()) {
                held.countDown();
                release.await(BOUND.toMillis(), TimeUnit.MILLISECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    try {
      assertThat(held.await(BOUND.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
      Optional<LockScope> attempt = table.tryAcquireExclusive();
      assertThat(attempt).as("another thread holds it shared: no wait, no lock").isEmpty();
      assertThat(table.isHeld()).as("held by the other thread, not this one").isFalse();
    } finally {
      release.countDown();
      reader.get(BOUND.toMillis(), TimeUnit.MILLISECONDS);
    }
    try (LockScope shared = table.acquireShared()) {
      assertThat(table.isHeld()).isTrue();
      assertThat(table.isHeldExclusively()).isFalse();
    }
  }
}
