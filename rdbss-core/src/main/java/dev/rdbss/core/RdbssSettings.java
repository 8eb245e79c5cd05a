package dev.rdbss.core;

import dev.rdbss.api.spi.PluginSettings;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The runtime's settings: keys starting with {@code rdbss.}, gathered from a settings file, system
 * properties and CLI flags, later sources overriding earlier ones (ARCHITECTURE.md §3.2).
 *
 * <ul>
 *   <li>{@code rdbss.providerOrder}: comma-separated plugin names, the order in which MUP asks
 *       providers (spec §6.1); unnamed providers follow in discovery order.
 *   <li>{@code rdbss.plugin.<name>.<key>}: a setting of the plugin {@code <name>}, handed to it as
 *       {@code <key>} in its {@link PluginSettings}.
 * </ul>
 *
 * <p>Settings never carry credentials: plugin keys that look like one ({@code password},
 * {@code secret}, {@code credential}, {@code token}) are dropped with a warning that names the key
 * but never the value. Credentials come from the caller's logon.
 */
public final class RdbssSettings {

  /** The prefix of every runtime key. */
  public static final String PREFIX = "rdbss.";

  /** The key of the provider order. */
  public static final String PROVIDER_ORDER = "rdbss.providerOrder";

  /** How many trace events the runtime keeps for {@code recentEvents} and the bugcheck dump. */
  public static final String TRACE_CAPACITY = "rdbss.traceCapacity";

  /**
   * Whether the runtime records trace events (ARCHITECTURE.md §3.5; default true). With {@code
   * false} no event is recorded or handed to a listener, so {@code recentEvents} stays empty and a
   * bugcheck dump carries no events; objects, counts and bugchecks are unchanged. It exists so
   * that the benchmarks (rdbss-bench) can measure what tracing costs.
   */
  public static final String TRACE = "rdbss.trace";

  /**
   * Whether closing the runtime (or unregistering a device) with live objects throws {@link
   * LeakException} instead of only logging them (issue 4 point 9). Tests set it.
   */
  public static final String FAIL_ON_LEAK = "rdbss.failOnLeak";

  /** How long RDBSS waits for a creation callback (§9 pitfall 1); an ISO-8601 duration. */
  public static final String CREATION_TIMEOUT = "rdbss.creationTimeout";

  /** How long a synchronous caller waits for {@code lowIoCompletion}; an ISO-8601 duration. */
  public static final String IO_TIMEOUT = "rdbss.ioTimeout";

  /** How long a stop waits for outstanding requests (§5.1); an ISO-8601 duration. */
  public static final String STOP_TIMEOUT = "rdbss.stopTimeout";

  /** How long MUP remembers which provider claimed a prefix (§6.1); an ISO-8601 duration. */
  public static final String MUP_CLAIM_TTL = "rdbss.mupClaimTtl";

  /**
   * Whether the runtime starts each mini-redirector once registered, through the device control
   * request of §5.1 step 4, as a redirector service does at boot (default true).
   */
  public static final String AUTO_START = "rdbss.autoStart";

  /**
   * On which thread {@code MRxFinalizeSrvCall} runs (spec §2.4, §9 pitfall 19): {@code
   * whenNotOnWorker} (default, [S]: posted to the RDBSS worker when finalization runs elsewhere, so
   * always on the worker) or {@code whenOnWorker} (the {@code RxFinalizeSrvCall} page's reading:
   * posted when finalization already runs on the worker, called on the finalizing thread otherwise).
   */
  public static final String FINALIZE_SRV_CALL_POSTING = "rdbss.finalizeSrvCallPosting";

  /**
   * Who calls {@code RxForceFinalizeAllVNetRoots} (§4.1, §9 pitfall 19): {@code external} (default,
   * [S]: plugins may call it, RDBSS never does) or {@code internal} (RDBSS calls it itself for a
   * forced connection deletion, which then finalizes every view of the share; a plugin's call is a
   * contract violation).
   */
  public static final String FORCE_FINALIZE_ALL_V_NET_ROOTS = "rdbss.forceFinalizeAllVNetRoots";

