package dev.rdbss.minirdr.smb.sim;

import dev.rdbss.api.NtStatus;
import dev.rdbss.api.file.AccessMask;
import dev.rdbss.api.file.CreateDisposition;
import dev.rdbss.api.file.CreateInformation;
import dev.rdbss.api.file.CreateOption;
import dev.rdbss.api.file.FileDirectoryEntry;
import dev.rdbss.api.file.FileInformation;
import dev.rdbss.api.file.FileInformationClass;
import dev.rdbss.api.file.FsInformation;
import dev.rdbss.api.file.NtCreateParameters;
import dev.rdbss.api.io.ChangeNotification;
import dev.rdbss.minirdr.smb.client.ByteRange;
import dev.rdbss.minirdr.smb.client.ChangeFilter;
import dev.rdbss.minirdr.smb.client.OplockLevel;
import dev.rdbss.minirdr.smb.client.SmbCreateRequest;
import dev.rdbss.minirdr.smb.client.SmbCreateResult;
import dev.rdbss.minirdr.smb.client.SmbFileId;
import dev.rdbss.minirdr.smb.client.SmbResult;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The files of one share and the Windows rules for using them. Every method runs under the
 * server's lock and answers through its {@link Reply}. Where Windows and Samba could differ, this
 * follows Samba, which the behavioural test compares it with.
 */
final class SimFileSystem {

  /** Rights that change something; a read-only user asking for any of them is ACCESS_DENIED. */
  private static final int MODIFYING_RIGHTS =
      AccessMask.FILE_WRITE_DATA
          | AccessMask.FILE_APPEND_DATA
          | AccessMask.FILE_WRITE_EA
          | AccessMask.FILE_WRITE_ATTRIBUTES
          | AccessMask.FILE_DELETE_CHILD
          | AccessMask.DELETE
          | AccessMask.WRITE_DAC
          | AccessMask.WRITE_OWNER;

  private static final int READ_ONLY_MAXIMUM =
      AccessMask.FILE_GENERIC_READ | AccessMask.FILE_EXECUTE;

  private final SimShare share;
  private final SimServer server;
  private final SimNode root;

  SimFileSystem(SimShare share, SimServer server) {
    this.share = share;
    this.server = server;
    this.root = new SimNode("", null, true, server.nextId(), server.now());
  }

  // ---- CREATE ------------------------------------------------------------------------------------

  void create(
      SimTree tree, String path, SmbCreateRequest request, Reply<SmbResult<SmbCreateResult>> reply) {
    NtStatus[] error = new NtStatus[1];
    SimPath parsed = SimPath.parse(path, error);
    if (parsed == null) {
      reply.fail(error[0]);
      return;
    }
    NtStatus fault = server.faults().failureFor(share.name(), parsed.toString());
    if (fault != null) {
      reply.fail(fault);
      return;
    }
    NtCreateParameters parameters = request.parameters();
    int access = AccessMask.mapGeneric(parameters.desiredAccess());
    boolean readOnly = tree.rights() == ShareRights.READ_ONLY;
    if ((access & AccessMask.MAXIMUM_ALLOWED) != 0) {
      access = (access & ~AccessMask.MAXIMUM_ALLOWED) | (readOnly ? READ_ONLY_MAXIMUM : AccessMask.FILE_ALL_ACCESS);
    }
    // The share's rights are checked before the name is looked up, as Samba does: a read-only
    // user learns nothing about what exists from a write open.
    if (readOnly && ((access & MODIFYING_RIGHTS) != 0 || parameters.has(CreateOption.DELETE_ON_CLOSE))) {
      reply.fail(NtStatus.ACCESS_DENIED);
      return;
    }
    if (parameters.has(CreateOption.DELETE_ON_CLOSE) && (access & AccessMask.DELETE) == 0) {
      reply.fail(NtStatus.INVALID_PARAMETER); // Samba's answer, before the name is looked up
      return;
    }
    if (parsed.isRoot()) {
      openExisting(tree, root, parameters, access, request.requestedOplock(), reply);
      return;
    }
    SimNode parent = directoryAt(parsed.parent());
    if (parent == null) {
      reply.fail(NtStatus.OBJECT_PATH_NOT_FOUND);
      return;
    }
    SimNode existing = parent.child(parsed.name());
    if (existing != null) {
      openExisting(tree, existing, parameters, access, request.requestedOplock(), reply);
    } else {
      createNew(tree, parent, parsed.name(), parameters, access, request.requestedOplock(), readOnly, reply);
    }
  }

