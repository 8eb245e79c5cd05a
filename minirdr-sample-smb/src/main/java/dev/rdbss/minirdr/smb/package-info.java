/**
 * The SMB sample mini-redirector: {@link dev.rdbss.minirdr.smb.SmbMiniRedirector} (the dispatch
 * table, spec §5.2), {@link dev.rdbss.minirdr.smb.SmbProvider} (its {@code ServiceLoader} entry)
 * and {@link dev.rdbss.minirdr.smb.SmbControlCodes} (its private device controls). Copy this
 * package to start a new plugin; the module's README says how.
 */
@NullMarked
package dev.rdbss.minirdr.smb;

import org.jspecify.annotations.NullMarked;
