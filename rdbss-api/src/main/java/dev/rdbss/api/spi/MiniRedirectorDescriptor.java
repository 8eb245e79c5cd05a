package dev.rdbss.api.spi;

import dev.rdbss.api.NodeType;
import dev.rdbss.api.RegistrationFlag;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * What a mini-redirector tells RDBSS before it is created: the header of its {@code MINIRDR_DISPATCH}
 * and the arguments of {@code RxRegisterMinirdr} (spec §1.2, §5.1, §5.2).
 *
 * <pre>{@code
 * MiniRedirectorDescriptor.builder("echo", "\\Device\\EchoRedirector")
 *     .maximumNumberOfCloseDelayedFiles(16)
 *     .capabilities(Capability.DIRECTORY_QUERY, Capability.DELAYED_CLOSE)
 *     .build();
 * }</pre>
 */
public final class MiniRedirectorDescriptor {

  /** The scavenger period when the descriptor names none: {@code ScavengerTimeout} of 10 s (§6.8). */
  public static final Duration DEFAULT_SCAVENGER_TIMEOUT = Duration.ofSeconds(10);

  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,31}");
  private static final Pattern DEVICE = Pattern.compile("\\\\Device\\\\[A-Za-z0-9_]{1,64}");

  private final String name;
  private final String deviceName;
  private final String description;
  private final Set<RegistrationFlag> registrationFlags;
  private final Map<NodeType, Supplier<?>> extensionFactories;
  private final Duration scavengerTimeout;
  private final int maximumNumberOfCloseDelayedFiles;
  private final Set<Capability> capabilities;

  private MiniRedirectorDescriptor(Builder b) {
    this.name = b.name;
    this.deviceName = b.deviceName;
    this.description = b.description;
    this.registrationFlags = Collections.unmodifiableSet(EnumSet.copyOf(b.registrationFlags));
    this.extensionFactories = Collections.unmodifiableMap(new EnumMap<>(b.extensionFactories));
    this.scavengerTimeout = b.scavengerTimeout;
    this.maximumNumberOfCloseDelayedFiles = b.maximumNumberOfCloseDelayedFiles;
    this.capabilities = Collections.unmodifiableSet(EnumSet.copyOf(b.capabilities));
  }

  /**
   * Starts a descriptor.
   *
   * @param name the plugin's short name: lower case, digits and dashes, at most 32 characters,
   *     starting with a letter (it prefixes the plugin's settings and names it in the CLI)
   * @param deviceName the device object's name, {@code \Device\SomethingRedirector}
   */
  public static Builder builder(String name, String deviceName) {
    return new Builder(name, deviceName);
  }

  /** The plugin's short name; unique among the providers of a runtime. */
  public String name() {
    return name;
  }

  /** The device name, e.g. {@code \Device\SmbSimRedirector}; unique among the providers of a runtime. */
  public String deviceName() {
    return deviceName;
  }

  /** A one-line description for listings. */
  public String description() {
    return description;
  }

  /** The {@code Controls} flags of {@code RxRegisterMinirdr} (§5.1). */
  public Set<RegistrationFlag> registrationFlags() {
    return registrationFlags;
  }

  /** The extension factory of {@code type} (RDBSS_MANAGE_*_EXTENSION, §1.2), if any. */
  public Optional<Supplier<?>> extensionFactory(NodeType type) {
    return Optional.ofNullable(extensionFactories.get(type));
  }

  /** {@code ScavengerTimeout}: the scavenger's period (§6.8). */
  public Duration scavengerTimeout() {
    return scavengerTimeout;
  }

  /** The {@code MaximumNumberOfCloseDelayedFiles} every new SRV_CALL starts with (§6.7). */
  public int maximumNumberOfCloseDelayedFiles() {
    return maximumNumberOfCloseDelayedFiles;
  }

  /** The declared capabilities (for the conformance kit's optional rules). */
  public Set<Capability> capabilities() {
    return capabilities;
  }

  @Override
  public String toString() {
    return "MiniRedirectorDescriptor[" + name + ", " + deviceName + "]";
  }

  /** Builds a {@link MiniRedirectorDescriptor}. */
  public static final class Builder {
    private final String name;
    private final String deviceName;
    private String description = "";
    private final Set<RegistrationFlag> registrationFlags = EnumSet.noneOf(RegistrationFlag.class);
    private final Map<NodeType, Supplier<?>> extensionFactories = new EnumMap<>(NodeType.class);
    private Duration scavengerTimeout = DEFAULT_SCAVENGER_TIMEOUT;
    private int maximumNumberOfCloseDelayedFiles;
    private final Set<Capability> capabilities = EnumSet.noneOf(Capability.class);

    private Builder(String name, String deviceName) {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(deviceName, "deviceName");
      if (!NAME.matcher(name).matches()) {
        throw new IllegalArgumentException(
            "a mini-redirector name is lower case letters, digits and dashes, starting with a"
                + " letter, at most 32 characters: '" + name + "'");
      }
      if (!DEVICE.matcher(deviceName).matches()) {
        throw new IllegalArgumentException(
            "a device name looks like \\Device\\MyRedirector: '" + deviceName + "'");
      }
      this.name = name;
      this.deviceName = deviceName;
    }

    /** A one-line description. */
    public Builder description(String description) {
      this.description = Objects.requireNonNull(description, "description");
      return this;
    }

    /** Adds {@code RxRegisterMinirdr} control flags (§5.1). */
    public Builder registrationFlags(RegistrationFlag... flags) {
      registrationFlags.addAll(Set.of(flags));
      return this;
    }

    /**
     * Asks RDBSS to create an extension for every object of {@code type} and to start its
     * {@code context()} with it (RDBSS_MANAGE_*_EXTENSION, §1.2).
     *
     * @throws IllegalArgumentException for {@link NodeType#SRV_CALL}: RDBSS never allocates a
     *     SRV_CALL extension (§1.2); set the SRV_CALL's context in the winner notification instead
     */
    public Builder extension(NodeType type, Supplier<?> factory) {
      Objects.requireNonNull(factory, "factory");
      if (type == NodeType.SRV_CALL) {
        throw new IllegalArgumentException(
            "RDBSS never allocates a SRV_CALL extension (spec §1.2): set SrvCall.setContext in"
                + " srvCallWinnerNotify and clear it in finalizeSrvCall");
      }
      extensionFactories.put(type, factory);
      return this;
    }

    /**
     * Sets {@code ScavengerTimeout} (§6.8).
     *
     * @throws IllegalArgumentException when not positive
     */
    public Builder scavengerTimeout(Duration timeout) {
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("the scavenger timeout must be positive: " + timeout);
      }
      this.scavengerTimeout = timeout;
      return this;
    }

    /**
     * Sets the delayed-close limit new SRV_CALLs start with (§6.7); 0 (the default) disables
     * delayed close.
     */
    public Builder maximumNumberOfCloseDelayedFiles(int maximum) {
      if (maximum < 0) {
        throw new IllegalArgumentException("the delayed-close limit must not be negative: " + maximum);
      }
      this.maximumNumberOfCloseDelayedFiles = maximum;
      return this;
    }

    /** Declares capabilities. */
    public Builder capabilities(Capability... declared) {
      capabilities.addAll(Set.of(declared));
      return this;
    }

    /** The descriptor. */
    public MiniRedirectorDescriptor build() {
      return new MiniRedirectorDescriptor(this);
    }
  }
}
