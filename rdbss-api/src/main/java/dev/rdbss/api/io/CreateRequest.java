package dev.rdbss.api.io;

import dev.rdbss.api.file.AccessMask;
import dev.rdbss.api.file.CreateDisposition;
import dev.rdbss.api.file.CreateOption;
import dev.rdbss.api.file.DfsContext;
import dev.rdbss.api.file.FileAttribute;
import dev.rdbss.api.file.NtCreateParameters;
import dev.rdbss.api.file.ShareAccess;
import java.util.EnumSet;
import java.util.Set;

/**
 * What a host asks of an open, in the terms of {@code NtCreateFile} (ARCHITECTURE.md §3.4). Immutable;
 * every {@code with…} method returns a new request.
 *
 * <pre>{@code
 * CreateRequest.readWrite().openIf()              // open or create, read and write, share read
 * CreateRequest.read().shareAll()                 // open an existing file for reading
 * CreateRequest.directory().create()              // mkdir
 * }</pre>
 */
public final class CreateRequest {

  private final NtCreateParameters parameters;

  private CreateRequest(NtCreateParameters parameters) {
    this.parameters = parameters;
  }

  private static CreateRequest of(int access, Set<ShareAccess> share, Set<CreateOption> options) {
    return new CreateRequest(
        new NtCreateParameters(
            access,
            0,
            EnumSet.of(FileAttribute.NORMAL),
            share,
            CreateDisposition.OPEN,
            options));
  }

  /** Read access to an existing file, sharing read. */
  public static CreateRequest read() {
    return of(
        AccessMask.FILE_GENERIC_READ,
        EnumSet.of(ShareAccess.READ),
        EnumSet.of(CreateOption.NON_DIRECTORY_FILE));
  }

  /** Write access to an existing file, sharing nothing. */
  public static CreateRequest write() {
    return of(
        AccessMask.FILE_GENERIC_WRITE,
        EnumSet.noneOf(ShareAccess.class),
        EnumSet.of(CreateOption.NON_DIRECTORY_FILE));
  }

  /** Read and write access to an existing file, sharing read. */
  public static CreateRequest readWrite() {
    return of(
        AccessMask.FILE_GENERIC_READ | AccessMask.FILE_GENERIC_WRITE,
        EnumSet.of(ShareAccess.READ),
        EnumSet.of(CreateOption.NON_DIRECTORY_FILE));
  }

  /** Listing access to an existing directory, sharing read and write. */
  public static CreateRequest directory() {
    return of(
        AccessMask.FILE_LIST_DIRECTORY | AccessMask.FILE_READ_ATTRIBUTES | AccessMask.SYNCHRONIZE,
        EnumSet.of(ShareAccess.READ, ShareAccess.WRITE),
        EnumSet.of(CreateOption.DIRECTORY_FILE));
  }

  /** Attribute access only (never collapses; buffering unchanged, spec §9 pitfall 13). */
  public static CreateRequest attributesOnly() {
    return of(
        AccessMask.FILE_READ_ATTRIBUTES | AccessMask.SYNCHRONIZE,
        EnumSet.allOf(ShareAccess.class),
        EnumSet.noneOf(CreateOption.class));
  }

  /** A request from raw NT create parameters. */
  public static CreateRequest of(NtCreateParameters parameters) {
    return new CreateRequest(parameters);
  }

  /** The NT create parameters. */
  public NtCreateParameters parameters() {
    return parameters;
  }

  /** With another disposition. */
  public CreateRequest disposition(CreateDisposition disposition) {
    return new CreateRequest(parameters.withDisposition(disposition));
  }

  /** Open an existing file ({@code FILE_OPEN}). */
  public CreateRequest open() {
    return disposition(CreateDisposition.OPEN);
  }

  /** Open or create ({@code FILE_OPEN_IF}). */
  public CreateRequest openIf() {
    return disposition(CreateDisposition.OPEN_IF);
  }

  /** Create a new file; fail if it exists ({@code FILE_CREATE}). */
  public CreateRequest create() {
    return disposition(CreateDisposition.CREATE);
  }

  /** Open and truncate, or create ({@code FILE_OVERWRITE_IF}). */
  public CreateRequest overwriteIf() {
    return disposition(CreateDisposition.OVERWRITE_IF);
  }

  /** With another desired access mask. */
  public CreateRequest access(int desiredAccess) {
    return new CreateRequest(parameters.withDesiredAccess(desiredAccess));
  }

  /** With another share access. */
  public CreateRequest share(ShareAccess... share) {
    Set<ShareAccess> s = EnumSet.noneOf(ShareAccess.class);
    s.addAll(Set.of(share));
    return new CreateRequest(parameters.withShareAccess(s));
  }

  /** Sharing read, write and delete. */
  public CreateRequest shareAll() {
    return share(ShareAccess.values());
  }

  /** With additional create options. */
  public CreateRequest withOptions(CreateOption... options) {
    Set<CreateOption> o = EnumSet.noneOf(CreateOption.class);
    o.addAll(parameters.createOptions());
    o.addAll(Set.of(options));
    return new CreateRequest(parameters.withCreateOptions(o));
  }

  /** As the DFS client sends it, with {@code context} as its mark (spec §6.4 step 1). */
  public CreateRequest dfs(DfsContext context) {
    return new CreateRequest(parameters.withDfsContext(context));
  }

  /**
   * Opens the directory a rename moves the file into ({@code SL_OPEN_TARGET_DIRECTORY}, spec §6.4
   * step 2); the path names the rename's target.
   */
  public CreateRequest openTargetDirectory() {
    return new CreateRequest(parameters.withOpenTargetDirectory(true));
  }

  @Override
  public String toString() {
    return "CreateRequest" + parameters;
  }
}
