package dev.rdbss.core.engine;

import dev.rdbss.api.Condition;
import dev.rdbss.api.ConnectionId;
import dev.rdbss.api.Credentials;
import dev.rdbss.api.LogonId;
import dev.rdbss.api.NodeType;
import dev.rdbss.api.NtStatus;
import dev.rdbss.api.VNetRootFlag;
import dev.rdbss.api.object.VNetRoot;
import dev.rdbss.core.netname.PrefixEntry;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** A V_NET_ROOT (spec §1.1, §3.1): one logon's view of a NET_ROOT. */
final class VNetRootImpl extends ConditionedNode implements VNetRoot {

  private final String name;
  private final NetRootImpl netRoot;
  private final LogonId logonId;
  private final Credentials credentials;
  private final boolean explicitCredentials;
  private final String namePrefix;
  private final @Nullable String localDrive;
  private final ConnectionId connectionId;
  private final Set<VNetRootFlag> flags = EnumSet.noneOf(VNetRootFlag.class);
  private volatile int numberOfOpens;
  private volatile int numberOfFobxs;
  private volatile NtStatus constructionStatus = NtStatus.SUCCESS;
  private boolean connectionFinalizationDone;
  private int additionalReferenceForDeleteFsctlTaken;
  private @Nullable PrefixEntry<RxNode> prefixEntry;

  /** The FCBs and SRV_OPENs its forced finalization visits (§4.2). */
  final ViewMembers members = new ViewMembers();

  VNetRootImpl(
      Device device,
      NetRootImpl netRoot,
      String name,
      LogonId logonId,
      Credentials credentials,
      boolean explicitCredentials,
      String namePrefix,
      @Nullable String localDrive,
      ConnectionId connectionId) {
    super(device, NodeType.V_NET_ROOT, Condition.UNINITIALIZED);
    this.name = name;
    this.netRoot = netRoot;
    this.logonId = logonId;
    this.credentials = credentials;
    this.explicitCredentials = explicitCredentials;
    this.namePrefix = namePrefix;
    this.localDrive = localDrive;
    this.connectionId = connectionId;
  }

  @Override
  String displayName() {
    return name;
  }

  @Override
  public String name() {
    alive();
    return name;
  }

  @Override
  public NetRootImpl netRoot() {
    alive();
    return netRoot;
  }

  @Override
  public LogonId logonId() {
    alive();
    return logonId;
  }

  @Override
  public Credentials credentials() {
    alive();
    return credentials;
  }

  @Override
  public boolean hasExplicitCredentials() {
    alive();
    return explicitCredentials;
  }

  @Override
  public String namePrefix() {
    alive();
    return namePrefix;
  }

  @Override
  public Optional<String> localDrive() {
    alive();
    return Optional.ofNullable(localDrive);
  }

  @Override
  public ConnectionId connectionId() {
    alive();
    return connectionId;
  }

  @Override
  public synchronized Set<VNetRootFlag> flags() {
    alive();
    return flags.isEmpty() ? Set.of() : Set.copyOf(flags);
  }

  @Override
  public int numberOfOpens() {
    alive();
    return numberOfOpens;
  }

  @Override
  public int numberOfFobxs() {
    alive();
    return numberOfFobxs;
  }

  @Override
  public NtStatus constructionStatus() {
    alive();
    return constructionStatus;
  }

  // ------------------------------------------------------------------------ engine side

  NetRootImpl rawNetRoot() {
    return netRoot;
  }

  String rawName() {
    return name;
  }

  LogonId rawLogonId() {
    return logonId;
  }

  synchronized void addFobxs(int delta) {
    numberOfFobxs += delta;
  }

  int rawNumberOfFobxs() {
    return numberOfFobxs;
  }

  synchronized void addOpens(int delta) {
    numberOfOpens += delta;
  }

  int rawNumberOfOpens() {
    return numberOfOpens;
  }

  void setConstructionStatus(NtStatus status) {
    this.constructionStatus = status;
  }

  boolean isConnectionFinalizationDone() {
    return connectionFinalizationDone;
  }

  void setConnectionFinalizationDone() {
    this.connectionFinalizationDone = true;
  }

  /** {@code AdditionalReferenceForDeleteFsctlTaken} (§2.2, §6.5). */
  int additionalReferenceForDeleteFsctlTaken() {
    return additionalReferenceForDeleteFsctlTaken;
  }

  void setAdditionalReferenceForDeleteFsctlTaken(int value) {
    this.additionalReferenceForDeleteFsctlTaken = value;
  }

  synchronized void setFlag(VNetRootFlag flag) {
    flags.add(flag);
  }

  @Nullable PrefixEntry<RxNode> prefixEntry() {
    return prefixEntry;
  }

  void setPrefixEntry(@Nullable PrefixEntry<RxNode> entry) {
    this.prefixEntry = entry;
  }
}
