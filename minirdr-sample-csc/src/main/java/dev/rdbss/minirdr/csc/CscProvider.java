package dev.rdbss.minirdr.csc;

import dev.rdbss.api.spi.Capability;
import dev.rdbss.api.spi.MiniRedirector;
import dev.rdbss.api.spi.MiniRedirectorDescriptor;
import dev.rdbss.api.spi.MiniRedirectorProvider;
import dev.rdbss.api.spi.PluginSettings;
import dev.rdbss.api.spi.Rdbss;
import dev.rdbss.minirdr.csc.store.CacheStore;
import dev.rdbss.minirdr.csc.store.CacheStoreConfig;
import dev.rdbss.minirdr.smb.client.Smb2Settings;
import dev.rdbss.minirdr.smb.client.SmbClient;
import dev.rdbss.minirdr.smb.client.SmbTransports;
import dev.rdbss.minirdr.smb.sim.SimNetwork;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;

/**
 * The client-side-caching sample's {@link MiniRedirectorProvider} (ARCHITECTURE.md §3.2, §3.4),
 * found by {@link java.util.ServiceLoader} through {@code provides} in {@code module-info.java} and
 * {@code META-INF/services}.
 *
 * <p><strong>Provider order.</strong> Put {@code csc} before {@code smb} ({@code
 * rdbss.providerOrder=csc,smb}): MUP asks providers in that order (spec §6.1), and this plugin claims
 * only the servers named in its {@code servers} setting; every other name is refused with
 * BAD_NETWORK_PATH at SRV_CALL creation and falls through to the SMB sample.
 *
 * <p>Settings (under {@code rdbss.plugin.csc.}):
 *
 * <table>
 *   <caption>CSC settings</caption>
 *   <tr><th>Key</th><th>Meaning</th><th>Default</th></tr>
 *   <tr><td>{@code servers}</td><td>comma-separated server names to cache</td><td>none (claims nothing)</td></tr>
 *   <tr><td>{@code cache.folder}</td><td>the cache folder (SQLite database and file data)</td><td>required when {@code servers} is set; otherwise a temporary folder deleted at unregistration</td></tr>
 *   <tr><td>{@code cache.sizeLimit}</td><td>bytes of file data before LRU eviction</td><td>{@code 256m}</td></tr>
 *   <tr><td>{@code probeInterval}</td><td>how often an unreachable server is probed (runtime clock)</td><td>{@code 30s}</td></tr>
 *   <tr><td>{@code transport}</td><td>{@code sim} or {@code smb2}, as the SMB sample</td><td>{@code sim}</td></tr>
 *   <tr><td>{@code smb2.*}</td><td>port, timeout, addresses of the {@code smb2} transport ({@link Smb2Settings#from})</td><td></td></tr>
 * </table>
 *
 * <p>Never credentials: each view's come from the caller's logon, and are kept in memory only.
 */
public final class CscProvider implements MiniRedirectorProvider {

  /** The plugin's name: its settings live under {@code rdbss.plugin.csc.}. */
  public static final String NAME = "csc";

  /** The device the plugin registers; its commands are {@link CscControlCodes}. */
  public static final String DEVICE = "\\Device\\CscRedirector";

  private final @Nullable String forcedTransport;
  private final @Nullable SmbClient suppliedClient;
  private volatile @Nullable SimNetwork network;
  private final List<SyncListener> listeners = new CopyOnWriteArrayList<>();
  private volatile @Nullable CscMiniRedirector created;

  /** For {@link java.util.ServiceLoader}: does no work; everything comes from the settings. */
  public CscProvider() {
    this(null, null, null);
  }

  /** The {@code sim} transport over {@code network}, shared with the SMB sample in tests and demos. */
  public CscProvider(SimNetwork network) {
    this(SmbTransports.SIM, network, null);
  }

  /**
   * A host-supplied client (any transport). The provider does not close it: its owner does.
   * Tests use this to put a simulated network partition between the plugin and its server.
   */
  public CscProvider(SmbClient client) {
    this(null, null, client);
  }

  private CscProvider(
      @Nullable String forcedTransport, @Nullable SimNetwork network, @Nullable SmbClient client) {
    this.forcedTransport = forcedTransport;
    this.network = network;
    this.suppliedClient = client;
  }

