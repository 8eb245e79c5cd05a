package dev.rdbss.core.engine;

import dev.rdbss.api.NtStatus;
import dev.rdbss.api.io.ChangeNotification;
import dev.rdbss.api.observe.TraceEvent;
import dev.rdbss.api.spi.LowIoOperation;
import dev.rdbss.api.spi.LowIoParameters;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Predicate;

/**
 * The pending directory change notifications of a device (spec §5.2 low I/O
 * NOTIFY_CHANGE_DIRECTORY): RDBSS's list of active notify contexts, which the handle's cleanup
 * (§6.6, completed with NOTIFY_CLEANUP) and the connection's deletion (§4.3 step 1, CANCELLED)
 * search ({@code RxCancelNotifyChangeDirectoryRequestsForFobx / ForVNetRoot}).
 *
 * <p>A notification belongs to the V_NET_ROOT its handle was opened through (the FOBX's view), so
 * that deleting one logon's mapping never cancels another logon's notification on a shared FCB. [R]
 * records the FCB's creating view instead; the two agree whenever a directory is watched through
 * the view that first opened it.
 */
final class ChangeNotifications {

  /** One pending notification. */
  private record Pending(FobxImpl fobx, RxContextImpl ctx) {}

  private final Engine engine;
  // Guarded by itself.
  private final List<Pending> pending = new ArrayList<>();

  ChangeNotifications(Engine engine) {
    this.engine = engine;
  }

  /**
   * Submits a notification for the handle's directory. The request is listed before the
   * mini-redirector sees it, and a cleanup that ran meanwhile is honoured, so no cancellation can
   * miss it.
   */
  CompletionStage<ChangeNotification> submit(
      FileObject fo, RxContextImpl ctx, FcbImpl fcb, int completionFilter, boolean watchTree) {
    FobxImpl fobx = ctx.rawFobx();
    List<ChangeNotification.Change> changes =
        Collections.synchronizedList(new ArrayList<>());
    CompletableFuture<NtStatus> done =
        engine.lowIo.prepareAsync(ctx, fcb, LowIoOperation.NOTIFY_CHANGE_DIRECTORY,
            new LowIoParameters.NotifyChangeDirectory(completionFilter, watchTree, changes));
    Pending p = new Pending(java.util.Objects.requireNonNull(fobx), ctx);
    synchronized (pending) {
      pending.add(p);
    }
    CompletionStage<ChangeNotification> result = done.thenApply(status -> {
      synchronized (pending) {
        pending.remove(p);
      }
      List<ChangeNotification.Change> reported;
      synchronized (changes) {
        reported = status.isSuccess() && !status.equals(NtStatus.NOTIFY_ENUM_DIR)
            ? List.copyOf(changes) : List.of();
      }
      return new ChangeNotification(status, reported);
    });
    if (fo.isCleanupComplete()) {
      // The handle's cleanup ran between the gate and the listing: it may have missed us.
      cancel(p, NtStatus.NOTIFY_CLEANUP);
    }
    engine.lowIo.startAsync(ctx, fcb);
    return result;
  }

  /** The handle's cleanup (§6.6): its pending notifications complete with NOTIFY_CLEANUP. */
  void cleanup(FobxImpl fobx) {
    cancelAll(p -> p.fobx() == fobx, NtStatus.NOTIFY_CLEANUP);
  }

  /** How many notifications of handles opened through {@code view} are pending (§4.3 step 1). */
  int pendingFor(VNetRootImpl view) {
    synchronized (pending) {
      return (int) pending.stream().filter(p -> p.fobx().vNetRoot == view).count();
    }
  }

  /** §4.3 step 1: the view's pending notifications complete with CANCELLED. */
  int cancelFor(VNetRootImpl view) {
    return cancelAll(p -> p.fobx().vNetRoot == view, NtStatus.CANCELLED);
  }

  /** A stop (§5.1 step 5): every pending notification of the device completes with CANCELLED. */
  int cancelEverything() {
    return cancelAll(p -> true, NtStatus.CANCELLED);
  }

  /** How many notifications are pending on the device. */
  int pendingCount() {
    synchronized (pending) {
      return pending.size();
    }
  }

  private int cancelAll(Predicate<Pending> which, NtStatus status) {
    List<Pending> chosen = new ArrayList<>();
    synchronized (pending) {
      for (Pending p : pending) {
        if (which.test(p)) {
          chosen.add(p);
        }
      }
    }
    int cancelled = 0;
    for (Pending p : chosen) {
      if (cancel(p, status)) {
        cancelled++;
      }
    }
    return cancelled;
  }

  private boolean cancel(Pending p, NtStatus status) {
    boolean ended = engine.lowIo.cancel(p.ctx(), status);
    if (ended) {
      engine.device.tracer().record(TraceEvent.Kind.RUNTIME, engine.device.name(),
          "notifyChangeDirectoryCancelled", p.fobx().ref(), status, "");
    }
    return ended;
  }
}
