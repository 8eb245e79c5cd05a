package dev.rdbss.tck;

/** Rules of create and collapse (spec §5.2 "Create / collapse / close", §6.4; §9 pitfalls 11, 14). */
public interface CreateAndCollapseRules {

  /** The create information matches what the disposition did (§6.4 step 5, pitfall 14). */
  void required_s6_4_createInformationMatchesDisposition();

  /** Opening a file that does not exist is OBJECT_NAME_NOT_FOUND (§6.4, §8). */
  void required_s6_4_missingFileIsObjectNameNotFound();

  /** FILE_CREATE of an existing file is OBJECT_NAME_COLLISION and leaves it alone (§6.4). */
  void required_s6_4_createOfExistingFileIsNameCollision();

  /** An open never collapses onto a SRV_OPEN whose file was replaced by a rename (pitfall 11). */
  void required_s9_p11_noCollapseOntoReplacedFile() throws Exception;

  /** The FCB carries the size the server reported at create (§11 RxFinishFcbInitialization). */
  void required_s11_createReportsFileSize();

  /** A successful collapse gives the new file object its own FOBX (§5.2, §11). */
  void optional_s6_4_collapsedOpenGetsItsOwnFobx();

  /** A directory open of a file, and a file open of a directory, fail (§6.4). */
  void optional_s6_4_directoryAndFileOpensAreChecked();
}
