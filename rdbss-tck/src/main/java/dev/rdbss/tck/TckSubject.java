package dev.rdbss.tck;

/**
 * What a plugin author gives the conformance kit (issue 8 point 1): how to build the plugin and the
 * server it talks to, one fresh fixture per rule.
 *
 * <p>The same class serves twice. In the plugin's own tests, each abstract verification class
 * asks for it through {@code subject()}. And listed in the plugin jar's {@code
 * META-INF/services/dev.rdbss.tck.TckSubject}, it lets {@code rdbss tck plugin.jar} certify the
 * plugin with no test code at all:
 *
 * <pre>
 * module com.example.echo {
 *   requires dev.rdbss.api;
 *   requires static dev.rdbss.tck;   // compile time only: the plugin runs without the kit
 *   exports com.example.echo;         // the subject's package, so that the kit can construct it
 *   provides dev.rdbss.api.spi.MiniRedirectorProvider with com.example.echo.EchoProvider;
 *   // no 'provides dev.rdbss.tck.TckSubject': without the kit the JVM would refuse to start
 * }
 * </pre>
 *
 * <p>The kit finds the subject through {@code ServiceLoader} on the class path and, on the module
 * path, by reading that services file from each module of the plugin's layer ({@link
 * dev.rdbss.tck.runner.TckRunner#subjects(ModuleLayer)}). An implementation needs a public
 * no-argument constructor that does no work, and must not mention JUnit: the subject types
 * ({@code TckSubject}, {@link TckFixture}, {@link TckEnvironment}) name only {@code dev.rdbss.api}
 * types, so the class loads without JUnit (see the kit's README).
 */
public interface TckSubject {

  /** A name for reports; the class's simple name unless overridden. */
  default String displayName() {
    return getClass().getSimpleName();
  }

  /**
   * Starts a fresh fixture for one rule: a provider bound to a server that the fixture owns (an
   * embedded one, or a real one it started), with the share and users the rules use. The kit
   * closes it after the rule, after the runtime.
   *
   * @param environment the clock the runtime runs on, a scratch folder and the rule's seed
   * @throws Exception when the server cannot be started (the rule then fails with this cause)
   */
  TckFixture start(TckEnvironment environment) throws Exception;
}