  private void createNew(
      SimTree tree,
      SimNode parent,
      String name,
      NtCreateParameters parameters,
      int access,
      OplockLevel oplock,
      boolean readOnly,
      Reply<SmbResult<SmbCreateResult>> reply) {
    CreateDisposition disposition = parameters.disposition();
    if (disposition == CreateDisposition.OPEN || disposition == CreateDisposition.OVERWRITE) {
      reply.fail(NtStatus.OBJECT_NAME_NOT_FOUND);
      return;
    }
    if (readOnly) {
      // Samba drops O_CREAT on a share the user may only read, so the open that was meant to
      // create finds nothing: OBJECT_NAME_NOT_FOUND, not ACCESS_DENIED (a write open was refused
      // earlier, by its access mask).
      reply.fail(NtStatus.OBJECT_NAME_NOT_FOUND);
      return;
    }
    // A delete-pending directory still takes new entries, as on Samba; its deletion then fails
    // at its last close (DIRECTORY_NOT_EMPTY) and it stays.
    boolean directory = parameters.has(CreateOption.DIRECTORY_FILE);
    SimNode node = new SimNode(name, parent, directory, server.nextId(), server.now());
    node.setCreateAttributes(dev.rdbss.api.BitFlag.toBits(parameters.fileAttributes()));
    parent.add(node);
    SimOpen open = register(tree, node, parameters, access, directory ? OplockLevel.NONE : oplock);
    notifyChange(
        parent, name, ChangeNotification.Action.ADDED, directory ? ChangeFilter.DIR_NAME : ChangeFilter.FILE_NAME);
    if (!directory) {
      // Samba then sets the new file's DOS attributes and times: watchers of those see it too.
      notifyModified(node, ChangeFilter.ATTRIBUTES | ChangeFilter.LAST_WRITE);
    }
    reply.send(SmbResult.success(result(open, CreateInformation.CREATED)));
  }

