package dev.rdbss.minirdr.smb.smb2;

import com.hierynomus.msdtyp.FileTime;
import com.hierynomus.msfscc.FileAttributes;
import com.hierynomus.msfscc.directory.FileNotifyInformation;
import com.hierynomus.msfscc.fileinformation.FileAllInformation;
import com.hierynomus.msfscc.fileinformation.FileAllocationInformation;
import com.hierynomus.msfscc.fileinformation.FileBasicInformation;
import com.hierynomus.msfscc.fileinformation.FileDispositionInformation;
import com.hierynomus.msfscc.fileinformation.FileEndOfFileInformation;
import com.hierynomus.msfscc.fileinformation.FileIdBothDirectoryInformation;
import com.hierynomus.msfscc.fileinformation.FileInformationFactory;
import com.hierynomus.msfscc.fileinformation.FileInternalInformation;
import com.hierynomus.msfscc.fileinformation.FileRenameInformation;
import com.hierynomus.msfscc.fileinformation.FileStandardInformation;
import com.hierynomus.mssmb2.SMB2ChangeNotifyFlags;
import com.hierynomus.mssmb2.SMB2CompletionFilter;
import com.hierynomus.mssmb2.SMB2CreateDisposition;
import com.hierynomus.mssmb2.SMB2CreateOptions;
import com.hierynomus.mssmb2.SMB2Dialect;
import com.hierynomus.mssmb2.SMB2FileId;
import com.hierynomus.mssmb2.SMB2ImpersonationLevel;
import com.hierynomus.mssmb2.SMB2LockFlag;
import com.hierynomus.mssmb2.SMB2Packet;
import com.hierynomus.mssmb2.SMB2ShareAccess;
import com.hierynomus.mssmb2.messages.SMB2ChangeNotifyRequest;
import com.hierynomus.mssmb2.messages.SMB2ChangeNotifyResponse;
import com.hierynomus.mssmb2.messages.SMB2Close;
import com.hierynomus.mssmb2.messages.SMB2CreateRequest;
import com.hierynomus.mssmb2.messages.SMB2CreateResponse;
import com.hierynomus.mssmb2.messages.SMB2Flush;
import com.hierynomus.mssmb2.messages.SMB2LockRequest;
import com.hierynomus.mssmb2.messages.SMB2LockResponse;
import com.hierynomus.mssmb2.messages.SMB2QueryDirectoryRequest;
import com.hierynomus.mssmb2.messages.SMB2QueryDirectoryResponse;
import com.hierynomus.mssmb2.messages.SMB2ReadRequest;
import com.hierynomus.mssmb2.messages.SMB2ReadResponse;
import com.hierynomus.mssmb2.messages.SMB2WriteRequest;
import com.hierynomus.mssmb2.messages.SMB2WriteResponse;
import com.hierynomus.mssmb2.messages.submodule.SMB2LockElement;
import com.hierynomus.protocol.commons.EnumWithValue.EnumUtils;
import com.hierynomus.smbj.common.SmbPath;
import com.hierynomus.smbj.connection.NegotiatedProtocol;
import com.hierynomus.smbj.io.ArrayByteChunkProvider;
import com.hierynomus.smbj.share.DiskShare;
import dev.rdbss.api.NtStatus;
import dev.rdbss.api.file.CreateInformation;
import dev.rdbss.api.file.FileDirectoryEntry;
import dev.rdbss.api.file.FileInformation;
import dev.rdbss.api.file.FileInformationClass;
import dev.rdbss.api.file.NtCreateParameters;
import dev.rdbss.api.io.ChangeNotification;
import dev.rdbss.minirdr.smb.client.ByteRange;
import dev.rdbss.minirdr.smb.client.OplockLevel;
import dev.rdbss.minirdr.smb.client.SmbCreateRequest;
import dev.rdbss.minirdr.smb.client.SmbCreateResult;
import dev.rdbss.minirdr.smb.client.SmbFileId;
import dev.rdbss.minirdr.smb.client.SmbResult;
import dev.rdbss.minirdr.smb.client.SmbTree;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * A tree connect on a real share. File requests are SMB2 messages sent on smbj's session, so that
 * the answer's status and fields (create action, end of file) arrive as the server sent them;
 * information classes go through smbj's typed {@link DiskShare} calls.
 */
final class Smb2Tree implements SmbTree {

