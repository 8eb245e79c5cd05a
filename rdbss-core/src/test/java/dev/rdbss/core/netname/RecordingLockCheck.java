package dev.rdbss.core.netname;

import java.util.ArrayList;
import java.util.List;

/** A {@link LockCheck} stub: records every call and pretends to hold the lock in a set mode. */
final class RecordingLockCheck implements LockCheck {

  /** The mode the caller pretends to hold the table lock in. */
  enum Held {
    NONE,
    SHARED,
    EXCLUSIVE
  }

  /** One call of {@link #requireHeld}. */
  record Call(boolean exclusive, String operation) {}

  /** What the stub throws where the engine would bugcheck. */
  static final class LockNotHeld extends RuntimeException {
    private static final long serialVersionUID = 1L;

    LockNotHeld(String message) {
      super(message);
    }
  }

  private final List<Call> calls = new ArrayList<>();
  private Held held = Held.EXCLUSIVE;

  @Override
  public void requireHeld(boolean exclusive, String operation) {
    calls.add(new Call(exclusive, operation));
    if (held == Held.NONE || (exclusive && held == Held.SHARED)) {
      throw new LockNotHeld(
          operation + " needs the lock " + (exclusive ? "exclusive" : "shared") + ", held " + held);
    }
  }

  void hold(Held mode) {
    this.held = mode;
  }

  List<Call> calls() {
    return List.copyOf(calls);
  }

  void clear() {
    calls.clear();
  }
}
