/**
 * The client-side-caching sample mini-redirector (ARCHITECTURE.md §2): an offline cache over the
 * SMB sample's client, with a durable journal and sync, that calls {@code
 * forceFinalizeAllVNetRoots} (spec §4.1) on every online/offline transition.
 */
@org.jspecify.annotations.NullMarked
module dev.rdbss.minirdr.csc {
  requires transitive dev.rdbss.api;
  requires static org.jspecify;
  requires dev.rdbss.minirdr.smb;
  requires java.sql;
  requires org.xerial.sqlitejdbc;

  // The cache store (issue 7 point 4): the CSC mini-redirector's building block, public for tools.
  exports dev.rdbss.minirdr.csc.store;

}
