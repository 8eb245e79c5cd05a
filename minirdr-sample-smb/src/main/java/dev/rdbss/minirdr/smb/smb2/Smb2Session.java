package dev.rdbss.minirdr.smb.smb2;

import com.hierynomus.smbj.session.Session;
import com.hierynomus.smbj.share.DiskShare;
import com.hierynomus.smbj.share.Share;
import dev.rdbss.api.NtStatus;
import dev.rdbss.minirdr.smb.client.SmbResult;
import dev.rdbss.minirdr.smb.client.SmbSession;
import dev.rdbss.minirdr.smb.client.SmbTree;
import java.util.concurrent.CompletableFuture;

/** A session on a real server: smbj's {@link Session}. */
final class Smb2Session implements SmbSession {

  private final Smb2Client client;
  private final String server;
  private final String user;
  private final Session session;

  Smb2Session(Smb2Client client, String server, String user, Session session) {
    this.client = client;
    this.server = server;
    this.user = user;
    this.session = session;
  }

  @Override
  public String server() {
    return server;
  }

  @Override
  public String userName() {
    return user;
  }

  Smb2Client client() {
    return client;
  }

  Session smbj() {
    return session;
  }

  @Override
  public CompletableFuture<SmbResult<SmbTree>> treeConnect(String shareName) {
    return client.submit(
        () -> {
          try {
            Share share = session.connectShare(shareName);
            if (share instanceof DiskShare disk) {
              return SmbResult.<SmbTree>success(new Smb2Tree(this, disk));
            }
            share.close();
            return SmbResult.failure(NtStatus.BAD_NETWORK_NAME); // pipes and printers: not here
          } catch (Exception e) {
            return SmbResult.failure(Smb2Statuses.of(e));
          }
        },
        SmbResult::failure);
  }

  @Override
  public CompletableFuture<NtStatus> logoff() {
    return client.submit(
        () -> {
          try {
            session.logoff();
            return NtStatus.SUCCESS;
          } catch (Exception e) {
            return Smb2Statuses.of(e);
          }
        },
        s -> s);
  }

  @Override
  public String toString() {
    return "Smb2Session[" + user + "@" + server + "]";
  }
}
