package dev.rdbss.core.engine;

import dev.rdbss.api.file.FileDirectoryEntry;
import dev.rdbss.api.file.FileInformation;
import dev.rdbss.api.file.FileInformationClass;
import dev.rdbss.api.file.FsInformation;
import dev.rdbss.api.spi.InformationContext;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * {@code RxContext->Info} (spec §5.2 "Information"): one query, set, directory enumeration or
 * volume query, with the caller's buffer modelled as a number of directory entries it can take.
 */
final class InformationContextImpl implements InformationContext {

  private final @Nullable FileInformationClass fileInformationClass;
  private final @Nullable FileInformation input;
  private final @Nullable String pattern;
  private final boolean restartScan;
  private final boolean returnSingleEntry;
  private final boolean initialQuery;
  private final int entryCapacity;
  private final @Nullable Class<? extends FsInformation> fsInformationClass;
  // Guarded by this.
  private @Nullable FileInformation result;
  private @Nullable FsInformation fsResult;
  private final List<FileDirectoryEntry> entries = new ArrayList<>();
  private long informationToReturn;

  private InformationContextImpl(
      @Nullable FileInformationClass fileInformationClass,
      @Nullable FileInformation input,
      @Nullable String pattern,
      boolean restartScan,
      boolean returnSingleEntry,
      boolean initialQuery,
      int entryCapacity,
      @Nullable Class<? extends FsInformation> fsInformationClass) {
    this.fileInformationClass = fileInformationClass;
    this.input = input;
    this.pattern = pattern;
    this.restartScan = restartScan;
    this.returnSingleEntry = returnSingleEntry;
    this.initialQuery = initialQuery;
    this.entryCapacity = entryCapacity;
    this.fsInformationClass = fsInformationClass;
  }

  static InformationContextImpl query(FileInformationClass informationClass) {
    return new InformationContextImpl(informationClass, null, null, false, false, false, 0, null);
  }

  static InformationContextImpl set(FileInformation information) {
    return new InformationContextImpl(
        information.informationClass(), information, null, false, false, false, 0, null);
  }

  static InformationContextImpl directory(
      @Nullable String pattern, boolean restartScan, boolean initialQuery, int entryCapacity) {
    return new InformationContextImpl(
        FileInformationClass.BOTH_DIRECTORY, null, pattern, restartScan, false, initialQuery,
        entryCapacity, null);
  }

  static InformationContextImpl volume(Class<? extends FsInformation> type) {
    return new InformationContextImpl(null, null, null, false, false, false, 0, type);
  }

  @Override
  public @Nullable FileInformationClass fileInformationClass() {
    return fileInformationClass;
  }

  @Override
  public @Nullable FileInformation input() {
    return input;
  }

  @Override
  public synchronized void setResult(FileInformation information) {
    this.result = information;
  }

  @Override
  public synchronized @Nullable FileInformation result() {
    return result;
  }

  @Override
  public @Nullable String fileNamePattern() {
    return pattern;
  }

  @Override
  public boolean restartScan() {
    return restartScan;
  }

  @Override
  public boolean returnSingleEntry() {
    return returnSingleEntry;
  }

  @Override
  public boolean initialQuery() {
    return initialQuery;
  }

  @Override
  public synchronized boolean addDirectoryEntry(FileDirectoryEntry entry) {
    if (entries.size() >= entryCapacity) {
      return false;
    }
    entries.add(entry);
    return true;
  }

  synchronized List<FileDirectoryEntry> entries() {
    return List.copyOf(entries);
  }

  @Override
  public @Nullable Class<? extends FsInformation> fsInformationClass() {
    return fsInformationClass;
  }

  @Override
  public synchronized void setFsResult(FsInformation information) {
    this.fsResult = information;
  }

  synchronized @Nullable FsInformation fsResult() {
    return fsResult;
  }

  @Override
  public synchronized void setInformationToReturn(long length) {
    this.informationToReturn = length;
  }

  synchronized long informationToReturn() {
    return informationToReturn;
  }
}
