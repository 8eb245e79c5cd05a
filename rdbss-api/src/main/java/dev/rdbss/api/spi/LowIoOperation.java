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
  CLEAROUT
}
