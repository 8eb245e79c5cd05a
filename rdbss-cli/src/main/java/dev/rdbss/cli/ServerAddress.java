package dev.rdbss.cli;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * The value of {@code --server smb2://host[:port]}: a real SMB 2/3 server for the SMB sample's
 * {@code smb2} transport.
 *
 * @param host the host name or address
 * @param port the TCP port, 445 unless given
 */
record ServerAddress(String host, int port) {

  /** The SMB port. */
  static final int SMB_PORT = 445;

  /**
   * Parses {@code smb2://host[:port]}.
   *
   * @throws IllegalArgumentException with a message fit for an {@code error:} line
   */
  static ServerAddress parse(String text) {
    URI uri;
    try {
      uri = new URI(text);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("not a server address: '" + text + "' (" + e.getReason() + ")");
    }
    if (!"smb2".equalsIgnoreCase(uri.getScheme())) {
      throw new IllegalArgumentException(
          "not a server address: '" + text + "'; expected smb2://host[:port]");
    }
    String host = uri.getHost();
    if (host == null || host.isEmpty()) {
      throw new IllegalArgumentException(
          "no host in the server address '" + text + "'; expected smb2://host[:port]");
    }
    String path = uri.getRawPath();
    if ((path != null && !path.isEmpty() && !path.equals("/")) || uri.getRawQuery() != null) {
      throw new IllegalArgumentException(
          "a server address names a host and a port only: '" + text + "'");
    }
    return new ServerAddress(host, uri.getPort() < 0 ? SMB_PORT : uri.getPort());
  }

  @Override
  public String toString() {
    return "smb2://" + host + ":" + port;
  }
}
