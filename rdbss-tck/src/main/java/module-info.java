/**
 * The conformance kit for mini-redirector plugins (ARCHITECTURE.md §2, §5; issue 8).
 *
 * <ul>
 *   <li>{@code dev.rdbss.tck}: the subject contract ({@code TckSubject}, {@code TckFixture},
 *       {@code TckEnvironment}), the numbered rules ({@code …Rules} interfaces) and the abstract
 *       JUnit 5 classes that plugin authors extend ({@code …Verification}).
 *   <li>{@code dev.rdbss.tck.runner}: runs every rule against a subject through the JUnit platform
 *       launcher, prints a summary table and writes a JSON report ({@code rdbss tck}).
 * </ul>
 *
 * <p>A plugin that registers a {@code TckSubject} only {@code requires static} this module: the
 * subject types name no JUnit type, so the plugin runs without the kit.
 */
@org.jspecify.annotations.NullMarked
module dev.rdbss.tck {
  requires transitive dev.rdbss.api;
  // Transitive: a plugin author's own tests build runtimes (RdbssRuntime, ManualClock) next to the
  // kit's rules.
  requires transitive dev.rdbss.core;
  requires transitive org.junit.jupiter.api;
  requires org.junit.platform.launcher;
  requires com.fasterxml.jackson.core; // the JSON report
  requires static org.jspecify;

  exports dev.rdbss.tck;
  exports dev.rdbss.tck.runner;

  // Jupiter instantiates the rule classes and calls their methods reflectively.
  opens dev.rdbss.tck to
      org.junit.platform.commons;
  opens dev.rdbss.tck.runner to
      org.junit.platform.commons;

  uses dev.rdbss.tck.TckSubject;
}
