package dev.rdbss.minirdr.smb.sim;

import dev.rdbss.api.NtStatus;
import dev.rdbss.minirdr.smb.client.OplockBreakListener;
import dev.rdbss.minirdr.smb.client.OplockLevel;
import dev.rdbss.minirdr.smb.client.SmbFileId;
import dev.rdbss.minirdr.smb.client.SmbResult;
import dev.rdbss.minirdr.smb.client.SmbSession;
import dev.rdbss.minirdr.smb.client.SmbTree;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/** A session on a simulated server; also the server's record of it (they share one process). */
final class SimSession implements SmbSession {

  /** STATUS_USER_SESSION_DELETED: a request on a session that was logged off. */
  static final NtStatus USER_SESSION_DELETED = NtStatus.of(0xC000_0203);

  private static final System.Logger LOG = System.getLogger(SimSession.class.getName());

  private final SimServer server;
  private final SimConnection connection;
  private final String user;
  private final OplockBreakListener breaks;
  private final List<SimTree> trees = new ArrayList<>();
  private boolean loggedOff;

  SimSession(SimServer server, SimConnection connection, String user, OplockBreakListener breaks) {
    this.server = server;
    this.connection = connection;
    this.user = user;
    this.breaks = breaks;
  }

  @Override
  public String server() {
    return server.name();
  }

  @Override
  public String userName() {
    return user;
  }

  SimServer simServer() {
    return server;
  }

  SimConnection connection() {
    return connection;
  }

  /** Null when the session may be used, else the status a request on it gets. */
  @Nullable NtStatus unusable() {
    return loggedOff ? USER_SESSION_DELETED : null;
  }

  @Override
  public CompletableFuture<SmbResult<SmbTree>> treeConnect(String shareName) {
    return server.call(
        connection,
        SmbResult::failure,
        reply -> {
          NtStatus unusable = unusable();
          if (unusable != null) {
            reply.fail(unusable);
            return;
          }
          SimShare share = server.share(shareName).orElse(null);
          if (share == null) {
            reply.fail(NtStatus.BAD_NETWORK_NAME);
            return;
          }
          ShareRights rights = share.rightsOf(user).orElse(null);
          if (rights == null) {
            reply.fail(NtStatus.ACCESS_DENIED);
            return;
          }
          SimTree tree = new SimTree(this, share, rights);
          trees.add(tree);
          reply.send(SmbResult.success(tree));
        });
  }

  @Override
  public CompletableFuture<NtStatus> logoff() {
    return server.call(
        connection,
        status -> status,
        reply -> {
          NtStatus unusable = unusable();
          if (unusable != null) {
            reply.send(unusable);
            return;
          }
          closeAll();
          loggedOff = true;
          reply.send(NtStatus.SUCCESS);
        });
  }

  /** Closes every open of every tree (logoff or a dropped connection). Under the server's lock. */
  void closeAll() {
    for (SimTree tree : trees) {
      tree.closeAll();
    }
  }

  /** Calls the listener; a listener that throws only loses its break (the timeout still acts). */
  void deliverBreak(SimTree tree, SmbFileId file, OplockLevel level) {
    try {
      breaks.oplockBreak(tree, file, level);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "oplock break listener failed for " + file, e);
    }
  }

  @Override
  public String toString() {
    return "SimSession[" + user + "@" + server.name() + "]";
  }
}
