package dev.rdbss.core.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rdbss.api.BugCheckCode;
import dev.rdbss.api.BugCheckError;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Bugchecks are recorded when detected, the first one wins, and the machine stops (ARCH §3.3). */
class BugChecksTest {

  private final BugChecks bugChecks = new BugChecks();

  @Test
  void raiseBuildsRecordsAndReturnsTheError_s3_3() {
    BugCheckError error =
        bugChecks.raise(BugCheckCode.RDBSS_FILE_SYSTEM, "§4.1", "lock not held", 1, 2);

    assertThat(error.code()).isEqualTo(BugCheckCode.RDBSS_FILE_SYSTEM);
    assertThat(error.specSection()).isEqualTo("§4.1");
    assertThat(error.parameter(1)).isEqualTo(1);
    assertThat(error.parameter(2)).isEqualTo(2);
    assertThat(error.getMessage()).startsWith("STOP 0x00000027 RDBSS_FILE_SYSTEM (§4.1)");
    assertThat(bugChecks.first()).containsSame(error);
    assertThat(bugChecks.hasCrashed()).isTrue();
  }

  @Test
  void aFreshMachineHasNotCrashed_s3_3() {
    assertThat(bugChecks.hasCrashed()).isFalse();
    assertThat(bugChecks.first()).isEmpty();
    assertThat(bugChecks.all()).isEmpty();
    bugChecks.checkAlive();
  }

  @Test
  void theFirstBugCheckWinsAndLaterOnesAreKept_s3_3() {
    BugCheckError first = bugChecks.raise(BugCheckCode.RDBSS_FILE_SYSTEM, "§2.3", "first");
    BugCheckError second =
        bugChecks.raise(BugCheckCode.DRIVER_VERIFIER_DETECTED_VIOLATION, "§3.3", "second");

    assertThat(bugChecks.first()).containsSame(first);
    assertThat(bugChecks.all()).containsExactly(first, second);
  }

  @Test
  void recordKeepsAnErrorCreatedElsewhereOnce_s3_3() {
    BugCheckError fromPluginThread =
        new BugCheckError(BugCheckCode.SYSTEM_THREAD_EXCEPTION_NOT_HANDLED, "§5.2", "escaped");

    assertThat(bugChecks.record(fromPluginThread)).isSameAs(fromPluginThread);
    assertThat(bugChecks.record(fromPluginThread)).isSameAs(fromPluginThread);

    assertThat(bugChecks.all()).containsExactly(fromPluginThread);
  }

  @Test
  void checkAliveRefusesWorkAfterABugCheck_s3_3() {
    bugChecks.raise(BugCheckCode.RDBSS_FILE_SYSTEM, "§2.3", "count below zero");

    assertThatThrownBy(bugChecks::checkAlive)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("the simulated machine has stopped after a bugcheck: ")
        .hasMessageContaining("STOP 0x00000027 RDBSS_FILE_SYSTEM (§2.3): count below zero");
  }

  @Test
  void hooksRunSynchronouslyOnTheRecordingThread_s3_3() {
    List<String> seen = new ArrayList<>();
    bugChecks.onBugCheck(e -> seen.add(Thread.currentThread().getName() + ": " + e.explanation()));

    bugChecks.raise(BugCheckCode.RDBSS_FILE_SYSTEM, "§2.3", "dump me");

    assertThat(seen).containsExactly(Thread.currentThread().getName() + ": dump me");
  }

  @Test
  void aThrowingHookDoesNotPreventRecordingNorOtherHooks_s3_3() {
    List<BugCheckError> seen = new ArrayList<>();
    bugChecks.onBugCheck(
        e -> {
          throw new IllegalStateException("dump failed");
        });
    bugChecks.onBugCheck(seen::add);

    BugCheckError error = bugChecks.raise(BugCheckCode.RDBSS_FILE_SYSTEM, "§2.3", "still kept");

    assertThat(bugChecks.first()).containsSame(error);
    assertThat(seen).containsExactly(error);
  }

  @Test
  void hooksRunOncePerRecordedError_s3_3() {
    List<BugCheckError> seen = new ArrayList<>();
    bugChecks.onBugCheck(seen::add);

    BugCheckError error = bugChecks.raise(BugCheckCode.RDBSS_FILE_SYSTEM, "§2.3", "once");
    bugChecks.record(error); // as a worker that catches what a routine raised would

    assertThat(seen).containsExactly(error);
  }

  @Test
  void concurrentBugChecksAreAllRecordedWithExactlyOneFirst_s3_3() throws Exception {
    int threads = 8;
    CyclicBarrier start = new CyclicBarrier(threads);
    CountDownLatch done = new CountDownLatch(threads);
    for (int i = 0; i < threads; i++) {
      int n = i;
      Thread t =
          new Thread(
              () -> {
                try {
                  start.await();
                  bugChecks.raise(BugCheckCode.RDBSS_FILE_SYSTEM, "§2.3", "thread " + n);
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                } finally {
                  done.countDown();
                }
              });
      t.start();
    }
    assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();

    assertThat(bugChecks.all()).hasSize(threads);
    assertThat(bugChecks.first()).containsSame(bugChecks.all().get(0));
  }
}
