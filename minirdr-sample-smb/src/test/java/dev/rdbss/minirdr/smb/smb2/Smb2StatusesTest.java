package dev.rdbss.minirdr.smb.smb2;

import static org.assertj.core.api.Assertions.assertThat;

import com.hierynomus.mssmb2.SMB2MessageCommandCode;
import com.hierynomus.mssmb2.SMBApiException;
import com.hierynomus.protocol.transport.TransportException;
import com.hierynomus.smbj.common.SMBRuntimeException;
import dev.rdbss.api.NtStatus;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class Smb2StatusesTest {

  @Test
  void aServerStatusPassesThroughUnchangedEvenWhenWrapped() {
    SMBApiException denied = new SMBApiException(0xC0000022L, SMB2MessageCommandCode.SMB2_CREATE, null);
    SMBApiException unknown = new SMBApiException(0xC0001234L, SMB2MessageCommandCode.SMB2_READ, null);

    assertThat(Smb2Statuses.of(new ExecutionException(denied))).isEqualTo(NtStatus.ACCESS_DENIED);
    assertThat(Smb2Statuses.of(unknown)).isEqualTo(NtStatus.of(0xC0001234));
  }

  @Test
  void anUnreachableHostIsBadNetworkPath() {
    assertThat(Smb2Statuses.ofConnect(new UnknownHostException("x.invalid"))).isEqualTo(NtStatus.BAD_NETWORK_PATH);
    assertThat(Smb2Statuses.ofConnect(new ConnectException("refused"))).isEqualTo(NtStatus.BAD_NETWORK_PATH);
  }

  @Test
  void aBrokenConnectionIsConnectionDisconnectedAndSilenceIsIoTimeout() {
    assertThat(Smb2Statuses.of(new SMBRuntimeException(new TransportException("EOF"))))
        .isEqualTo(NtStatus.CONNECTION_DISCONNECTED);
    assertThat(Smb2Statuses.of(new TimeoutException())).isEqualTo(NtStatus.IO_TIMEOUT);
    assertThat(Smb2Statuses.of(new IllegalStateException())).isEqualTo(NtStatus.UNEXPECTED_NETWORK_ERROR);
  }
}