  private void openExisting(
      SimTree tree,
      SimNode node,
      NtCreateParameters parameters,
      int access,
      OplockLevel oplock,
      Reply<SmbResult<SmbCreateResult>> reply) {
    if (reply.isSent()) {
      return; // a create that waited for a break, answered meanwhile by a lost connection
    }
    CreateDisposition disposition = parameters.disposition();
    if (node.deletePending) {
      reply.fail(NtStatus.DELETE_PENDING);
      return;
    }
    if (disposition == CreateDisposition.CREATE) {
      reply.fail(NtStatus.OBJECT_NAME_COLLISION);
      return;
    }
    if (parameters.has(CreateOption.DIRECTORY_FILE) && !node.isDirectory()) {
      reply.fail(NtStatus.NOT_A_DIRECTORY);
      return;
    }
    if (parameters.has(CreateOption.NON_DIRECTORY_FILE) && node.isDirectory()) {
      reply.fail(NtStatus.FILE_IS_A_DIRECTORY);
      return;
    }
    if (disposition.overwrites() && tree.rights() == ShareRights.READ_ONLY) {
      reply.fail(NtStatus.ACCESS_DENIED); // truncating is writing, whatever the access mask says
      return;
    }
    if (node.isDirectory() && disposition.overwrites()) {
      reply.fail(NtStatus.INVALID_PARAMETER);
      return;
    }
    // A READONLY file refuses data and EA writes, but not DELETE (the disposition answers
    // CANNOT_DELETE) nor FILE_WRITE_ATTRIBUTES (how the attribute is taken off again). Samba lets
    // an overwrite through, which then replaces the attributes.
    if (node.isReadOnly()
        && (access & MODIFYING_RIGHTS & ~AccessMask.DELETE & ~AccessMask.FILE_WRITE_ATTRIBUTES) != 0) {
      reply.fail(NtStatus.ACCESS_DENIED);
      return;
    }
    if (node.isReadOnly() && parameters.has(CreateOption.DELETE_ON_CLOSE)) {
      reply.fail(NtStatus.CANNOT_DELETE);
      return;
    }
    // Overwriting a HIDDEN or SYSTEM file must ask for those attributes again (MS-FSA 2.1.5.1.2.1).
    int requestedAttributes = dev.rdbss.api.BitFlag.toBits(parameters.fileAttributes());
    if (disposition.overwrites() && (node.hiddenOrSystem() & ~requestedAttributes) != 0) {
      reply.fail(NtStatus.ACCESS_DENIED);
      return;
    }
    // A batch oplock is broken before the sharing check (its holder may be keeping a handle the
    // user already closed); an exclusive one only when the open would otherwise succeed.
    boolean batchHeld = node.opens.stream().anyMatch(o -> o.oplock == OplockLevel.BATCH);
    if (!batchHeld && sharingViolation(node, access, parameters.shareAccessBits())) {
      reply.fail(NtStatus.SHARING_VIOLATION);
      return;
    }
    if (mustWaitForBreaks(node, disposition.overwrites())) {
      reply.park();
      node.waiters.add(() -> openExisting(tree, node, parameters, access, oplock, reply));
      return;
    }
    if (sharingViolation(node, access, parameters.shareAccessBits())) {
      reply.fail(NtStatus.SHARING_VIOLATION);
      return;
    }
    CreateInformation action = CreateInformation.OPENED;
    if (disposition.overwrites()) {
      breakLevelTwo(node, null);
      node.setSize(0, server.now());
      node.setCreateAttributes(requestedAttributes);
      action =
          disposition == CreateDisposition.SUPERSEDE
              ? CreateInformation.SUPERSEDED
              : CreateInformation.OVERWRITTEN;
    }
    SimOpen open = register(tree, node, parameters, access, node.isDirectory() ? OplockLevel.NONE : oplock);
    reply.send(SmbResult.success(result(open, action)));
  }

  private static boolean sharingViolation(SimNode node, int access, int shareAccess) {
    for (SimOpen other : node.opens) {
      if (other.conflictsWith(access, shareAccess)) {
        return true;
      }
    }
    return false;
  }

  private SimOpen register(
      SimTree tree, SimNode node, NtCreateParameters parameters, int access, OplockLevel requested) {
    SmbFileId id = new SmbFileId(node.fileId(), server.nextId());
    SimOpen open = new SimOpen(id, tree, node, access, parameters.shareAccessBits());
    open.deleteOnClose = parameters.has(CreateOption.DELETE_ON_CLOSE);
    open.oplock = grantable(node, requested);
    node.opens.add(open);
    tree.opens.put(id, open);
    return open;
  }

  /** Alone on the file, an open gets what it asks for; beside others, at most level II. */
  private static OplockLevel grantable(SimNode node, OplockLevel requested) {
    if (requested == OplockLevel.NONE || node.opens.isEmpty()) {
      return requested;
    }
    boolean othersCacheWrites = node.opens.stream().anyMatch(o -> o.oplock.cachesWrites());
    return othersCacheWrites ? OplockLevel.NONE : OplockLevel.LEVEL_II;
  }

  private SmbCreateResult result(SimOpen open, CreateInformation action) {
    return new SmbCreateResult(open.id, action, open.oplock, open.node.networkOpen());
  }

  private @Nullable SimNode directoryAt(SimPath path) {
    SimNode node = root;
    for (String component : path.components()) {
      SimNode next = node.child(component);
      if (next == null || !next.isDirectory()) {
        return null;
      }
      node = next;
    }
    return node;
  }

  // ---- Oplocks -----------------------------------------------------------------------------------

  /**
   * Starts breaking every other open that caches writes and says whether the create must wait for
   * the acknowledgements (or the break timeout).
   */
  private boolean mustWaitForBreaks(SimNode node, boolean overwrite) {
    boolean wait = false;
    for (SimOpen holder : node.opens) {
      if (holder.breakingTo != null) {
        wait = true;
      } else if (holder.oplock.cachesWrites()) {
        startBreak(node, holder, overwrite ? OplockLevel.NONE : OplockLevel.LEVEL_II);
        wait = true;
      }
    }
    return wait;
  }

