package dev.rdbss.core;

import com.google.inject.Guice;
import com.google.inject.Injector;
import dev.rdbss.api.Credentials;
import dev.rdbss.api.LogonId;
import dev.rdbss.api.MiniRdrState;
import dev.rdbss.api.NtStatus;
import dev.rdbss.api.io.CreateRequest;
import dev.rdbss.api.io.IoSession;
import dev.rdbss.api.io.Logon;
import dev.rdbss.api.observe.Observation;
import dev.rdbss.api.spi.MiniRedirectorProvider;
import dev.rdbss.api.spi.RdbssClock;
import dev.rdbss.api.spi.RdbssControlCodes;
import dev.rdbss.core.engine.EngineOptions;
import dev.rdbss.core.engine.FileObject;
import dev.rdbss.core.engine.Fsd;
import dev.rdbss.core.engine.RegisteredDevice;
import dev.rdbss.core.io.IoManager;
import dev.rdbss.core.inject.CoreModule;
import dev.rdbss.core.inject.GuiceFlags;
import dev.rdbss.core.kernel.Kernel;
import dev.rdbss.core.registry.DiscoveryOptions;
import dev.rdbss.core.registry.DiscoveryOutcome;
import dev.rdbss.core.registry.ProviderDiscovery;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The simulated machine: RDBSS with its registered mini-redirectors (ARCHITECTURE.md §2, §3.6).
 *
 * <pre>{@code
 * try (RdbssRuntime runtime = RdbssRuntime.builder().build()) {   // providers via ServiceLoader
 *   runtime.providers().forEach(System.out::println);
 * }
 * }</pre>
 *
 * <p>Providers are found through {@code ServiceLoader} on the module path and the class path, in a
 * plugin folder ({@link Builder#pluginPath}) loaded into its own module layer, and among providers
 * handed over directly ({@link Builder#provider}). Each one found is logged with its name, device
 * name, module, version and jar. A provider whose construction throws is reported in
 * {@link #providerFailures()} and the others still load. Two providers with the same name or device
 * name make {@link Builder#build()} refuse to start with a {@link ProviderConflictException} naming
 * both jars.
 */
public final class RdbssRuntime implements AutoCloseable {

  /**
   * The {@link System.Logger} name under which provider discovery reports each provider found and
   * each failure. A host that reports the outcome itself (the CLI's {@code providers}) may mute it.
   */
  public static final String DISCOVERY_LOGGER = "dev.rdbss.core.discovery";

  private static final System.Logger LOG = System.getLogger(RdbssRuntime.class.getName());

  private final RdbssSettings settings;
  private final Kernel kernel;
  private final @Nullable AutoCloseable ownedClock;
  private final List<DiscoveredProvider> providers;
  private final List<ProviderFailure> failures;
  private final List<AutoCloseable> loaders;
  private final Map<String, RegisteredDevice> devices = new LinkedHashMap<>();
  private final RuntimeObservation observation;
  private final IoManager io;
  private boolean closed;

  /** Whom the runtime's own requests (start, stop) run as. */
  private static final Credentials SYSTEM_CREDENTIALS =
      Credentials.of("SYSTEM", "NT AUTHORITY", new char[0]);

  private RdbssRuntime(
      RdbssSettings settings,
      RdbssClock clock,
      @Nullable AutoCloseable ownedClock,
      DiscoveryOutcome outcome) {
    this.settings = settings;
    this.kernel = Kernel.create(clock, settings.traceCapacity());
    kernel.tracer().setEnabled(settings.tracing());
    this.ownedClock = ownedClock;
    this.loaders = outcome.loaders();
    this.observation = new RuntimeObservation(kernel, this::devices);
    List<DiscoveredProvider> registered = new ArrayList<>();
    List<ProviderFailure> failed = new ArrayList<>(outcome.failures());
    EngineOptions engineOptions = engineOptions(settings); // a bad setting fails the build
    for (DiscoveredProvider p : outcome.providers()) {
      try {
        RegisteredDevice device =
            RegisteredDevice.register(
                p.descriptor(),
                kernel,
                engineOptions,
                rdbss -> p.provider().create(rdbss, settings.forPlugin(p.name())));
        settings.callbackOrderSeed().ifPresent(device::permuteCallbackOrders);
        devices.put(p.name(), device);
        registered.add(p);
      } catch (RuntimeException e) {
        failed.add(
            new ProviderFailure(
                p.providerClass(),
                p.location(),
                "provider " + p.providerClass() + " (" + p.location() + ") could not create its"
                    + " mini-redirector: " + e,
                e));
        System.getLogger(DISCOVERY_LOGGER)
            .log(Level.ERROR, "could not register mini-redirector ''{0}'': {1}", p.name(), e);
      }
    }
    this.providers = List.copyOf(registered);
    this.failures = List.copyOf(failed);
    this.io =
        new IoManager(
            () -> devices().stream().map(RegisteredDevice::fsd).toList(),
            clock,
            settings.mupClaimTtl(),
            kernel.tracer());
    if (settings.autoStart()) {
      for (DiscoveredProvider p : providers) {
        NtStatus started = start(p.name());
        if (!started.isSuccess()) {
          LOG.log(Level.WARNING, "mini-redirector ''{0}'' did not start: {1}", p.name(), started);
        }
      }
    }
  }

  /** The engine's options from the settings: timeouts and the readings of §9 pitfall 19. */
  private static EngineOptions engineOptions(RdbssSettings settings) {
    EngineOptions options =
        new EngineOptions(
            settings.creationTimeout(), settings.stopTimeout(), settings.ioTimeout());
    String key = RdbssSettings.FINALIZE_SRV_CALL_POSTING;
    Optional<String> v = settings.get(key);
    if (v.isPresent()) {
      options = options.with(EngineOptions.SrvCallFinalizationPosting.of(key, v.get()));
    }
    key = RdbssSettings.FORCE_FINALIZE_ALL_V_NET_ROOTS;
    v = settings.get(key);
    if (v.isPresent()) {
      options = options.with(EngineOptions.ForceFinalizeAllVNetRootsUse.of(key, v.get()));
    }
    key = RdbssSettings.RECURSIVE_NET_ROOT_PURGE;
    v = settings.get(key);
    if (v.isPresent()) {
      options = options.with(EngineOptions.RecursiveNetRootPurge.of(key, v.get()));
    }
    key = RdbssSettings.FCB_REFERENCES;
    v = settings.get(key);
    if (v.isPresent()) {
      options = options.with(EngineOptions.FcbParentReference.of(key, v.get()));
    }
    return options;
  }

  /**
   * Logs a user on (ARCHITECTURE.md §3.4): a session with its own logon id, drive mappings and UNC
   * views, through which the host acts as a Windows user.
   */
  public IoSession logon(Logon logon) {
    kernel.bugChecks().checkAlive();
    return io.logon(logon);
  }

  /**
   * Starts mini-redirector {@code name} as user mode does (§5.1 step 4): opens its device and sends
   * {@link RdbssControlCodes#FSCTL_RDBSS_START}, which the plugin's {@code devFcbXxxControlFile}
   * (or RDBSS's default) turns into {@code startMinirdr}.
   *
   * @return SUCCESS, REDIRECTOR_STARTED when it already runs, or the plugin's failure
   */
  public NtStatus start(String name) {
    return control(name, RdbssControlCodes.FSCTL_RDBSS_START);
  }

  /**
   * Stops mini-redirector {@code name} (§5.1 step 5) through {@link
   * RdbssControlCodes#FSCTL_RDBSS_STOP}.
   *
   * @return SUCCESS, REDIRECTOR_HAS_OPEN_HANDLES when files remain, or REDIRECTOR_NOT_STARTED
   */
  public NtStatus stop(String name) {
    return control(name, RdbssControlCodes.FSCTL_RDBSS_STOP);
  }

  /** The lifecycle state of mini-redirector {@code name} (§5.1). */
  public MiniRdrState state(String name) {
    return device(name).fsd().state();
  }

  private NtStatus control(String name, int code) {
    Fsd fsd = device(name).fsd();
    Fsd.CreateOutcome opened =
        fsd.create(
            new Fsd.CreateIrp("", CreateRequest.attributesOnly().parameters(), LogonId.SYSTEM,
                SYSTEM_CREDENTIALS, false));
    FileObject device = opened.fileObject();
    if (device == null) {
      return opened.status();
    }
    try {
      NtStatus status = fsd.deviceControl(device, LogonId.SYSTEM, true, code, new byte[0], 0)
          .status();
      io.providersChanged();
      return status;
    } finally {
      fsd.close(device);
    }
  }

  private synchronized RegisteredDevice device(String name) {
    RegisteredDevice device = devices.get(name);
    if (device == null) {
      throw new IllegalArgumentException("no mini-redirector named '" + name + "' is registered");
    }
    return device;
  }

  /** Starts a builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** The providers found and registered, in provider order (spec §6.1). */
  public List<DiscoveredProvider> providers() {
    return providers;
  }

  /** The providers that could not be loaded or whose mini-redirector could not be created. */
  public List<ProviderFailure> providerFailures() {
    return failures;
  }

  /** The provider named {@code name}, if found. */
  public Optional<DiscoveredProvider> provider(String name) {
    return providers.stream().filter(p -> p.name().equals(name)).findFirst();
  }

  /**
   * What happens inside (ARCHITECTURE.md §3.5): the trace, object-tree snapshots and the bugcheck
   * dump. Tests, the conformance kit and the CLI use only this.
   */
  public Observation observation() {
    return observation;
  }

  /** The clock the runtime and its plugins run on (a {@link ManualClock} if the host gave one). */
  public RdbssClock clock() {
    return kernel.clock();
  }

  /**
   * Lets the RDBSS worker finish what is queued (a finalization posted there, a scavenger pass the
   * clock caused), so that a test can look at a settled state without sleeping.
   */
  public void awaitIdle() {
    kernel.worker().awaitIdle();
  }

  /**
   * {@code RxUnregisterMinirdr} (spec §5.1 step 6): takes the mini-redirector {@code name} down and
   * reports the objects it leaves alive (type, name, count, holders), an empty list meaning none.
   *
   * @throws LeakException when objects leaked and {@link RdbssSettings#FAIL_ON_LEAK} is set
   * @throws IllegalArgumentException when no mini-redirector of that name is registered
   */
  public List<String> unregister(String name) {
    RegisteredDevice device = device(name);
    List<String> leaks = device.unregister();
    io.providersChanged();
    reportLeaks(device, leaks);
    if (!leaks.isEmpty() && settings.failOnLeak()) {
      throw new LeakException(leaks);
    }
    return leaks;
  }

  private synchronized List<RegisteredDevice> devices() {
    return List.copyOf(devices.values());
  }

  private static void reportLeaks(RegisteredDevice device, List<String> leaks) {
    for (String leak : leaks) {
      LOG.log(Level.WARNING, "leak at unregistration of {0}: {1}", device, leak);
    }
  }

  /** The settings in force. */
  public RdbssSettings settings() {
    return settings;
  }

  /** The version of the wrapper, from its module or jar, or {@code "unknown"}. */
  public static String version() {
    Module m = RdbssRuntime.class.getModule();
    if (m.isNamed() && m.getDescriptor().rawVersion().isPresent()) {
      return m.getDescriptor().rawVersion().get();
    }
    return Optional.ofNullable(RdbssRuntime.class.getPackage().getImplementationVersion())
        .orElse("unknown");
  }

  /**
   * Unregisters every mini-redirector (reporting leaks as {@link #unregister} does), stops the
   * RDBSS worker and closes the plugin class loaders. Closing twice does nothing.
   *
   * @throws LeakException after shutting everything down, when objects leaked and {@link
   *     RdbssSettings#FAIL_ON_LEAK} is set
   */
  @Override
  public void close() {
    List<RegisteredDevice> all;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      all = devices();
    }
    List<String> leaks = new ArrayList<>();
    for (RegisteredDevice device : all) {
      List<String> own = device.unregister();
      reportLeaks(device, own);
      own.forEach(l -> leaks.add(device.name() + ": " + l));
    }
    kernel.worker().shutdown();
    if (ownedClock != null) {
      closeAll(List.of(ownedClock));
    }
    closeAll(loaders);
    if (!leaks.isEmpty() && settings.failOnLeak()) {
      throw new LeakException(leaks);
    }
  }

  private static void closeAll(List<AutoCloseable> loaders) {
    for (AutoCloseable loader : loaders) {
      try {
        loader.close();
      } catch (Exception e) {
        LOG.log(Level.WARNING, "could not close a plugin class loader", e);
      }
    }
  }

  /** Builds an {@link RdbssRuntime}. */
  public static final class Builder {
    private RdbssSettings settings = RdbssSettings.defaults();
    private @Nullable Path pluginPath;
    private boolean serviceLoader = true;
    private @Nullable ClassLoader classLoader;
    private final List<MiniRedirectorProvider> explicitProviders = new ArrayList<>();
    private @Nullable RdbssClock clock;

    private Builder() {}

    /**
     * The clock the runtime and its plugins run on (default: the system clock). Give a {@link
     * ManualClock} to move the scavenger, delayed closes and timeouts explicitly in tests.
     */
    public Builder clock(RdbssClock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** The settings (default: none). */
    public Builder settings(RdbssSettings settings) {
      this.settings = Objects.requireNonNull(settings, "settings");
      return this;
    }

    /** A folder of plugin jars, loaded into their own module layer. */
    public Builder pluginPath(Path folder) {
      this.pluginPath = Objects.requireNonNull(folder, "folder");
      return this;
    }

    /** Whether to search the default {@code ServiceLoader} (default: yes). */
    public Builder serviceLoaderDiscovery(boolean enabled) {
      this.serviceLoader = enabled;
      return this;
    }

    /** The class loader whose modules and class path are searched (default: the runtime's). */
    public Builder classLoader(ClassLoader loader) {
      this.classLoader = Objects.requireNonNull(loader, "loader");
      return this;
    }

    /** Adds a provider directly, without {@code ServiceLoader}. */
    public Builder provider(MiniRedirectorProvider provider) {
      explicitProviders.add(Objects.requireNonNull(provider, "provider"));
      return this;
    }

    /**
     * Discovers the providers and starts the runtime.
     *
     * @throws ProviderConflictException when two providers share a name or device name
     */
    public RdbssRuntime build() {
      GuiceFlags.disableBytecodeGenerationUnlessSet(System.getProperties());
      ClassLoader loader =
          classLoader != null ? classLoader : RdbssRuntime.class.getClassLoader();
      DiscoveryOptions options =
          new DiscoveryOptions(
              serviceLoader, loader, pluginPath, explicitProviders, settings.providerOrder());
      Injector injector = Guice.createInjector(new CoreModule(options));
      DiscoveryOutcome outcome = injector.getInstance(ProviderDiscovery.class).discover();
      if (!outcome.conflicts().isEmpty()) {
        closeAll(outcome.loaders());
        throw new ProviderConflictException(
            outcome.conflicts(), outcome.providers(), outcome.failures());
      }
      if (clock != null) {
        return new RdbssRuntime(settings, clock, null, outcome);
      }
      SystemClock system = new SystemClock();
      return new RdbssRuntime(settings, system, system, outcome);
    }
  }
}
