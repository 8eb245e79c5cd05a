package dev.rdbss.minirdr.csc;

import dev.rdbss.api.io.CreateRequest;
import dev.rdbss.api.io.FileHandle;
import dev.rdbss.api.io.IoSession;
import dev.rdbss.api.io.Logon;
import dev.rdbss.core.ManualClock;
import dev.rdbss.core.RdbssRuntime;
import dev.rdbss.core.RdbssSettings;
import java.io.PrintStream;
import java.util.Map;

/**
 * The child process of {@link CscSyncKillTest}: a runtime with the CSC sample on the {@code smb2}
 * transport whose cache holds a journal from an earlier run. The writer's first online open makes
 * the plugin replay that journal (its real sync); each step of the sync is printed as {@code P
 * done total} (flushed) until the test kills the process with SIGKILL. {@code DONE} when the open
 * returned with nothing left to replay.
 *
 * <pre>CscSyncChild cacheFolder sambaPort</pre>
 */
public final class CscSyncChild {

  private CscSyncChild() {}

  public static void main(String[] args) {
    PrintStream out = System.out;
    CscProvider csc = CscProvider.smb2();
    csc.addSyncListener(p -> {
      out.println("P " + p.done() + " " + p.total());
      out.flush();
    });
    try (RdbssRuntime runtime =
        RdbssRuntime.builder()
            .serviceLoaderDiscovery(false)
            .clock(new ManualClock())
            .settings(RdbssSettings.of(Map.of(
                "rdbss.plugin.csc.servers", CscSyncKillTest.SERVER,
                "rdbss.plugin.csc.cache.folder", args[0],
                "rdbss.plugin.csc.smb2.address." + CscSyncKillTest.SERVER, "127.0.0.1:" + args[1],
                "rdbss.plugin.csc.smb2.timeout", "10s")))
            .provider(csc)
            .build()) {
      IoSession writer = runtime.logon(Logon.user(SambaServer.WRITER, SambaServer.WRITER_PASSWORD));
      try (FileHandle root = writer.open(CscSyncKillTest.UNC, CreateRequest.directory())) {
        long left = csc.redirector().orElseThrow().status().get(0).pending();
        out.println(left == 0 ? "DONE" : "LEFT " + left);
        out.flush();
      }
    }
  }
}
