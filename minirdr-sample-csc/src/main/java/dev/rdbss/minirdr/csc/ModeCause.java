package dev.rdbss.minirdr.csc;

/** Why a share is in its current {@link ShareMode}. */
public enum ModeCause {
  /** The share has not changed mode since the plugin first saw it. */
  INITIAL,
  /** A user asked ({@link CscControlCodes#FSCTL_CSC_OFFLINE} or {@link CscControlCodes#FSCTL_CSC_ONLINE}). */
  REQUESTED,
  /** A request to the server failed with a transport error; the probe looks for it periodically. */
  UNREACHABLE,
  /** The periodic probe found the server again. */
  PROBE
}
