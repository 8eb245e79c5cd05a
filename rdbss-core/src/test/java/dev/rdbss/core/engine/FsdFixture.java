package dev.rdbss.core.engine;

import dev.rdbss.api.Credentials;
import dev.rdbss.api.FcbState;
import dev.rdbss.api.LogonId;
import dev.rdbss.api.NtStatus;
import dev.rdbss.api.SrvOpenFlag;
import dev.rdbss.api.io.CreateRequest;
import dev.rdbss.api.observe.ObjectNode;
import dev.rdbss.api.spi.MiniRedirectorDescriptor;
import dev.rdbss.api.spi.RdbssControlCodes;
import dev.rdbss.core.ManualClock;
import dev.rdbss.core.kernel.Kernel;
import dev.rdbss.core.memory.MemoryMiniRedirector;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One started device with a {@link MemoryMiniRedirector}, driven through its {@link Fsd} the way
 * the I/O manager drives it, with the engine's objects reachable for assertions and for what a
 * plugin would grant (a delayed close, §6.7). {@link #close} fails on a leak.
 */
final class FsdFixture implements AutoCloseable {

  static final Duration SCAVENGER_PERIOD = Duration.ofSeconds(10);

  final ManualClock clock = new ManualClock();
  final Kernel kernel = Kernel.create(clock, 100_000);
  final MemoryMiniRedirector mrx;
  final Device device;
  final Engine engine;
  final RdbssService rdbss;
  final Fsd fsd;
  private final List<FileObject> open = new ArrayList<>();
  /** Every file handle a create returned, for the invariants. */
  private final List<FileObject> handles = new ArrayList<>();

  FsdFixture(MemoryMiniRedirector mrx) {
    this.mrx = mrx;
    device = new Device(MiniRedirectorDescriptor.builder("mem", "\\Device\\mem").build(), kernel);
    device.setOptions(EngineOptions.DEFAULTS);
    engine = new Engine(device);
    rdbss = new RdbssService(engine);
    device.setMiniRedirector(mrx.attach(rdbss));
    fsd = new Fsd(engine, rdbss);
    FileObject dev = Objects.requireNonNull(create("", CreateRequest.attributesOnly(),
        LogonId.SYSTEM).fileObject());
    NtStatus started = fsd.deviceControl(dev, LogonId.SYSTEM, true,
        RdbssControlCodes.FSCTL_RDBSS_START, new byte[0], 0).status();
    fsd.close(dev);
    if (!started.isSuccess()) {
      throw new AssertionError("the device did not start: " + started);
    }
  }

  static LogonId logon(long id) {
    return new LogonId(id);
  }

  static Credentials credentials(String user) {
    return Credentials.of(user, "pw".toCharArray());
  }

  /** A create with the logon's own credentials. */
  Fsd.CreateOutcome create(String name, CreateRequest request, LogonId logon) {
    Fsd.CreateOutcome outcome = fsd.create(new Fsd.CreateIrp(name, request.parameters(), logon,
        credentials("user" + logon.value()), false));
    FileObject fo = outcome.fileObject();
    if (fo != null && fo.fobx != null) {
      handles.add(fo);
    }
    return outcome;
  }

  /**
   * The invariants of §9 pitfall 22 ({@link Invariants#check}) once the worker is idle: counts,
   * references, and each SRV_OPEN's open count held by its open handles and dormant FOBXs.
   */
  List<String> brokenInvariants() {
    device.worker().awaitIdle();
    List<FobxImpl> openHandles = new ArrayList<>();
    List<FobxImpl> cleaned = new ArrayList<>();
    for (FileObject fo : handles) {
      FobxImpl fobx = Objects.requireNonNull(fo.fobx);
      if (!fo.isClosed()) {
        openHandles.add(fobx);
        if (fo.isCleanupComplete()) {
          cleaned.add(fobx);
        }
      }
    }
    return Invariants.check(device, openHandles, cleaned);
  }

  /** A create that must succeed; the handle is closed by {@link #close} if the test does not. */
  FileObject open(String name, CreateRequest request, LogonId logon) {
    Fsd.CreateOutcome outcome = create(name, request, logon);
    FileObject fo = outcome.fileObject();
    if (fo == null) {
      throw new AssertionError("open of " + name + " failed: " + outcome.status());
    }
    open.add(fo);
    return fo;
  }

  /**
   * A delayed close (§6.7) through the real close path. First what a mini-redirector grants for one,
   * as {@link EngineFixture#closeDelayed} does: COLLAPSING in the FCB's buffering state (a plugin
   * grants it in the SRV_OPEN's buffering flags, {@link MemoryMiniRedirector#grantBuffering}) and
   * room under the SRV_CALL's {@code MaximumNumberOfCloseDelayedFiles}; then the handle's cleanup
   * and close. The SRV_OPEN stays open on the server, CLOSE_DELAYED and counted on its SRV_CALL;
   * the FOBX waits for the scavenger (dormant) and holds its SRV_OPEN's open count until it is
   * finalized.
   */
  void delayedClose(FileObject fo) {
    FobxImpl fobx = Objects.requireNonNull(fo.fobx);
    SrvOpenImpl srvOpen = fobx.rawSrvOpen();
    FcbImpl fcb = srvOpen.rawFcb();
    try (var held = fcb.resource.exclusiveScope()) {
      fcb.setState(FcbState.COLLAPSING, true);
    }
    SrvCallImpl srvCall = fcb.rawNetRoot().rawSrvCall();
    srvCall.setMaximumNumberOfCloseDelayedFiles(srvCall.numberOfCloseDelayedFiles() + 2);
    close(fo);
    if (!srvOpen.hasFlag(SrvOpenFlag.CLOSE_DELAYED)) {
      throw new AssertionError("the close of " + fobx + " was not delayed");
    }
  }

  void close(FileObject fo) {
    fsd.close(fo);
    open.remove(fo);
  }

  /**
   * Lets one scavenger period pass and waits until the worker has run what it caused. The worker
   * runs what came before first: a reference it drops (a construction's, §6.3) marks its object at
   * the clock's time then, which must be before the period starts, not during the advance.
   */
  void passScavengerPeriod() {
    device.worker().awaitIdle();
    clock.advance(SCAVENGER_PERIOD);
    device.worker().awaitIdle();
  }

  int count(RxNode node) {
    return engine.countOf(node);
  }

  /** Every object of one type in the device's tree. */
  List<ObjectNode> nodes(dev.rdbss.api.NodeType type) {
    List<ObjectNode> out = new ArrayList<>();
    for (ObjectNode root : new ObjectTree(device).roots()) {
      collect(root, type, out);
    }
    return out;
  }

  private static void collect(ObjectNode node, dev.rdbss.api.NodeType type, List<ObjectNode> out) {
    if (node.ref().type() == type) {
      out.add(node);
    }
    node.children().forEach(c -> collect(c, type, out));
  }

  /** Closes what the test left open, finalizes what waits for the scavenger, checks for leaks. */
  @Override
  public void close() {
    try {
      if (!device.bugChecks().hasCrashed()) {
        List<String> broken = brokenInvariants();
        if (!broken.isEmpty()) {
          throw new AssertionError("invariants of §9 pitfall 22 broken: " + broken);
        }
        for (FileObject fo : List.copyOf(open)) {
          fsd.close(fo);
        }
        // What waits for the scavenger goes now: delayed closes (their SRV_OPENs closed on the
        // server, their FCBs finalized), then the idle connections they leave.
        device.worker().awaitIdle();
        engine.scavenger.finalizeAllMarked();
        broken = brokenInvariants();
        if (!broken.isEmpty()) {
          throw new AssertionError("invariants of §9 pitfall 22 broken at the end: " + broken);
        }
        List<String> leaks = new ObjectTree(device).leaks();
        if (!leaks.isEmpty()) {
          throw new AssertionError("leaked: " + leaks);
        }
      }
    } finally {
      engine.scavenger.stop();
      device.worker().shutdown();
    }
  }
}
