package dev.rdbss.core.engine;

import dev.rdbss.api.spi.Out;
import java.util.Objects;

/** An out parameter pre-filled with a sentinel, so RDBSS sees whether a routine wrote it (§9 pitfall 12). */
final class OutParameter<T> implements Out<T> {

  private volatile T value;
  private volatile boolean set;

  OutParameter(T sentinel) {
    this.value = Objects.requireNonNull(sentinel, "sentinel");
  }

  @Override
  public void set(T value) {
    this.value = Objects.requireNonNull(value, "an out parameter is never set to null");
    this.set = true;
  }

  @Override
  public T get() {
    return value;
  }

  @Override
  public boolean isSet() {
    return set;
  }
}
