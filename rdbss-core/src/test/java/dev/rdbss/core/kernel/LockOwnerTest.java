package dev.rdbss.core.kernel;

import static dev.rdbss.core.kernel.KernelFixture.await;
import static dev.rdbss.core.kernel.KernelFixture.onOtherThread;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** ERESOURCE owner tokens (spec §10). */
class LockOwnerTest {

  @Test
  void aThreadKeepsOneOwnerForItsWholeLife_s10() {
    assertThat(LockOwner.currentThread()).isSameAs(LockOwner.currentThread());
    assertThat(LockOwner.currentThread()).isEqualTo(LockOwner.forThread(Thread.currentThread()));
    assertThat(LockOwner.currentThread().toString())
        .contains(Thread.currentThread().getName());
  }

  @Test
  void twoThreadsHaveDifferentOwners_s10() throws Exception {
    AtomicReference<LockOwner> other = new AtomicReference<>();
    await(onOtherThread("other", () -> other.set(LockOwner.currentThread())));

    assertThat(other.get()).isNotEqualTo(LockOwner.currentThread());
    assertThat(other.get().toString()).startsWith("thread other (#");
  }

  @Test
  void ownersAreEqualByTokenOnly_s10() {
    LockOwner a = LockOwner.of(42, "a");
    LockOwner b = LockOwner.of(42, "b");

    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    assertThat(a).isNotEqualTo(LockOwner.of(43, "a"));
    assertThat(a.token()).isEqualTo(42);
    assertThat(a).hasToString("a");
  }

  @Test
  void contextOwnersNeverEqualThreadOwners_s10() {
    LockOwner thread = LockOwner.currentThread();
    LockOwner context = LockOwner.forContext(thread.token() >> 2, "context");

    assertThat(context).isNotEqualTo(thread);
    assertThat(context.token() & 3).isEqualTo(3);
    assertThat(thread.token() & 3).isZero();
  }
}
