package dev.rdbss.core.engine;

import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The runtime settings the engine of a device obeys (from {@code RdbssSettings}).
 *
 * <p>The last four are the readings on which the sources contradict each other (spec §9 pitfall 19);
 * each defaults to the simulator's choice, so that a plugin can also be tested against the other.
 *
 * @param creationTimeout how long RDBSS waits for the callback of {@code createSrvCall} or {@code
 *     createVNetRoot} before it gives up: the object goes Bad with BAD_NETWORK_PATH (§9 pitfall 1)
 * @param stopTimeout how long {@code stopMinirdr} waits for outstanding requests after cancelling
 *     them (§5.1 step 5)
 * @param ioTimeout how long a synchronous caller waits for {@code lowIoCompletion} after the
 *     mini-redirector answered PENDING; then the request ends with IO_TIMEOUT and a late completion
 *     is ignored (never a hang)
 * @param srvCallFinalizationPosting on which thread {@code MRxFinalizeSrvCall} runs (§2.4)
 * @param forceFinalizeAllVNetRootsUse who calls {@code RxForceFinalizeAllVNetRoots} (§4.1)
 * @param recursiveNetRootPurge which FCBs a recursive NET_ROOT finalization purges (§2.4)
 * @param fcbParentReference which object an FCB holds a reference on (§2.2)
 */
