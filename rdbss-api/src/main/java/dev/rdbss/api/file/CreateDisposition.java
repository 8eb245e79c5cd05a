package dev.rdbss.api.file;

/** What a create does when the file exists or not ({@code FILE_SUPERSEDE} … {@code FILE_OVERWRITE_IF}). */
public enum CreateDisposition {
  /** Replace if it exists, create if not. */
  SUPERSEDE(0),
  /** Open if it exists, fail with OBJECT_NAME_NOT_FOUND if not. */
  OPEN(1),
  /** Create; fail with OBJECT_NAME_COLLISION if it exists. */
  CREATE(2),
  /** Open if it exists, create if not. */
  OPEN_IF(3),
  /** Open and truncate; fail if it does not exist. */
  OVERWRITE(4),
  /** Open and truncate if it exists, create if not. */
  OVERWRITE_IF(5);

  private final int value;

  CreateDisposition(int value) {
    this.value = value;
  }

  public int value() {
    return value;
  }

  /** Whether the disposition truncates an existing file (RDBSS zeroes cached sizes, §6.4 step 5). */
  public boolean overwrites() {
    return this == SUPERSEDE || this == OVERWRITE || this == OVERWRITE_IF;
  }

  /** Only OPEN and OPEN_IF consult {@code shouldTryToCollapseThisOpen} (§6.4 step 5). */
  public boolean mayCollapse() {
    return this == OPEN || this == OPEN_IF;
  }

  /** The disposition with the given value. */
  public static CreateDisposition of(int value) {
    for (CreateDisposition d : values()) {
      if (d.value == value) {
        return d;
      }
    }
    throw new IllegalArgumentException("no create disposition has the value " + value);
  }
}