  /** STATUS_INVALID_OPLOCK_PROTOCOL: there is never a break to acknowledge here. */
  private static final NtStatus INVALID_OPLOCK_PROTOCOL = NtStatus.of(0xC000_00E3);

  /** Where the fields smbj does not expose start in an SMB2 CREATE response body. */
  private static final int SMB2_HEADER_SIZE = 64;
  private static final int CREATE_ALLOCATION_SIZE = 40;
  private static final int CREATE_END_OF_FILE = 48;
  private static final int CREATE_FILE_ID = 64;

  private final Smb2Session session;
  private final DiskShare share;

  Smb2Tree(Smb2Session session, DiskShare share) {
    this.session = session;
    this.share = share;
  }

  @Override
  public String share() {
    return share.getSmbPath().getShareName();
  }

  @Override
  public Smb2Session session() {
    return session;
  }

  // ---- Plumbing ------------------------------------------------------------------------------------

  /** A request's work; may throw whatever smbj throws. */
  @FunctionalInterface
  private interface Work<T> {
    T run() throws Exception;
  }

  private <T> CompletableFuture<T> submit(Work<T> work, java.util.function.Function<NtStatus, T> failure) {
    return session.client().submit(
        () -> {
          try {
            return work.run();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failure.apply(NtStatus.CANCELLED);
          } catch (Exception e) {
            return failure.apply(Smb2Statuses.of(e));
          }
        },
        failure);
  }

  private long timeoutMillis() {
    return session.client().settings().timeout().toMillis();
  }

  private NegotiatedProtocol protocol() {
    return session.smbj().getConnection().getNegotiatedProtocol();
  }

  private SMB2Dialect dialect() {
    return protocol().getDialect();
  }

  private long sessionId() {
    return session.smbj().getSessionId();
  }

  private long treeId() {
    return share.getTreeConnect().getTreeId();
  }

  /** Sends on the session (which signs when required) and waits at most the request timeout. */
  private <T extends SMB2Packet> T send(SMB2Packet request, Class<T> answerType) throws Exception {
    Future<SMB2Packet> answer = session.smbj().send(request);
    return answerType.cast(answer.get(timeoutMillis(), TimeUnit.MILLISECONDS));
  }

  /**
   * Sends {@code request} at once, on the caller's thread, and waits for the answer on the
   * client's threads for as long as it takes: a blocking lock or a change notification. Sending
   * before returning keeps such a request ahead of the caller's next one on the connection (the
   * server queues the notification before it sees the change the caller makes next).
   */
  private <T extends SMB2Packet> CompletableFuture<T> sendNowAwaitLater(
      SMB2Packet request, Class<T> answerType) throws Exception {
    Future<SMB2Packet> answer = session.smbj().send(request);
    CompletableFuture<T> result = new CompletableFuture<>();
    session.client().execute(
        () -> {
          try {
            result.complete(answerType.cast(answer.get()));
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            result.completeExceptionally(e);
          } catch (Exception e) {
            result.completeExceptionally(e);
          }
        });
    return result;
  }

  /** Runs {@code start} now; a failure to even send becomes the failure value. */
  private static <T> CompletableFuture<T> startNow(
      Work<CompletableFuture<T>> start, java.util.function.Function<NtStatus, T> failure) {
    try {
      return start.run().handle((value, error) -> error == null ? value : failure.apply(Smb2Statuses.of(error)));
    } catch (Exception e) {
      return CompletableFuture.completedFuture(failure.apply(Smb2Statuses.of(e)));
    }
  }

  private static NtStatus statusOf(SMB2Packet response) {
    return NtStatus.of((int) response.getHeader().getStatusCode());
  }

  private static SMB2FileId smbjId(SmbFileId id) {
    return new SMB2FileId(littleEndian(id.persistent()), littleEndian(id.volatileId()));
  }

  private static byte[] littleEndian(long value) {
    return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(value).array();
  }

  private static Instant instant(FileTime time) {
    return time.toInstant();
  }

  private static FileTime fileTime(Instant instant) {
    // FILE_BASIC_INFORMATION: 0 means "leave unchanged", which the API spells as the epoch.
    return instant.equals(Instant.EPOCH) ? FileBasicInformation.DONT_SET : FileTime.fromInstant(instant);
  }

  // ---- CREATE --------------------------------------------------------------------------------------

