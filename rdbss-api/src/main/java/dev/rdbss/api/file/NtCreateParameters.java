package dev.rdbss.api.file;

import dev.rdbss.api.BitFlag;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * The parameters of an NT create as RDBSS hands them to {@code MRxCreate} in
 * {@code RxContext->Create.NtCreateParameters} (spec §5.2, §6.4).
 *
 * @param desiredAccess the requested {@link AccessMask}, generic rights already mapped
 * @param allocationSize the initial allocation size for a created file
 * @param fileAttributes {@link FileAttribute} bits for a created file
 * @param shareAccess the share access the open grants to others
 * @param disposition what to do when the file exists or not
 * @param createOptions the create options
 */
public record NtCreateParameters(
    int desiredAccess,
    long allocationSize,
    Set<FileAttribute> fileAttributes,
    Set<ShareAccess> shareAccess,
    CreateDisposition disposition,
    Set<CreateOption> createOptions) {

  public NtCreateParameters {
    if (allocationSize < 0) {
      throw new IllegalArgumentException("allocationSize must not be negative: " + allocationSize);
    }
    fileAttributes = freeze(fileAttributes, FileAttribute.class);
    shareAccess = freeze(shareAccess, ShareAccess.class);
    createOptions = freeze(createOptions, CreateOption.class);
  }

  private static <E extends Enum<E>> Set<E> freeze(Set<E> set, Class<E> type) {
    return Collections.unmodifiableSet(set.isEmpty() ? EnumSet.noneOf(type) : EnumSet.copyOf(set));
  }

  /** A copy with another desired access. */
  public NtCreateParameters withDesiredAccess(int access) {
    return new NtCreateParameters(
        access, allocationSize, fileAttributes, shareAccess, disposition, createOptions);
  }

  /** A copy with another share access. */
  public NtCreateParameters withShareAccess(Set<ShareAccess> share) {
    return new NtCreateParameters(
        desiredAccess, allocationSize, fileAttributes, share, disposition, createOptions);
  }

  /** A copy with another disposition. */
  public NtCreateParameters withDisposition(CreateDisposition newDisposition) {
    return new NtCreateParameters(
        desiredAccess, allocationSize, fileAttributes, shareAccess, newDisposition, createOptions);
  }

  /** A copy with other create options. */
  public NtCreateParameters withCreateOptions(Set<CreateOption> options) {
    return new NtCreateParameters(
        desiredAccess, allocationSize, fileAttributes, shareAccess, disposition, options);
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
