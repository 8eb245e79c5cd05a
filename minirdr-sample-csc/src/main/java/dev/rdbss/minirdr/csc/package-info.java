/** The client-side-caching mini-redirector (spec §4.1, §4.2). */
@org.jspecify.annotations.NullMarked
package dev.rdbss.minirdr.csc;