  private void startBreak(SimNode node, SimOpen holder, OplockLevel to) {
    holder.breakingTo = to;
    sendBreak(holder, to);
    holder.breakTimer =
        server.clock().schedule(
            SimServer.OPLOCK_BREAK_TIMEOUT,
            () ->
                server.locked(
                    () -> {
                      if (!holder.closed && holder.breakingTo == to) {
                        holder.oplock = to;
                        holder.breakingTo = null;
                        retryWaiters(node);
                      }
                    }));
  }

  /** Writes end every other open's level II oplock; such breaks need no acknowledgement. */
  private void breakLevelTwo(SimNode node, @Nullable SimOpen writer) {
    for (SimOpen holder : node.opens) {
      if (holder != writer && holder.oplock == OplockLevel.LEVEL_II && holder.breakingTo == null) {
        holder.oplock = OplockLevel.NONE;
        sendBreak(holder, OplockLevel.NONE);
      }
    }
  }

  private void sendBreak(SimOpen holder, OplockLevel to) {
    SimTree tree = holder.tree;
    server.send(() -> tree.session().deliverBreak(tree, holder.id, to));
  }

  void acknowledgeBreak(SimOpen open, OplockLevel level, Reply<NtStatus> reply) {
    OplockLevel breakingTo = open.breakingTo;
    if (breakingTo == null) {
      reply.send(NtStatus.of(0xC000_00E3)); // STATUS_INVALID_OPLOCK_PROTOCOL: nothing to acknowledge
      return;
    }
    open.oplock = level.compareTo(breakingTo) < 0 ? level : breakingTo;
    open.breakingTo = null;
    cancelBreakTimer(open);
    retryWaiters(open.node);
    reply.send(NtStatus.SUCCESS);
  }

  private static void cancelBreakTimer(SimOpen open) {
    var timer = open.breakTimer;
    if (timer != null) {
      timer.cancel();
      open.breakTimer = null;
    }
  }

  private static void retryWaiters(SimNode node) {
    List<Runnable> waiting = new ArrayList<>(node.waiters);
    node.waiters.clear();
    for (Runnable waiter : waiting) {
      waiter.run();
    }
  }

  // ---- READ, WRITE, FLUSH, CLOSE -----------------------------------------------------------------

  void read(SimOpen open, long offset, int length, Reply<SmbResult<byte[]>> reply) {
    SimNode node = open.node;
    if (failedByFault(node, reply::fail)) {
      return;
    }
    if (node.isDirectory()) {
      reply.fail(NtStatus.INVALID_DEVICE_REQUEST);
      return;
    }
    if (!open.canRead()) {
      reply.fail(NtStatus.ACCESS_DENIED);
      return;
    }
    if (length == 0) {
      // Nothing to read is nothing to refuse, at the end of file too (the smb2 transport sends no
      // READ for it at all).
      reply.send(SmbResult.success(new byte[0]));
      return;
    }
    ByteRange range = new ByteRange(offset, length);
    for (ByteRangeLock lock : node.locks) {
      if (lock.blocksRead(open, range)) {
        reply.fail(NtStatus.FILE_LOCK_CONFLICT);
        return;
      }
    }
    if (offset >= node.size()) {
      reply.fail(NtStatus.END_OF_FILE);
      return;
    }
    reply.send(SmbResult.success(node.read(offset, length)));
  }

  void write(SimOpen open, long offset, byte[] data, Reply<SmbResult<Integer>> reply) {
    SimNode node = open.node;
    if (failedByFault(node, reply::fail)) {
      return;
    }
    if (node.isDirectory() || !open.canWrite()) {
      reply.fail(NtStatus.ACCESS_DENIED); // Samba: a directory is never written, whatever the open
      return;
    }
    ByteRange range = new ByteRange(offset, data.length);
    for (ByteRangeLock lock : node.locks) {
      if (lock.blocksWrite(open, range)) {
        reply.fail(NtStatus.FILE_LOCK_CONFLICT);
        return;
      }
    }
    if (offset + data.length > Integer.MAX_VALUE - 8) {
      reply.fail(NtStatus.DISK_FULL); // the simulation keeps a file in one array
      return;
    }
    breakLevelTwo(node, open);
    node.write(offset, data, server.now());
    notifyModified(node, ChangeFilter.LAST_WRITE); // Samba reports no SIZE change for a write
    reply.send(SmbResult.success(data.length));
  }

