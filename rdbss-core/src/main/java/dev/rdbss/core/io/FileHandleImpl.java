package dev.rdbss.core.io;

import dev.rdbss.api.NtStatus;
import dev.rdbss.api.file.CreateInformation;
import dev.rdbss.api.file.FileInformation;
import dev.rdbss.api.file.FileInformationClass;
import dev.rdbss.api.file.FsInformation;
import dev.rdbss.api.io.ChangeNotification;
import dev.rdbss.api.io.ControlResult;
import dev.rdbss.api.io.DirectoryResult;
import dev.rdbss.api.io.FileHandle;
import dev.rdbss.api.io.IoStatusBlock;
import dev.rdbss.api.io.QueryResult;
import dev.rdbss.api.io.ReadResult;
import dev.rdbss.core.engine.FileObject;
import dev.rdbss.core.engine.Fsd;
import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/** A host handle: every request goes to the device's {@link Fsd} with the handle's file object. */
final class FileHandleImpl implements FileHandle {

  private final Fsd fsd;
  private final FileObject fileObject;

  FileHandleImpl(Fsd fsd, FileObject fileObject) {
    this.fsd = fsd;
    this.fileObject = fileObject;
  }

  @Override
  public String path() {
    return fileObject.path();
  }

  @Override
  public CreateInformation createInformation() {
    return fileObject.createInformation();
  }

  @Override
  public ReadResult read(long offset, int length) {
    return fsd.read(fileObject, offset, length);
  }

  @Override
  public IoStatusBlock read(long offset, ByteBuffer into) {
    if (into.isReadOnly()) {
      throw new ReadOnlyBufferException();
    }
    return fsd.read(fileObject, offset, into);
  }

  @Override
  public IoStatusBlock write(long offset, byte[] data) {
    return fsd.write(fileObject, offset, data);
  }

  @Override
  public IoStatusBlock flush() {
    return fsd.flush(fileObject);
  }

  @Override
  public IoStatusBlock lock(long offset, long length, boolean exclusive, boolean failImmediately) {
    return fsd.lock(fileObject, offset, length, exclusive, failImmediately);
  }

  @Override
  public IoStatusBlock unlock(long offset, long length) {
    return fsd.unlock(fileObject, offset, length);
  }

  @Override
  public IoStatusBlock unlockAll() {
    return fsd.unlockAll(fileObject);
  }

  @Override
  public <T extends FileInformation> QueryResult<T> queryInformation(
      FileInformationClass informationClass, Class<T> type) {
    return fsd.queryInformation(fileObject, informationClass, type);
  }

  @Override
  public IoStatusBlock setInformation(FileInformation information) {
    return fsd.setInformation(fileObject, information);
  }

  @Override
  public <T extends FsInformation> QueryResult<T> queryVolumeInformation(Class<T> type) {
    return fsd.queryVolumeInformation(fileObject, type);
  }

  @Override
  public DirectoryResult queryDirectory(@Nullable String pattern, boolean restartScan) {
    return fsd.queryDirectory(fileObject, pattern, restartScan);
  }

  @Override
  public CompletionStage<ChangeNotification> notifyChangeDirectory(
      int completionFilter, boolean watchTree) {
    return fsd.notifyChangeDirectory(fileObject, completionFilter, watchTree);
  }

  @Override
  public ControlResult fsctl(int controlCode, byte[] input, int outputLength) {
    return fsd.fileControl(fileObject, true, controlCode, input, outputLength);
  }

  @Override
  public ControlResult ioctl(int controlCode, byte[] input, int outputLength) {
    return fsd.fileControl(fileObject, false, controlCode, input, outputLength);
  }

  @Override
  public NtStatus cleanup() {
    return fsd.cleanup(fileObject);
  }

  @Override
  public void close() {
    fsd.close(fileObject);
  }

  @Override
  public String toString() {
    return "FileHandle[" + fileObject.path() + "]";
  }
}
