/**
 * The SMB sample mini-redirector (ARCHITECTURE.md §2): the dispatch table over one small client
 * interface with two transports.
 *
 * <ul>
 *   <li>{@code dev.rdbss.minirdr.smb}: the mini-redirector ({@code SmbMiniRedirector}), its
 *       provider ({@code SmbProvider}, registered below and in {@code META-INF/services}) and its
 *       private device controls ({@code SmbControlCodes}).
 *   <li>{@code dev.rdbss.minirdr.smb.client}: the client interface ({@code SmbClient} → session →
 *       tree → file ids), which the CSC sample also requires, and the factory for both transports.
 *   <li>{@code dev.rdbss.minirdr.smb.sim}: the embedded simulated server (the default transport),
 *       exported so that tests and the CLI can build servers and inject faults.
 *   <li>{@code dev.rdbss.minirdr.smb.smb2} (internal): the real SMB 2/3 transport over smbj.
 * </ul>
 */
@org.jspecify.annotations.NullMarked
module dev.rdbss.minirdr.smb {
  requires transitive dev.rdbss.api;
  requires static org.jspecify;
  requires com.hierynomus.smbj;
  // smbj is an automatic module and cannot require SLF4J, an explicit one: without this line a
  // real module-path launch fails with NoClassDefFoundError: org/slf4j/LoggerFactory
  // (java-stack.md §4.1). Tests never see it: Surefire adds ALL-MODULE-PATH.
  requires org.slf4j;
  // Compile time only: SmbTckSubject implements the kit's TckSubject and is loaded only when the
  // kit asks for subjects, so the plugin runs without the kit or JUnit. The subject is listed in
  // META-INF/services/dev.rdbss.tck.TckSubject alone: a 'provides dev.rdbss.tck.TckSubject' clause
  // here would stop every JVM without the kit from starting ("does not read a module that exports
  // dev.rdbss.tck"), which rdbss-it's TckLaunchTest shows. See rdbss-tck/README.md.
  requires static dev.rdbss.tck;

  exports dev.rdbss.minirdr.smb;
  exports dev.rdbss.minirdr.smb.client;
  exports dev.rdbss.minirdr.smb.sim;

  provides dev.rdbss.api.spi.MiniRedirectorProvider with
      dev.rdbss.minirdr.smb.SmbProvider;
}
