package dev.rdbss.minirdr.smb.smb2;

import com.hierynomus.protocol.transport.PacketHandlers;
import com.hierynomus.protocol.transport.PacketReceiver;
import com.hierynomus.protocol.transport.TransportException;
import com.hierynomus.protocol.transport.TransportLayer;
import com.hierynomus.smb.SMBPacket;
import com.hierynomus.smb.SMBPacketData;
import com.hierynomus.smbj.SmbConfig;
import com.hierynomus.smbj.transport.TransportLayerFactory;
import com.hierynomus.smbj.transport.tcp.direct.DirectTcpTransportFactory;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * smbj's direct TCP transport, closed as soon as its reader fails. Left alone, smbj fails the
 * requests outstanding at that moment but keeps the socket open while a session holds the
 * connection, so the next request waits for an answer that cannot come and ends in IO_TIMEOUT.
 * Closing the socket makes every later request fail at once with CONNECTION_DISCONNECTED, and lets
 * smbj's pool dial a fresh connection on the next connect.
 */
final class LossDetectingTransportFactory
    implements TransportLayerFactory<SMBPacketData<?>, SMBPacket<?, ?>> {

  private final DirectTcpTransportFactory<SMBPacketData<?>, SMBPacket<?, ?>> direct =
      new DirectTcpTransportFactory<>();

  @Override
  public TransportLayer<SMBPacket<?, ?>> createTransportLayer(
      PacketHandlers<SMBPacketData<?>, SMBPacket<?, ?>> handlers, SmbConfig config) {
    AtomicReference<TransportLayer<SMBPacket<?, ?>>> transport = new AtomicReference<>();
    PacketReceiver<SMBPacketData<?>> connection = handlers.getReceiver();
    PacketReceiver<SMBPacketData<?>> watching =
        new PacketReceiver<>() {
          @Override
          public void handle(SMBPacketData<?> packet) throws TransportException {
            connection.handle(packet);
          }

          @Override
          public void handleError(Throwable failure) {
            connection.handleError(failure);
            TransportLayer<SMBPacket<?, ?>> broken = transport.get();
            if (broken != null) {
              try {
                broken.disconnect();
              } catch (IOException alreadyClosed) {
                // The socket is gone either way.
              }
            }
          }
        };
    TransportLayer<SMBPacket<?, ?>> layer =
        direct.createTransportLayer(
            new PacketHandlers<>(handlers.getSerializer(), watching, handlers.getPacketFactory()), config);
    transport.set(layer);
    return layer;
  }
}