  /**
   * Which FCBs a recursive NET_ROOT finalization purges (§2.4, §9 pitfall 19): {@code nonOrphaned}
   * (default, [R]: those in the FCB table) or {@code orphaned} ([D]).
   */
  public static final String RECURSIVE_NET_ROOT_PURGE = "rdbss.recursiveNetRootPurge";

  /**
   * Which object an FCB holds a reference on (§1.1, §2.2, §9 pitfall 19): {@code vNetRoot}
   * (default, [R]: the view it was created through) or {@code netRoot} ([D]).
   */
  public static final String FCB_REFERENCES = "rdbss.fcbReferences";

  /**
   * When set (a whole number), RDBSS picks at random from this seed among the callback orders the
   * spec permits (§2.5, §9 pitfall 7) instead of the canonical order, so that a plugin can be
   * shown to tolerate each. Unset (the default): always the canonical order.
   */
  public static final String CALLBACK_ORDER_SEED = "rdbss.callbackOrderSeed";

  private static final int DEFAULT_TRACE_CAPACITY = 10_000;
  private static final String PLUGIN_PREFIX = "rdbss.plugin.";
  private static final Pattern CREDENTIAL_KEY =
      Pattern.compile(".*(password|passwd|secret|credential|token).*");
  private static final System.Logger LOG = System.getLogger(RdbssSettings.class.getName());
  private static final RdbssSettings DEFAULTS = new RdbssSettings(Map.of());

  private final Map<String, String> values;

  private RdbssSettings(Map<String, String> values) {
    this.values = Collections.unmodifiableMap(new TreeMap<>(values));
  }

  /** No settings: every default applies. */
  public static RdbssSettings defaults() {
    return DEFAULTS;
  }

  /** Settings from explicit entries (keys must start with {@code rdbss.}). */
  public static RdbssSettings of(Map<String, String> values) {
    return builder().putAll(values).build();
  }

  /** Starts a builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** The value of {@code key}, if set. */
  public Optional<String> get(String key) {
    return Optional.ofNullable(values.get(key));
  }

  /** Every entry, sorted by key. */
  public Map<String, String> asMap() {
    return values;
  }

  /** The provider order (plugin names), possibly empty. */
  public List<String> providerOrder() {
    return get(PROVIDER_ORDER)
        .map(v -> Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList())
        .orElse(List.of());
  }

  /** {@value #TRACE_CAPACITY}: a positive number (default 10,000). */
  public int traceCapacity() {
    return get(TRACE_CAPACITY)
        .map(v -> positiveInt(TRACE_CAPACITY, v))
        .orElse(DEFAULT_TRACE_CAPACITY);
  }

  /** {@value #FAIL_ON_LEAK}: {@code true} or {@code false} (default). */
  public boolean failOnLeak() {
    return get(FAIL_ON_LEAK).map(v -> bool(FAIL_ON_LEAK, v)).orElse(false);
  }

