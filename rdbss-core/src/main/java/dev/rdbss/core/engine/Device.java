package dev.rdbss.core.engine;

import dev.rdbss.api.spi.MiniRedirector;
import dev.rdbss.api.spi.MiniRedirectorDescriptor;
import dev.rdbss.core.kernel.BugChecks;
import dev.rdbss.core.kernel.Irqls;
import dev.rdbss.core.kernel.Kernel;
import dev.rdbss.core.kernel.LockOrderChecker;
import dev.rdbss.core.kernel.LockRank;
import dev.rdbss.api.spi.RdbssClock;
import dev.rdbss.core.kernel.RdbssWorker;
import dev.rdbss.core.kernel.RxResource;
import dev.rdbss.core.netname.PrefixTable;
import dev.rdbss.core.trace.Tracer;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The RDBSS device object of one registered mini-redirector (spec §1.1, §5.1): its dispatch table,
 * its netname table with the table lock, its scavenger state, and the kernel services every object
 * of the device uses. One per plugin, so names never clash across plugins (§3.1 [S]).
 */
final class Device {

  private final MiniRedirectorDescriptor descriptor;
  private final Kernel kernel;
  private final RxResource netNameLock;
  private final PrefixTable<RxNode> prefixTable;
  private final Object scavengerMutex = new Object();
  // Every object not yet freed, in creation order: a doubly linked list through the objects' own
  // RxNode.livePrevious/liveNext fields, guarded by liveLock. A LinkedHashSet cost an entry of 40
  // bytes and a table slot per FCB, SRV_OPEN and FOBX (rdbss-bench, memory per open handle).
  private final Object liveLock = new Object();
  private @Nullable RxNode liveHead;
  private @Nullable RxNode liveTail;
  private @Nullable MiniRedirector miniRedirector;
  private volatile EngineOptions options = EngineOptions.DEFAULTS;
  private volatile CallbackOrders callbackOrders = CallbackOrders.CANONICAL;

  Device(MiniRedirectorDescriptor descriptor, Kernel kernel) {
    this.descriptor = descriptor;
    this.kernel = kernel;
    this.netNameLock =
        new RxResource(
            "netname table " + descriptor.deviceName(),
            LockRank.NETNAME_TABLE,
            0,
            kernel.lockOrder(),
            kernel.bugChecks());
    this.prefixTable = new PrefixTable<>(this::requireNetNameLock);
  }

  MiniRedirectorDescriptor descriptor() {
    return descriptor;
  }

  String name() {
    return descriptor.deviceName();
  }

  BugChecks bugChecks() {
    return kernel.bugChecks();
  }

  Irqls irqls() {
    return kernel.irqls();
  }

  LockOrderChecker lockOrder() {
    return kernel.lockOrder();
  }

  RdbssWorker worker() {
    return kernel.worker();
  }

  RdbssClock clock() {
    return kernel.clock();
  }

  Tracer tracer() {
    return kernel.tracer();
  }

  long nextSerialNumber() {
    return kernel.serialNumbers().incrementAndGet();
  }

  RxResource netNameLock() {
    return netNameLock;
  }

  PrefixTable<RxNode> prefixTable() {
    return prefixTable;
  }

  /** The mutex of {@code RxReference}/{@code RxDereference} and the scavenger lists (§2.3). */
  Object scavengerMutex() {
    return scavengerMutex;
  }

  EngineOptions options() {
    return options;
  }

  void setOptions(EngineOptions options) {
    this.options = options;
  }

  CallbackOrders callbackOrders() {
    return callbackOrders;
  }

  void setCallbackOrders(CallbackOrders orders) {
    this.callbackOrders = orders;
  }

  RxResource globalResource() {
    return kernel.globalResource();
  }

  MiniRedirector miniRedirector() {
    return Objects.requireNonNull(miniRedirector, "the mini-redirector is not created yet");
  }

  void setMiniRedirector(MiniRedirector miniRedirector) {
    this.miniRedirector = miniRedirector;
  }

  /** Adds a newborn object to the live objects (once; again is a no-op, as for a set). */
  void track(RxNode node) {
    synchronized (liveLock) {
      if (isTracked(node)) {
        return;
      }
      node.livePrevious = liveTail;
      node.liveNext = null;
      if (liveTail == null) {
        liveHead = node;
      } else {
        liveTail.liveNext = node;
      }
      liveTail = node;
    }
  }

  /** Removes a freed object from the live objects (a no-op if it is not there). */
  void untrack(RxNode node) {
    synchronized (liveLock) {
      if (!isTracked(node)) {
        return;
      }
      RxNode previous = node.livePrevious;
      RxNode next = node.liveNext;
      if (previous == null) {
        liveHead = next;
      } else {
        previous.liveNext = next;
      }
      if (next == null) {
        liveTail = previous;
      } else {
        next.livePrevious = previous;
      }
      node.livePrevious = null;
      node.liveNext = null;
    }
  }

  private boolean isTracked(RxNode node) {
    return node.livePrevious != null || liveHead == node;
  }

  /** Every object not yet freed, in creation order. */
  List<RxNode> liveObjects() {
    List<RxNode> out = new java.util.ArrayList<>();
    synchronized (liveLock) {
      for (RxNode node = liveHead; node != null; node = node.liveNext) {
        out.add(node);
      }
    }
    return List.copyOf(out);
  }

  private void requireNetNameLock(boolean exclusive, String operation) {
    boolean held = exclusive ? netNameLock.isHeldExclusively() : netNameLock.isHeld();
    if (!held) {
      throw bugChecks()
          .raise(
              dev.rdbss.api.BugCheckCode.RDBSS_FILE_SYSTEM,
              "§3.3",
              operation
                  + " needs the netname table lock held "
                  + (exclusive ? "exclusively" : "shared or exclusively")
                  + ": take rdbss.netNameTable().acquire"
                  + (exclusive ? "Exclusive" : "Shared")
                  + "() around it");
    }
  }
}
