package dev.rdbss.api.file;

/**
 * What a successful create did ({@code IoStatus.Information} of a create, spec §6.4): the value a
 * mini-redirector reports through the create context (or, accepted too, the IRP field; §9 pitfall 14).
 */
public enum CreateInformation {
  SUPERSEDED(0),
  OPENED(1),
  CREATED(2),
  OVERWRITTEN(3),
  EXISTS(4),
  DOES_NOT_EXIST(5);

  private final int value;

  CreateInformation(int value) {
    this.value = value;
  }

  /** The {@code FILE_*} value. */
  public int value() {
    return value;
  }

  /** The constant with the given value. */
  public static CreateInformation of(int value) {
    for (CreateInformation c : values()) {
      if (c.value == value) {
        return c;
      }
    }
    throw new IllegalArgumentException("no create information has the value " + value);
  }
}