  @Override
  public CompletableFuture<SmbResult<SmbCreateResult>> create(String path, SmbCreateRequest request) {
    return submit(
        () -> {
          NtCreateParameters p = request.parameters();
          SMB2CreateRequest create =
              new SMB2CreateRequest(
                  dialect(),
                  sessionId(),
                  treeId(),
                  SMB2ImpersonationLevel.Impersonation,
                  EnumUtils.toEnumSet(p.desiredAccess() & 0xFFFF_FFFFL, com.hierynomus.msdtyp.AccessMask.class),
                  EnumUtils.toEnumSet(dev.rdbss.api.BitFlag.toBits(p.fileAttributes()), FileAttributes.class),
                  EnumUtils.toEnumSet(p.shareAccessBits(), SMB2ShareAccess.class),
                  EnumUtils.valueOf(p.disposition().value(), SMB2CreateDisposition.class, null),
                  EnumUtils.toEnumSet(p.createOptionBits(), SMB2CreateOptions.class),
                  new SmbPath(session.server(), share(), path));
          SMB2CreateResponse response = send(create, SMB2CreateResponse.class);
          NtStatus status = statusOf(response);
          if (!status.isSuccess()) {
            return SmbResult.failure(status);
          }
          // smbj parses neither the sizes nor the file id's halves as numbers: read them from the
          // response body, laid out by MS-SMB2 2.2.14.
          ByteBuffer body =
              ByteBuffer.wrap(response.getBuffer().array()).order(ByteOrder.LITTLE_ENDIAN);
          int start = response.getHeader().getHeaderStartPosition() + SMB2_HEADER_SIZE;
          SmbFileId id =
              new SmbFileId(body.getLong(start + CREATE_FILE_ID), body.getLong(start + CREATE_FILE_ID + 8));
          FileInformation.NetworkOpen attributes =
              new FileInformation.NetworkOpen(
                  instant(response.getCreationTime()),
                  instant(response.getLastAccessTime()),
                  instant(response.getLastWriteTime()),
                  instant(response.getChangeTime()),
                  body.getLong(start + CREATE_ALLOCATION_SIZE),
                  body.getLong(start + CREATE_END_OF_FILE),
                  (int) EnumUtils.toLong(response.getFileAttributes()));
          CreateInformation action = CreateInformation.of((int) response.getCreateAction().getValue());
          // smbj never asks for an oplock, so none is granted whatever the request said.
          return SmbResult.success(new SmbCreateResult(id, action, OplockLevel.NONE, attributes));
        },
        SmbResult::failure);
  }

  // ---- READ, WRITE, FLUSH, CLOSE -------------------------------------------------------------------

  @Override
  public CompletableFuture<SmbResult<byte[]>> read(SmbFileId file, long offset, int length) {
    ByteBuffer into = ByteBuffer.allocate(length);
    return read(file, offset, into).thenApply(answer -> {
      Integer n = answer.valueOrNull();
      if (n == null) {
        return SmbResult.failure(answer.status());
      }
      return SmbResult.of(answer.status(), n == length ? into.array() : Arrays.copyOf(into.array(), n));
    });
  }

  /**
   * Copies each READ's data (the array smbj parsed the response into) straight into the caller's
   * buffer: the one copy smbj's own {@code File.read(byte[], long)} makes, where gathering the
   * chunks in a stream first made two more (SmbBench read64m, issue 10).
   */
  @Override
  public CompletableFuture<SmbResult<Integer>> read(SmbFileId file, long offset, ByteBuffer into) {
    ByteBuffer target = into.duplicate();
    int length = target.remaining();
    return submit(
        () -> {
          long position = offset;
          int done = 0;
          // One READ per negotiated maximum; a short answer means the end of file was reached.
          while (done < length) {
            int chunk = Math.min(length - done, protocol().getMaxReadSize());
            SMB2ReadResponse response =
                send(
                    new SMB2ReadRequest(dialect(), smbjId(file), sessionId(), treeId(), position, chunk),
                    SMB2ReadResponse.class);
            NtStatus status = statusOf(response);
            if (!status.isSuccess()) {
              if (status.equals(NtStatus.END_OF_FILE) && done > 0) {
                break;
              }
              return SmbResult.failure(status);
            }
            byte[] data = response.getData();
            int n = Math.min(data.length, chunk); // a server sends no more than asked; the buffer holds no more
            target.put(data, 0, n);
            done += n;
            position += n;
            if (n < chunk) {
              break;
            }
          }
          return SmbResult.success(done);
        },
        SmbResult::failure);
  }

