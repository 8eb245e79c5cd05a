package dev.rdbss.core.kernel;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Shared set-up of the lock tests: one machine, one checker, resources on demand. */
class KernelFixture {

  /** Bound on every cross-thread wait of these tests; generous, never expected to elapse. */
  static final long TIMEOUT_SECONDS = 30;

  final BugChecks bugChecks = new BugChecks();
  final LockOrderChecker checker = new LockOrderChecker(bugChecks);

  RxResource resource(String name, LockRank rank, long orderKey) {
    return new RxResource(name, rank, orderKey, checker, bugChecks);
  }

  RxResource netnameTable() {
    return resource("netname table", LockRank.NETNAME_TABLE, 0);
  }

  RxResource fcb(String name, long serial) {
    return resource(name, LockRank.FCB, serial);
  }

  /** Runs {@code action} on a new thread; the future completes when it has returned. */
  static CompletableFuture<Void> onOtherThread(String name, Runnable action) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    Thread thread =
        new Thread(
            () -> {
              try {
                action.run();
                done.complete(null);
              } catch (Throwable t) {
                done.completeExceptionally(t);
              }
            },
            name);
    thread.setDaemon(true);
    thread.start();
    return done;
  }

  static <T> T await(CompletableFuture<T> future) throws Exception {
    return future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
  }
}
