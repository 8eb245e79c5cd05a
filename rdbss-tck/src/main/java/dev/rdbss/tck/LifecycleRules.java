package dev.rdbss.tck;

/** Rules of the registration lifecycle (spec §5.1; §9 pitfall 15; leaks at unregister). */
public interface LifecycleRules {

  /** The plugin starts, stops and starts again (§5.1 steps 4, 5). */
  void required_s5_1_startStopStart();

  /** Stop with a file open reports REDIRECTOR_HAS_OPEN_HANDLES, and files still close (§5.1). */
  void required_s5_1_stopWithOpenFile();

  /** Device control never strands a request with PENDING plus PostRequest (pitfall 15). */
  void required_s9_p15_deviceControlIsNotStranded();

  /** Unregistering after everything closed leaks nothing (§5.1 step 6). */
  void required_s5_1_unregisterLeaksNothing();

  /** Unregistering with connections still cached (not scavenged) leaks nothing (§5.1 step 6). */
  void required_s5_1_unregisterWithCachedConnections();

  /** No plugin callback throws (a bugcheck 0x7E in Windows) across a whole session (§3.3). */
  void required_s3_3_noExceptionEscapesACallback();

  /** The scavenger's list races (pitfall 10). */
  void untested_s9_p10_scavengerRaces();

  /** Print queues and print files (§5.2). */
  void untested_s5_2_printFiles();
}
