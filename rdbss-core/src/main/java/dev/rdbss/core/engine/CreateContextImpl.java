package dev.rdbss.core.engine;

import dev.rdbss.api.file.CreateInformation;
import dev.rdbss.api.file.NtCreateParameters;
import dev.rdbss.api.file.ShareAccess;
import dev.rdbss.api.object.NetRoot;
import dev.rdbss.api.object.SrvCall;
import dev.rdbss.api.object.VNetRoot;
import dev.rdbss.api.spi.CreateContext;
import java.util.EnumSet;
import org.jspecify.annotations.Nullable;

/** {@code RxContext->Create} (spec §6.3, §6.4): filled in by name resolution as it goes. */
final class CreateContextImpl implements CreateContext {

  private volatile NtCreateParameters parameters;
  private final String canonicalName;
  private final boolean treeConnect;
  private String pathInShare = "";
  private @Nullable SrvCallImpl srvCall;
  private @Nullable NetRootImpl netRoot;
  private @Nullable VNetRootImpl vNetRoot;
  private volatile @Nullable CreateInformation returned;
  private volatile boolean tryForScavengingOnSharingViolation;
  private volatile boolean retryAfterScavenge;

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

  /**
   * A print NET_ROOT forces full sharing (§6.4 step 1): the open shares read, write and delete
   * whatever it asked for.
   */
  void forceFullSharing() {
    parameters = parameters.withShareAccess(EnumSet.allOf(ShareAccess.class));
  }

  /**
   * {@code Create.TryForScavengingOnSharingViolation}: the collapse search met a SRV_OPEN of the
   * same FCB from another view, so a sharing violation is worth one retry after scavenging the
   * NET_ROOT's dormant FOBXs (§6.4 step 7).
   */
  void setTryForScavengingOnSharingViolation() {
    tryForScavengingOnSharingViolation = true;
  }

  boolean tryForScavengingOnSharingViolation() {
    return tryForScavengingOnSharingViolation;
  }

  /** The NET_ROOT was scavenged after a sharing violation: the dispatcher creates once more. */
  void setRetryAfterScavenge() {
    retryAfterScavenge = true;
  }

  boolean retryAfterScavenge() {
    return retryAfterScavenge;
  }

  /** Forgets what the mini-redirector reported, for a retried create (§6.4 step 7). */
  void resetReturned() {
    returned = null;
  }
}
