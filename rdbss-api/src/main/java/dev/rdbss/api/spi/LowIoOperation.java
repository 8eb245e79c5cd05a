package dev.rdbss.api.spi;

/** The low I/O operations of {@code MRxLowIOSubmit[op]} (spec §5.2 "Low I/O"), in Windows order. */
public enum LowIoOperation {
  READ,
  WRITE,
  SHAREDLOCK,
  EXCLUSIVELOCK,
  UNLOCK,
  UNLOCK_MULTIPLE,
  FSCTL,
  IOCTL,
  NOTIFY_CHANGE_DIRECTORY,
  /**
   * Clear out the handle's requests still in flight: sent at the cleanup of a handle whose low I/O
   * the mini-redirector still holds (submitted, not completed), before the cleanup waits for the
   * FCB those requests may hold. Complete them now, with CANCELLED typically, through {@link
   * Rdbss#lowIoCompletion}. No parameters ({@link LowIoParameters.None}). No public source shows
   * Windows' RDBSS sending it; this is the simulator's reading of spec §5.2 (rdbss-core/README.md).
   */
  CLEAROUT
}
