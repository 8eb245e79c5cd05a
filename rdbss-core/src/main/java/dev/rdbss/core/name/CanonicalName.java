package dev.rdbss.core.name;

import dev.rdbss.api.NtStatus;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The outcome of {@link Canonicalizer#canonicalize}: a device open, a canonical name, or the status
 * of a name that cannot be opened (spec §6.2).
 *
 * @param status SUCCESS, or why the name is refused
 * @param deviceOpen whether the create opens the device itself (empty name, §6.2)
 * @param name the canonical name as the netname table knows it, {@code \;X:<logon>\server\share\…}
 *     for a drive or {@code \;:<logon>\server\share\…} for a UNC name (§3.1); empty for a device
 *     open or a refusal
 * @param localPrefix the local part of the name, {@code \;X:<logon>} or {@code \;:<logon>}
 * @param directoryImplied whether a trailing backslash was stripped, which implies
 *     FILE_DIRECTORY_FILE
 */
public record CanonicalName(
    NtStatus status, boolean deviceOpen, String name, String localPrefix, boolean directoryImplied) {

  public CanonicalName {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(localPrefix, "localPrefix");
  }

  static CanonicalName refused(NtStatus status) {
    return new CanonicalName(status, false, "", "", false);
  }

  static CanonicalName device() {
    return new CanonicalName(NtStatus.SUCCESS, true, "", "", false);
  }

  /** Whether the name can be opened. */
  public boolean isValid() {
    return status.isSuccess();
  }

  /** The name without its local prefix: {@code \server\share\…}. */
  public String serverRelativeName() {
    return name.substring(localPrefix.length());
  }

  /** The drive letter with its colon ({@code "X:"}) for a drive name, else {@code null}. */
  public @Nullable String drive() {
    return localPrefix.length() > 3 && localPrefix.charAt(3) == ':'
        ? localPrefix.substring(2, 4)
        : null;
  }
}
