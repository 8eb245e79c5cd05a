/**
 * The {@code rdbss} command (ARCHITECTURE.md §2): lists the mini-redirectors a runtime finds, and
 * runs the demo, the shell and the conformance kit.
 *
 * <p>It also binds {@link System.Logger} for the whole process ({@link
 * dev.rdbss.cli.CliLoggerFinder}): the API and core log through it and never depend on a logging
 * library.
 */
@org.jspecify.annotations.NullMarked
module dev.rdbss.cli {
  requires dev.rdbss.core;
  requires info.picocli;
  // The demo and the shell act on the SMB sample's embedded server (and on real ones, smb2).
  requires dev.rdbss.minirdr.smb;
  requires dev.rdbss.minirdr.csc;
  requires org.jline.reader;
  requires me.tongfei.progressbar;
  requires com.fasterxml.jackson.core; // --record writes the trace as JSON lines
  // rdbss tck: the kit, its runner and the JUnit platform launcher; plugins that provide a
  // TckSubject require the kit statically and find it here.
  requires dev.rdbss.tck;
  requires static org.jspecify;

  // picocli reads and writes the annotated command classes reflectively (java-stack.md §6.1).
  opens dev.rdbss.cli to
      info.picocli;

  provides java.lang.System.LoggerFinder with
      dev.rdbss.cli.CliLoggerFinder;
}