  void flush(SimOpen open, Reply<NtStatus> reply) {
    if (failedByFault(open.node, reply::send)) {
      return;
    }
    // MS-SMB2 3.3.5.11: a flush needs write access.
    reply.send(open.canWrite() ? NtStatus.SUCCESS : NtStatus.ACCESS_DENIED);
  }

  /**
   * Closes an open: locks go, a pending delete happens at the last close. Answers what Samba's
   * CLOSE answers: SUCCESS, or DIRECTORY_NOT_EMPTY when a delete-pending directory was given
   * entries meanwhile (it then stays, no longer pending).
   */
  NtStatus close(SimOpen open) {
    if (open.closed) {
      return NtStatus.SUCCESS;
    }
    open.closed = true;
    cancelBreakTimer(open);
    SimNode node = open.node;
    node.opens.remove(open);
    boolean hadLocks = node.locks.removeIf(lock -> lock.owner() == open);
    for (Reply<ChangeNotification> waiter : open.notifyWaiters) {
      waiter.send(new ChangeNotification(NtStatus.NOTIFY_CLEANUP, List.of()));
    }
    open.notifyWaiters.clear();
    if (open.deleteOnClose) {
      node.deletePending = true;
    }
    SimNode parent = node.parent();
    NtStatus status = NtStatus.SUCCESS;
    if (node.opens.isEmpty() && node.deletePending && node.isDirectory() && !node.isEmpty()) {
      node.deletePending = false;
      status = NtStatus.DIRECTORY_NOT_EMPTY;
    } else if (node.opens.isEmpty() && node.deletePending && parent != null) {
      parent.remove(node);
      notifyChange(
          parent,
          node.name(),
          ChangeNotification.Action.REMOVED,
          node.isDirectory() ? ChangeFilter.DIR_NAME : ChangeFilter.FILE_NAME);
    }
    if (hadLocks || !node.waiters.isEmpty()) {
      retryWaiters(node);
    }
    return status;
  }

  // ---- QUERY_INFO, SET_INFO ----------------------------------------------------------------------

  void queryInfo(SimOpen open, FileInformationClass informationClass, Reply<SmbResult<FileInformation>> reply) {
    SimNode node = open.node;
    if (failedByFault(node, reply::fail)) {
      return;
    }
    FileInformation info =
        switch (informationClass) {
          case BASIC -> node.basic();
          case STANDARD -> node.standard();
          case INTERNAL -> new FileInformation.Internal(node.fileId());
          case NETWORK_OPEN -> node.networkOpen();
          case NAME -> new FileInformation.Name("\\" + node.path());
          default -> null;
        };
    if (info == null) {
      reply.fail(NtStatus.INVALID_INFO_CLASS);
      return;
    }
    // NAME too: the smb2 transport reads it from FILE_ALL_INFORMATION, which Samba guards with
    // FILE_READ_ATTRIBUTES.
    if ((informationClass == FileInformationClass.BASIC
            || informationClass == FileInformationClass.NETWORK_OPEN
            || informationClass == FileInformationClass.NAME)
        && !open.has(AccessMask.FILE_READ_ATTRIBUTES)) {
      reply.fail(NtStatus.ACCESS_DENIED);
      return;
    }
    reply.send(SmbResult.success(info));
  }

