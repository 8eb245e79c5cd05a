package dev.rdbss.api;

/**
 * Where a registered mini-redirector is in its lifecycle (spec §5.1, {@code RX_MINIRDR_STATE}).
 *
 * <ul>
 *   <li>{@link #STARTABLE}: registered, not started: only opens of the device itself and requests
 *       on that device handle pass; everything else answers REDIRECTOR_NOT_STARTED.
 *   <li>{@link #STARTED}: started through a control request on the device ({@code startMinirdr}),
 *       registered with MUP, serving every request.
 *   <li>{@link #STOP_IN_PROGRESS}: stopping: only cleanup and close pass.
 * </ul>
 *
 * Stopping returns the device to STARTABLE; unregistering removes it.
 */
public enum MiniRdrState {
  STARTABLE,
  STARTED,
  STOP_IN_PROGRESS
}
