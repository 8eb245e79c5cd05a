package dev.rdbss.minirdr.csc.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 7 point 5(a): a child JVM ({@link CrashChild}, started on this test's own module path)
 * makes offline changes through the store and syncs its journal to a {@link FolderServer}; the test
 * kills it with SIGKILL ({@link ProcessHandle#destroyForcibly()}) after a seeded random number of
 * acknowledgements, at least 20 times, restarting it on the same cache each time. After every kill
 * the store is reopened here and:
 *
 * <ul>
 *   <li>every change acknowledged before the kill is in the cache, which holds exactly the
 *       acknowledged changes, plus at most the one in flight (the model is recomputed from the seed);
 *   <li>the server plus the pending journal replayed gives the cache's content: no acknowledged
 *       change is missing from the journal and none is in it twice;
 *   <li>every journal entry reported synced is recorded as applied, and a journal entry reached the
 *       server a second time only when a kill interrupted it (at most one per kill);
 *   <li>the native library copies a killed process leaves are removed by the next one
 *       (java-stack.md §8).
 * </ul>
 *
 * At the end a last run syncs everything and the server equals the model.
 */
class KillDurabilityTest {

  static final long SEED = Long.getLong("rdbss.csc.killSeed", 7);
  static final int KILLS = Integer.getInteger("rdbss.csc.kills", 22);
  static final int SYNC_EVERY = 6;

  @TempDir Path folder;

  @Test
  @Timeout(value = 150, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void acknowledgedOfflineWritesSurviveSigkillAndNothingIsAppliedTwice_issue7point5a()
      throws Exception {
    long started = System.nanoTime();
    Path cache = folder.resolve("cache");
    Path serverRoot = folder.resolve("server");
    FolderServer server = new FolderServer(serverRoot);
    OfflineWorkload.State model = new OfflineWorkload.State();
    try (CacheStore store = CacheStore.open(CacheStoreConfig.at(cache))) {
      for (String name : List.of("\\f0", "\\f1")) {
        byte[] content = ("server copy of " + name).getBytes(StandardCharsets.US_ASCII);
        server.put(name, content);
        EntryInfo info =
            new EntryInfo(false, content.length, OfflineWorkload.NOW, OfflineWorkload.NOW,
                OfflineWorkload.NOW, OfflineWorkload.NOW, 0x20);
        CacheKey key = OfflineWorkload.ROOT.withPath(name);
        store.record(key, info, ServerVersion.of(info));
        store.fill(key, 0, content);
        store.setComplete(key, true);
        model.nodes.put(name, content);
      }
    }

    SplittableRandom random = new SplittableRandom(SEED);
    int next = 0; // index of the next change
    int killsInSync = 0;
    Set<Long> syncedSoFar = new HashSet<>();
    for (int kill = 1; kill <= KILLS; kill++) {
      int killAfter = 1 + random.nextInt(20);
      Run run = runChild(cache, serverRoot, next, 10_000, killAfter);
      assertThat(run.killed).as("run %d was killed", kill).isTrue();
      if (run.inSync) {
        killsInSync++;
      }
      // The acknowledged changes, in order, must start where the last run stopped.
      for (int i = 0; i < run.acked.size(); i++) {
        assertThat(run.acked.get(i)).isEqualTo(next + i);
      }
      for (int i = 0; i < run.acked.size(); i++) {
        OfflineWorkload.apply(model, OfflineWorkload.next(model, SEED, next));
        next++;
      }
      OfflineWorkload.State inFlight = model.copy();
      OfflineWorkload.apply(inFlight, OfflineWorkload.next(model, SEED, next));

      try (CacheStore store = CacheStore.open(CacheStoreConfig.at(cache))) {
        OfflineWorkload.State cached = OfflineWorkload.stateOf(store);
        if (cached.sameAs(inFlight) && !cached.sameAs(model)) {
          model = inFlight; // the change in flight committed before the kill
          next++;
        } else if (!cached.sameAs(model)) {
          fail("kill %d: the cache holds %s, the acknowledged state is %s", kill, cached, model);
        }

        FolderServer replayed = server.copyTo(folder.resolve("replay-" + kill));
        for (JournalEntry e : store.pendingJournal(OfflineWorkload.ROOT)) {
          replayed.apply(e);
        }
        assertThat(replayed.state().sameAs(cached))
            .as("kill %d: server + pending journal = cache", kill)
            .isTrue();

        syncedSoFar.addAll(run.synced);
        Set<Long> applied = new HashSet<>();
        for (JournalEntry e : store.journal(OfflineWorkload.ROOT)) {
          if (e.applied()) {
            applied.add(e.id());
          }
        }
        assertThat(applied).as("kill %d: synced entries are recorded applied", kill)
            .containsAll(syncedSoFar);
        long repeated =
            server.attempts().values().stream().filter(n -> n > 1).mapToInt(n -> n - 1).sum();
        assertThat(repeated).as("kill %d: entries replayed again", kill).isLessThanOrEqualTo(kill);
      }
      assertThat(nativeLibraries(cache)).as("native libraries left in the cache").isLessThanOrEqualTo(1);
    }

    Run last = runChild(cache, serverRoot, next, 5, Integer.MAX_VALUE);
    assertThat(last.killed).isFalse();
    assertThat(last.done).as("the last run finished: %s", last.stderr).isTrue();
    for (int i = 0; i < last.acked.size(); i++) {
      OfflineWorkload.apply(model, OfflineWorkload.next(model, SEED, next++));
    }
    assertThat(server.state().sameAs(model))
        .as("server %s, model %s", server.state(), model)
        .isTrue();
    try (CacheStore store = CacheStore.open(CacheStoreConfig.at(cache))) {
      assertThat(store.pendingJournal()).isEmpty();
      assertThat(OfflineWorkload.stateOf(store).sameAs(model)).isTrue();
    }
    Map<Long, Integer> attempts = server.attempts();
    long repeated = attempts.values().stream().filter(n -> n > 1).count();
    System.out.printf(
        "kill test: seed %d, %d kills (%d during sync), %d changes, %d journal entries replayed,"
            + " %d replayed twice, %d ms%n",
        SEED, KILLS, killsInSync, next, attempts.size(), repeated,
        (System.nanoTime() - started) / 1_000_000);
    assertThat(killsInSync).as("some kills hit a sync").isPositive();
    assertThat(killsInSync).as("some kills hit offline writes").isLessThan(KILLS);
  }

  /** What one child run reported. */
  static final class Run {
    final List<Integer> acked = new ArrayList<>();
    final List<Long> synced = new ArrayList<>();
    boolean inSync;
    boolean killed;
    boolean done;
    String stderr = "";
  }

  /**
   * Runs {@link CrashChild} and kills it with SIGKILL after {@code killAfter} acknowledgements;
   * then reads what it printed before it died (those acknowledgements count too).
   */
  Run runChild(Path cache, Path server, int first, int max, int killAfter) throws Exception {
    Path err = Files.createTempFile(folder, "child", ".err");
    ProcessBuilder pb =
        new ProcessBuilder(childCommand(cache, server, first, max))
            .redirectError(err.toFile());
    Process p = pb.start();
    Run run = new Run();
    int seen = 0;
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.US_ASCII))) {
      String line;
      while ((line = out.readLine()) != null) {
        if (line.startsWith("ACK ")) {
          run.acked.add(Integer.parseInt(line.substring(4)));
          seen++;
        } else if (line.startsWith("SYNCED ")) {
          run.synced.add(Long.parseLong(line.substring(7)));
          seen++;
        } else if (line.equals("SYNC BEGIN")) {
          run.inSync = true;
        } else if (line.equals("SYNC END")) {
          run.inSync = false;
        } else if (line.equals("DONE")) {
          run.done = true;
        }
        if (seen == killAfter && !run.killed) {
          // SIGKILL on Linux. Through the handle: Process.destroyForcibly would also close our end
          // of the pipe, and the acknowledgements still in it would be lost.
          p.toHandle().destroyForcibly();
          run.killed = true;
        }
      }
    }
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    run.stderr = Files.readString(err);
    if (!run.killed) {
      assertThat(p.exitValue()).as("child failed: %s", run.stderr).isZero();
    } else {
      assertThat(p.exitValue()).as("killed child: %s", run.stderr).isIn(137, 0);
    }
    return run;
  }

  /** {@code java} on this test's module path (or class path), running {@link CrashChild}. */
  List<String> childCommand(Path cache, Path server, int first, int max) throws URISyntaxException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xshare:auto");
    // A short-lived child: start fast (most of the test's time is JVM start-up).
    cmd.add("-XX:TieredStopAtLevel=1");
    cmd.add("-XX:+UseSerialGC");
    String modulePath = System.getProperty("jdk.module.path");
    Module module = CrashChild.class.getModule();
    if (modulePath != null && module.isNamed()) {
      cmd.add("--enable-native-access=org.xerial.sqlitejdbc");
      cmd.add("--module-path");
      cmd.add(modulePath);
      // The test classes are patched into the module, as Surefire does.
      cmd.add("--patch-module");
      cmd.add(module.getName() + "=" + testClassesRoot());
      cmd.add("--module");
      cmd.add(module.getName() + "/" + CrashChild.class.getName());
    } else {
      cmd.add("--enable-native-access=ALL-UNNAMED");
      cmd.add("-cp");
      cmd.add(System.getProperty("java.class.path"));
      cmd.add(CrashChild.class.getName());
    }
    cmd.add(cache.toString());
    cmd.add(server.toString());
    cmd.add(Long.toString(SEED));
    cmd.add(Integer.toString(first));
    cmd.add(Integer.toString(SYNC_EVERY));
    cmd.add(Integer.toString(max));
    return cmd;
  }

  static String testClassesRoot() throws URISyntaxException {
    String resource = CrashChild.class.getSimpleName() + ".class";
    URL url = CrashChild.class.getResource(resource);
    if (url == null || !url.getProtocol().equals("file")) {
      throw new IllegalStateException("test classes not in a folder: " + url);
    }
    Path file = Path.of(url.toURI());
    int depth = CrashChild.class.getPackageName().split("\\.").length;
    Path root = Objects.requireNonNull(file.getParent());
    for (int i = 0; i < depth; i++) {
      root = Objects.requireNonNull(root.getParent());
    }
    return root.toString();
  }

  static long nativeLibraries(Path cache) throws IOException {
    Path dir = cache.resolve("native");
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.getFileName().toString().endsWith(".so")
          || f.getFileName().toString().endsWith(".dll")
          || f.getFileName().toString().endsWith(".dylib")
          || f.getFileName().toString().endsWith(".jnilib")).count();
    }
  }
}
