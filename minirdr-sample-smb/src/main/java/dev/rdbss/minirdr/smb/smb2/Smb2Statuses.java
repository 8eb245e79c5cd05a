package dev.rdbss.minirdr.smb.smb2;

import com.hierynomus.mssmb2.SMBApiException;
import dev.rdbss.api.NtStatus;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * Turns what smbj throws into the NTSTATUS a Windows client would report. A server's status passes
 * through unchanged ({@code NtStatus.of}); only network failures are translated.
 */
final class Smb2Statuses {

  private Smb2Statuses() {}

  /** A failure while reaching the server: an unknown or silent host is BAD_NETWORK_PATH. */
  static NtStatus ofConnect(Throwable failure) {
    NtStatus server = serverStatus(failure);
    if (server != null) {
      return server;
    }
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof UnknownHostException
          || t instanceof ConnectException
          || t instanceof NoRouteToHostException
          || t instanceof SocketTimeoutException) {
        return NtStatus.BAD_NETWORK_PATH;
      }
    }
    return of(failure);
  }

  /**
   * A failure of a request on an established connection: the server's status, IO_TIMEOUT when no
   * answer came in time, CONNECTION_DISCONNECTED when the connection broke.
   */
  static NtStatus of(Throwable failure) {
    NtStatus server = serverStatus(failure);
    if (server != null) {
      return server;
    }
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof TimeoutException || t instanceof SocketTimeoutException) {
        return NtStatus.IO_TIMEOUT;
      }
    }
    for (Throwable t = failure; t != null; t = t.getCause()) {
      // smbj reports a closed or reset socket as a TransportException (an IOException) or as an
      // SMBRuntimeException wrapping one; every such loss is the same to the caller.
      if (t instanceof IOException) {
        return NtStatus.CONNECTION_DISCONNECTED;
      }
    }
    return NtStatus.UNEXPECTED_NETWORK_ERROR;
  }

  private static @Nullable NtStatus serverStatus(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SMBApiException) {
        return NtStatus.of((int) ((SMBApiException) t).getStatusCode());
      }
    }
    return null;
  }
}