public record EngineOptions(
    Duration creationTimeout,
    Duration stopTimeout,
    Duration ioTimeout,
    SrvCallFinalizationPosting srvCallFinalizationPosting,
    ForceFinalizeAllVNetRootsUse forceFinalizeAllVNetRootsUse,
    RecursiveNetRootPurge recursiveNetRootPurge,
    FcbParentReference fcbParentReference) {

  /**
   * The defaults: 30 s to create a connection object, 30 s for a stop to drain, 60 s for I/O, and
   * the simulator's choice for each contradictory reading.
   */
  public static final EngineOptions DEFAULTS =
      new EngineOptions(Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofSeconds(60));

  public EngineOptions {
    Objects.requireNonNull(creationTimeout, "creationTimeout");
    Objects.requireNonNull(stopTimeout, "stopTimeout");
    Objects.requireNonNull(ioTimeout, "ioTimeout");
    Objects.requireNonNull(srvCallFinalizationPosting, "srvCallFinalizationPosting");
    Objects.requireNonNull(forceFinalizeAllVNetRootsUse, "forceFinalizeAllVNetRootsUse");
    Objects.requireNonNull(recursiveNetRootPurge, "recursiveNetRootPurge");
    Objects.requireNonNull(fcbParentReference, "fcbParentReference");
    for (Duration d : new Duration[] {creationTimeout, stopTimeout, ioTimeout}) {
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException("engine timeouts must be positive: " + d);
      }
    }
  }

  /** The timeouts, with the simulator's choice for each contradictory reading. */
  public EngineOptions(Duration creationTimeout, Duration stopTimeout, Duration ioTimeout) {
    this(
        creationTimeout,
        stopTimeout,
        ioTimeout,
        SrvCallFinalizationPosting.WHEN_NOT_ON_WORKER,
        ForceFinalizeAllVNetRootsUse.EXTERNAL,
        RecursiveNetRootPurge.NON_ORPHANED,
        FcbParentReference.V_NET_ROOT);
  }

  /** A copy with another {@link SrvCallFinalizationPosting}. */
  public EngineOptions with(SrvCallFinalizationPosting value) {
    return new EngineOptions(creationTimeout, stopTimeout, ioTimeout, value,
        forceFinalizeAllVNetRootsUse, recursiveNetRootPurge, fcbParentReference);
  }

  /** A copy with another {@link ForceFinalizeAllVNetRootsUse}. */
  public EngineOptions with(ForceFinalizeAllVNetRootsUse value) {
    return new EngineOptions(creationTimeout, stopTimeout, ioTimeout, srvCallFinalizationPosting,
        value, recursiveNetRootPurge, fcbParentReference);
  }

  /** A copy with another {@link RecursiveNetRootPurge}. */
  public EngineOptions with(RecursiveNetRootPurge value) {
    return new EngineOptions(creationTimeout, stopTimeout, ioTimeout, srvCallFinalizationPosting,
        forceFinalizeAllVNetRootsUse, value, fcbParentReference);
  }

  /** A copy with another {@link FcbParentReference}. */
  public EngineOptions with(FcbParentReference value) {
    return new EngineOptions(creationTimeout, stopTimeout, ioTimeout, srvCallFinalizationPosting,
        forceFinalizeAllVNetRootsUse, recursiveNetRootPurge, value);
  }

  /** A choice between two readings, named in settings by {@link #settingValue()}. */
  interface Reading {
    String settingValue();
  }

  /** The constant of {@code type} whose {@link Reading#settingValue()} is {@code value}. */
  static <E extends Enum<E> & Reading> E parse(Class<E> type, String key, String value) {
    for (E e : type.getEnumConstants()) {
      if (e.settingValue().equals(value.trim())) {
        return e;
      }
    }
    throw new IllegalArgumentException(
        key + " must be one of "
            + Arrays.stream(type.getEnumConstants())
                .map(Reading::settingValue)
                .collect(Collectors.joining(", "))
            + ", not '" + value + "'");
  }

  /**
   * On which thread {@code MRxFinalizeSrvCall} runs (§2.4): the {@code MRxFinalizeSrvCall} page and
   * [R] post it to the RDBSS worker when finalization runs elsewhere, so it always runs on the
   * worker ([S]); the {@code RxFinalizeSrvCall} page says the worker is used when finalization
   * already runs in the RDBSS process, so elsewhere the plugin is called on the finalizing thread.
   */
  public enum SrvCallFinalizationPosting implements Reading {
    /** [S]: posted when not on the RDBSS worker, inline on it: always on the worker. */
    WHEN_NOT_ON_WORKER("whenNotOnWorker"),
    /** The {@code RxFinalizeSrvCall} page: posted when on the worker, inline on any other thread. */
    WHEN_ON_WORKER("whenOnWorker");

    private final String settingValue;

    SrvCallFinalizationPosting(String settingValue) {
      this.settingValue = settingValue;
    }

    @Override
    public String settingValue() {
      return settingValue;
    }

    /** Whether finalization on a thread that {@code isWorkerThread} (or not) posts the call. */
    boolean posts(boolean onWorker) {
      return this == WHEN_NOT_ON_WORKER ? !onWorker : onWorker;
    }

    /** The constant a setting names. */
    public static SrvCallFinalizationPosting of(String key, String value) {
      return parse(SrvCallFinalizationPosting.class, key, value);
    }
  }

  /**
   * Who calls {@code RxForceFinalizeAllVNetRoots} (§4.1): one documentation page says RDBSS never
   * calls it and mini-redirectors do ([S]: exposed to plugins, never invoked implicitly); the RDBSS
   * routine index says it is internal. Read as internal, RDBSS uses it for what the routine is
   * documented to be equivalent to, a connection cancel with forced closing of files: a forced
   * {@code finalizeConnection} finalizes every view of the share, not only the one deleted, and a
   * plugin that calls the routine itself breaks the contract.
   */
  public enum ForceFinalizeAllVNetRootsUse implements Reading {
    /** [S]: plugins call it; RDBSS never does. */
    EXTERNAL("external"),
    /** RDBSS calls it in forced connection deletion; plugins must not. */
    INTERNAL("internal");

    private final String settingValue;

    ForceFinalizeAllVNetRootsUse(String settingValue) {
      this.settingValue = settingValue;
    }

    @Override
    public String settingValue() {
      return settingValue;
    }

    /** The constant a setting names. */
    public static ForceFinalizeAllVNetRootsUse of(String key, String value) {
      return parse(ForceFinalizeAllVNetRootsUse.class, key, value);
    }
  }

  /**
   * Which FCBs a recursive {@code RxFinalizeNetRoot} purges (§2.4): [R] walks the FCB table, so it
   * purges the FCBs that are not orphaned (an orphaned FCB has left the table, §4.2); [D] says the
   * orphaned ones. §2.4 makes no [S] choice; the default keeps [R], whose finalization order the
   * simulator follows (§2.5).
   */
  public enum RecursiveNetRootPurge implements Reading {
    /** [R]: the FCBs in the NET_ROOT's FCB table. */
    NON_ORPHANED("nonOrphaned"),
    /** [D]: the NET_ROOT's orphaned FCBs, which are no longer in its table. */
    ORPHANED("orphaned");

    private final String settingValue;

    RecursiveNetRootPurge(String settingValue) {
      this.settingValue = settingValue;
    }

    @Override
    public String settingValue() {
      return settingValue;
    }

    /** The constant a setting names. */
    public static RecursiveNetRootPurge of(String key, String value) {
      return parse(RecursiveNetRootPurge.class, key, value);
    }
  }

  /**
   * Which object an FCB holds a reference on (§1.1, §2.2): in [R] the V_NET_ROOT it was created
   * through (so an idle FCB keeps that view, and freeing the FCB releases it to the scavenger,
   * §6.8); in [D] its NET_ROOT. §2.2 makes no [S] choice; the default keeps [R]. Either way the FCB
   * remembers the view it was created through ({@code Fcb.vNetRoot()}), which with {@link
   * #NET_ROOT} may be freed before the FCB.
   */
  public enum FcbParentReference implements Reading {
    /** [R]: the V_NET_ROOT the FCB was created through. */
    V_NET_ROOT("vNetRoot"),
    /** [D]: the FCB's NET_ROOT. */
    NET_ROOT("netRoot");

    private final String settingValue;

    FcbParentReference(String settingValue) {
      this.settingValue = settingValue;
    }

    @Override
    public String settingValue() {
      return settingValue;
    }

    /** The constant a setting names. */
    public static FcbParentReference of(String key, String value) {
      return parse(FcbParentReference.class, key, value);
    }
  }
}
