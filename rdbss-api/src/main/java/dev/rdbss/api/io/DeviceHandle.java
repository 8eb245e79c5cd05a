package dev.rdbss.api.io;

/**
 * An open handle on a mini-redirector's device ({@code \Device\…}), how a host reaches the plugin's
 * private commands (ARCHITECTURE.md §3.4, spec §5.1): the requests arrive in the plugin's
 * {@code devFcbXxxControlFile}.
 */
public interface DeviceHandle extends AutoCloseable {

  /** The device name. */
  String deviceName();

  /** Sends an FSCTL to the device. */
  ControlResult fsctl(int controlCode, byte[] input, int outputLength);

  /** Sends an IOCTL to the device. */
  ControlResult ioctl(int controlCode, byte[] input, int outputLength);

  /** Closes the handle; never fails, closing twice does nothing. */
  @Override
  void close();
}
