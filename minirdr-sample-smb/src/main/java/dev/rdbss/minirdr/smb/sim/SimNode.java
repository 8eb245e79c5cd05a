package dev.rdbss.minirdr.smb.sim;

import dev.rdbss.api.file.FileAttribute;
import dev.rdbss.api.file.FileDirectoryEntry;
import dev.rdbss.api.file.FileInformation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * A file or directory of a simulated share, with the server-side state Windows keeps per file:
 * its opens, its byte-range locks and whether it is delete-pending. Guarded by the server's lock.
 */
final class SimNode {

  /** Allocation unit reported for sizes; NTFS and Samba's default both use 4 KiB here. */
  private static final long CLUSTER = 4096;

  private String name;
  private @Nullable SimNode parent;
  private final boolean directory;
  private final long fileId;
  // Case-insensitive, case-preserving: the key compares like Windows, the node keeps the case.
  private final TreeMap<String, SimNode> children = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
  private byte[] data = new byte[0];
  private long size;
  private Instant creationTime;
  private Instant lastAccessTime;
  private Instant lastWriteTime;
  private Instant changeTime;
  private int attributes;

  final List<SimOpen> opens = new ArrayList<>();
  final List<ByteRangeLock> locks = new ArrayList<>();
  // Requests waiting for this file to change (a blocking lock, a create behind an oplock break);
  // each is run again after every unlock, close or break acknowledgement, and re-registers itself
  // if it still has to wait.
  final List<Runnable> waiters = new ArrayList<>();
  boolean deletePending;

  SimNode(String name, @Nullable SimNode parent, boolean directory, long fileId, Instant now) {
    this.name = name;
    this.parent = parent;
    this.directory = directory;
    this.fileId = fileId;
    this.creationTime = now;
    this.lastAccessTime = now;
    this.lastWriteTime = now;
    this.changeTime = now;
    // New files are ARCHIVE, as NTFS and Samba report them.
    this.attributes = directory ? FileAttribute.DIRECTORY.bit() : FileAttribute.ARCHIVE.bit();
  }

  String name() {
    return name;
  }

  @Nullable SimNode parent() {
    return parent;
  }

  boolean isDirectory() {
    return directory;
  }

  long fileId() {
    return fileId;
  }

  long size() {
    return size;
  }

  @Nullable SimNode child(String childName) {
    return children.get(childName);
  }

  List<SimNode> children() {
    return new ArrayList<>(children.values());
  }

  boolean isEmpty() {
    return children.isEmpty();
  }

  void add(SimNode child) {
    children.put(child.name, child);
    child.parent = this;
  }

  void remove(SimNode child) {
    children.remove(child.name);
  }

  /** Moves this node under {@code newParent} as {@code newName} (the caller removed any target). */
  void moveTo(SimNode newParent, String newName, Instant now) {
    SimNode oldParent = parent;
    if (oldParent != null) {
      oldParent.remove(this);
    }
    name = newName;
    newParent.add(this);
    changeTime = now;
  }

  /** The path from the share root, {@code a\b}; the root is {@code ""}. */
  String path() {
    SimNode p = parent;
    if (p == null) {
      return "";
    }
    String above = p.path();
    return above.isEmpty() ? name : above + "\\" + name;
  }

  /** Whether {@code other} is this node or below it. */
  boolean contains(SimNode other) {
    for (SimNode n = other; n != null; n = n.parent) {
      if (n == this) {
        return true;
      }
    }
    return false;
  }

  byte[] read(long offset, int length) {
    int n = (int) Math.min(length, size - offset);
    return Arrays.copyOfRange(data, (int) offset, (int) offset + n);
  }

  void write(long offset, byte[] bytes, Instant now) {
    long end = offset + bytes.length;
    ensureCapacity(end);
    System.arraycopy(bytes, 0, data, (int) offset, bytes.length);
    size = Math.max(size, end);
    touchWrite(now);
  }