  void setInfo(SimOpen open, FileInformation information, Reply<NtStatus> reply) {
    SimNode node = open.node;
    if (failedByFault(node, reply::send)) {
      return;
    }
    if (information instanceof FileInformation.EndOfFile endOfFile) {
      setEndOfFile(open, endOfFile.endOfFile(), reply);
    } else if (information instanceof FileInformation.Disposition disposition) {
      setDisposition(open, disposition.deleteFile(), reply);
    } else if (information instanceof FileInformation.Rename rename) {
      rename(open, rename, reply);
    } else if (information instanceof FileInformation.Basic basic) {
      if (!open.has(AccessMask.FILE_WRITE_ATTRIBUTES)) {
        reply.send(NtStatus.ACCESS_DENIED);
        return;
      }
      node.setBasic(basic);
      notifyModified(
          node,
          ChangeFilter.ATTRIBUTES | ChangeFilter.LAST_WRITE | ChangeFilter.LAST_ACCESS | ChangeFilter.CREATION);
      reply.send(NtStatus.SUCCESS);
    } else if (information instanceof FileInformation.Allocation) {
      reply.send(open.canWrite() ? NtStatus.SUCCESS : NtStatus.ACCESS_DENIED);
    } else {
      reply.send(NtStatus.INVALID_INFO_CLASS);
    }
  }

  private void setEndOfFile(SimOpen open, long endOfFile, Reply<NtStatus> reply) {
    SimNode node = open.node;
    if (node.isDirectory()) {
      reply.send(NtStatus.INVALID_PARAMETER);
    } else if (!open.has(AccessMask.FILE_WRITE_DATA)) {
      reply.send(NtStatus.ACCESS_DENIED);
    } else if (endOfFile > Integer.MAX_VALUE - 8) {
      reply.send(NtStatus.DISK_FULL);
    } else {
      breakLevelTwo(node, open);
      node.setSize(endOfFile, server.now());
      notifyModified(node, ChangeFilter.SIZE | ChangeFilter.LAST_WRITE);
      reply.send(NtStatus.SUCCESS);
    }
  }

  private void setDisposition(SimOpen open, boolean delete, Reply<NtStatus> reply) {
    SimNode node = open.node;
    if (!open.has(AccessMask.DELETE)) {
      reply.send(NtStatus.ACCESS_DENIED);
    } else if (!delete) {
      node.deletePending = false;
      reply.send(NtStatus.SUCCESS);
    } else if (node.parent() == null) {
      reply.send(NtStatus.ACCESS_DENIED); // the share root cannot go
    } else if (node.isReadOnly()) {
      reply.send(NtStatus.CANNOT_DELETE);
    } else if (node.isDirectory() && !node.isEmpty()) {
      reply.send(NtStatus.DIRECTORY_NOT_EMPTY);
    } else {
      node.deletePending = true;
      reply.send(NtStatus.SUCCESS);
    }
  }

  private void rename(SimOpen open, FileInformation.Rename rename, Reply<NtStatus> reply) {
    SimNode node = open.node;
    SimNode oldParent = node.parent();
    // Windows requires DELETE access on the open. Samba accepts DELETE or FILE_WRITE_ATTRIBUTES
    // (its can_rename), so a read-only open cannot rename, and a read-write open can (generic
    // write includes FILE_WRITE_ATTRIBUTES). The sim follows Samba.
    if (oldParent == null || !(open.has(AccessMask.DELETE) || open.has(AccessMask.FILE_WRITE_ATTRIBUTES))) {
      reply.send(NtStatus.ACCESS_DENIED);
      return;
    }
    String target = rename.fileName();
    // SMB2 names the target from the share root; tolerate the leading separator some clients send.
    if (target.startsWith("\\")) {
      target = target.substring(1);
    }
    NtStatus[] error = new NtStatus[1];
    SimPath path = SimPath.parse(target, error);
    if (path == null || path.isRoot()) {
      reply.send(path == null ? error[0] : NtStatus.OBJECT_NAME_INVALID);
      return;
    }
    SimNode newParent = directoryAt(path.parent());
    if (newParent == null) {
      reply.send(NtStatus.OBJECT_PATH_NOT_FOUND);
      return;
    }
    if (node.contains(newParent)) {
      reply.send(NtStatus.SHARING_VIOLATION); // a directory cannot move below itself; Samba's answer
      return;
    }
    if (node.isDirectory() && hasOpensBelow(node)) {
      reply.send(NtStatus.ACCESS_DENIED);
      return;
    }
    SimNode existing = newParent.child(path.name());
    if (existing != null && existing != node) {
      if (!rename.replaceIfExists() || existing.isDirectory()) {
        reply.send(NtStatus.OBJECT_NAME_COLLISION);
        return;
      }
      if (!existing.opens.isEmpty()) {
        reply.send(NtStatus.ACCESS_DENIED);
        return;
      }
      newParent.remove(existing);
      notifyChange(newParent, existing.name(), ChangeNotification.Action.REMOVED, ChangeFilter.FILE_NAME);
    }
    String oldName = node.name();
    node.moveTo(newParent, path.name(), server.now());
    int filter = node.isDirectory() ? ChangeFilter.DIR_NAME : ChangeFilter.FILE_NAME;
    if (oldParent == newParent) {
      notifyChange(oldParent, oldName, ChangeNotification.Action.RENAMED_OLD_NAME, filter);
      notifyChange(newParent, node.name(), ChangeNotification.Action.RENAMED_NEW_NAME, filter);
    } else {
      notifyChange(oldParent, oldName, ChangeNotification.Action.REMOVED, filter);
      notifyChange(newParent, node.name(), ChangeNotification.Action.ADDED, filter);
    }
    reply.send(NtStatus.SUCCESS);
  }

