package dev.rdbss.core.engine;

import dev.rdbss.api.BugCheckCode;
import dev.rdbss.api.SrvCallFlag;
import dev.rdbss.core.kernel.LockRank;
import dev.rdbss.core.kernel.RxResource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The FCB table of one NET_ROOT (spec §1.1, §6.4 step 3): path within the share to FCB, with its own
 * lock and version counter. Names compare case-insensitively when the server said so
 * ({@code CASE_INSENSITIVE_FILENAMES}, §3.2).
 */
final class FcbTable {

  private final Device device;
  private final NetRootImpl netRoot;
  final RxResource lock;
  private final Map<String, FcbImpl> byKey = new LinkedHashMap<>();
  private volatile long version;

  FcbTable(Device device, NetRootImpl netRoot) {
    this.device = device;
    this.netRoot = netRoot;
    this.lock =
        new RxResource(
            "FCB table " + netRoot.rawName(),
            LockRank.FCB_TABLE,
            netRoot.serialNumber(),
            device.lockOrder(),
            device.bugChecks());
  }

  private String key(String pathInShare) {
    return netRoot.rawSrvCall().hasFlag(SrvCallFlag.CASE_INSENSITIVE_FILENAMES)
        ? pathInShare.toUpperCase(Locale.ROOT)
        : pathInShare;
  }

  /** Looks up an FCB (lock held shared or exclusive). */
  synchronized Optional<FcbImpl> lookup(String pathInShare) {
    requireHeld(false, "FCB table lookup");
    return Optional.ofNullable(byKey.get(key(pathInShare)));
  }

  /** Inserts an FCB (lock held exclusively); bumps the version. */
  synchronized void insert(FcbImpl fcb) {
    requireHeld(true, "FCB table insert");
    String k = key(fcb.rawPath());
    FcbImpl previous = byKey.putIfAbsent(k, fcb);
    if (previous != null) {
      throw device.bugChecks()
          .raise(
              BugCheckCode.RDBSS_FILE_SYSTEM,
              "§6.4",
              "two FCBs for " + fcb.displayName() + " in one FCB table");
    }
    fcb.tableKey = k;
    fcb.setInTable(true);
    version++;
  }

  /**
   * Removes an FCB if it is the one in the table (lock held exclusively); bumps the version. The
   * key is the one it was filed under: not folded again (forced finalization removes one FCB per
   * open file, §4.2), and still right if the server's case sensitivity changed meanwhile.
   */
  synchronized boolean remove(FcbImpl fcb) {
    requireHeld(true, "FCB table remove");
    String k = fcb.tableKey;
    if (k == null || byKey.get(k) != fcb) {
      return false;
    }
    byKey.remove(k);
    fcb.tableKey = null;
    fcb.setInTable(false);
    version++;
    return true;
  }

  synchronized List<FcbImpl> snapshot() {
    return new ArrayList<>(byKey.values());
  }

  synchronized boolean isEmpty() {
    return byKey.isEmpty();
  }

  long version() {
    return version;
  }

  private void requireHeld(boolean exclusive, String operation) {
    boolean ok = exclusive ? lock.isHeldExclusively() : lock.isHeld();
    if (!ok) {
      throw device.bugChecks()
          .raise(
              BugCheckCode.RDBSS_FILE_SYSTEM,
              "§3.3",
              operation
                  + " on "
                  + netRoot.rawName()
                  + " needs the FCB table lock held "
                  + (exclusive ? "exclusively" : "shared or exclusively"));
    }
  }

}
