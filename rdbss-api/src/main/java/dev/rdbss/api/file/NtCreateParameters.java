package dev.rdbss.api.file;

import dev.rdbss.api.BitFlag;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * The parameters of an NT create as RDBSS hands them to {@code MRxCreate} in
 * {@code RxContext->Create.NtCreateParameters} (spec §5.2, §6.4).
 *
 * <h2>DFS and rename targets (§6.4 steps 1 and 2)</h2>
 *
 * <p>Two parts of a create are not in Windows' structure proper but travel with it, and RDBSS acts
 * on both before the FCB table is consulted:
 *
 * <ul>
 *   <li>{@link #dfsContext()}: the DFS client's mark ({@code NtCreateParameters.DfsContext}); see
 *       {@link DfsContext} for the statuses it leads to.
 *   <li>{@link #openTargetDirectory()}: the I/O manager's {@code SL_OPEN_TARGET_DIRECTORY}, set
 *       when it opens the directory a rename moves a file into. On a NET_ROOT without {@link
 *       dev.rdbss.api.NetRootFlag#SUPPORTS_SYMBOLIC_LINKS}, RDBSS answers such an open itself with a
 *       <em>fake FCB</em> ({@link dev.rdbss.api.FcbState#FAKEFCB}) that never enters the FCB table
 *       and never reaches {@code MRxCreate}; the handle serves only as the rename's target and any
 *       I/O on it answers INVALID_DEVICE_REQUEST. On a NET_ROOT with symbolic links the create goes
 *       to {@code MRxCreate} like any other, with this flag set: the mini-redirector opens the
 *       <em>parent</em> directory of the name (a link may make it another one than the name says).
 * </ul>
 *
 * @param desiredAccess the requested {@link AccessMask}, generic rights already mapped
 * @param allocationSize the initial allocation size for a created file
 * @param fileAttributes {@link FileAttribute} bits for a created file
 * @param shareAccess the share access the open grants to others
 * @param disposition what to do when the file exists or not
 * @param createOptions the create options
 * @param dfsContext whether and how the DFS client sends this open ({@link DfsContext#NONE} for
 *     any other open)
 * @param openTargetDirectory {@code SL_OPEN_TARGET_DIRECTORY}: open the directory a rename
 *     targets
 */
public record NtCreateParameters(
    int desiredAccess,
    long allocationSize,
    Set<FileAttribute> fileAttributes,
    Set<ShareAccess> shareAccess,
    CreateDisposition disposition,
    Set<CreateOption> createOptions,
    DfsContext dfsContext,
    boolean openTargetDirectory) {

  public NtCreateParameters {
    if (allocationSize < 0) {
      throw new IllegalArgumentException("allocationSize must not be negative: " + allocationSize);
    }
    fileAttributes = freeze(fileAttributes, FileAttribute.class);
    shareAccess = freeze(shareAccess, ShareAccess.class);
    createOptions = freeze(createOptions, CreateOption.class);
    java.util.Objects.requireNonNull(dfsContext, "dfsContext");
  }

  /** The parameters of an ordinary open: not a DFS open, not a rename target. */
  public NtCreateParameters(
      int desiredAccess,
      long allocationSize,
      Set<FileAttribute> fileAttributes,
      Set<ShareAccess> shareAccess,
      CreateDisposition disposition,
      Set<CreateOption> createOptions) {
    this(desiredAccess, allocationSize, fileAttributes, shareAccess, disposition, createOptions,
        DfsContext.NONE, false);
  }

  private static <E extends Enum<E>> Set<E> freeze(Set<E> set, Class<E> type) {
    return Collections.unmodifiableSet(set.isEmpty() ? EnumSet.noneOf(type) : EnumSet.copyOf(set));
  }

  /** A copy with another desired access. */
  public NtCreateParameters withDesiredAccess(int access) {
    return new NtCreateParameters(
        access, allocationSize, fileAttributes, shareAccess, disposition, createOptions,
        dfsContext, openTargetDirectory);
  }

  /** A copy with another share access. */
  public NtCreateParameters withShareAccess(Set<ShareAccess> share) {
    return new NtCreateParameters(
        desiredAccess, allocationSize, fileAttributes, share, disposition, createOptions,
        dfsContext, openTargetDirectory);
  }

  /** A copy with another disposition. */
  public NtCreateParameters withDisposition(CreateDisposition newDisposition) {
    return new NtCreateParameters(
        desiredAccess, allocationSize, fileAttributes, shareAccess, newDisposition, createOptions,
        dfsContext, openTargetDirectory);
  }

  /** A copy with other create options. */
  public NtCreateParameters withCreateOptions(Set<CreateOption> options) {
    return new NtCreateParameters(
        desiredAccess, allocationSize, fileAttributes, shareAccess, disposition, options,
        dfsContext, openTargetDirectory);
  }

  /** A copy with another DFS mark (§6.4 step 1). */
  public NtCreateParameters withDfsContext(DfsContext context) {
    return new NtCreateParameters(desiredAccess, allocationSize, fileAttributes, shareAccess,
        disposition, createOptions, context, openTargetDirectory);
  }

  /** A copy that opens, or does not open, the target directory of a rename (§6.4 step 2). */
  public NtCreateParameters withOpenTargetDirectory(boolean targetDirectory) {
    return new NtCreateParameters(desiredAccess, allocationSize, fileAttributes, shareAccess,
        disposition, createOptions, dfsContext, targetDirectory);
  }

  /** Whether {@code option} was requested. */
  public boolean has(CreateOption option) {
    return createOptions.contains(option);
  }

  /** The share access as the {@code FILE_SHARE_*} bits. */
  public int shareAccessBits() {
    return BitFlag.toBits(shareAccess);
  }

  /** The create options as the {@code ULONG} a driver sees. */
  public int createOptionBits() {
    return BitFlag.toBits(createOptions);
  }
}