  private static boolean hasOpensBelow(SimNode directory) {
    for (SimNode child : directory.children()) {
      if (!child.opens.isEmpty() || (child.isDirectory() && hasOpensBelow(child))) {
        return true;
      }
    }
    return false;
  }

  // ---- QUERY_INFO on the file system --------------------------------------------------------------

  /** 512-byte sectors, eight to a 4 KiB allocation unit (what NTFS and Samba's ext4 report). */
  private static final int BYTES_PER_SECTOR = 512;

  private static final int SECTORS_PER_UNIT = 8;

  void queryVolumeInfo(
      SimOpen open, Class<? extends FsInformation> type, Reply<SmbResult<FsInformation>> reply) {
    if (type == FsInformation.Volume.class) {
      // Samba's volume label is the share's name (its "volume" parameter's default).
      reply.send(SmbResult.success(new FsInformation.Volume(share.name(), share.name().toLowerCase(java.util.Locale.ROOT).hashCode())));
    } else if (type == FsInformation.Size.class) {
      long unit = (long) BYTES_PER_SECTOR * SECTORS_PER_UNIT;
      long total = share.capacity() / unit;
      long free = Math.max(0, total - used(root) / unit);
      reply.send(SmbResult.success(new FsInformation.Size(total, free, free, SECTORS_PER_UNIT, BYTES_PER_SECTOR)));
    } else {
      reply.fail(NtStatus.NOT_SUPPORTED);
    }
  }

  private static long used(SimNode node) {
    long sum = node.allocationSize();
    for (SimNode child : node.children()) {
      sum += used(child);
    }
    return sum;
  }

  // ---- QUERY_DIRECTORY ---------------------------------------------------------------------------

  void queryDirectory(SimOpen open, String pattern, Reply<SmbResult<List<FileDirectoryEntry>>> reply) {
    SimNode node = open.node;
    if (!node.isDirectory()) {
      reply.fail(NtStatus.NOT_SUPPORTED); // Samba's answer for a file handle
      return;
    }
    if (!open.has(AccessMask.FILE_LIST_DIRECTORY)) {
      reply.fail(NtStatus.ACCESS_DENIED);
      return;
    }
    String effective = pattern.isEmpty() ? "*" : pattern;
    List<FileDirectoryEntry> entries = new ArrayList<>();
    // Like Samba (and NTFS), every directory lists "." and "..", the share root included.
    if (Wildcard.matches(effective, ".")) {
      entries.add(node.entry("."));
    }
    if (Wildcard.matches(effective, "..")) {
      SimNode parent = node.parent();
      entries.add((parent == null ? node : parent).entry(".."));
    }
    for (SimNode child : node.children()) {
      if (Wildcard.matches(effective, child.name())) {
        entries.add(child.entry(child.name()));
      }
    }
    if (entries.isEmpty()) {
      reply.fail(NtStatus.NO_SUCH_FILE);
      return;
    }
    reply.send(SmbResult.success(List.copyOf(entries)));
  }

