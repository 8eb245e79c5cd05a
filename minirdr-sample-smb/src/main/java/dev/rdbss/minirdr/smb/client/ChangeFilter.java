package dev.rdbss.minirdr.smb.client;

/** The {@code FILE_NOTIFY_CHANGE_*} bits of a change notification's completion filter. */
public final class ChangeFilter {
  public static final int FILE_NAME = 0x001;
  public static final int DIR_NAME = 0x002;
  public static final int ATTRIBUTES = 0x004;
  public static final int SIZE = 0x008;
  public static final int LAST_WRITE = 0x010;
  public static final int LAST_ACCESS = 0x020;
  public static final int CREATION = 0x040;
  public static final int EA = 0x080;
  public static final int SECURITY = 0x100;

  /** Names added, removed or renamed, and writes: what a directory cache needs to hear about. */
  public static final int NAMES_AND_WRITES = FILE_NAME | DIR_NAME | SIZE | LAST_WRITE;

  private ChangeFilter() {}
}