  void setSize(long newSize, Instant now) {
    ensureCapacity(newSize);
    if (newSize < size) {
      // Zero the cut-off tail so that a later extension reads zeros, not old bytes.
      Arrays.fill(data, (int) newSize, (int) size, (byte) 0);
    }
    size = newSize;
    touchWrite(now);
  }

  private void ensureCapacity(long capacity) {
    if (capacity > data.length) {
      data = Arrays.copyOf(data, (int) Math.max(capacity, Math.min(Integer.MAX_VALUE - 8, data.length * 2L)));
    }
  }

  private void touchWrite(Instant now) {
    lastWriteTime = now;
    changeTime = now;
    if (!directory) {
      attributes |= FileAttribute.ARCHIVE.bit();
    }
  }

  /** Applies a FILE_BASIC_INFORMATION set: Windows leaves a field unchanged when it is 0. */
  void setBasic(FileInformation.Basic basic) {
    if (!basic.creationTime().equals(Instant.EPOCH)) {
      creationTime = basic.creationTime();
    }
    if (!basic.lastAccessTime().equals(Instant.EPOCH)) {
      lastAccessTime = basic.lastAccessTime();
    }
    if (!basic.lastWriteTime().equals(Instant.EPOCH)) {
      lastWriteTime = basic.lastWriteTime();
    }
    if (!basic.changeTime().equals(Instant.EPOCH)) {
      changeTime = basic.changeTime();
    }
    if (basic.fileAttributes() != 0) {
      int keep = attributes & FileAttribute.DIRECTORY.bit();
      attributes = keep | (basic.fileAttributes() & ~FileAttribute.NORMAL.bit() & ~FileAttribute.DIRECTORY.bit());
    }
  }

  /**
   * The attributes a create gives a new file, or an overwrite gives an existing one: those asked
   * for, plus ARCHIVE (Samba reports {@code READONLY} asked at creation as READONLY | ARCHIVE, and an
   * overwrite that asks for none as ARCHIVE alone).
   */
  void setCreateAttributes(int requested) {
    if (directory) {
      return;
    }
    int settable =
        FileAttribute.READONLY.bit() | FileAttribute.HIDDEN.bit() | FileAttribute.SYSTEM.bit();
    attributes = (requested & settable) | FileAttribute.ARCHIVE.bit();
  }

  /** Whether the file has an attribute that an overwrite must repeat (HIDDEN or SYSTEM). */
  int hiddenOrSystem() {
    return attributes & (FileAttribute.HIDDEN.bit() | FileAttribute.SYSTEM.bit());
  }

  boolean isReadOnly() {
    return (attributes & FileAttribute.READONLY.bit()) != 0;
  }

  /** Attributes as reported: NORMAL stands alone for a file with none set. */
  int reportedAttributes() {
    return attributes == 0 ? FileAttribute.NORMAL.bit() : attributes;
  }

  long allocationSize() {
    return directory ? 0 : (size + CLUSTER - 1) / CLUSTER * CLUSTER;
  }

  FileInformation.NetworkOpen networkOpen() {
    return new FileInformation.NetworkOpen(
        creationTime, lastAccessTime, lastWriteTime, changeTime, allocationSize(), directory ? 0 : size,
        reportedAttributes());
  }

  FileInformation.Basic basic() {
    return new FileInformation.Basic(
        creationTime, lastAccessTime, lastWriteTime, changeTime, reportedAttributes());
  }

  FileInformation.Standard standard() {
    return new FileInformation.Standard(
        // A delete-pending file has no link left (NTFS and Samba report 0).
        allocationSize(), directory ? 0 : size, deletePending ? 0 : 1, deletePending, directory);
  }

  FileDirectoryEntry entry(String entryName) {
    return new FileDirectoryEntry(
        entryName,
        null,
        0,
        creationTime,
        lastAccessTime,
        lastWriteTime,
        changeTime,
        directory ? 0 : size,
        allocationSize(),
        reportedAttributes());
  }

  @Override
  public String toString() {
    return (directory ? "dir " : "file ") + path();
  }
}