  /** The {@code smb2} transport, whatever the settings say. */
  public static CscProvider smb2() {
    return new CscProvider(SmbTransports.SMB2, null, null);
  }

  @Override
  public MiniRedirectorDescriptor descriptor() {
    return MiniRedirectorDescriptor.builder(NAME, DEVICE)
        .description("Client-side caching over the SMB sample's client: offline use, journal, sync")
        .capabilities(
            Capability.BYTE_RANGE_LOCKS, // the server's online; offline RDBSS's own checks suffice
            Capability.DIRECTORY_QUERY,
            Capability.RENAME,
            Capability.DELETE,
            Capability.VOLUME_INFORMATION)
        .build();
  }

  /**
   * Opens the cache store and creates the mini-redirector.
   *
   * @throws IllegalArgumentException for a missing {@code cache.folder} when {@code servers} names
   *     a server to cache, or an unknown transport, naming the setting
   */
  @Override
  public MiniRedirector create(Rdbss rdbss, PluginSettings settings) {
    CscSettings csc = CscSettings.from(settings);
    @Nullable Path throwawayFolder = null;
    CacheStore store;
    try {
      CacheStoreConfig config;
      if (csc.servers().isEmpty() && settings.getPath("cache.folder").isEmpty()) {
        // Caching no server, the plugin keeps nothing worth keeping: a private folder, deleted at
        // unregistration, lets it load without settings wherever ServiceLoader finds it (a CLI or
        // a host with every sample on its module path) instead of failing every runtime.
        throwawayFolder = Files.createTempDirectory("rdbss-csc-");
        config = CacheStoreConfig.at(throwawayFolder);
      } else {
        config = CacheStoreConfig.from(settings);
      }
      store = CacheStore.open(config);
    } catch (IOException e) {
      if (throwawayFolder != null) {
        CscMiniRedirector.deleteTree(throwawayFolder);
      }
      throw new UncheckedIOException("cannot open the CSC cache: " + e.getMessage(), e);
    }
    SmbClient client;
    boolean ownsClient;
    SmbClient supplied = suppliedClient;
    if (supplied != null) {
      client = supplied;
      ownsClient = false;
    } else {
      String transport =
          forcedTransport != null
              ? forcedTransport
              : settings.get("transport", SmbTransports.SIM).trim().toLowerCase(Locale.ROOT);
      if (SmbTransports.SIM.equals(transport)) {
        SimNetwork sim = network;
        if (sim == null) {
          sim = new SimNetwork(rdbss.clock());
          network = sim;
        }
        client = SmbTransports.sim(sim);
      } else if (SmbTransports.SMB2.equals(transport)) {
        client = SmbTransports.smb2(Smb2Settings.from(settings));
      } else {
        closeQuietly(store);
        if (throwawayFolder != null) {
          CscMiniRedirector.deleteTree(throwawayFolder);
        }
        throw new IllegalArgumentException(
            "plugin setting 'transport' is '" + transport + "', expected sim or smb2");
      }
      ownsClient = true;
    }
    CscMiniRedirector redirector =
        new CscMiniRedirector(rdbss, client, ownsClient, store, throwawayFolder, csc, listeners);
    created = redirector;
    return redirector;
  }

  private static void closeQuietly(CacheStore store) {
    try {
      store.close();
    } catch (IOException ignored) {
      // already failing with a better message
    }
  }

  /**
   * Registers a listener for the progress of every sync of this provider's redirector (the CLI
   * draws its progress bar from it). Can be called before the redirector exists.
   */
  public void addSyncListener(SyncListener listener) {
    listeners.add(listener);
  }

  /** Removes a listener added with {@link #addSyncListener}. */
  public void removeSyncListener(SyncListener listener) {
    listeners.remove(listener);
  }

  /** The simulated network the {@code sim} transport uses, once there is one. */
  public Optional<SimNetwork> simNetwork() {
    return Optional.ofNullable(network);
  }

  /** The redirector this provider created last, for hosts that want its state without a device. */
  public Optional<CscMiniRedirector> redirector() {
    return Optional.ofNullable(created);
  }
}
