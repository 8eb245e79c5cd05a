package dev.rdbss.api.spi;

import dev.rdbss.api.io.ChangeNotification;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Objects;

/**
 * {@code LowIoContext.ParamsFor}: the parameters of one low I/O operation (spec §5.2). One record
 * per shape of the Windows union.
 */
public sealed interface LowIoParameters {

  /**
   * READ and WRITE. For a read, the mini-redirector fills {@code buffer} from its position and
   * reports the count through {@link RxContext#setInformation}; for a write, it sends the buffer's
   * remaining bytes. A write's buffer may be read-only (the runtime hands the host's bytes over
   * through a read-only view rather than a copy), so read it with {@code get}, not {@code array()}.
   * Either buffer is the mini-redirector's only until it completes the request: it keeps no
   * reference afterwards (a read's buffer becomes the caller's result as is).
   *
   * @param byteOffset the file offset
   * @param byteCount the number of bytes asked for
   * @param key the byte-range lock key of the handle
   * @param buffer the data buffer, positioned at 0 with {@code byteCount} bytes remaining
   * @param pagingIo whether this is paging I/O (a flush of the wrapper's cache)
   */
  record ReadWrite(long byteOffset, int byteCount, int key, ByteBuffer buffer, boolean pagingIo)
      implements LowIoParameters {
    public ReadWrite {
      Objects.requireNonNull(buffer, "buffer");
    }
  }

  /**
   * SHAREDLOCK, EXCLUSIVELOCK and UNLOCK of one range.
   *
   * @param byteOffset the start of the range
   * @param length the length of the range
   * @param key the lock key of the handle
   * @param failImmediately whether a conflicting lock fails at once with LOCK_NOT_GRANTED
   */
  record Lock(long byteOffset, long length, int key, boolean failImmediately)
      implements LowIoParameters {}

  /** UNLOCK_MULTIPLE: the ranges to release (at cleanup, all of the handle's locks; §6.6). */
  record LockList(List<LockRange> ranges) implements LowIoParameters {
    public LockList {
      ranges = List.copyOf(ranges);
    }
  }

  /**
   * FSCTL and IOCTL.
   *
   * @param controlCode the control code
   * @param input the input bytes
   * @param outputLength the size of the caller's output buffer
   */
  record Control(int controlCode, byte[] input, int outputLength) implements LowIoParameters {
    public Control {
      input = input.clone();
    }

    @Override
    public byte[] input() {
      return input.clone();
    }
  }

  /**
   * NOTIFY_CHANGE_DIRECTORY. RDBSS always submits it for an asynchronous caller and holds no lock
   * while it is pending, so a mini-redirector normally answers PENDING and completes it through
   * {@link Rdbss#lowIoCompletion} when the server reports a change, from any thread.
   *
   * <p>{@code changes} stands for Windows' {@code pNotificationBuffer}: before calling {@code
   * lowIoCompletion} the mini-redirector appends what changed, and RDBSS hands the list to the
   * caller as its {@link ChangeNotification} when the status is a success; a status of {@link
   * dev.rdbss.api.NtStatus#NOTIFY_ENUM_DIR} says "too much changed, enumerate again" and carries
   * no list. The list is RDBSS's and is safe to append to from any thread; it is read once, after
   * the completion. If RDBSS ends the request first (the handle's cleanup: NOTIFY_CLEANUP; the
   * connection's deletion: CANCELLED, spec §4.3 step 1), it runs the context's cancel routine, and a
   * completion that arrives afterwards is ignored.
   *
   * @param completionFilter the {@code FILE_NOTIFY_CHANGE_*} bits
   * @param watchTree whether subdirectories are watched too
   * @param changes where the mini-redirector reports the changes
   */
  record NotifyChangeDirectory(
      int completionFilter, boolean watchTree, List<ChangeNotification.Change> changes)
      implements LowIoParameters {
    public NotifyChangeDirectory {
      Objects.requireNonNull(changes, "changes"); // not copied: it is the notification buffer
    }
  }

  /** CLEAROUT: no parameters. */
  record None() implements LowIoParameters {}

  /**
   * One byte range of a lock list.
   *
   * @param byteOffset the start
   * @param length the length
   * @param exclusive whether it was an exclusive lock
   * @param key the lock key
   */
  record LockRange(long byteOffset, long length, boolean exclusive, int key) {}
}
