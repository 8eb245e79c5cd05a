package dev.rdbss.minirdr.smb.smb2;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import javax.net.SocketFactory;

/**
 * Sockets that give up connecting after a bound: smbj connects with the factory's
 * {@code createSocket(host, port)}, which on its own waits as long as the operating system does
 * (minutes for a silent host), and a mini-redirector must answer BAD_NETWORK_PATH in bounded time.
 */
final class TimeoutSocketFactory extends SocketFactory {

  private final int connectTimeoutMillis;

  TimeoutSocketFactory(int connectTimeoutMillis) {
    this.connectTimeoutMillis = connectTimeoutMillis;
  }

  @Override
  public Socket createSocket() {
    return new Socket();
  }

  @Override
  public Socket createSocket(String host, int port) throws IOException {
    return connect(new InetSocketAddress(host, port));
  }

  @Override
  public Socket createSocket(String host, int port, InetAddress localHost, int localPort)
      throws IOException {
    Socket socket = new Socket();
    socket.bind(new InetSocketAddress(localHost, localPort));
    return connect(socket, new InetSocketAddress(host, port));
  }

  @Override
  public Socket createSocket(InetAddress host, int port) throws IOException {
    return connect(new InetSocketAddress(host, port));
  }

  @Override
  public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
      throws IOException {
    Socket socket = new Socket();
    socket.bind(new InetSocketAddress(localAddress, localPort));
    return connect(socket, new InetSocketAddress(address, port));
  }

  private Socket connect(InetSocketAddress address) throws IOException {
    return connect(new Socket(), address);
  }

  private Socket connect(Socket socket, InetSocketAddress address) throws IOException {
    try {
      socket.connect(address, connectTimeoutMillis);
      return socket;
    } catch (IOException e) {
      socket.close();
      throw e;
    }
  }
}
