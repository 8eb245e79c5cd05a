package dev.rdbss.api;

/**
 * The type of a NET_ROOT (spec §1.4, {@code NET_ROOT_*} in {@code mrxfcb.h}); VirtualBox's
 * {@code COMM} type is included because a mini-redirector may meet it.
 */
public enum NetRootType {
  DISK(0),
  PIPE(1),
  COMM(2),
  PRINT(3),
  WILD(4),
  MAILSLOT(5);

  private final int value;

  NetRootType(int value) {
    this.value = value;
  }

  /** The {@code NET_ROOT_TYPE} value. */
  public int value() {
    return value;
  }
}
