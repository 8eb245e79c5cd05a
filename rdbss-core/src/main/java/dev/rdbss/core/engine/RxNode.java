package dev.rdbss.core.engine;

import dev.rdbss.api.BugCheckCode;
import dev.rdbss.api.NodeType;
import dev.rdbss.api.object.RxObject;
import dev.rdbss.api.observe.ObjectRef;
import org.jspecify.annotations.Nullable;

/**
 * What every RDBSS object shares (spec §1.1, §2): identity, the reference count, the scavenger mark,
 * the once-only upper-finalization flag, the "freed" state, and the mini-redirector's context slots.
 *
 * <p>The reference count and the scavenger mark change only under the device's scavenger mutex
 * ({@link Device#scavengerMutex()}), as {@code RxReference}/{@code RxDereference} do in Windows
 * (§2.3). Every public accessor checks that the object is alive: touching a freed object is a
 * bugcheck, never a silent read of stale state (ARCHITECTURE.md §3.2).
 */
abstract class RxNode implements RxObject {

  final Device device;
  private final NodeType type;
  private final long serialNumber;

  // Guarded by device.scavengerMutex().
  private int referenceCount = 1;
  private boolean markedForScavenge;

  private volatile boolean freed;
  private boolean upperFinalizationDone;
  private @Nullable Object context;
  private @Nullable Object context2;

  // The device's list of live objects (Device#track), guarded by its lock: links in the objects
  // themselves rather than a set entry per object (rdbss-bench, memory per open handle).
  @Nullable RxNode livePrevious;
  @Nullable RxNode liveNext;

  RxNode(Device device, NodeType type) {
    this.device = device;
    this.type = type;
    this.serialNumber = device.nextSerialNumber();
  }

  /** The object's name for messages and traces. */
  abstract String displayName();

  /** Throws the use-after-free bugcheck if the object was freed. */
  final void alive() {
    if (freed) {
      throw device.bugChecks()
          .raise(
              BugCheckCode.RDBSS_FILE_SYSTEM,
              "§2.4",
              "use after free: "
                  + type
                  + " "
                  + displayName()
                  + " (#"
                  + serialNumber
                  + ") was already freed. A plugin must not keep a pointer it does not own:"
                  + " reference the object while it needs it, or keep its name and look it up"
                  + " again.",
              serialNumber);
    }
  }

  @Override
  public final NodeType nodeType() {
    return type;
  }

  @Override
  public final long serialNumber() {
    return serialNumber;
  }

  @Override
  public final int referenceCount() {
    alive();
    synchronized (device.scavengerMutex()) {
      return referenceCount;
    }
  }

  @Override
  public final @Nullable Object context() {
    alive();
    return context;
  }

  @Override
  public final void setContext(@Nullable Object context) {
    alive();
    this.context = context;
  }

  @Override
  public final @Nullable Object context2() {
    alive();
    return context2;
  }

  @Override
  public final void setContext2(@Nullable Object context2) {
    alive();
    this.context2 = context2;
  }

  // ------------------------------------------------------------ engine-side state (no alive check)

  /** The reference count without the alive check, for the engine and snapshots. Mutex held. */
  final int count() {
    return referenceCount;
  }

  /** Adds {@code delta} to the count; the caller holds the scavenger mutex. */
  final int addCount(int delta) {
    referenceCount += delta;
    return referenceCount;
  }

  final boolean isMarkedForScavenge() {
    return markedForScavenge;
  }

  final void setMarkedForScavenge(boolean marked) {
    this.markedForScavenge = marked;
  }

  final boolean isUpperFinalizationDone() {
    return upperFinalizationDone;
  }

  final void setUpperFinalizationDone() {
    this.upperFinalizationDone = true;
  }

  final boolean isFreed() {
    return freed;
  }

  /** Marks the object freed: from now on every accessor bugchecks. */
  final void markFreed() {
    freed = true;
  }

  /** The slots without the alive check (the SRV_CALL free-time assertion, §1.2). */
  final @Nullable Object rawContext() {
    return context;
  }

  final @Nullable Object rawContext2() {
    return context2;
  }

  /** This object as a trace reference. */
  final ObjectRef ref() {
    return new ObjectRef(type, serialNumber, displayName());
  }

  @Override
  public final String toString() {
    return type + " " + displayName() + " #" + serialNumber + (freed ? " (freed)" : "");
  }
}
