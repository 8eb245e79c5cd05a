package dev.rdbss.minirdr.smb.client;

import dev.rdbss.api.spi.PluginSettings;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Where and how the {@code smb2} transport reaches real servers. Never credentials: those come with
 * each {@link SmbClient#connect} (from the caller's logon).
 *
 * <p>A server name is looked up in {@link #addresses()} first (so that {@code \\files\docs} can
 * reach a test server on {@code 127.0.0.1:44445}); any other name is resolved as a host name and
 * reached on {@link #port()}.
 *
 * @param port the TCP port for names without an address of their own (445 by default)
 * @param addresses server name (case-insensitive) → {@code host} or {@code host:port}
 * @param timeout how long one request may take before it fails with IO_TIMEOUT; also the TCP
 *     connect timeout
 */
public record Smb2Settings(int port, Map<String, String> addresses, Duration timeout) {

  /** The SMB port. */
  public static final int DEFAULT_PORT = 445;

  /** How long a request may take by default. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

  public Smb2Settings {
    if (port <= 0 || port > 65535) {
      throw new IllegalArgumentException("not a TCP port: " + port);
    }
    Map<String, String> lower = new LinkedHashMap<>();
    addresses.forEach((name, address) -> lower.put(name.toLowerCase(Locale.ROOT), address));
    addresses = Map.copyOf(lower);
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("the timeout must be positive: " + timeout);
    }
  }

  /** Port 445, no addresses, a 30 s timeout. */
  public static Smb2Settings defaults() {
    return new Smb2Settings(DEFAULT_PORT, Map.of(), DEFAULT_TIMEOUT);
  }

  /**
   * Reads {@code smb2.port}, {@code smb2.timeout} (an ISO-8601 duration or a number of seconds, as
   * {@link PluginSettings#getDuration} accepts) and {@code smb2.address.<server>} (host or
   * host:port) from a plugin's settings.
   */
  public static Smb2Settings from(PluginSettings settings) {
    Map<String, String> addresses = new LinkedHashMap<>();
    String prefix = "smb2.address.";
    settings.asMap().forEach(
        (key, value) -> {
          if (key.startsWith(prefix) && key.length() > prefix.length()) {
            addresses.put(key.substring(prefix.length()), value);
          }
        });
    return new Smb2Settings(
        settings.getInt("smb2.port", DEFAULT_PORT),
        addresses,
        settings.getDuration("smb2.timeout", DEFAULT_TIMEOUT));
  }

  /** A copy where {@code server} is reached at {@code host:port}. */
  public Smb2Settings withAddress(String server, String host, int serverPort) {
    Map<String, String> more = new LinkedHashMap<>(addresses);
    more.put(server, host + ":" + serverPort);
    return new Smb2Settings(port, more, timeout);
  }

  /** A copy with another request timeout. */
  public Smb2Settings withTimeout(Duration newTimeout) {
    return new Smb2Settings(port, addresses, newTimeout);
  }

  /** The host to dial for {@code server}. */
  public String hostOf(String server) {
    String address = addresses.get(server.toLowerCase(Locale.ROOT));
    if (address == null) {
      return server;
    }
    int colon = address.lastIndexOf(':');
    return colon < 0 ? address : address.substring(0, colon);
  }

  /** The port to dial for {@code server}. */
  public int portOf(String server) {
    @Nullable String address = addresses.get(server.toLowerCase(Locale.ROOT));
    if (address == null) {
      return port;
    }
    int colon = address.lastIndexOf(':');
    return colon < 0 ? port : Integer.parseInt(address.substring(colon + 1));
  }
}
