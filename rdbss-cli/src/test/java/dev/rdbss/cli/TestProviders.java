package dev.rdbss.cli;

import dev.rdbss.api.NtStatus;
import dev.rdbss.api.object.SrvCall;
import dev.rdbss.api.spi.CreateNetRootContext;
import dev.rdbss.api.spi.MiniRedirector;
import dev.rdbss.api.spi.MiniRedirectorDescriptor;
import dev.rdbss.api.spi.MiniRedirectorProvider;
import dev.rdbss.api.spi.NetRootName;
import dev.rdbss.api.spi.PluginSettings;
import dev.rdbss.api.spi.Rdbss;
import dev.rdbss.api.spi.RxContext;
import dev.rdbss.api.spi.SrvCallCallbackContext;
import dev.rdbss.core.DiscoveredProvider;
import dev.rdbss.core.RdbssRuntime;

/**
 * Providers handed to an in-process runtime. The runtime registers each one, so each creates a
 * mini-redirector; the CLI tests only list them, so it reaches no server.
 */
final class TestProviders {

  private TestProviders() {}

  /** A provider with a fixed name and device. */
  static MiniRedirectorProvider named(String name, String deviceName) {
    return new Named(name, deviceName);
  }

  /** A provider whose descriptor throws, as a misconfigured plugin's may. */
  static MiniRedirectorProvider brokenDescriptor(String message) {
    return new BrokenDescriptor(message);
  }

  /** A runtime builder that searches nothing but the given providers. */
  static RdbssRuntime.Builder only(MiniRedirectorProvider... providers) {
    RdbssRuntime.Builder b = RdbssRuntime.builder().serviceLoaderDiscovery(false);
    for (MiniRedirectorProvider p : providers) {
      b.provider(p);
    }
    return b;
  }

  /** A table row as the runtime would describe it. */
  static DiscoveredProvider row(
      String name, String device, String module, String version, String location) {
    MiniRedirectorProvider p = named(name, device);
    return new DiscoveredProvider(
        p.descriptor(), p.getClass().getName(), module, version, location, p);
  }

  static final class Named implements MiniRedirectorProvider {
    private final String name;
    private final String deviceName;

    Named(String name, String deviceName) {
      this.name = name;
      this.deviceName = deviceName;
    }

    @Override
    public MiniRedirectorDescriptor descriptor() {
      return MiniRedirectorDescriptor.builder(name, deviceName).build();
    }

    @Override
    public MiniRedirector create(Rdbss rdbss, PluginSettings settings) {
      return new NoServer();
    }
  }

  /** A mini-redirector for which no server exists; it keeps the creation contracts (§5.2). */
  static final class NoServer implements MiniRedirector {
    @Override
    public NtStatus createSrvCall(SrvCall srvCall, SrvCallCallbackContext callback) {
      callback.complete(NtStatus.BAD_NETWORK_PATH, null);
      return NtStatus.PENDING;
    }

    @Override
    public NetRootName extractNetRootName(String serverRelativePath, SrvCall srvCall) {
      return NetRootName.firstComponent(serverRelativePath);
    }

    @Override
    public NtStatus createVNetRoot(CreateNetRootContext ctx) {
      ctx.complete(NtStatus.BAD_NETWORK_NAME, NtStatus.BAD_NETWORK_NAME);
      return NtStatus.PENDING;
    }

    @Override
    public NtStatus create(RxContext ctx) {
      return NtStatus.OBJECT_PATH_NOT_FOUND;
    }
  }

  static final class BrokenDescriptor implements MiniRedirectorProvider {
    private final String message;

    BrokenDescriptor(String message) {
      this.message = message;
    }

    @Override
    public MiniRedirectorDescriptor descriptor() {
      throw new IllegalStateException(message);
    }

    @Override
    public MiniRedirector create(Rdbss rdbss, PluginSettings settings) {
      throw new UnsupportedOperationException("never created: its descriptor fails");
    }
  }
}
