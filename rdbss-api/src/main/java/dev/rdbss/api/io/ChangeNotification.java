package dev.rdbss.api.io;

import dev.rdbss.api.NtStatus;
import java.util.List;
import java.util.Objects;

/**
 * The completion of a directory change notification: a status (NOTIFY_ENUM_DIR when too much
 * changed to list, NOTIFY_CLEANUP when the handle was cleaned up, spec §6.6, CANCELLED when the
 * connection was deleted, §4.3 step 1) and the changes. A mini-redirector reports the changes in
 * the {@link dev.rdbss.api.spi.LowIoParameters.NotifyChangeDirectory#changes()} list of the request.
 *
 * @param status the status
 * @param changes the changes, in order
 */
public record ChangeNotification(NtStatus status, List<Change> changes) {

  public ChangeNotification {
    Objects.requireNonNull(status, "status");
    changes = List.copyOf(changes);
  }

  /** What happened to a name ({@code FILE_ACTION_*}). */
  public enum Action {
    ADDED(1),
    REMOVED(2),
    MODIFIED(3),
    RENAMED_OLD_NAME(4),
    RENAMED_NEW_NAME(5);

    private final int value;

    Action(int value) {
      this.value = value;
    }

    /** The {@code FILE_ACTION_*} value. */
    public int value() {
      return value;
    }
  }

  /**
   * One change.
   *
   * @param action what happened
   * @param fileName the name relative to the watched directory
   */
  public record Change(Action action, String fileName) {
    public Change {
      Objects.requireNonNull(action, "action");
      Objects.requireNonNull(fileName, "fileName");
    }
  }
}
