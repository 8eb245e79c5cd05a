package dev.rdbss.core.engine;

import dev.rdbss.api.Condition;
import dev.rdbss.api.ConnectionId;
import dev.rdbss.api.NodeType;
import dev.rdbss.api.NtStatus;
import dev.rdbss.api.SrvCallFlag;
import dev.rdbss.api.object.SrvCall;
import dev.rdbss.core.netname.PrefixEntry;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** A SRV_CALL (spec §1.1): one server, {@code \server}. */
final class SrvCallImpl extends ConditionedNode implements SrvCall {

  private final String name;
  private final @Nullable String innerNamePrefix;
  private final ConnectionId connectionId;
  private volatile NtStatus status = NtStatus.BAD_NETWORK_PATH;
  private volatile @Nullable String domainName;
  private final Set<SrvCallFlag> flags = Collections.synchronizedSet(EnumSet.noneOf(SrvCallFlag.class));
  private volatile int numberOfCloseDelayedFiles;
  private volatile int maximumNumberOfCloseDelayedFiles;
  private @Nullable PrefixEntry<RxNode> prefixEntry;
  /** Its buffering manager (§7.3), torn down when the SRV_CALL is freed (§2.4). */
  final BufferingManager buffering = new BufferingManager();

  SrvCallImpl(
      Device device, String name, @Nullable String innerNamePrefix, ConnectionId connectionId) {
    super(device, NodeType.SRV_CALL, Condition.UNINITIALIZED);
    this.name = name;
    this.innerNamePrefix = innerNamePrefix;
    this.connectionId = connectionId;
    this.maximumNumberOfCloseDelayedFiles = device.descriptor().maximumNumberOfCloseDelayedFiles();
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
  public @Nullable String innerNamePrefix() {
    alive();
    return innerNamePrefix;
  }

  @Override
  public ConnectionId connectionId() {
    alive();
    return connectionId;
  }

  @Override
  public NtStatus status() {
    alive();
    return status;
  }

  @Override
  public @Nullable String domainName() {
    alive();
    return domainName;
  }

  @Override
  public Set<SrvCallFlag> flags() {
    alive();
    synchronized (flags) {
      return flags.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(flags));
    }
  }

  @Override
  public boolean isCaseInsensitiveNetRoots() {
    alive();
    return flags.contains(SrvCallFlag.CASE_INSENSITIVE_NETROOTS);
  }

  @Override
  public boolean isCaseInsensitiveFileNames() {
    alive();
    return flags.contains(SrvCallFlag.CASE_INSENSITIVE_FILENAMES);
  }

  @Override
  public void setCaseInsensitiveNetRoots(boolean caseInsensitive) {
    alive();
    setFlag(SrvCallFlag.CASE_INSENSITIVE_NETROOTS, caseInsensitive);
  }

  @Override
  public void setCaseInsensitiveFileNames(boolean caseInsensitive) {
    alive();
    setFlag(SrvCallFlag.CASE_INSENSITIVE_FILENAMES, caseInsensitive);
  }

  @Override
  public void setDfsAwareServer(boolean dfsAware) {
    alive();
    setFlag(SrvCallFlag.DFS_AWARE_SERVER, dfsAware);
  }

  @Override
  public int numberOfCloseDelayedFiles() {
    alive();
    return numberOfCloseDelayedFiles;
  }

  @Override
  public int maximumNumberOfCloseDelayedFiles() {
    alive();
    return maximumNumberOfCloseDelayedFiles;
  }

  @Override
  public void setMaximumNumberOfCloseDelayedFiles(int maximum) {
    alive();
    if (maximum < 0) {
      throw new IllegalArgumentException("the delayed-close limit must not be negative: " + maximum);
    }
    this.maximumNumberOfCloseDelayedFiles = maximum;
  }

  // ------------------------------------------------------------------------ engine side

  void setFlag(SrvCallFlag flag, boolean on) {
    if (on) {
      flags.add(flag);
    } else {
      flags.remove(flag);
    }
  }

  boolean hasFlag(SrvCallFlag flag) {
    return flags.contains(flag);
  }

  void setStatus(NtStatus status) {
    this.status = status;
  }

  void setDomainName(@Nullable String domainName) {
    this.domainName = domainName;
  }

  synchronized void addCloseDelayed(int delta) {
    numberOfCloseDelayedFiles += delta;
  }

  /**
   * §6.7: counts one more delayed close if the count stays below {@code
   * MaximumNumberOfCloseDelayedFiles} once incremented.
   *
   * @return whether the close may be delayed
   */
  synchronized boolean tryAddCloseDelayed() {
    if (numberOfCloseDelayedFiles + 1 < maximumNumberOfCloseDelayedFiles) {
      numberOfCloseDelayedFiles++;
      return true;
    }
    return false;
  }

  @Nullable PrefixEntry<RxNode> prefixEntry() {
    return prefixEntry;
  }

  void setPrefixEntry(@Nullable PrefixEntry<RxNode> entry) {
    this.prefixEntry = entry;
  }

  String rawName() {
    return name;
  }
}
