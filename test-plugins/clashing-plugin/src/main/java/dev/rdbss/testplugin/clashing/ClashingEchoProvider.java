package dev.rdbss.testplugin.clashing;

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

/**
 * A provider that claims the name {@code echo} and the device {@code \Device\EchoRedirector}, both
 * already taken by the echo test plugin. Its redirector is never started: the runtime refuses the
 * clash before registering anything.
 */
public final class ClashingEchoProvider implements MiniRedirectorProvider {

  /** Does no work, as the SPI asks. */
  public ClashingEchoProvider() {}

  @Override
  public MiniRedirectorDescriptor descriptor() {
    return MiniRedirectorDescriptor.builder("echo", "\\Device\\EchoRedirector")
        .description("test plugin: a duplicate of echo")
        .build();
  }

  @Override
  public MiniRedirector create(Rdbss rdbss, PluginSettings settings) {
    return new Unreachable();
  }

  /** Fails every connection: should a runtime ever start it, nothing works by accident. */
  private static final class Unreachable implements MiniRedirector {
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
      ctx.complete(NtStatus.BAD_NETWORK_PATH, NtStatus.BAD_NETWORK_PATH);
      return NtStatus.PENDING;
    }

    @Override
    public NtStatus create(RxContext ctx) {
      return NtStatus.NOT_IMPLEMENTED;
    }
  }
}
