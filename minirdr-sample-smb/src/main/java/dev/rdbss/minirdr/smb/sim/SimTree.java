package dev.rdbss.minirdr.smb.sim;

import dev.rdbss.api.NtStatus;
import dev.rdbss.api.file.FileDirectoryEntry;
import dev.rdbss.api.file.FileInformation;
import dev.rdbss.api.file.FileInformationClass;
import dev.rdbss.api.io.ChangeNotification;
import dev.rdbss.minirdr.smb.client.ByteRange;
import dev.rdbss.minirdr.smb.client.OplockLevel;
import dev.rdbss.minirdr.smb.client.SmbCreateRequest;
import dev.rdbss.minirdr.smb.client.SmbCreateResult;
import dev.rdbss.minirdr.smb.client.SmbFileId;
import dev.rdbss.minirdr.smb.client.SmbResult;
import dev.rdbss.minirdr.smb.client.SmbSession;
import dev.rdbss.minirdr.smb.client.SmbTree;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * A tree connect on a simulated share: checks that the session and tree are still usable and that
 * the file id is one of its opens, then hands the request to the share's {@link SimFileSystem}.
 */
final class SimTree implements SmbTree {

  private final SimSession session;
  private final SimShare share;
  private final ShareRights rights;
  final Map<SmbFileId, SimOpen> opens = new LinkedHashMap<>();
  private boolean disconnected;

  SimTree(SimSession session, SimShare share, ShareRights rights) {
    this.session = session;
    this.share = share;
    this.rights = rights;
  }

  @Override
  public String share() {
    return share.name();
  }

  @Override
  public SimSession session() {
    return session;
  }

  ShareRights rights() {
    return rights;
  }

  private SimServer server() {
    return session.simServer();
  }

  private NtStatus unusable() {
    NtStatus sessionStatus = session.unusable();
    if (sessionStatus != null) {
      return sessionStatus;
    }
    return disconnected ? NtStatus.NETWORK_NAME_DELETED : NtStatus.SUCCESS;
  }

  private <T> CompletableFuture<T> onTree(Function<NtStatus, T> failure, java.util.function.Consumer<Reply<T>> operation) {
    return server().call(
        session.connection(),
        failure,
        reply -> {
          NtStatus unusable = unusable();
          if (!unusable.isSuccess()) {
            reply.fail(unusable);
            return;
          }
          operation.accept(reply);
        });
  }

  private <T> CompletableFuture<T> onOpen(
      SmbFileId file, Function<NtStatus, T> failure, BiConsumer<SimOpen, Reply<T>> operation) {
    return onTree(
        failure,
        reply -> {
          SimOpen open = opens.get(file);
          if (open == null || open.closed) {
            reply.fail(NtStatus.FILE_CLOSED);
            return;
          }
          operation.accept(open, reply);
        });
  }

  private static ChangeNotification failedNotification(NtStatus status) {
    return new ChangeNotification(status, List.of());
  }

  @Override
  public CompletableFuture<SmbResult<SmbCreateResult>> create(String path, SmbCreateRequest request) {
    return onTree(SmbResult::failure, reply -> share.files.create(this, path, request, reply));
  }

  @Override
  public CompletableFuture<SmbResult<byte[]>> read(SmbFileId file, long offset, int length) {
    return onOpen(file, SmbResult::failure, (open, reply) -> share.files.read(open, offset, length, reply));
  }

  @Override
  public CompletableFuture<SmbResult<Integer>> write(SmbFileId file, long offset, byte[] data) {
    byte[] copy = data.clone();
    return onOpen(file, SmbResult::failure, (open, reply) -> share.files.write(open, offset, copy, reply));
  }

  @Override
  public CompletableFuture<NtStatus> flush(SmbFileId file) {
    return onOpen(file, s -> s, (open, reply) -> share.files.flush(open, reply));
  }

  @Override
  public CompletableFuture<NtStatus> close(SmbFileId file) {
    return onOpen(
        file,
        s -> s,
        (open, reply) -> {
          opens.remove(file);
          reply.send(share.files.close(open));
        });
  }

  @Override
  public CompletableFuture<SmbResult<FileInformation>> queryInfo(
      SmbFileId file, FileInformationClass informationClass) {
    return onOpen(
        file, SmbResult::failure, (open, reply) -> share.files.queryInfo(open, informationClass, reply));
  }

  @Override
  public CompletableFuture<NtStatus> setInfo(SmbFileId file, FileInformation information) {
    return onOpen(file, s -> s, (open, reply) -> share.files.setInfo(open, information, reply));
  }

  @Override
  public CompletableFuture<SmbResult<List<FileDirectoryEntry>>> queryDirectory(
      SmbFileId directory, String pattern) {
    return onOpen(
        directory, SmbResult::failure, (open, reply) -> share.files.queryDirectory(open, pattern, reply));
  }

  @Override
  public CompletableFuture<NtStatus> lock(
      SmbFileId file, ByteRange range, boolean exclusive, boolean failImmediately) {
    return onOpen(
        file, s -> s, (open, reply) -> share.files.lock(open, range, exclusive, failImmediately, reply));
  }

  @Override
  public CompletableFuture<NtStatus> unlock(SmbFileId file, ByteRange range) {
    return onOpen(file, s -> s, (open, reply) -> share.files.unlock(open, range, reply));
  }

  @Override
  public CompletableFuture<ChangeNotification> changeNotify(
      SmbFileId directory, int completionFilter, boolean watchTree) {
    return onOpen(
        directory,
        SimTree::failedNotification,
        (open, reply) -> share.files.changeNotify(open, completionFilter, watchTree, reply));
  }

  @Override
  public CompletableFuture<SmbResult<dev.rdbss.api.file.FsInformation>> queryVolumeInfo(
      SmbFileId file, Class<? extends dev.rdbss.api.file.FsInformation> type) {
    return onOpen(file, SmbResult::failure, (open, reply) -> share.files.queryVolumeInfo(open, type, reply));
  }

  @Override
  public CompletableFuture<NtStatus> acknowledgeOplockBreak(SmbFileId file, OplockLevel newLevel) {
    return onOpen(file, s -> s, (open, reply) -> share.files.acknowledgeBreak(open, newLevel, reply));
  }

  @Override
  public CompletableFuture<NtStatus> disconnect() {
    return onTree(
        s -> s,
        reply -> {
          closeAll();
          disconnected = true;
          reply.send(NtStatus.SUCCESS);
        });
  }

  /** Closes every open of the tree. Under the server's lock. */
  void closeAll() {
    for (SimOpen open : new ArrayList<>(opens.values())) {
      share.files.close(open);
    }
    opens.clear();
  }

  @Override
  public String toString() {
    return "SimTree[\\\\" + server().name() + "\\" + share.name() + " as " + session.userName() + "]";
  }
}
