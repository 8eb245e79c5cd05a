package dev.rdbss.minirdr.smb.client;

import dev.rdbss.api.file.AccessMask;
import dev.rdbss.api.file.CreateDisposition;
import dev.rdbss.api.file.CreateOption;
import dev.rdbss.api.file.FileAttribute;
import dev.rdbss.api.file.NtCreateParameters;
import dev.rdbss.api.file.ShareAccess;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * An SMB2 CREATE: the NT create parameters RDBSS hands to {@code MRxCreate} (spec §6.4) plus the
 * oplock level asked for.
 *
 * @param parameters desired access, attributes, share access, disposition and options
 * @param requestedOplock the oplock the client would like; the server may grant less
 */
public record SmbCreateRequest(NtCreateParameters parameters, OplockLevel requestedOplock) {

  public SmbCreateRequest {
    Objects.requireNonNull(parameters, "parameters");
    Objects.requireNonNull(requestedOplock, "requestedOplock");
  }

  /** A request with no oplock. */
  public static SmbCreateRequest of(NtCreateParameters parameters) {
    return new SmbCreateRequest(parameters, OplockLevel.NONE);
  }

  /**
   * A file open with the given access, sharing and disposition, normal attributes and the
   * {@code NON_DIRECTORY_FILE} option.
   */
  public static SmbCreateRequest file(
      int desiredAccess, Set<ShareAccess> share, CreateDisposition disposition) {
    return of(
        new NtCreateParameters(
            desiredAccess,
            0,
            EnumSet.of(FileAttribute.NORMAL),
            share,
            disposition,
            EnumSet.of(CreateOption.NON_DIRECTORY_FILE)));
  }

  /** A directory open (or creation, with CREATE or OPEN_IF) for listing and change notification. */
  public static SmbCreateRequest directory(CreateDisposition disposition) {
    return of(
        new NtCreateParameters(
            AccessMask.FILE_LIST_DIRECTORY | AccessMask.FILE_READ_ATTRIBUTES | AccessMask.SYNCHRONIZE,
            0,
            EnumSet.of(FileAttribute.DIRECTORY),
            EnumSet.allOf(ShareAccess.class),
            disposition,
            EnumSet.of(CreateOption.DIRECTORY_FILE)));
  }

  /** The same request asking for another oplock level. */
  public SmbCreateRequest withOplock(OplockLevel level) {
    return new SmbCreateRequest(parameters, level);
  }
}
