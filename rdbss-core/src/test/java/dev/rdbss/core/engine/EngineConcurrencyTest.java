package dev.rdbss.core.engine;

import dev.rdbss.api.BugCheckError;
import dev.rdbss.api.ConnectionFinalizeLevel;
import dev.rdbss.api.LockHoldingState;
import dev.rdbss.api.LogonId;
import dev.rdbss.api.object.NetRoot;
import dev.rdbss.api.object.SrvCall;
import dev.rdbss.api.object.VNetRoot;
import dev.rdbss.api.spi.LockScope;
import dev.rdbss.api.spi.NetNameTable;
import dev.rdbss.core.kernel.LockOrderChecker;
import dev.rdbss.core.kernel.LockOwner;
import dev.rdbss.core.kernel.RxResource;
import java.lang.management.LockInfo;
import java.lang.management.ManagementFactory;
import java.lang.management.MonitorInfo;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Phaser;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Several threads drive one engine at once (issue 4 point 14): they connect to shared and distinct
 * NET_ROOTs under several logons, look names up with referenced lookups and drop those references
 * under every lock-holding state, open, clean up and close files, reference and release views and
 * handles (a handle's FOBX may outlive its close and go to the scavenger), force-finalize shares
 * and delete connections, while the scavenger runs on the RDBSS worker.
 *
 * <p>What must hold: no bugcheck (in particular no lock-order violation, §3.3, and no use after
 * free, §2.4), the invariants of spec §9 pitfall 22 at every quiescent point and at the end, no
 * leaked object once every handle is closed and every reference dropped, and no deadlock.
 *
 * <p>How it is organised:
 *
 * <ul>
 *   <li>Each thread runs a fixed number of operations drawn from its own seeded random source, so
 *       every run asks for the same operations with the same arguments; the interleaving differs
 *       from run to run, which is the point, and with it what each operation finds. The seeds are
 *       printed with any failure; {@code RDBSS_CONCURRENCY_SEED} replaces the base seed.
 *   <li>The run is cut into phases. At the end of each phase every thread stops at a {@link Phaser}
 *       while holding no lock, the test thread waits for the RDBSS worker to be idle and checks the
 *       invariants over the handles of all threads (and that every reference is accounted for),
 *       then releases them. A check at a quiescent point means something: nothing is half done.
 *   <li>A watchdog polls {@link ThreadMXBean#findDeadlockedThreads()} and fails the run with a full
 *       thread dump (locked monitors and synchronizers, and the RDBSS resources each thread holds)
 *       when it finds a cycle or when the run exceeds {@link #DEADLINE}. {@link RxResource} waits
 *       are monitor waits the JVM cannot see as a cycle (and the lock-order checker turns most
 *       would-be cycles into bugchecks first), so a deadlock on them surfaces as the timeout, with
 *       what each thread holds and waits for in the dump.
 *   <li>Only thread 0 advances the manual clock (it allows one advancing thread at a time), as one
 *       of its operations: scavenger passes then run on the RDBSS worker throughout the run, racing
 *       the other threads.
 * </ul>
 *
 * <p>Lock discipline is the one a mini-redirector must follow (§3.3): netname table, then FCB
 * table, then FCB; no thread takes the netname lock while holding an FCB; lookups and references
 * of connection objects under the netname lock; a dereference says the state really held.
 */
class EngineConcurrencyTest {

  static final int THREADS = 5;
  static final int PHASES = 8;
  static final int OPS_PER_PHASE = 1000;
  static final Duration DEADLINE = Duration.ofSeconds(60);
  static final long BASE_SEED = 0x5EED_2026L;

  /** Bounds on what one thread holds, so that the population stays mixed rather than growing. */
  static final int MAX_VIEWS = 6;
  static final int MAX_HANDLES = 8;

  /** The names a run draws from: few, so that threads collide on them. */
  record Workload(List<String> servers, List<String> shares, List<String> files, int logons) {}

  @Test
  @Timeout(value = 90, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void concurrentConnectLookupOpenCloseAndForceFinalizeKeepInvariants_s2_s3_s4_1() {
    new Run(
            new Workload(
                List.of("\\srv1", "\\srv2"),
                List.of("\\a", "\\b", "\\c"),
                List.of("\\f1", "\\f2", "\\d\\f3"),
                3),
            baseSeed())
        .execute();
  }

  /**
   * One share, one file, two logons: every thread contends for the same FCB, FCB table and
   * NET_ROOT, so closes race forced teardown on the FCB-table try-acquire idiom (§2.3, §3.3) and
   * orphaning (§4.2).
   */
  @Test
  @Timeout(value = 90, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void concurrentOpenCloseOfOneFileRacingForcedTeardownKeepsInvariants_s2_3_s3_3_s4_2() {
    new Run(
            new Workload(List.of("\\hot"), List.of("\\share"), List.of("\\f"), 2),
            baseSeed() + 1000)
        .execute();
  }

  private static long baseSeed() {
    String override = System.getenv("RDBSS_CONCURRENCY_SEED");
    return override == null || override.isBlank() ? BASE_SEED : Long.parseLong(override.trim());
  }

  /**
   * What a thread may do in one step, with its relative weight: opens and closes dominate so that
   * files stay open while shares are torn down; teardown is rare enough that connections live a
   * while.
   */
  enum Op {
    CONNECT(10),
    LOOKUP(16),
    OPEN(18),
    CLEANUP(6),
    CLOSE(14),
    REFERENCE_VIEW(6),
    RELEASE_VIEW(10),
    REFERENCE_HANDLE(3),
    RELEASE_HANDLE(3),
    FORCE_ALL(3),
    FINALIZE_CONNECTION(3),
    TICK(4);

    final int weight;

    Op(int weight) {
      this.weight = weight;
    }
  }

  private static final int TOTAL_WEIGHT = Arrays.stream(Op.values()).mapToInt(o -> o.weight).sum();

  /** Routines and callbacks every run must reach (trace event names). */
  private static final List<String> EXERCISED =
      List.of(
          "create", // MRxCreate: files were opened
          "cleanupFobx",
          "closeSrvOpen",
          "forceFinalizeAllVNetRoots",
          "orphanFcb", // forced teardown met open files (§4.2)
          "finalizeConnection",
          "finalizeVNetRoot",
          "finalizeNetRoot",
          "scavengerPass");

  /** One run of the workload on a fresh engine. */
  private static final class Run {

    private final Workload workload;
    private final EngineFixture f = new EngineFixture();
    private final List<Actor> actors = new ArrayList<>();
    private final Phaser phaser = new Phaser(THREADS + 1); // the workers and the test thread
    private final AtomicReference<@Nullable AssertionError> failure = new AtomicReference<>();
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final Thread testThread = Thread.currentThread();
    private final long startNanos = System.nanoTime();
    /** Trace events by routine or callback name: what the run really exercised. */
    private final Map<String, Integer> events = new ConcurrentHashMap<>();

    Run(Workload workload, long baseSeed) {
      this.workload = workload;
      for (int i = 0; i < THREADS; i++) {
        actors.add(new Actor(this, i, baseSeed + i));
      }
      f.tracer.addListener(e -> events.merge(e.name(), 1, Integer::sum));
      // A bugcheck on any thread (the RDBSS worker's scavenger passes included) stops the run at
      // once, so that the first one is reported with the state that caused it.
      f.bugChecks.onBugCheck(
          e -> abort("bugcheck on thread " + Thread.currentThread().getName() + ": "
              + e.getMessage(), e));
    }

    void execute() {
      ScheduledExecutorService watchdog =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread t = new Thread(r, "concurrency-test watchdog");
                t.setDaemon(true);
                return t;
              });
      // The polling interval is a timeout granularity, not synchronization.
      ScheduledFuture<?> polling =
          watchdog.scheduleWithFixedDelay(this::watch, 100, 100, TimeUnit.MILLISECONDS);
      List<Thread> workers = new ArrayList<>();
      try {
        for (Actor actor : actors) {
          Thread t = new Thread(actor, "engine-actor-" + actor.index);
          // A deadlocked actor must not keep the JVM alive after the test has failed.
          t.setDaemon(true);
          workers.add(t);
          t.start();
        }
        for (int phase = 0; phase < PHASES; phase++) {
          if (phaser.arriveAndAwaitAdvance() < 0) {
            break; // terminated by a failure
          }
          checkQuiescent("after phase " + phase);
          if (phaser.arriveAndAwaitAdvance() < 0) {
            break;
          }
        }
        if (failure.get() == null) {
          for (Thread t : workers) {
            t.join(remainingMillis());
            if (t.isAlive()) {
              abort(t.getName() + " did not end before the deadline\n" + threadDump(null), null);
            }
          }
        }
        if (failure.get() == null) {
          finish();
        }
      } catch (InterruptedException e) {
        // The watchdog interrupts this thread when it fails the run; its report is in failure.
        abort("test thread interrupted", e);
      } catch (RuntimeException | Error e) {
        abort("test thread failed: " + e, e);
      } finally {
        polling.cancel(false);
        watchdog.shutdownNow();
        try {
          watchdog.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          // cleared just below
        }
        Thread.interrupted(); // the watchdog's interrupt must not leak into JUnit
        // Joining a stuck RDBSS worker would hang: close only an idle one (it is a daemon).
        if (f.worker.awaitIdle(Duration.ofSeconds(5))) {
          f.close();
        }
      }
      AssertionError first = failure.get();
      if (first != null) {
        throw first;
      }
    }

    /** At a quiescent point: the RDBSS worker idle, no bugcheck, the invariants, exact counts. */
    private void checkQuiescent(String when) {
      awaitWorkerIdle(when);
      requireNoBugCheck(when);
      List<FobxImpl> open = new ArrayList<>();
      List<FobxImpl> cleaned = new ArrayList<>();
      for (Actor a : actors) {
        open.addAll(a.open);
        cleaned.addAll(a.cleaned);
      }
      List<String> broken = Invariants.check(f.device, open, cleaned);
      if (!broken.isEmpty()) {
        abort(when + ": invariants of §9 pitfall 22 broken: " + broken, null);
        return;
      }
      // Quiescent, and every view and FOBX reference the threads took is known: the counts must
      // be exact.
      Map<RxNode, Integer> held = new HashMap<>();
      for (Actor a : actors) {
        for (VNetRootImpl v : a.views) {
          held.merge(v, 1, Integer::sum);
        }
        for (FobxImpl x : a.fobxRefs) {
          held.merge(x, 1, Integer::sum);
        }
      }
      List<String> unaccounted = Invariants.checkExactCounts(f.device, open, held);
      if (!unaccounted.isEmpty()) {
        abort(when + ": references not accounted for (§2.2): " + unaccounted, null);
      }
    }

    /**
     * The end: close every handle, drop every reference, let the scavenger finish, and expect no
     * bugcheck, the invariants, and nothing left alive.
     */
    private void finish() {
      awaitWorkerIdle("after the last phase");
      for (Actor a : actors) {
        for (FobxImpl x : a.open) {
          if (!a.cleaned.contains(x)) {
            f.files.cleanup(x);
          }
          f.files.close(x);
        }
        a.open.clear();
        a.cleaned.clear();
        for (FobxImpl x : a.fobxRefs) {
          f.rdbss.dereference(x, LockHoldingState.NOT_HELD);
        }
        a.fobxRefs.clear();
        for (VNetRootImpl v : a.views) {
          f.releaseUnlocked(v);
        }
        a.views.clear();
      }
      // Periods until nothing waits for the scavenger. A mark made just now may not be due at the
      // next pass if the timer was armed earlier; a scavenged FOBX marks its view when it takes
      // its FCB (§6.8 idle connections), so that view goes one pass later with its NET_ROOT and
      // SRV_CALL. Four periods cover that chain; whatever is left after them is a leak.
      for (int i = 0; i < 4 && f.engine.scavenger.markedCount() > 0; i++) {
        f.clock.advance(EngineFixture.SCAVENGER_PERIOD);
        awaitWorkerIdle("scavenger period " + i + " at the end");
      }
      requireNoBugCheck("at the end");
      List<String> broken = Invariants.check(f.device, List.of(), List.of());
      if (!broken.isEmpty()) {
        abort("at the end: invariants of §9 pitfall 22 broken: " + broken, null);
        return;
      }
      List<String> leaks = new ObjectTree(f.device).leaks();
      if (!leaks.isEmpty() || !f.device.liveObjects().isEmpty()) {
        abort("leaked after closing every handle and dropping every reference: " + leaks, null);
        return;
      }
      // A passing run must have raced what the test claims to race; if a change of workload made
      // one of these unreachable, the test would pass without testing it.
      for (String expected : EXERCISED) {
        if (events.getOrDefault(expected, 0) == 0) {
          abort("the run never reached " + expected + " (events seen: " + events + ")", null);
          return;
        }
      }
    }

    private void awaitWorkerIdle(String when) {
      if (!f.worker.awaitIdle(Duration.ofMillis(remainingMillis()))) {
        abort(when + ": the RDBSS worker did not become idle before the deadline\n"
            + threadDump(null), null);
      }
    }

    private void requireNoBugCheck(String when) {
      List<BugCheckError> all = f.bugChecks.all();
      if (!all.isEmpty()) {
        abort(when + ": bugcheck recorded: " + all.get(0).getMessage(), all.get(0));
      }
    }

    private long remainingMillis() {
      long left = DEADLINE.toMillis() - (System.nanoTime() - startNanos) / 1_000_000;
      return Math.max(1, left);
    }

    /** The watchdog's poll: a deadlock cycle or an overrun fails the run with a thread dump. */
    private void watch() {
      if (failure.get() != null) {
        return;
      }
      try {
        long[] deadlocked = threads.findDeadlockedThreads();
        if (deadlocked != null) {
          abort("deadlock: threads " + Arrays.toString(deadlocked) + " wait for each other\n"
              + threadDump(deadlocked), null);
        } else if (System.nanoTime() - startNanos > DEADLINE.toNanos()) {
          abort("the run exceeded " + DEADLINE.toSeconds() + " s (a deadlock on RDBSS resources"
              + " shows here: see what each thread holds and waits for)\n" + threadDump(null),
              null);
        }
      } catch (RuntimeException e) {
        // A periodic task that throws is never run again: the run would lose its watchdog.
        abort("the watchdog failed: " + e, e);
      }
    }

    /**
     * Records the first failure, with every thread's seed and progress, stops the actors and wakes
     * the test thread. Later failures (often consequences of the first) are dropped.
     */
    void abort(String what, @Nullable Throwable cause) {
      // After a bugcheck every later call fails with "the machine has stopped", and such a failure
      // may be recorded before the bugcheck hook runs: the bugcheck itself is the headline.
      BugCheckError crash = f.bugChecks.first().orElse(null);
      StringBuilder report = new StringBuilder();
      Throwable reported = cause;
      if (crash != null && cause != crash) {
        report.append("bugcheck: ").append(crash.getMessage()).append("\nthen ");
        reported = crash;
      }
      report.append(what);
      report.append("\nseeds and progress:");
      for (Actor a : actors) {
        report.append("\n  engine-actor-").append(a.index).append(" seed ").append(a.seed)
            .append(" at operation ").append(a.done).append(" (").append(a.current).append(')');
      }
      AssertionError error = new AssertionError(report.toString(), reported);
      if (failure.compareAndSet(null, error)) {
        phaser.forceTermination();
        if (Thread.currentThread() != testThread) {
          testThread.interrupt();
        }
      }
    }

    /**
     * A full thread dump (ThreadInfo.toString() stops at eight frames): every frame, the monitors
     * locked at each, the ownable synchronizers held, and the RDBSS resources the thread owns as
     * the lock-order checker sees them.
     */
    private String threadDump(long @Nullable [] highlight) {
      LockOrderChecker lockOrder = f.lockOrder;
      // An RxResource wait is a wait on the resource's monitor: name the resource, so that a
      // deadlock on RDBSS resources reads as "holds X, waits for Y".
      Map<Integer, String> resources = new HashMap<>();
      RxResource netName = f.device.netNameLock();
      resources.put(System.identityHashCode(netName), netName.describe());
      for (RxNode n : f.device.liveObjects()) {
        RxResource r = null;
        if (n instanceof NetRootImpl netRoot) {
          r = netRoot.fcbTable.lock;
        } else if (n instanceof FcbImpl fcb) {
          r = fcb.resource;
        }
        if (r != null) {
          resources.put(System.identityHashCode(r), r.describe());
        }
      }
      StringBuilder out = new StringBuilder("thread dump:\n");
      for (ThreadInfo info : threads.dumpAllThreads(true, true)) {
        long id = info.getThreadId();
        boolean marked = highlight != null && Arrays.stream(highlight).anyMatch(h -> h == id);
        out.append(marked ? "* " : "  ").append('"').append(info.getThreadName()).append("\" #")
            .append(id).append(' ').append(info.getThreadState());
        LockInfo waitingOn = info.getLockInfo();
        if (waitingOn != null) {
          out.append(" on ").append(waitingOn);
          String resource = resources.get(waitingOn.getIdentityHashCode());
          if (resource != null) {
            out.append(" (waits for ").append(resource).append(')');
          }
        }
        if (info.getLockOwnerName() != null) {
          out.append(" owned by \"").append(info.getLockOwnerName()).append("\" #")
              .append(info.getLockOwnerId());
        }
        out.append('\n');
        // LockOwner.currentThread() is the thread id shifted left by two (LockOwner's contract).
        List<RxResource> held = lockOrder.heldBy(LockOwner.of(id << 2, "dump"));
        if (!held.isEmpty()) {
          out.append("    holds RDBSS resources ");
          for (RxResource r : held) {
            out.append('[').append(r.describe()).append(']');
          }
          out.append('\n');
        }
        StackTraceElement[] stack = info.getStackTrace();
        MonitorInfo[] monitors = info.getLockedMonitors();
        for (int depth = 0; depth < stack.length; depth++) {
          out.append("    at ").append(stack[depth]).append('\n');
          for (MonitorInfo m : monitors) {
            if (m.getLockedStackDepth() == depth) {
              out.append("      - locked ").append(m).append('\n');
            }
          }
        }
        LockInfo[] synchronizers = info.getLockedSynchronizers();
        if (synchronizers.length > 0) {
          out.append("    locked synchronizers ").append(Arrays.toString(synchronizers))
              .append('\n');
        }
      }
      return out.toString();
    }
  }

  /**
   * One thread's operations and what it holds: views with a reference of its own (one entry per
   * reference), open handles, the handles already cleaned up, and extra FOBX references. Only its
   * thread touches them, except the test thread at quiescent points and at the end (the {@link
   * Phaser} and the join order those accesses).
   */
  @SuppressWarnings("try") // lock scopes are held for their extent and never referenced
  private static final class Actor implements Runnable {

    final Run run;
    final EngineFixture f;
    final Workload w;
    final int index;
    final long seed;
    final SplittableRandom random;
    final List<VNetRootImpl> views = new ArrayList<>();
    final Set<FobxImpl> open = new LinkedHashSet<>();
    final Set<FobxImpl> cleaned = new LinkedHashSet<>();
    /** Extra FOBX references of this thread, one entry per reference; they outlive the handle. */
    final List<FobxImpl> fobxRefs = new ArrayList<>();
    final AtomicInteger done = new AtomicInteger();
    volatile String current = "not started";

    Actor(Run run, int index, long seed) {
      this.run = run;
      this.f = run.f;
      this.w = run.workload;
      this.index = index;
      this.seed = seed;
      this.random = new SplittableRandom(seed);
    }

    @Override
    public void run() {
      try {
        for (int phase = 0; phase < PHASES; phase++) {
          for (int i = 0; i < OPS_PER_PHASE; i++) {
            if (run.phaser.isTerminated()) {
              return;
            }
            step();
            done.incrementAndGet();
          }
          current = "paused after phase " + phase;
          if (!pauseForCheck()) {
            return;
          }
        }
        current = "finished";
      } catch (Throwable t) {
        run.abort("engine-actor-" + index + " (seed " + seed + ") failed at operation " + done
            + " " + current + ": " + t, t);
      }
    }

    /**
     * The quiescent point, holding no lock: arrive when the phase's operations are done, wait
     * while the test thread checks, resume when it arrives again. False once the run was stopped.
     */
    private boolean pauseForCheck() {
      if (run.phaser.arriveAndAwaitAdvance() < 0) {
        return false;
      }
      return run.phaser.arriveAndAwaitAdvance() >= 0;
    }

    /**
     * One step. Every step draws the same values from the seeded source whatever the state, so a
     * seed fixes the sequence of operations and arguments exactly; what each does depends on the
     * state it meets, which the other threads change.
     */
    private void step() {
      Step s =
          new Step(
              choose(random.nextInt(TOTAL_WEIGHT)),
              new LogonId(1 + random.nextInt(w.logons())),
              w.servers().get(random.nextInt(w.servers().size())),
              w.shares().get(random.nextInt(w.shares().size())),
              w.files().get(random.nextInt(w.files().size())),
              random.nextInt(4),
              random.nextInt(1 << 16),
              LEVELS[random.nextInt(LEVELS.length)],
              Duration.ofSeconds(1 + random.nextInt(12)));
      Op op = s.op();
      // Keep what one thread holds bounded: past a bound, give back instead of taking more.
      if ((op == Op.CONNECT || op == Op.REFERENCE_VIEW) && views.size() >= MAX_VIEWS) {
        op = Op.RELEASE_VIEW;
      } else if (op == Op.REFERENCE_HANDLE && fobxRefs.size() >= MAX_HANDLES) {
        op = Op.RELEASE_HANDLE;
      } else if (op == Op.OPEN && open.size() >= MAX_HANDLES) {
        op = Op.CLOSE;
      } else if (op == Op.TICK && index != 0) {
        op = Op.LOOKUP; // only thread 0 advances the clock
      }
      current = op + " " + s;
      switch (op) {
        case CONNECT -> views.add(f.connect(s.logon(), s.server(), s.share()));
        case LOOKUP -> lookup(s);
        case OPEN -> openFile(s);
        case CLEANUP -> cleanup(s.pick());
        case CLOSE -> close(s.pick());
        case REFERENCE_VIEW -> referenceView(s.pick());
        case RELEASE_VIEW -> releaseView(s.pick(), s.variant());
        case REFERENCE_HANDLE -> referenceHandle(s.pick());
        case RELEASE_HANDLE -> releaseHandle(s.pick());
        case FORCE_ALL -> forceAll(s.server() + s.share());
        case FINALIZE_CONNECTION -> finalizeConnection(s);
        case TICK -> f.clock.advance(s.tick());
      }
    }

    private static final ConnectionFinalizeLevel[] LEVELS = ConnectionFinalizeLevel.values();

    private static Op choose(int draw) {
      int r = draw;
      for (Op op : Op.values()) {
        r -= op.weight;
        if (r < 0) {
          return op;
        }
      }
      throw new IllegalArgumentException("draw " + draw + " beyond the weights");
    }

    private static String viewName(Step s) {
      return "\\;:" + s.logon() + s.server() + s.share(); // as EngineFixture.connect names it
    }

    /** Referenced lookups (§3.2) and the dereference under each lock-holding state (§2.3). */
    private void lookup(Step s) {
      NetNameTable table = f.rdbss.netNameTable();
      switch (s.variant()) {
        case 0 -> {
          // Dropped while the shared lock is still held.
          try (LockScope shared = table.acquireShared()) {
            Optional<SrvCall> found = table.lookupSrvCall(s.server());
            found.ifPresent(x -> f.rdbss.dereference(x, LockHoldingState.SHARED));
          }
        }
        case 1 -> {
          // Dropped after the lock is released.
          Optional<NetRoot> found;
          try (LockScope shared = table.acquireShared()) {
            found = table.lookupNetRoot(s.server() + s.share());
          }
          found.ifPresent(x -> f.rdbss.dereference(x, LockHoldingState.NOT_HELD));
        }
        case 2 -> {
          // The prefix walk of §3.2 over a file name; a NET_ROOT hit answers its default view.
          try (LockScope shared = table.acquireShared()) {
            Optional<NetNameTable.Lookup> found = table.lookup(s.server() + s.share() + s.file());
            found.ifPresent(x -> f.rdbss.dereference(x.entry(), LockHoldingState.SHARED));
          }
        }
        default -> {
          // Dropped under the exclusive lock: an idle view reaching its floor is finalized now.
          try (LockScope exclusive = table.acquireExclusive()) {
            Optional<VNetRoot> found = table.lookupVNetRoot(viewName(s));
            found.ifPresent(x -> f.rdbss.dereference(x, LockHoldingState.EXCLUSIVE));
          }
        }
      }
    }

    /**
     * An open as §6.3 and §6.4 do it: the view is found by name under the shared lock (or built
     * under the exclusive one), the lock is released, then the file is opened through the view the
     * lookup referenced. Between the two a forced teardown may finalize the view: that window is
     * RDBSS's, and the engine must survive it.
     */
    private void openFile(Step s) {
      NetNameTable table = f.rdbss.netNameTable();
      Optional<VNetRoot> found;
      try (LockScope shared = table.acquireShared()) {
        found = table.lookupVNetRoot(viewName(s));
      }
      VNetRootImpl view =
          found.isPresent()
              ? (VNetRootImpl) found.get()
              : f.connect(s.logon(), s.server(), s.share());
      open.add(f.open(view, s.file()));
      f.releaseUnlocked(view); // the lookup's reference; the handle keeps the view alive
    }

    private void cleanup(int pick) {
      FobxImpl x = pick(new ArrayList<>(open), pick);
      if (x != null && cleaned.add(x)) {
        f.files.cleanup(x);
      }
    }

    private void close(int pick) {
      FobxImpl x = pick(new ArrayList<>(open), pick);
      if (x == null) {
        return;
      }
      if (cleaned.add(x)) {
        f.files.cleanup(x);
      }
      f.files.close(x);
      open.remove(x);
      cleaned.remove(x);
    }

    /** RxReference on a view this thread holds, under the shared lock (§3.3). */
    private void referenceView(int pick) {
      VNetRootImpl v = pick(views, pick);
      if (v == null) {
        return;
      }
      try (LockScope shared = f.rdbss.netNameTable().acquireShared()) {
        f.rdbss.reference(v);
      }
      views.add(v);
    }

    /** Drops one of this thread's view references, saying truthfully what it holds (§2.3). */
    private void releaseView(int pick, int variant) {
      if (views.isEmpty()) {
        return;
      }
      VNetRootImpl v = views.remove(Math.floorMod(pick, views.size()));
      switch (variant) {
        case 0 -> f.releaseUnlocked(v);
        case 1 -> {
          try (LockScope shared = f.rdbss.netNameTable().acquireShared()) {
            f.rdbss.dereference(v, LockHoldingState.SHARED);
          }
        }
        default -> f.release(v);
      }
    }

    /**
     * An extra reference on an open handle's FOBX, as a mini-redirector takes for an operation in
     * flight; RxReference of a FOBX under its FCB lock (§2.3, §3.3).
     */
    private void referenceHandle(int pick) {
      FobxImpl x = pick(new ArrayList<>(open), pick);
      if (x == null) {
        return;
      }
      try (LockScope held = x.rawSrvOpen().rawFcb().resource.exclusiveScope()) {
        f.rdbss.reference(x);
      }
      fobxRefs.add(x);
    }

    /**
     * Drops an extra FOBX reference without the FCB lock, as the completion of an operation in
     * flight does, possibly after the handle was closed: the FOBX then goes to the scavenger
     * (§2.3), the delayed-close route of §2.5 order 4.
     */
    private void releaseHandle(int pick) {
      if (fobxRefs.isEmpty()) {
        return;
      }
      FobxImpl x = fobxRefs.remove(Math.floorMod(pick, fobxRefs.size()));
      f.rdbss.dereference(x, LockHoldingState.NOT_HELD);
    }

    /** The CSC pattern (§4.1): a referenced NET_ROOT by lookup, all under the exclusive lock. */
    private void forceAll(String netRootName) {
      NetNameTable table = f.rdbss.netNameTable();
      try (LockScope exclusive = table.acquireExclusive()) {
        Optional<NetRoot> found = table.lookupNetRoot(netRootName);
        if (found.isPresent()) {
          f.rdbss.forceFinalizeAllVNetRoots(found.get());
          f.rdbss.dereference(found.get(), LockHoldingState.EXCLUSIVE);
        }
      }
    }

    /**
     * {@code RxFinalizeConnection} (§4.3), which takes the netname lock itself: on a view this
     * thread holds (possibly force-finalized meanwhile by another thread), or on every view of a
     * NET_ROOT found by name (§11, null view).
     */
    private void finalizeConnection(Step s) {
      if (s.variant() < 2) {
        VNetRootImpl v = pick(views, s.pick());
        if (v != null) {
          f.rdbss.finalizeConnection(v.rawNetRoot(), v, s.level());
        }
        return;
      }
      Optional<NetRoot> found;
      try (LockScope shared = f.rdbss.netNameTable().acquireShared()) {
        found = f.rdbss.netNameTable().lookupNetRoot(s.server() + s.share());
      }
      if (found.isPresent()) {
        f.rdbss.finalizeConnection(found.get(), null, s.level());
        f.rdbss.dereference(found.get(), LockHoldingState.NOT_HELD);
      }
    }

    private static <T> @Nullable T pick(List<T> list, int pick) {
      return list.isEmpty() ? null : list.get(Math.floorMod(pick, list.size()));
    }
  }

  /** The values one step draws, all of them every time (see {@link Actor#step()}). */
  record Step(
      Op op,
      LogonId logon,
      String server,
      String share,
      String file,
      int variant,
      int pick,
      ConnectionFinalizeLevel level,
      Duration tick) {
    @Override
    public String toString() {
      return "logon " + logon + " " + server + share + file + " variant " + variant + " pick "
          + pick + " " + level + " tick " + tick.toSeconds() + "s";
    }
  }
}
