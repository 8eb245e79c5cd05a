package dev.rdbss.core.engine;

import dev.rdbss.api.file.CreateInformation;
import dev.rdbss.api.file.NtCreateParameters;
import dev.rdbss.api.object.NetRoot;
import dev.rdbss.api.object.SrvCall;
import dev.rdbss.api.object.VNetRoot;
import dev.rdbss.api.spi.CreateContext;
import org.jspecify.annotations.Nullable;

/** {@code RxContext->Create} (spec §6.3, §6.4): filled in by name resolution as it goes. */
final class CreateContextImpl implements CreateContext {

  private final NtCreateParameters parameters;
  private final String canonicalName;
  private final boolean treeConnect;
  private String pathInShare = "";
  private @Nullable SrvCallImpl srvCall;
  private @Nullable NetRootImpl netRoot;
  private @Nullable VNetRootImpl vNetRoot;
  private volatile @Nullable CreateInformation returned;

  CreateContextImpl(NtCreateParameters parameters, String canonicalName, boolean treeConnect) {
    this.parameters = parameters;
    this.canonicalName = canonicalName;
    this.treeConnect = treeConnect;
  }

  @Override
  public NtCreateParameters parameters() {
    return parameters;
  }

  @Override
  public String canonicalName() {
    return canonicalName;
  }

  @Override
  public synchronized String pathInShare() {
    return pathInShare;
  }

  @Override
  public synchronized @Nullable SrvCall srvCall() {
    return srvCall;
  }

  @Override
  public synchronized @Nullable NetRoot netRoot() {
    return netRoot;
  }

  @Override
  public synchronized @Nullable VNetRoot vNetRoot() {
    return vNetRoot;
  }

  @Override
  public boolean isTreeConnectOpen() {
    return treeConnect;
  }

  @Override
  public void setReturnedCreateInformation(CreateInformation information) {
    this.returned = information;
  }

  @Override
  public @Nullable CreateInformation returnedCreateInformation() {
    return returned;
  }

  /** Records where name resolution placed the create (§6.3 step 4). */
  synchronized void place(VNetRootImpl view, String path) {
    this.vNetRoot = view;
    this.netRoot = view.rawNetRoot();
    this.srvCall = view.rawNetRoot().rawSrvCall();
    this.pathInShare = path;
  }

  /** Forgets what the mini-redirector reported, for a retried create (§6.4 step 7). */
  void resetReturned() {
    returned = null;
  }
}
