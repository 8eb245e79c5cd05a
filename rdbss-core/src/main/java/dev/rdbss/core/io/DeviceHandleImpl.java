package dev.rdbss.core.io;

import dev.rdbss.api.LogonId;
import dev.rdbss.api.io.ControlResult;
import dev.rdbss.api.io.DeviceHandle;
import dev.rdbss.core.engine.FileObject;
import dev.rdbss.core.engine.Fsd;

/** A handle on a mini-redirector's device (spec §5.1): its control requests reach the plugin. */
final class DeviceHandleImpl implements DeviceHandle {

  private final Fsd fsd;
  private final FileObject fileObject;
  private final LogonId logon;

  DeviceHandleImpl(Fsd fsd, FileObject fileObject, LogonId logon) {
    this.fsd = fsd;
    this.fileObject = fileObject;
    this.logon = logon;
  }

  @Override
  public String deviceName() {
    return fsd.deviceName();
  }

  @Override
  public ControlResult fsctl(int controlCode, byte[] input, int outputLength) {
    return fsd.deviceControl(fileObject, logon, true, controlCode, input, outputLength);
  }

  @Override
  public ControlResult ioctl(int controlCode, byte[] input, int outputLength) {
    return fsd.deviceControl(fileObject, logon, false, controlCode, input, outputLength);
  }

  @Override
  public void close() {
    fsd.close(fileObject);
  }

  @Override
  public String toString() {
    return "DeviceHandle[" + fsd.deviceName() + "]";
  }
}
