package dev.rdbss.minirdr.csc.store;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * The child process of the kill test (issue 7 point 5(a)): makes the seeded offline changes through
 * the store and, every few changes, syncs the journal to a {@link FolderServer}, reporting each
 * acknowledgement on stdout (one flushed line each) until the test kills it with SIGKILL.
 *
 * <pre>
 * CrashChild cacheFolder serverFolder seed firstIndex syncEvery maxChanges
 * </pre>
 *
 * <p>Lines: {@code ACK i} after change {@code i} returned; {@code SYNC BEGIN} and {@code SYNC END}
 * around a sync; {@code SYNCED id} after journal entry {@code id} was applied to the server and
 * marked applied in the store; {@code DONE} when {@code maxChanges} were made and a final sync ran.
 *
 * <p>The sync phase is {@link #sync}: the CSC plugin's own sync (against the simulated SMB server)
 * can be run in its place to test a kill during a real sync.
 */
public final class CrashChild {

  private CrashChild() {}

  public static void main(String[] args) throws IOException {
    Path cache = Path.of(args[0]);
    FolderServer server = new FolderServer(Path.of(args[1]));
    long seed = Long.parseLong(args[2]);
    int index = Integer.parseInt(args[3]);
    int syncEvery = Integer.parseInt(args[4]);
    int max = Integer.parseInt(args[5]);
    PrintStream out = System.out;
    try (CacheStore store = CacheStore.open(CacheStoreConfig.at(cache))) {
      OfflineWorkload.State state = OfflineWorkload.stateOf(store);
      int made = 0;
      while (made < max) {
        OfflineWorkload.Change change = OfflineWorkload.next(state, seed, index);
        OfflineWorkload.apply(store, change);
        OfflineWorkload.apply(state, change);
        out.println("ACK " + index);
        out.flush();
        index++;
        made++;
        if (made % syncEvery == 0) {
          sync(store, server, out);
        }
      }
      sync(store, server, out);
      out.println("DONE");
      out.flush();
    }
  }

  /** Replays the pending journal in order, marking each entry applied once the server has it. */
  static void sync(CacheStore store, FolderServer server, PrintStream out) throws IOException {
    out.println("SYNC BEGIN");
    out.flush();
    for (JournalEntry e : store.pendingJournal(OfflineWorkload.ROOT)) {
      server.apply(e);
      store.markApplied(e.id(), null);
      out.println("SYNCED " + e.id());
      out.flush();
    }
    out.println("SYNC END");
    out.flush();
  }
}
