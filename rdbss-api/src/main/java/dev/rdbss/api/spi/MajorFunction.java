package dev.rdbss.api.spi;

/** The I/O request a context carries ({@code IRP_MJ_*}), as RDBSS dispatches it (spec §5.2, §6). */
public enum MajorFunction {
  CREATE,
  CLOSE,
  READ,
  WRITE,
  QUERY_INFORMATION,
  SET_INFORMATION,
  QUERY_EA,
  SET_EA,
  FLUSH_BUFFERS,
  QUERY_VOLUME_INFORMATION,
  SET_VOLUME_INFORMATION,
  DIRECTORY_CONTROL,
  FILE_SYSTEM_CONTROL,
  DEVICE_CONTROL,
  INTERNAL_DEVICE_CONTROL,
  LOCK_CONTROL,
  CLEANUP,
  QUERY_SECURITY,
  SET_SECURITY,
  QUERY_QUOTA,
  SET_QUOTA,
  /** A request RDBSS makes on its own (scavenger closes, buffering changes, forced finalization). */
  INTERNAL
}
