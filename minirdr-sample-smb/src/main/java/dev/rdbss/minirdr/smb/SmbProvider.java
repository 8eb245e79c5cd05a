package dev.rdbss.minirdr.smb;

import dev.rdbss.api.spi.Capability;
import dev.rdbss.api.spi.MiniRedirector;
import dev.rdbss.api.spi.MiniRedirectorDescriptor;
import dev.rdbss.api.spi.MiniRedirectorProvider;
import dev.rdbss.api.spi.PluginSettings;
import dev.rdbss.api.spi.Rdbss;
import dev.rdbss.minirdr.smb.client.Smb2Settings;
import dev.rdbss.minirdr.smb.client.SmbClient;
import dev.rdbss.minirdr.smb.client.SmbTransports;
import dev.rdbss.minirdr.smb.sim.SimNetwork;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The SMB sample's {@link MiniRedirectorProvider} (ARCHITECTURE.md §3.2, spec §5.1 "Register"),
 * found by {@link java.util.ServiceLoader} through {@code provides} in {@code module-info.java}
 * and {@code META-INF/services/dev.rdbss.api.spi.MiniRedirectorProvider}.
 *
 * <p>Settings (under {@code rdbss.plugin.smb.}): {@code transport} = {@code sim} (default) or
 * {@code smb2}; for {@code sim} also {@code sim.timeout} (how long a request may wait for its
 * answer on the runtime's clock, 30 s by default; only injected latency makes an answer late); for
 * {@code smb2} also {@code smb2.port}, {@code smb2.timeout} and {@code smb2.address.<server>}
 * ({@link Smb2Settings#from}). Never credentials: those come from each caller's logon through the
 * V_NET_ROOT.
 *
 * <p>The descriptor declares what the plugin supports. A descriptor is read before settings
 * exist, so the no-argument provider declares the {@code sim} transport's capabilities; a host that
 * knows it will use {@code smb2} builds {@link #smb2()}, whose descriptor leaves out
 * {@link Capability#BUFFERING_STATE_CHANGES} (smbj asks for no oplocks and reports no breaks).
 */
public final class SmbProvider implements MiniRedirectorProvider {

  /** The plugin's name: its settings live under {@code rdbss.plugin.smb.}. */
  public static final String NAME = "smb";

  /** The device the plugin registers. */
  public static final String DEVICE = "\\Device\\SmbSimRedirector";

  private final @Nullable String forcedTransport;
  private volatile @Nullable SimNetwork network;

  /** For {@link java.util.ServiceLoader}: does no work; the transport comes from the settings. */
  public SmbProvider() {
    this(null, null);
  }

  /** The {@code sim} transport over {@code network} (tests and demos build their servers there). */
  public SmbProvider(SimNetwork network) {
    this(SmbTransports.SIM, network);
  }

  private SmbProvider(@Nullable String forcedTransport, @Nullable SimNetwork network) {
    this.forcedTransport = forcedTransport;
    this.network = network;
  }

  /** The {@code smb2} transport, whatever the settings say; its descriptor declares no oplocks. */
  public static SmbProvider smb2() {
    return new SmbProvider(SmbTransports.SMB2, null);
  }

  @Override
  public MiniRedirectorDescriptor descriptor() {
    MiniRedirectorDescriptor.Builder builder =
        MiniRedirectorDescriptor.builder(NAME, DEVICE)
            .description("SMB sample over an embedded simulated server (sim) or a real one (smb2)")
            .capabilities(
                Capability.BYTE_RANGE_LOCKS,
                Capability.CHANGE_NOTIFICATIONS,
                Capability.DIRECTORY_QUERY,
                Capability.RENAME,
                Capability.DELETE,
                Capability.VOLUME_INFORMATION);
    if (!SmbTransports.SMB2.equals(forcedTransport)) {
      builder.capabilities(Capability.BUFFERING_STATE_CHANGES);
    }
    return builder.build();
  }

  /**
   * Creates the mini-redirector with the transport the settings (or the constructor) choose.
   *
   * @throws IllegalArgumentException for an unknown transport name, naming the setting
   */
  @Override
  public MiniRedirector create(Rdbss rdbss, PluginSettings settings) {
    String transport =
        forcedTransport != null
            ? forcedTransport
            : settings.get("transport", SmbTransports.SIM).trim().toLowerCase(Locale.ROOT);
    SmbClient client;
    SimNetwork sim = null;
    if (SmbTransports.SIM.equals(transport)) {
      sim = network;
      if (sim == null) {
        sim = new SimNetwork(rdbss.clock());
        network = sim;
      }
      client =
          SmbTransports.sim(sim, settings.getDuration("sim.timeout", SimNetwork.DEFAULT_REQUEST_TIMEOUT));
    } else if (SmbTransports.SMB2.equals(transport)) {
      client = SmbTransports.smb2(Smb2Settings.from(settings));
    } else {
      throw new IllegalArgumentException(
          "plugin setting 'transport' is '" + transport + "', expected sim or smb2");
    }
    return new SmbMiniRedirector(rdbss, client, sim);
  }

  /** The simulated network the {@code sim} transport uses, once there is one. */
  public Optional<SimNetwork> simNetwork() {
    return Optional.ofNullable(network);
  }
}
