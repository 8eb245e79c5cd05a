/**
 * The client-side-caching sample mini-redirector (ARCHITECTURE.md §2): an offline cache over the
 * SMB sample's client, with a durable journal and sync, that calls {@code
 * forceFinalizeAllVNetRoots} (spec §4.1) on every online/offline transition.
 *
 * <ul>
 *   <li>{@code dev.rdbss.minirdr.csc}: the mini-redirector ({@code CscMiniRedirector}), its
 *       provider ({@code CscProvider}, registered below and in {@code META-INF/services}), its
 *       commands ({@code CscControlCodes}) and their payloads, and the sync listener.
 *   <li>{@code dev.rdbss.minirdr.csc.store}: the cache store (SQLite metadata and journal, file
 *       data in a cache folder), exported for hosts and tests that inspect the cache.
 * </ul>
 */
@org.jspecify.annotations.NullMarked
module dev.rdbss.minirdr.csc {
  requires transitive dev.rdbss.api;
  requires static org.jspecify;
  requires dev.rdbss.minirdr.smb;
  requires java.sql;
  requires org.xerial.sqlitejdbc;
  // Compile time only: CscTckSubject implements the kit's TckSubject and is loaded only when the
  // kit asks for subjects, so the plugin runs without the kit or JUnit. The subject is listed in
  // META-INF/services/dev.rdbss.tck.TckSubject alone: a 'provides dev.rdbss.tck.TckSubject' clause
  // would stop every JVM without the kit from starting (rdbss-tck/README.md).
  requires static dev.rdbss.tck;

  exports dev.rdbss.minirdr.csc;
  exports dev.rdbss.minirdr.csc.store;

  provides dev.rdbss.api.spi.MiniRedirectorProvider with
      dev.rdbss.minirdr.csc.CscProvider;
}
