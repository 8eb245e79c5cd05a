/**
 * The wrapper: a faithful, observable simulation of RDBSS (ARCHITECTURE.md §2). Only
 * {@code dev.rdbss.core} is exported: {@link dev.rdbss.core.RdbssRuntime} and its settings. Every
 * other package is internal, opened to Guice alone so that it can construct what it wires.
 */
@org.jspecify.annotations.NullMarked
module dev.rdbss.core {
  requires transitive dev.rdbss.api;
  requires static org.jspecify;
  requires com.google.guice;
  requires jakarta.inject;
  // Guice is an automatic module and declares no requires; without this line Guava (an explicit
  // module) is never resolved on a real module path and Guice fails with NoClassDefFoundError
  // (java-stack.md §2.3). Surefire's ALL-MODULE-PATH hides the failure; the launch test catches it.
  requires com.google.common;

  exports dev.rdbss.core;

  opens dev.rdbss.core.registry to com.google.guice;
  opens dev.rdbss.core.inject to com.google.guice;

  uses dev.rdbss.api.spi.MiniRedirectorProvider;
}