  @Override
  public CompletableFuture<SmbResult<Integer>> write(SmbFileId file, long offset, byte[] data) {
    byte[] copy = data.clone();
    return submit(
        () -> {
          ArrayByteChunkProvider chunks = new ArrayByteChunkProvider(copy, offset);
          int written = 0;
          while (chunks.isAvailable()) {
            SMB2WriteResponse response =
                send(
                    new SMB2WriteRequest(
                        dialect(), smbjId(file), sessionId(), treeId(), chunks, protocol().getMaxWriteSize()),
                    SMB2WriteResponse.class);
            NtStatus status = statusOf(response);
            if (!status.isSuccess()) {
              return SmbResult.failure(status);
            }
            written += response.getBytesWritten();
          }
          return SmbResult.success(written);
        },
        SmbResult::failure);
  }

  @Override
  public CompletableFuture<NtStatus> flush(SmbFileId file) {
    return submit(
        () -> statusOf(send(new SMB2Flush(dialect(), smbjId(file), sessionId(), treeId()), SMB2Flush.class)),
        s -> s);
  }

  @Override
  public CompletableFuture<NtStatus> close(SmbFileId file) {
    return submit(
        () -> statusOf(send(new SMB2Close(dialect(), sessionId(), treeId(), smbjId(file)), SMB2Close.class)),
        s -> s);
  }

  // ---- QUERY_INFO, SET_INFO ------------------------------------------------------------------------

  @Override
  public CompletableFuture<SmbResult<FileInformation>> queryInfo(
      SmbFileId file, FileInformationClass informationClass) {
    return submit(
        () -> {
          SMB2FileId id = smbjId(file);
          FileInformation info =
              switch (informationClass) {
                case BASIC -> basic(share.getFileInformation(id, FileBasicInformation.class));
                case STANDARD -> {
                  FileStandardInformation standard = share.getFileInformation(id, FileStandardInformation.class);
                  yield new FileInformation.Standard(
                      standard.getAllocationSize(),
                      standard.getEndOfFile(),
                      (int) standard.getNumberOfLinks(),
                      standard.isDeletePending(),
                      standard.isDirectory());
                }
                case INTERNAL ->
                    new FileInformation.Internal(
                        share.getFileInformation(id, FileInternalInformation.class).getIndexNumber());
                case NETWORK_OPEN -> {
                  // smbj has no FILE_NETWORK_OPEN_INFORMATION; FILE_ALL_INFORMATION holds the same.
                  FileAllInformation all = share.getFileInformation(id, FileAllInformation.class);
                  FileBasicInformation b = all.getBasicInformation();
                  FileStandardInformation s = all.getStandardInformation();
                  yield new FileInformation.NetworkOpen(
                      instant(b.getCreationTime()),
                      instant(b.getLastAccessTime()),
                      instant(b.getLastWriteTime()),
                      instant(b.getChangeTime()),
                      s.getAllocationSize(),
                      s.getEndOfFile(),
                      (int) b.getFileAttributes());
                }
                case NAME -> {
                  String name = share.getFileInformation(id, FileAllInformation.class).getNameInformation();
                  yield new FileInformation.Name(name.startsWith("\\") ? name : "\\" + name);
                }
                default -> null;
              };
          return info == null
              ? SmbResult.<FileInformation>failure(NtStatus.INVALID_INFO_CLASS)
              : SmbResult.success(info);
        },
        SmbResult::failure);
  }

  private static FileInformation.Basic basic(FileBasicInformation b) {
    return new FileInformation.Basic(
        instant(b.getCreationTime()),
        instant(b.getLastAccessTime()),
        instant(b.getLastWriteTime()),
        instant(b.getChangeTime()),
        (int) b.getFileAttributes());
  }