  // ---- LOCK ----------------------------------------------------------------------------------------

  void lock(SimOpen open, ByteRange range, boolean exclusive, boolean failImmediately, Reply<NtStatus> reply) {
    if (reply.isSent()) {
      return;
    }
    if (open.closed) {
      reply.send(NtStatus.CANCELLED);
      return;
    }
    SimNode node = open.node;
    if (node.isDirectory()) {
      reply.send(NtStatus.INVALID_DEVICE_REQUEST);
      return;
    }
    for (ByteRangeLock granted : node.locks) {
      if (granted.blocksLock(open, range, exclusive)) {
        if (failImmediately) {
          reply.send(NtStatus.LOCK_NOT_GRANTED);
        } else {
          reply.park();
          node.waiters.add(() -> lock(open, range, exclusive, false, reply));
        }
        return;
      }
    }
    node.locks.add(new ByteRangeLock(open, range, exclusive));
    reply.send(NtStatus.SUCCESS);
  }

  void unlock(SimOpen open, ByteRange range, Reply<NtStatus> reply) {
    SimNode node = open.node;
    for (ByteRangeLock granted : node.locks) {
      if (granted.owner() == open && granted.range().equals(range)) {
        node.locks.remove(granted);
        retryWaiters(node);
        reply.send(NtStatus.SUCCESS);
        return;
      }
    }
    reply.send(NtStatus.RANGE_NOT_LOCKED);
  }

  // ---- CHANGE_NOTIFY -------------------------------------------------------------------------------

  void changeNotify(SimOpen open, int filter, boolean watchTree, Reply<ChangeNotification> reply) {
    if (!open.node.isDirectory()) {
      reply.send(new ChangeNotification(NtStatus.INVALID_PARAMETER, List.of()));
      return;
    }
    open.startWatching(filter, watchTree);
    List<ChangeNotification.Change> changes = open.takeChanges();
    if (!changes.isEmpty()) {
      reply.send(new ChangeNotification(NtStatus.SUCCESS, changes));
      return;
    }
    reply.park();
    open.notifyWaiters.add(reply);
  }

  private void notifyModified(SimNode node, int filterBits) {
    SimNode parent = node.parent();
    if (parent != null) {
      notifyChange(parent, node.name(), ChangeNotification.Action.MODIFIED, filterBits);
    }
  }

  /**
   * Tells every watcher of {@code directory} (and of its ancestors, when they watch the tree). A
   * waiting notification is answered when the request is done, with every change it made.
   */
  private void notifyChange(SimNode directory, String name, ChangeNotification.Action action, int filterBits) {
    String relative = name;
    for (SimNode watched = directory; watched != null; watched = watched.parent()) {
      for (SimOpen watcher : watched.opens) {
        List<ChangeNotification.Change> buffer = watcher.notifyBuffer;
        boolean inScope = watched == directory || watcher.notifyWatchTree;
        if (buffer == null || !inScope || (watcher.notifyFilter & filterBits) == 0) {
          continue;
        }
        buffer.add(new ChangeNotification.Change(action, relative));
        if (!watcher.notifyWaiters.isEmpty()) {
          server.atEndOfRequest(watcher.answerWatcher);
        }
      }
      relative = watched.name() + "\\" + relative;
    }
  }

  // ---- Faults and restart --------------------------------------------------------------------------

  private boolean failedByFault(SimNode node, java.util.function.Consumer<NtStatus> fail) {
    NtStatus fault = server.faults().failureFor(share.name(), node.path());
    if (fault != null) {
      fail.accept(fault);
      return true;
    }
    return false;
  }

  /** A crash: every open, lock, oplock, waiter and pending delete disappears; the files stay. */
  void forgetAllOpens() {
    forget(root);
  }

  private static void forget(SimNode node) {
    for (SimOpen open : node.opens) {
      open.closed = true;
      cancelBreakTimer(open);
    }
    node.opens.clear();
    node.locks.clear();
    node.waiters.clear();
    node.deletePending = false;
    for (SimNode child : node.children()) {
      forget(child);
    }
  }
}
