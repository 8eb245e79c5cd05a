package dev.rdbss.core.kernel;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Who owns an acquisition of an {@link RxResource}: the {@code ERESOURCE_THREAD} of Windows (spec
 * §10). Usually the acquiring thread ({@link #currentThread()}); asynchronous low I/O instead
 * names an owner that outlives the thread's call (Windows' {@code LowIoContext.ResourceThreadId}),
 * so that the completion, on another thread, can release the FCB on its behalf.
 *
 * <p>Two owners are equal when their tokens are equal; the description only serves messages.
 * Windows keeps thread owners and other owners apart by the low two bits of the value (a thread
 * pointer is aligned; {@code ExSetResourceOwnerPointer} sets both bits). Tokens here follow the
 * same convention: {@link #currentThread()} gives the thread id shifted left by two, and {@link
 * #forContext} sets the low two bits, so the two kinds never collide.
 */
public final class LockOwner {

  private static final ThreadLocal<LockOwner> CURRENT =
      ThreadLocal.withInitial(() -> forThread(Thread.currentThread()));

  private final long token;
  // A String, or an object whose toString describes the owner: formatted only when a message
  // needs it, since a low I/O request makes an owner per call (rdbss-bench: formatting it eagerly
  // cost a tenth of a 4 KiB read).
  private final Object description;

  private LockOwner(long token, Object description) {
    this.token = token;
    this.description = Objects.requireNonNull(description, "description");
  }

  /** The calling thread's owner token, the same object for the whole life of the thread. */
  public static LockOwner currentThread() {
    return CURRENT.get();
  }

  /** The owner token of {@code thread}: equal to that thread's {@link #currentThread()}. */
  public static LockOwner forThread(Thread thread) {
    long id = thread.getId(); // threadId() is Java 19+; this is Java 17 code
    return new LockOwner(id << 2, "thread " + thread.getName() + " (#" + id + ")");
  }

  /**
   * A non-thread owner for an operation identified by {@code contextId}, such as an RxContext's
   * serial number: its token has the low two bits set, so it never equals a thread's.
   */
  public static LockOwner forContext(long contextId, String description) {
    return new LockOwner((contextId << 2) | 3, description);
  }

  /**
   * {@link #forContext(long, String)} with a description taken from {@code describedBy}'s {@code
   * toString} when one is needed (a message, a dump), not now.
   */
  public static LockOwner forContext(long contextId, Object describedBy) {
    return new LockOwner((contextId << 2) | 3, describedBy);
  }

  /** An owner with an explicit token; the caller keeps tokens unique. */
  public static LockOwner of(long token, String description) {
    return new LockOwner(token, description);
  }

  /** The token; equality is by token. */
  public long token() {
    return token;
  }

  @Override
  public boolean equals(@Nullable Object obj) {
    return obj instanceof LockOwner other && other.token == token;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(token);
  }

  /** The description given at creation, such as {@code "thread main (#1)"}. */
  @Override
  public String toString() {
    return description.toString();
  }
}