  @Override
  public CompletableFuture<NtStatus> setInfo(SmbFileId file, FileInformation information) {
    return submit(
        () -> {
          SMB2FileId id = smbjId(file);
          if (information instanceof FileInformation.EndOfFile endOfFile) {
            share.setFileInformation(id, new FileEndOfFileInformation(endOfFile.endOfFile()));
          } else if (information instanceof FileInformation.Disposition disposition) {
            share.setFileInformation(id, new FileDispositionInformation(disposition.deleteFile()));
          } else if (information instanceof FileInformation.Rename rename) {
            share.setFileInformation(
                id, new FileRenameInformation(rename.replaceIfExists(), 0, rename.fileName()));
          } else if (information instanceof FileInformation.Basic basic) {
            share.setFileInformation(
                id,
                new FileBasicInformation(
                    fileTime(basic.creationTime()),
                    fileTime(basic.lastAccessTime()),
                    fileTime(basic.lastWriteTime()),
                    fileTime(basic.changeTime()),
                    basic.fileAttributes()));
          } else if (information instanceof FileInformation.Allocation allocation) {
            share.setFileInformation(id, new FileAllocationInformation(allocation.allocationSize()));
          } else {
            return NtStatus.INVALID_INFO_CLASS;
          }
          return NtStatus.SUCCESS;
        },
        s -> s);
  }

  // ---- QUERY_DIRECTORY -----------------------------------------------------------------------------

  @Override
  public CompletableFuture<SmbResult<List<FileDirectoryEntry>>> queryDirectory(
      SmbFileId directory, String pattern) {
    return submit(
        () -> {
          List<FileDirectoryEntry> entries = new ArrayList<>();
          Set<SMB2QueryDirectoryRequest.SMB2QueryDirectoryFlags> flags =
              EnumSet.of(SMB2QueryDirectoryRequest.SMB2QueryDirectoryFlags.SMB2_RESTART_SCANS);
          int bufferSize = Math.min(protocol().getMaxTransactSize(), 64 * 1024);
          while (true) {
            SMB2QueryDirectoryResponse response =
                send(
                    new SMB2QueryDirectoryRequest(
                        dialect(),
                        sessionId(),
                        treeId(),
                        smbjId(directory),
                        com.hierynomus.msfscc.FileInformationClass.FileIdBothDirectoryInformation,
                        flags,
                        0,
                        pattern.isEmpty() ? "*" : pattern,
                        bufferSize),
                    SMB2QueryDirectoryResponse.class);
            NtStatus status = statusOf(response);
            if (status.equals(NtStatus.NO_MORE_FILES) && !entries.isEmpty()) {
              return SmbResult.success(List.copyOf(entries));
            }
            if (!status.isSuccess()) {
              // The first answer says NO_SUCH_FILE when nothing matches.
              return SmbResult.failure(status);
            }
            for (FileIdBothDirectoryInformation info :
                FileInformationFactory.parseFileInformationList(
                    response.getOutputBuffer(),
                    FileInformationFactory.getDecoder(FileIdBothDirectoryInformation.class))) {
              entries.add(entry(info));
            }
            flags = EnumSet.noneOf(SMB2QueryDirectoryRequest.SMB2QueryDirectoryFlags.class);
          }
        },
        SmbResult::failure);
  }

  private static FileDirectoryEntry entry(FileIdBothDirectoryInformation info) {
    String shortName = info.getShortName();
    return new FileDirectoryEntry(
        info.getFileName(),
        shortName == null || shortName.isEmpty() ? null : shortName,
        info.getFileIndex(),
        instant(info.getCreationTime()),
        instant(info.getLastAccessTime()),
        instant(info.getLastWriteTime()),
        instant(info.getChangeTime()),
        info.getEndOfFile(),
        info.getAllocationSize(),
        (int) info.getFileAttributes());
  }

  // ---- LOCK ----------------------------------------------------------------------------------------

  @Override
  public CompletableFuture<NtStatus> lock(
      SmbFileId file, ByteRange range, boolean exclusive, boolean failImmediately) {
    Set<SMB2LockFlag> flags =
        EnumSet.of(exclusive ? SMB2LockFlag.SMB2_LOCKFLAG_EXCLUSIVE_LOCK : SMB2LockFlag.SMB2_LOCKFLAG_SHARED_LOCK);
    if (failImmediately) {
      flags.add(SMB2LockFlag.SMB2_LOCKFLAG_FAIL_IMMEDIATELY);
    }
    return sendLock(file, range, flags, !failImmediately);
  }

  @Override
  public CompletableFuture<NtStatus> unlock(SmbFileId file, ByteRange range) {
    return sendLock(file, range, EnumSet.of(SMB2LockFlag.SMB2_LOCKFLAG_UNLOCK), false);
  }

  private CompletableFuture<NtStatus> sendLock(
      SmbFileId file, ByteRange range, Set<SMB2LockFlag> flags, boolean mayWait) {
    if (mayWait) {
      return startNow(
          () -> sendNowAwaitLater(lockRequest(file, range, flags), SMB2LockResponse.class).thenApply(Smb2Tree::statusOf),
          s -> s);
    }
    return submit(() -> statusOf(send(lockRequest(file, range, flags), SMB2LockResponse.class)), s -> s);
  }

