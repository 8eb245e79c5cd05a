package dev.rdbss.core.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Mutual exclusion of {@link RxResource} under contention (spec §10): an exclusive holder is alone,
 * shared holders never meet an exclusive one, and nothing deadlocks. Bounded in time; not a
 * benchmark (performance claims live in JMH, ARCHITECTURE.md §4).
 */
class RxResourceStressTest {

  private static final int THREADS = 4;
  private static final int ITERATIONS = 10_000;

  private final KernelFixture kernel = new KernelFixture();
  private final RxResource lock = kernel.fcb("\\srv\\share\\hot.txt", 1);
  private final AtomicInteger exclusiveInside = new AtomicInteger();
  private final AtomicInteger sharedInside = new AtomicInteger();
  private final AtomicInteger violations = new AtomicInteger();
  private long unsynchronizedCounter; // only ever touched under the exclusive lock

  @Test
  void sharedAndExclusiveAcquisitionsStayMutuallyExclusiveUnderContention_s10() {
    assertTimeoutPreemptively(Duration.ofSeconds(60), this::hammer);

    assertThat(violations).hasValue(0);
    assertThat(unsynchronizedCounter).isEqualTo((long) THREADS * exclusivePerThread());
    assertThat(lock.isHeld()).isFalse();
    assertThat(lock.sharedCount()).isZero();
    assertThat(lock.exclusiveOwner()).isNull();
    assertThat(kernel.bugChecks.all()).isEmpty();
  }

  private void hammer() throws Exception {
    CyclicBarrier start = new CyclicBarrier(THREADS);
    List<CompletableFuture<Void>> workers = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      int seed = t;
      workers.add(
          KernelFixture.onOtherThread(
              "stress-" + t,
              () -> {
                awaitBarrier(start);
                for (int i = 0; i < ITERATIONS; i++) {
                  step(seed, i);
                }
              }));
    }
    for (CompletableFuture<Void> worker : workers) {
      KernelFixture.await(worker);
    }
  }

  private void step(int seed, int i) {
    switch ((i + seed) % 4) {
      case 0 -> exclusively(lock::acquireExclusive);
      case 1 -> {
        // Recursive exclusive plus shared by the exclusive owner, released in two steps.
        lock.acquireExclusive();
        exclusively(lock::acquireShared);
        lock.release();
      }
      case 2 -> {
        if (lock.tryAcquireExclusive()) {
          insideExclusive();
          lock.release();
        } else {
          exclusively(lock::acquireExclusive);
        }
      }
      default -> {
        lock.acquireShared();
        lock.acquireShared(); // recursion must not wait behind queued writers
        if (exclusiveInside.get() != 0) {
          violations.incrementAndGet();
        }
        sharedInside.incrementAndGet();
        if (exclusiveInside.get() != 0) {
          violations.incrementAndGet();
        }
        sharedInside.decrementAndGet();
        lock.release();
        lock.release();
      }
    }
  }

  /** Acquires with {@code acquire}, checks it is alone, counts, and releases once. */
  private void exclusively(Runnable acquire) {
    acquire.run();
    insideExclusive();
    lock.release();
  }

  private void insideExclusive() {
    if (exclusiveInside.incrementAndGet() != 1 || sharedInside.get() != 0) {
      violations.incrementAndGet();
    }
    unsynchronizedCounter++;
    exclusiveInside.decrementAndGet();
  }

  private static int exclusivePerThread() {
    return ITERATIONS / 4 * 3; // cases 0, 1 and 2 each enter the exclusive section once
  }

  private static void awaitBarrier(CyclicBarrier barrier) {
    try {
      barrier.await();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
