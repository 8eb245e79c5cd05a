package dev.rdbss.minirdr.csc;

import dev.rdbss.api.spi.RdbssClock;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The plugin's state of one cached share, {@code \\server\share}: its mode, why, the probe armed
 * while its server is unreachable, and the progress of a running sync. Outlives the NET_ROOTs that
 * are built and finalized for the share at every transition.
 */
final class ShareState {

  private final String server;
  private final String share;
  private volatile ShareMode mode;
  private volatile ModeCause cause = ModeCause.INITIAL;
  private volatile String netRootName;
  private RdbssClock.@Nullable Timer probe;
  private volatile long syncDone;
  private volatile long syncTotal;

  ShareState(String server, String share, ShareMode initial) {
    this.server = server.toLowerCase(Locale.ROOT);
    this.share = share.toLowerCase(Locale.ROOT);
    this.mode = initial;
    this.netRootName = "\\" + this.server + "\\" + this.share;
  }

  /** The key the plugin files shares under: {@code \server\share} in lower case. */
  static String key(String server, String share) {
    return ("\\" + server + "\\" + share).toLowerCase(Locale.ROOT);
  }

  String server() {
    return server;
  }

  String share() {
    return share;
  }

  /** {@code \\server\share}, as users write it. */
  String unc() {
    return "\\\\" + server + "\\" + share;
  }

  ShareMode mode() {
    return mode;
  }

  ModeCause cause() {
    return cause;
  }

  void setMode(ShareMode newMode, ModeCause why) {
    mode = newMode;
    cause = why;
  }

  /** The NET_ROOT's name as RDBSS filed it (its case), for the lookup of a transition. */
  String netRootName() {
    return netRootName;
  }

  void netRootName(String name) {
    netRootName = name;
  }

  synchronized RdbssClock.@Nullable Timer probe() {
    return probe;
  }

  synchronized void probe(RdbssClock.@Nullable Timer timer) {
    probe = timer;
  }

  /** Arms the probe with {@code arm} unless one is armed already. */
  synchronized void armProbe(java.util.function.Supplier<RdbssClock.Timer> arm) {
    if (probe == null) {
      probe = arm.get();
    }
  }

  /** Cancels the probe, if armed. */
  synchronized void cancelProbe() {
    if (probe != null) {
      probe.cancel();
      probe = null;
    }
  }

  void progress(long done, long total) {
    syncDone = done;
    syncTotal = total;
  }

  long syncDone() {
    return syncDone;
  }

  long syncTotal() {
    return syncTotal;
  }

  @Override
  public String toString() {
    return unc() + " " + mode + " (" + cause + ")";
  }
}
