package dev.rdbss.tck;

/** Rules of low I/O and byte-range locks (spec §5.2 "Low I/O", §6.6; fsx). */
public interface LowIoAndLocksRules {

  /** A read at or past end of file is END_OF_FILE (§5.2, §8). */
  void required_s5_2_readPastEndIsEndOfFile();

  /** Writes at offsets, including past end of file, read back with the gap zero-filled (§5.2). */
  void required_s5_2_writesAtOffsetsReadBack();

  /** Setting end of file truncates and extends (§5.2 MRxSetFileInfo). */
  void required_s5_2_endOfFileTruncatesAndExtends();

  /** A request answered PENDING is completed exactly once (§5.2 RxLowIoCompletion). */
  void required_s5_2_lowIoCompletesExactlyOnce();

  /** A request answered PENDING is completed at all (§5.2). */
  void required_s5_2_pendingLowIoIsCompleted();

  /** Byte-range locks conflict between users and release on unlock (§5.2, §6.6). */
  void optional_s5_2_byteRangeLocksConflict();

  /** Files created are listed by a directory query (§5.2 MRxQueryDirectory). */
  void optional_s5_2_directoryListsFiles();

  /** A rename moves the content to the new name (§5.2 MRxSetFileInfo). */
  void optional_s5_2_renameMovesContent();

  /** Volume information is answered (§5.2 MRxQueryVolumeInfo). */
  void optional_s5_2_volumeInformation();

  /** fsx: seeded open/read/write/extend/truncate/rename/lock/close against a model (§5.2). */
  void stochastic_s5_2_fsxAgainstModel();

  /** Two users at once on their own and shared files (§3.3, §5.2). */
  void stochastic_s3_3_twoUsersConcurrently() throws Exception;
}
