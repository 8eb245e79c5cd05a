package dev.rdbss.testplugin.echo;

import dev.rdbss.api.NtStatus;
import dev.rdbss.api.object.SrvCall;
import dev.rdbss.api.spi.CreateNetRootContext;
import dev.rdbss.api.spi.MiniRedirector;
import dev.rdbss.api.spi.NetRootName;
import dev.rdbss.api.spi.RxContext;
import dev.rdbss.api.spi.SrvCallCallbackContext;

/**
 * The {@code echo} dispatch table: the four entries no redirector can do without, each following
 * its contract in {@link MiniRedirector} with no server behind it. Every server and every share
 * "exists".
 *
 * <p>The I/O path arrives later: {@link #create} answers NOT_IMPLEMENTED until the runtime's create
 * path exists to exercise it.
 */
final class EchoRedirector implements MiniRedirector {

  /**
   * There is no network to wait for, so the callback completes before the PENDING return (§5.2).
   */
  @Override
  public NtStatus createSrvCall(SrvCall srvCall, SrvCallCallbackContext callback) {
    callback.complete(NtStatus.SUCCESS, null);
    return NtStatus.PENDING;
  }

  @Override
  public NetRootName extractNetRootName(String serverRelativePath, SrvCall srvCall) {
    return NetRootName.firstComponent(serverRelativePath);
  }

  /** Every share exists: the view and its NET_ROOT both succeed, completed exactly once (§5.2). */
  @Override
  public NtStatus createVNetRoot(CreateNetRootContext ctx) {
    ctx.complete(NtStatus.SUCCESS, NtStatus.SUCCESS);
    return NtStatus.PENDING;
  }

  /**
   * Not yet: the I/O path (and this entry's real answer) arrives with the runtime's create path.
   */
  @Override
  public NtStatus create(RxContext ctx) {
    return NtStatus.NOT_IMPLEMENTED;
  }
}
