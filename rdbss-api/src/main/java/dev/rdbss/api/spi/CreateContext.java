package dev.rdbss.api.spi;

import dev.rdbss.api.file.CreateInformation;
import dev.rdbss.api.file.NtCreateParameters;
import dev.rdbss.api.object.NetRoot;
import dev.rdbss.api.object.SrvCall;
import dev.rdbss.api.object.VNetRoot;
import org.jspecify.annotations.Nullable;

/**
 * {@code RxContext->Create} (spec §5.2 {@code MRxCreate}, §6.3, §6.4): what a create asks for, where
 * name resolution placed it, and the create information the mini-redirector reports.
 */
public interface CreateContext {

  /** The NT create parameters. */
  NtCreateParameters parameters();

  /** The canonical name being opened, e.g. {@code \;X:3e7\server\share\dir\f.txt}. */
  String canonicalName();

  /** The path within the share, starting with {@code \} (empty for the share root). */
  String pathInShare();

  /** The SRV_CALL name resolution found or built, once known. */
  @Nullable SrvCall srvCall();

  /** The NET_ROOT, once known. */
  @Nullable NetRoot netRoot();

  /** The V_NET_ROOT, once known. */
  @Nullable VNetRoot vNetRoot();

  /** Whether this is a tree-connect open ({@code FILE_CREATE_TREE_CONNECTION}, §6.5). */
  boolean isTreeConnectOpen();

  /**
   * Reports what the create did ({@code Create.ReturnedCreateInformation}), the preferred place
   * (§6.4 step 5, §9 pitfall 14). Setting {@link RxContext#setInformation} instead is accepted.
   */
  void setReturnedCreateInformation(CreateInformation information);

  /** The create information reported so far, or {@code null}. */
  @Nullable CreateInformation returnedCreateInformation();
}
