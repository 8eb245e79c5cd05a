/**
 * The types and SPI that mini-redirector plugins and hosts compile against (ARCHITECTURE.md §2).
 *
 * <ul>
 *   <li>{@code dev.rdbss.api}: value types shared by everything (statuses, conditions, flags,
 *       identifiers, the bugcheck error).
 *   <li>{@code dev.rdbss.api.object}: read-mostly views of RDBSS's connection and file objects
 *       (spec §1).
 *   <li>{@code dev.rdbss.api.file}: NT create parameters and file information classes.
 *   <li>{@code dev.rdbss.api.spi}: the plugin contract: {@code MiniRedirector} (the dispatch table),
 *       {@code Rdbss} (the routines RDBSS offers) and the {@code ServiceLoader} entry point.
 *   <li>{@code dev.rdbss.api.io}: the host API, the simulated user mode (ARCHITECTURE.md §3.4).
 *   <li>{@code dev.rdbss.api.observe}: trace events and object-tree snapshots (§3.5).
 * </ul>
 *
 * <p>No runtime dependencies: JSpecify's annotations are needed only at compile time.
 */
@org.jspecify.annotations.NullMarked
module dev.rdbss.api {
  requires static transitive org.jspecify;

  exports dev.rdbss.api;
  exports dev.rdbss.api.object;
  exports dev.rdbss.api.file;
  exports dev.rdbss.api.spi;
  exports dev.rdbss.api.io;
  exports dev.rdbss.api.observe;

  uses dev.rdbss.api.spi.MiniRedirectorProvider;
}
