/** The cache store: metadata and journal in SQLite, file data in a cache folder forced to disk. */
@org.jspecify.annotations.NullMarked
package dev.rdbss.minirdr.csc.store;
