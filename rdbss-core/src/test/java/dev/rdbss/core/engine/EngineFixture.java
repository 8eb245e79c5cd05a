package dev.rdbss.core.engine;

import dev.rdbss.api.Condition;
import dev.rdbss.api.ConnectionId;
import dev.rdbss.api.Credentials;
import dev.rdbss.api.LockHoldingState;
import dev.rdbss.api.LogonId;
import dev.rdbss.api.io.CreateRequest;
import dev.rdbss.api.spi.LockScope;
import dev.rdbss.api.spi.MajorFunction;
import dev.rdbss.api.spi.MiniRedirectorDescriptor;
import dev.rdbss.core.kernel.BugChecks;
import dev.rdbss.core.kernel.Irqls;
import dev.rdbss.core.kernel.Kernel;
import dev.rdbss.core.kernel.LockOrderChecker;
import dev.rdbss.core.ManualClock;
import dev.rdbss.core.kernel.RdbssWorker;
import dev.rdbss.core.trace.Tracer;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One device's engine with a {@link RecordingMiniRedirector}, a manual clock and a real RDBSS
 * worker: what the engine tests drive. {@link #connect} and {@link #open} do the object work of a
 * UNC open the way §6.3 and §6.4 describe, so that tests start from realistic states.
 */
final class EngineFixture implements AutoCloseable {

  static final Duration SCAVENGER_PERIOD = Duration.ofSeconds(10);
  static final String PASSWORD = "s3cr3t-Pa55";

  final BugChecks bugChecks = new BugChecks();
  final Irqls irqls = new Irqls(bugChecks);
  final LockOrderChecker lockOrder = new LockOrderChecker(bugChecks);
  final ManualClock clock = new ManualClock();
  final RdbssWorker worker = new RdbssWorker("test", bugChecks);
  final Tracer tracer = new Tracer(clock::nanoTime, 100_000);
  final RecordingMiniRedirector mrx = new RecordingMiniRedirector();
  final Device device;
  final Engine engine;
  final RdbssService rdbss;
  final FileObjects files;

  EngineFixture() {
    this(MiniRedirectorDescriptor.builder("rec", "\\Device\\RecordingRedirector").build());
  }

  EngineFixture(MiniRedirectorDescriptor descriptor) {
    device =
        new Device(
            descriptor,
            new Kernel(
                bugChecks, irqls, lockOrder, worker, clock, tracer, new AtomicLong()));
    engine = new Engine(device);
    rdbss = new RdbssService(engine);
    files = new FileObjects(engine, rdbss);
    device.setMiniRedirector(mrx);
    mrx.attach(rdbss);
  }

  static LogonId logon(long id) {
    return new LogonId(id);
  }

  RxContextImpl userContext(LogonId logon) {
    return contextFor(logon);
  }

  /** A create context of {@code logon}'s user with explicit credentials. */
  static RxContextImpl contextFor(LogonId logon) {
    RxContextImpl ctx =
        new RxContextImpl(
            MajorFunction.CREATE,
            logon,
            Credentials.of("user" + logon.value(), PASSWORD.toCharArray()),
            false,
            true);
    // A read-write open that shares everything, so tests may open one file many times.
    ctx.setCreate(
        new CreateContextImpl(
            CreateRequest.readWrite().openIf().shareAll().parameters(), "", false));
    return ctx;
  }

  /**
   * Finds or builds the SRV_CALL, the NET_ROOT of {@code \server\share} and the logon's UNC view
   * {@code \;:<logon>\server\share} (§3.1, §6.3), all Good; returns the view with a reference for
   * the caller.
   */
  VNetRootImpl connect(LogonId logon, String server, String share) {
    return connect(rdbss, contextFor(logon), server, share);
  }

  /** {@link #connect(LogonId, String, String)} on any device's service, for {@code ctx}'s logon. */
  static VNetRootImpl connect(RdbssService rdbss, RxContextImpl ctx, String server, String share) {
    LogonId logon = ctx.logonId();
    try (LockScope exclusive = rdbss.netNameTable().acquireExclusive()) {
      SrvCallImpl srvCall =
          (SrvCallImpl)
              rdbss.netNameTable().lookupSrvCall(server).orElseGet(() -> {
                SrvCallImpl s =
                    (SrvCallImpl) rdbss.createSrvCall(ctx, server, null, ConnectionId.NONE);
                s.setCaseInsensitiveNetRoots(true);
                s.setCaseInsensitiveFileNames(true);
                s.condition.transition(Condition.GOOD);
                return s;
              });
      String netRootName = server + share;
      NetRootImpl netRoot =
          (NetRootImpl)
              rdbss.netNameTable().lookupNetRoot(netRootName).orElseGet(() -> {
                NetRootImpl n =
                    (NetRootImpl)
                        rdbss.createNetRoot(srvCall, netRootName, Set.of(), ConnectionId.NONE);
                n.condition.transition(Condition.GOOD);
                return n;
              });
      String local = "\\;:" + logon;
      VNetRootImpl view =
          (VNetRootImpl)
              rdbss.netNameTable().lookupVNetRoot(local + netRootName).orElseGet(() -> {
                VNetRootImpl v =
                    (VNetRootImpl)
                        rdbss.createVNetRoot(
                            ctx, netRoot, local + netRootName, local, "", ConnectionId.NONE);
                v.condition.transition(Condition.GOOD);
                return v;
              });
      // The lookups' (or creations') references on the SRV_CALL and NET_ROOT are not kept.
      rdbss.dereference(netRoot, LockHoldingState.EXCLUSIVE);
      rdbss.dereference(srvCall, LockHoldingState.EXCLUSIVE);
      return view;
    }
  }

  /** Opens {@code path} through the view; fails the test if the open fails. */
  FobxImpl open(VNetRootImpl view, String path) {
    FileObjects.Result r = files.open(userContext(view.rawLogonId()), view, path);
    if (r.fobx() == null) {
      throw new AssertionError("open of " + path + " failed: " + r.status());
    }
    return r.fobx();
  }

  /** Cleanup then close of a handle (§6.6, §6.7). */
  void closeHandle(FobxImpl fobx) {
    files.cleanup(fobx);
    files.close(fobx);
  }

  /**
   * The object work of a delayed close (§6.7), which the I/O path will do: the handle's open counts
   * go, the SRV_OPEN stays open on the server marked CLOSE_DELAYED and counted on its SRV_CALL, and
   * the FOBX, dormant since its cleanup (§6.6), loses its last reference without the FCB lock, so
   * that it waits for the scavenger (§2.3). Call after {@code files.cleanup(fobx)}.
   */
  void closeDelayed(FobxImpl fobx) {
    SrvOpenImpl srvOpen = fobx.rawSrvOpen();
    FcbImpl fcb = srvOpen.rawFcb();
    // What a plugin grants for delayed closes (§6.7): collapsing, and room on the SRV_CALL.
    try (LockScope held = fcb.resource.exclusiveScope()) {
      fcb.setState(dev.rdbss.api.FcbState.COLLAPSING, true);
    }
    SrvCallImpl srvCall = fcb.rawNetRoot().rawSrvCall();
    srvCall.setMaximumNumberOfCloseDelayedFiles(srvCall.numberOfCloseDelayedFiles() + 2);
    files.close(fobx);
    if (!srvOpen.hasFlag(dev.rdbss.api.SrvOpenFlag.CLOSE_DELAYED)) {
      throw new AssertionError("the close of " + fobx + " was not delayed");
    }
  }

  /** Drops a reference the test holds on a connection object, under the exclusive lock. */
  void release(RxNode node) {
    try (LockScope exclusive = rdbss.netNameTable().acquireExclusive()) {
      rdbss.dereference((dev.rdbss.api.object.Referenceable) node, LockHoldingState.EXCLUSIVE);
    }
  }

  /** Drops a reference without the lock, so that the object is marked for the scavenger. */
  void releaseUnlocked(RxNode node) {
    rdbss.dereference((dev.rdbss.api.object.Referenceable) node, LockHoldingState.NOT_HELD);
  }

  /** Lets one scavenger period pass and waits until the worker has run what it caused. */
  void passScavengerPeriod() {
    clock.advance(SCAVENGER_PERIOD);
    worker.awaitIdle();
  }

  int count(RxNode node) {
    return engine.countOf(node);
  }

  @Override
  public void close() {
    worker.shutdown();
  }
}
