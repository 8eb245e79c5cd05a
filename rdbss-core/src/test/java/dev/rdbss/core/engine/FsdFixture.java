package dev.rdbss.core.engine;

import dev.rdbss.api.Credentials;
import dev.rdbss.api.LockHoldingState;
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
 * the I/O manager drives it, with the engine's objects reachable for assertions and for states the
 * host API cannot produce yet (a delayed close, §6.7). {@link #close} fails on a leak.
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
    return fsd.create(new Fsd.CreateIrp(name, request.parameters(), logon,
        credentials("user" + logon.value()), false));
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
   * What the delayed close of §6.7 leaves behind (built by the I/O path's close elsewhere): the
   * handle is cleaned up and closed, but the SRV_OPEN stays open on the server, CLOSE_DELAYED, and
   * its FOBX waits for the scavenger (dormant), its reference dropped without the FCB lock.
   */
  void delayedClose(FileObject fo) {
    fsd.cleanup(fo);
    fo.markClosed();
    open.remove(fo);
    FobxImpl fobx = Objects.requireNonNull(fo.fobx);
    SrvOpenImpl srvOpen = fobx.rawSrvOpen();
    FcbImpl fcb = srvOpen.rawFcb();
    try (var held = fcb.resource.exclusiveScope()) {
      fcb.addOpenCount(-1);
      srvOpen.addOpenCount(-1);
      srvOpen.setFlag(SrvOpenFlag.CLOSE_DELAYED, true);
      fcb.rawNetRoot().rawSrvCall().addCloseDelayed(1);
    }
    engine.references.dereference(fobx, LockHoldingState.NOT_HELD);
  }

  void close(FileObject fo) {
    fsd.close(fo);
    open.remove(fo);
  }

  /** Lets one scavenger period pass and waits until the worker has run what it caused. */
  void passScavengerPeriod() {
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
        for (FileObject fo : List.copyOf(open)) {
          fsd.close(fo);
        }
        // Delayed closes are finished the way RDBSS's on-demand scavenging does, which also lets
        // their FCBs go (the scavenger's own pass is the delayed-close implementation's).
        for (RxNode node : device.liveObjects()) {
          if (node instanceof NetRootImpl netRoot && !netRoot.isFreed()) {
            new DormantFobxs(engine).scavengeForNetRoot(netRoot);
          }
        }
        device.worker().awaitIdle();
        engine.scavenger.finalizeAllMarked();
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
