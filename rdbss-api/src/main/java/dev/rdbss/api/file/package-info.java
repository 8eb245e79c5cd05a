/**
 * The vocabulary of a file open and of file information: NT create parameters (access masks, share
 * access, dispositions, create options, attributes), create information results, and the typed
 * information classes that queries and sets carry (spec §5.2 "Information", §6.4).
 */
@NullMarked
package dev.rdbss.api.file;

import org.jspecify.annotations.NullMarked;