  private SMB2LockRequest lockRequest(SmbFileId file, ByteRange range, Set<SMB2LockFlag> flags) {
    return new SMB2LockRequest(
        dialect(),
        sessionId(),
        treeId(),
        (short) 0,
        0,
        smbjId(file),
        List.of(new SMB2LockElement(range.offset(), range.length(), flags)));
  }

  // ---- CHANGE_NOTIFY, oplocks, TREE_DISCONNECT -----------------------------------------------------

  @Override
  public CompletableFuture<ChangeNotification> changeNotify(
      SmbFileId directory, int completionFilter, boolean watchTree) {
    return startNow(
        () ->
            sendNowAwaitLater(
                    new SMB2ChangeNotifyRequest(
                        dialect(),
                        sessionId(),
                        treeId(),
                        smbjId(directory),
                        EnumUtils.toEnumSet(completionFilter, SMB2CompletionFilter.class),
                        watchTree
                            ? EnumSet.of(SMB2ChangeNotifyFlags.WATCH_TREE)
                            : EnumSet.noneOf(SMB2ChangeNotifyFlags.class),
                        Math.min(protocol().getMaxTransactSize(), 64 * 1024)),
                    SMB2ChangeNotifyResponse.class)
                .thenApply(Smb2Tree::notification),
        status -> new ChangeNotification(status, List.of()));
  }

  private static ChangeNotification notification(SMB2ChangeNotifyResponse response) {
    NtStatus status = statusOf(response);
    if (!status.equals(NtStatus.SUCCESS)) {
      return new ChangeNotification(status, List.of());
    }
    List<ChangeNotification.Change> changes = new ArrayList<>();
    for (FileNotifyInformation info : response.getFileNotifyInfoList()) {
      int action = (int) info.getAction().getValue();
      for (ChangeNotification.Action a : ChangeNotification.Action.values()) {
        if (a.value() == action) {
          changes.add(new ChangeNotification.Change(a, info.getFileName()));
        }
      }
    }
    return new ChangeNotification(status, changes);
  }

  @Override
  public CompletableFuture<SmbResult<dev.rdbss.api.file.FsInformation>> queryVolumeInfo(
      SmbFileId file, Class<? extends dev.rdbss.api.file.FsInformation> type) {
    // smbj asks through its own open of the share root, not through {@code file}: the answer is
    // the same volume's.
    return submit(
        () -> {
          if (type == dev.rdbss.api.file.FsInformation.Volume.class) {
            com.hierynomus.msfscc.fileinformation.VolumeInfo v = share.getVolumeInfo();
            return SmbResult.<dev.rdbss.api.file.FsInformation>success(
                new dev.rdbss.api.file.FsInformation.Volume(v.getVolumeLabel(), v.getVolumeSerialNumber()));
          }
          if (type == dev.rdbss.api.file.FsInformation.Size.class) {
            com.hierynomus.msfscc.fileinformation.ShareInfo s = share.getShareInformation();
            return SmbResult.<dev.rdbss.api.file.FsInformation>success(
                new dev.rdbss.api.file.FsInformation.Size(
                    s.getTotalAllocationUnits(),
                    s.getCallerAvailableAllocationUnits(),
                    s.getAvailableAllocationUnits(),
                    (int) s.getSectorsPerAllocationUnit(),
                    (int) s.getBytesPerSector()));
          }
          return SmbResult.<dev.rdbss.api.file.FsInformation>failure(NtStatus.NOT_SUPPORTED);
        },
        SmbResult::failure);
  }

  /** There is never a break to acknowledge: this transport asks for no oplock. */
  @Override
  public CompletableFuture<NtStatus> acknowledgeOplockBreak(SmbFileId file, OplockLevel newLevel) {
    return CompletableFuture.completedFuture(INVALID_OPLOCK_PROTOCOL);
  }

  @Override
  public CompletableFuture<NtStatus> disconnect() {
    return submit(
        () -> {
          share.close();
          return NtStatus.SUCCESS;
        },
        s -> s);
  }

  @Override
  public String toString() {
    return "Smb2Tree[\\\\" + session.server() + "\\" + share() + " as " + session.userName() + "]";
  }
}
