package dev.rdbss.core.engine;

import dev.rdbss.api.observe.ObjectNode;
import dev.rdbss.api.observe.TraceEvent;
import dev.rdbss.api.spi.MiniRedirector;
import dev.rdbss.api.spi.MiniRedirectorDescriptor;
import dev.rdbss.api.spi.Rdbss;
import dev.rdbss.core.kernel.Kernel;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * One mini-redirector registered with RDBSS: what {@code RxRegisterMinirdr} creates (spec §5.1 step
 * 2), namely the device with its own netname table and scavenger, and what {@code
 * RxUnregisterMinirdr} takes down (step 6), with the leak check of issue 4 point 9. The runtime
 * holds one per provider; everything else about the device stays inside the engine.
 */
public final class RegisteredDevice {

  private final Device device;
  private final Engine engine;
  private final RdbssService rdbss;
  private final ObjectTree tree;
  private final Fsd fsd;
  private volatile boolean unregistered;

  private RegisteredDevice(Device device, Engine engine, RdbssService rdbss) {
    this.device = device;
    this.engine = engine;
    this.rdbss = rdbss;
    this.tree = new ObjectTree(device);
    this.fsd = new Fsd(engine, rdbss);
  }

  /**
   * {@code RxRegisterMinirdr}: creates the device of {@code descriptor} on {@code kernel} and asks
   * {@code factory} (the provider's {@code create}) for the dispatch table, handing it the {@link
   * Rdbss} service of this device.
   *
   * @throws RuntimeException whatever the factory throws; nothing is registered then
   */
  public static RegisteredDevice register(
      MiniRedirectorDescriptor descriptor,
      Kernel kernel,
      EngineOptions options,
      Function<Rdbss, MiniRedirector> factory) {
    Device device = new Device(descriptor, kernel);
    device.setOptions(options);
    Engine engine = new Engine(device);
    RdbssService rdbss = new RdbssService(engine);
    MiniRedirector miniRedirector =
        Objects.requireNonNull(
            factory.apply(rdbss),
            () -> "the provider of '" + descriptor.name() + "' created no mini-redirector (null)");
    device.setMiniRedirector(miniRedirector);
    kernel
        .tracer()
        .record(TraceEvent.Kind.RUNTIME, device.name(), "registerMinirdr", null, null, descriptor.name());
    return new RegisteredDevice(device, engine, rdbss);
  }

  /** The mini-redirector's name. */
  public String name() {
    return device.descriptor().name();
  }

  /** The device name ({@code \Device\…}). */
  public String deviceName() {
    return device.name();
  }

  /** The descriptor the provider gave. */
  public MiniRedirectorDescriptor descriptor() {
    return device.descriptor();
  }

  /** The {@link Rdbss} service of this device, as the plugin sees it. */
  public Rdbss rdbss() {
    return rdbss;
  }

  /**
   * Makes RDBSS choose at random, from {@code seed}, among the callback orders the spec permits
   * (§2.5, §9 pitfall 7), instead of the canonical one; see {@code CallbackOrders}.
   */
  public void permuteCallbackOrders(long seed) {
    device.setCallbackOrders(CallbackOrders.seeded(seed));
  }

  /** The dispatch entry of the I/O manager (the host API) into this device. */
  public Fsd fsd() {
    return fsd;
  }

  /** The SRV_CALL trees of the device, with every object not yet freed (ARCHITECTURE.md §3.5). */
  public List<ObjectNode> objectTree() {
    return tree.roots();
  }

  /** Whether {@link #unregister()} has run. */
  public boolean isUnregistered() {
    return unregistered;
  }

  /**
   * {@code RxUnregisterMinirdr} (§5.1 step 6): finalizes what only waits for the scavenger (the
   * name tables are finalized, not leaked), stops the scavenger, and reports every object still
   * alive, one line each with its type, name, reference count and what holds it. An empty list
   * means no leak. Unregistering twice reports nothing the second time. Called with no lock held.
   * A mini-redirector that is {@link AutoCloseable} (one that owns files, connections or threads,
   * such as the CSC sample's cache store) is closed last, once; a failure there is logged.
   */
  public synchronized List<String> unregister() {
    if (unregistered) {
      return List.of();
    }
    if (!device.bugChecks().hasCrashed()) {
      // What the worker still has queued (a construction finishing, a finalization posted) is
      // part of the device's work, not a leak: let it run first.
      device.worker().awaitIdle();
      engine.scavenger.finalizeAllMarked();
    }
    engine.scavenger.stop();
    unregistered = true;
    List<String> leaks = tree.leaks();
    if (device.miniRedirector() instanceof AutoCloseable closeable) {
      try {
        closeable.close();
      } catch (Exception e) {
        System.getLogger(RegisteredDevice.class.getName())
            .log(System.Logger.Level.WARNING, "closing " + name() + " failed", e);
      }
    }
    device
        .tracer()
        .record(
            TraceEvent.Kind.RUNTIME,
            device.name(),
            "unregisterMinirdr",
            null,
            null,
            leaks.isEmpty() ? "no leak" : leaks.size() + " object(s) leaked");
    return leaks;
  }

  @Override
  public String toString() {
    return name() + " (" + deviceName() + ")";
  }
}