  /** {@value #CALLBACK_ORDER_SEED}, if set. */
  public java.util.OptionalLong callbackOrderSeed() {
    Optional<String> v = get(CALLBACK_ORDER_SEED);
    if (v.isEmpty()) {
      return java.util.OptionalLong.empty();
    }
    try {
      return java.util.OptionalLong.of(Long.parseLong(v.get().trim()));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          CALLBACK_ORDER_SEED + " must be a whole number, not '" + v.get() + "'", e);
    }
  }

  /** {@value #AUTO_START}: {@code true} (default) or {@code false}. */
  public boolean autoStart() {
    return get(AUTO_START).map(v -> bool(AUTO_START, v)).orElse(true);
  }

  /** {@value #TRACE} (default true). */
  public boolean tracing() {
    return get(TRACE).map(v -> bool(TRACE, v)).orElse(true);
  }

  /** {@value #CREATION_TIMEOUT} (default 30 s). */
  public Duration creationTimeout() {
    return duration(CREATION_TIMEOUT, Duration.ofSeconds(30));
  }

  /** {@value #IO_TIMEOUT} (default 60 s). */
  public Duration ioTimeout() {
    return duration(IO_TIMEOUT, Duration.ofSeconds(60));
  }

  /** {@value #STOP_TIMEOUT} (default 30 s). */
  public Duration stopTimeout() {
    return duration(STOP_TIMEOUT, Duration.ofSeconds(30));
  }

  /** {@value #MUP_CLAIM_TTL} (default 15 min). */
  public Duration mupClaimTtl() {
    return duration(MUP_CLAIM_TTL, Duration.ofMinutes(15));
  }

  private Duration duration(String key, Duration fallback) {
    return get(key).map(v -> positiveDuration(key, v)).orElse(fallback);
  }

  private static Duration positiveDuration(String key, String value) {
    try {
      Duration d = Duration.parse(value.trim());
      if (!d.isNegative() && !d.isZero()) {
        return d;
      }
    } catch (java.time.format.DateTimeParseException e) {
      // reported below with the key
    }
    throw new IllegalArgumentException(
        key + " must be a positive ISO-8601 duration such as PT30S, not '" + value + "'");
  }

  private static int positiveInt(String key, String value) {
    try {
      int n = Integer.parseInt(value.trim());
      if (n > 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below with the key
    }
    throw new IllegalArgumentException(key + " must be a positive whole number, not '" + value + "'");
  }

  private static boolean bool(String key, String value) {
    String v = value.trim().toLowerCase(Locale.ROOT);
    if (v.equals("true") || v.equals("false")) {
      return Boolean.parseBoolean(v);
    }
    throw new IllegalArgumentException(key + " must be true or false, not '" + value + "'");
  }

  /** The settings of plugin {@code name}, with the {@code rdbss.plugin.<name>.} prefix removed. */
  public PluginSettings forPlugin(String name) {
    String prefix = PLUGIN_PREFIX + name + ".";
    Map<String, String> own = new HashMap<>();
    values.forEach(
        (k, v) -> {
          if (!k.startsWith(prefix)) {
            return;
          }
          String key = k.substring(prefix.length());
          if (CREDENTIAL_KEY.matcher(key.toLowerCase(Locale.ROOT)).matches()) {
            LOG.log(
                Level.WARNING,
                "ignoring setting {0}: settings never carry credentials; they come from the logon",
                k);
            return;
          }
          own.put(key, v);
        });
    return PluginSettings.of(own);
  }

  @Override
  public String toString() {
    return "RdbssSettings" + values.keySet();
  }

  /** Builds {@link RdbssSettings}; later calls override earlier ones key by key. */
  public static final class Builder {
    private final Map<String, String> values = new HashMap<>();

    private Builder() {}

    /**
     * Sets one key.
     *
     * @throws IllegalArgumentException when the key does not start with {@code rdbss.}
     */
    public Builder put(String key, String value) {
      if (!key.startsWith(PREFIX)) {
        throw new IllegalArgumentException("a runtime setting starts with 'rdbss.': " + key);
      }
      values.put(key, value);
      return this;
    }

    /** Sets every entry. */
    public Builder putAll(Map<String, String> entries) {
      entries.forEach(this::put);
      return this;
    }

    /**
     * Adds the {@code rdbss.} keys of a {@code .properties} file (UTF-8); other keys are ignored.
     *
     * @throws UncheckedIOException when the file cannot be read
     */
    public Builder load(Path file) {
      Properties p = new Properties();
      try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        p.load(r);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read settings file " + file, e);
      }
      return fromProperties(p);
    }

    /** Adds the {@code rdbss.} system properties. */
    public Builder systemProperties() {
      return fromProperties(System.getProperties());
    }

    private Builder fromProperties(Properties p) {
      for (String key : p.stringPropertyNames()) {
        if (key.startsWith(PREFIX)) {
          values.put(key, p.getProperty(key));
        }
      }
      return this;
    }

    /** The settings. */
    public RdbssSettings build() {
      return new RdbssSettings(values);
    }
  }
}
