package dev.rdbss.api.object;

import dev.rdbss.api.Condition;
import dev.rdbss.api.FcbState;
import dev.rdbss.api.StorageType;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * An FCB: one remote file or directory name within a NET_ROOT, the focal point of synchronization
 * (spec §1.1). It lives in its NET_ROOT's FCB table until finalized or orphaned (§4.2).
 *
 * <p>A mini-redirector may write only the context slots; it fixes the storage type and the cached
 * attributes through {@code Rdbss.finishFcbInitialization} (§11). FCBs are not {@link Referenceable}:
 * they are counted through {@code referenceNetFcb}/{@code dereferenceNetFcb} (§2.3).
 */
public interface Fcb extends RxObject {

  /** The FCB's name: the NET_ROOT's key plus the path within the share. */
  String name();

  /** The path within the share, starting with {@code \} (empty for the share root). */
  String pathInShare();

  /** The NET_ROOT it belongs to. */
  NetRoot netRoot();

  /** The V_NET_ROOT it was first created through ([R]; §2.2). */
  VNetRoot vNetRoot();

  /** The condition (§1.3). */
  Condition condition();

  /** The storage type fixed by {@code finishFcbInitialization} (§11). */
  StorageType storageType();

  /** The FCB state flags (§1.4), including the buffering bits in force (§7.1). */
  Set<FcbState> state();

  /** Whether the FCB is orphaned (§4.2): every request but cleanup and close fails. */
  default boolean isOrphaned() {
    return state().contains(FcbState.ORPHANED);
  }

  /** {@code OpenCount}: file objects not yet closed (§1.5). */
  int openCount();

  /** {@code UncleanCount}: handles not yet cleaned up (§1.5). */
  int uncleanCount();

  /** {@code UncachedUncleanCount} (§1.5). */
  int uncachedUncleanCount();

  /** {@code OutstandingLockOperationsCount} (§1.5). */
  int outstandingLockOperationsCount();

  /** {@code SrvOpenListVersion}, bumped whenever a SRV_OPEN joins or leaves (§1.5). */
  long srvOpenListVersion();

  /** {@code ulFileSizeVersion}, bumped whenever the cached size changes (§1.5). */
  long fileSizeVersion();

  /** A snapshot of the SRV_OPENs, in creation order. */
  List<SrvOpen> srvOpens();

  /** Cached {@code FILE_ATTRIBUTE_*} bits. */
  int fileAttributes();

  /** Cached number of links. */
  int numberOfLinks();

  /** Cached creation time. */
  Instant creationTime();

  /** Cached last access time. */
  Instant lastAccessTime();

  /** Cached last write time. */
  Instant lastWriteTime();

  /** Cached change time. */
  Instant changeTime();

  /** Cached allocation size. */
  long allocationSize();

  /** Cached file size (end of file). */
  long fileSize();

  /** Cached valid data length. */
  long validDataLength();
}
