package dev.rdbss.tck;

import dev.rdbss.api.ConnectionFinalizeLevel;
import dev.rdbss.api.NodeType;
import dev.rdbss.api.NtStatus;
import dev.rdbss.api.io.CreateRequest;
import dev.rdbss.api.io.FileHandle;
import dev.rdbss.api.io.IoSession;
import dev.rdbss.api.io.OpenResult;
import dev.rdbss.api.io.ReadResult;
import dev.rdbss.core.RdbssSettings;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Finalization and {@code forceFinalizeAllVNetRoots} (spec §2.4, §2.5, §4; §9 pitfalls 6, 7, 9, 16,
 * 19, 21). Extend it and return your subject.
 */
public abstract class FinalizationVerification extends TckVerification
    implements FinalizationRules {

  /** How many callback-order seeds the order rules try; each run is one runtime. */
  static final int ORDER_SEEDS = Integer.getInteger("rdbss.tck.orderSeeds", 6);

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** Open, write, close through a mapped drive, then tear everything down. */
  private static void connectWriteCloseTearDown(Harness h) {
    IoSession user = h.user();
    h.expectStatus(h.call("net use", () -> user.netUse("X:", h.unc(""))), NtStatus.SUCCESS,
        "net use X:");
    for (int i = 0; i < 2; i++) {
      try (FileHandle f = h.open(user, "X:\\tck-order.txt", CreateRequest.readWrite().openIf())) {
        h.expectSuccess(h.call("write", () -> f.write(0, bytes("order"))).status(), "a write");
      }
    }
    try (FileHandle f = h.open(h.otherUser(), h.unc("tck-order-2.txt"),
        CreateRequest.readWrite().openIf())) {
      h.noBugCheck("an open by the second user");
    }
    // A directory's close is never delayed (§6.7), so closeSrvOpen comes before deallocateForFobx
    // there, while the delayed closes above reverse them (§2.5 items 3, 4).
    try (FileHandle d = h.open(user, "X:\\", CreateRequest.directory())) {
      h.noBugCheck("a directory open");
    }
    h.expectStatus(h.call("net use /delete", () -> user.netUseDelete("X:",
        ConnectionFinalizeLevel.FORCE_FILES_CLOSED)), NtStatus.SUCCESS, "net use X: /delete");
    h.scavenge();
    h.expect(h.snapshot().isEmpty(), "no object left after closing and scavenging",
        () -> h.tree());
  }

  @Override
  @Test
  @TckRule(spec = "§1.2, §9 pitfall 6",
      check = "finalizeSrvCall calls srvCall.setContext(null) and srvCall.setContext2(null): RDBSS"
          + " asserts both are clear before it frees the SRV_CALL")
  public void required_s9_p6_finalizeSrvCallClearsContexts() {
    h().createFile("tck-srvcall.txt", bytes("x"));
    h().scavenge();
    h().noBugCheck("the SRV_CALL's finalization");
    h().expect(h().callbacks("finalizeSrvCall") == 1, "finalizeSrvCall once for the idle server",
        () -> "it was called " + h().callbacks("finalizeSrvCall") + " times");
    h().expect(h().nodes(NodeType.SRV_CALL).count() == 0, "the SRV_CALL is freed",
        () -> h().tree());
  }

  /**
   * Runs the scenario in the canonical order and under {@link #ORDER_SEEDS} callback-order seeds,
   * and returns the orders visited: {@code closeSrvOpen<deallocateForFobx} and the reverse for
   * one file, {@code finalizeNetRoot<finalizeVNetRoot} and the reverse for the share's last view.
   */
  private java.util.Set<String> everyOrder(String what) {
    java.util.Set<String> visited = new java.util.TreeSet<>();
    for (int seed = -1; seed < ORDER_SEEDS; seed++) {
      Map<String, String> settings = seed < 0 ? Map.of()
          : Map.of(RdbssSettings.CALLBACK_ORDER_SEED, Long.toString(seed));
      Harness run = seed < 0 ? h() : another(settings);
      try {
        connectWriteCloseTearDown(run);
        visited.addAll(ordersOf(run.callbacks()));
        run.closeRuntime(what + (seed < 0 ? " in the canonical order"
            : " with rdbss.callbackOrderSeed=" + seed));
      } finally {
        if (run != h()) {
          try {
            run.close();
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        }
      }
    }
    return visited;
  }

  private static List<String> ordersOf(List<dev.rdbss.api.observe.TraceEvent> callbacks) {
    List<String> orders = new ArrayList<>();
    Map<String, String> lastCloseEvent = new java.util.HashMap<>();
    int netRoot = -1;
    int lastView = -1;
    for (int i = 0; i < callbacks.size(); i++) {
      var e = callbacks.get(i);
      String name = e.object() == null ? "" : e.object().name();
      if (e.name().equals("closeSrvOpen") || e.name().equals("deallocateForFobx")) {
        String previous = lastCloseEvent.put(name, e.name());
        if (previous != null && !previous.equals(e.name())) {
          orders.add(previous + "<" + e.name());
        }
      } else if (e.name().equals("finalizeNetRoot")) {
        netRoot = i;
      } else if (e.name().equals("finalizeVNetRoot")) {
        lastView = i;
      }
    }
    if (netRoot >= 0 && lastView >= 0) {
      orders.add(netRoot < lastView ? "finalizeNetRoot<finalizeVNetRoot"
          : "finalizeVNetRoot<finalizeNetRoot");
    }
    return orders;
  }

  private static void assumeBothVisited(java.util.Set<String> visited, String a, String b) {
    org.junit.jupiter.api.Assumptions.assumeTrue(
        visited.contains(a + "<" + b) && visited.contains(b + "<" + a),
        () -> "RDBSS visited only " + visited + " under " + ORDER_SEEDS + " seeds: raise"
            + " -Drdbss.tck.orderSeeds to see both orders of " + a + " and " + b);
  }

  @Override
  @Test
  @TckRule(spec = "§2.5 items 5, 6; §9 pitfall 7",
      check = "finalizeNetRoot may come before finalizeVNetRoot of the same share: do not free in"
          + " finalizeNetRoot what finalizeVNetRoot still needs (keep per-view state on the view,"
          + " or reference-count shared state)")
  public void required_s9_p7_everyPermittedFinalizeOrder() {
    assumeBothVisited(everyOrder("a connect, write, close and teardown"), "finalizeNetRoot",
        "finalizeVNetRoot");
  }

  @Override
  @Test
  @TckRule(spec = "§2.5 items 3, 4; §9 pitfall 7",
      check = "deallocateForFobx may come before or after closeSrvOpen (a delayed close reverses"
          + " them): closeSrvOpen must not need state that deallocateForFobx frees")
  public void required_s9_p7_everyPermittedCloseOrder() {
    assumeBothVisited(everyOrder("opens and closes of files (delayed and not) and a directory"),
        "closeSrvOpen", "deallocateForFobx");
  }

  @Override
  @Test
  @TckRule(spec = "§2.4 RxFinalizeSrvOpen, §9 pitfall 7",
      check = "forceClosed is called for every SRV_OPEN finalized after a normal close too (its"
          + " CLOSED flag is set): treat it as 'release what is left', never as an error path")
  public void required_s9_p7_forceClosedFollowsNormalClose() {
    h().createFile("tck-forceclosed.txt", bytes("x"));
    h().scavenge();
    h().noBugCheck("the SRV_OPEN's finalization after a normal close");
    h().expect(h().callbacks("forceClosed") >= 1, "forceClosed after the normal close",
        () -> "it was not called: " + h().callbackNames());
  }

  @Override
  @Test
  @TckRule(spec = "§4.1, §4.2, §9 pitfall 21 (b)",
      check = "cleanupFobx (and the deallocate entries) of an orphaned open must succeed without"
          + " the server: the view is gone, so do not look it up or send anything that needs it")
  public void required_s4_2_forceFinalizeAllVNetRootsOrphansOpenFiles() {
    Harness h = h();
    IoSession user = h.user();
    h.expectStatus(h.call("net use", () -> user.netUse("X:", h.unc(""))), NtStatus.SUCCESS,
        "net use X:");
    FileHandle a = h.open(user, "X:\\tck-orphan-a.txt", CreateRequest.readWrite().openIf());
    FileHandle b = h.open(h.otherUser(), h.unc("tck-orphan-b.txt"),
        CreateRequest.readWrite().openIf());
    h.forceFinalizeAllVNetRoots();
    h.noBugCheck("forceFinalizeAllVNetRoots with open files on two views");
    for (FileHandle f : List.of(a, b)) {
      ReadResult r = h.call("read", () -> f.read(0, 4));
      h.expectStatus(r.status(), NtStatus.UNEXPECTED_NETWORK_ERROR,
          "I/O on an orphaned handle (" + f.path() + ")");
      h.expectStatus(h.call("cleanup", f::cleanup), NtStatus.SUCCESS,
          "cleanup of an orphaned handle (" + f.path() + ")");
      h.call("close", () -> {
        f.close();
        return null;
      });
    }
    h.noBugCheck("closing the orphaned handles");
    h.expectStatus(h.call("net use /delete", () -> user.netUseDelete("X:",
        ConnectionFinalizeLevel.FORCE_FILES_CLOSED)), NtStatus.SUCCESS,
        "net use X: /delete after the forced finalization");
    h.scavenge();
  }

  @Override
  @Test
  @TckRule(spec = "§4.1, §4.2, §9 pitfall 21 (b)",
      check = "createVNetRoot is called again for a new NET_ROOT of the same name, with a null"
          + " context: initialize it afresh, do not reuse state kept by name from the old one")
  public void required_s4_1_newOpenAfterForcedFinalizationBuildsFreshView() {
    Harness h = h();
    try (FileHandle f = h.open(h.user(), h.unc("tck-fresh.txt"),
        CreateRequest.readWrite().openIf())) {
      h.forceFinalizeAllVNetRoots();
    }
    long before = h.callbacks("createVNetRoot");
    try (FileHandle again = h.open(h.user(), h.unc("tck-fresh.txt"),
        CreateRequest.readWrite().open())) {
      h.expectSuccess(h.call("write", () -> again.write(0, bytes("again"))).status(),
          "a write through the new view");
    }
    h.expect(h.callbacks("createVNetRoot") == before + 1,
        "one new createVNetRoot for the open after forced finalization",
        () -> (h.callbacks("createVNetRoot") - before) + " calls");
    h.scavenge();
  }

  @Override
  @Test
  @TckRule(spec = "§4.3, §4.2, §5.2 MRxDeallocateForFcb",
      check = "RDBSS never calls closeSrvOpen for orphaned opens (and not forceClosed once the FCB"
          + " is orphaned): close the server's handle when deallocateForFobx/deallocateForFcb"
          + " frees it")
  public void required_s4_3_forcedDeleteReleasesServerOpens() {
    Harness h = h();
    IoSession user = h.user();
    h.expectStatus(h.call("net use", () -> user.netUse("X:", h.unc(""))), NtStatus.SUCCESS,
        "net use X:");
    FileHandle f = h.open(user, "X:\\tck-forced.txt", CreateRequest.readWrite().share()
        .overwriteIf());
    h.expectStatus(h.call("net use /delete", () -> user.netUseDelete("X:",
        ConnectionFinalizeLevel.FORCE_FILES_CLOSED)), NtStatus.SUCCESS,
        "net use X: /delete with force while a file is open");
    h.expectStatus(h.call("read", () -> f.read(0, 1)).status(), NtStatus.UNEXPECTED_NETWORK_ERROR,
        "I/O on the handle after the forced delete");
    f.close();
    h.scavenge();
    OpenResult r = h.tryOpen(h.otherUser(), h.unc("tck-forced.txt"),
        CreateRequest.readWrite().share().open());
    r.handleIfOpened().ifPresent(FileHandle::close);
    h.expectSuccess(r.status(), "another user's exclusive open once the orphaned handle closed");
  }

  @Override
  @Test
  @TckRule(spec = "§2.4, §9 pitfall 16",
      check = "do not keep SrvOpen, Fobx or Fcb views past their finalization (after"
          + " deallocateForFobx/forceClosed/deallocateForFcb); keep your own server ids instead")
  public void required_s2_4_noUseOfFinalizedObjects() {
    h().createFile("tck-stale.txt", bytes("one"));
    h().scavenge();
    h().createFile("tck-stale.txt", bytes("two"));
    h().noBugCheck("reopening a file whose first SRV_OPEN was finalized");
    h().scavenge();
  }

  @Override
  @Test
  @TckRule(spec = "§9 pitfall 19, §2.4, §4.1",
      check = "do not depend on which thread finalizeSrvCall runs on, or on whether FCBs reference"
          + " the view or the NET_ROOT: the documentation contradicts itself and RDBSS may follow"
          + " either reading")
  public void required_s9_p19_everyDocumentedReading() {
    List<Map<String, String>> readings = List.of(
        Map.of(RdbssSettings.FINALIZE_SRV_CALL_POSTING, "whenOnWorker"),
        Map.of(RdbssSettings.RECURSIVE_NET_ROOT_PURGE, "orphaned"),
        Map.of(RdbssSettings.FCB_REFERENCES, "netRoot"),
        Map.of(RdbssSettings.FORCE_FINALIZE_ALL_V_NET_ROOTS, "internal"));
    for (Map<String, String> reading : readings) {
      Harness run = another(reading);
      try {
        connectWriteCloseTearDown(run);
        run.closeRuntime("a connect, write, close and teardown under " + reading);
      } finally {
        try {
          run.close();
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }
    }
  }

  @Override
  @Test
  @TckRule(spec = "§4.1, §9 pitfall 21 (c)",
      check = "finalizeNetRoot and finalizeVNetRoot are each called once per object: a second"
          + " forceFinalizeAllVNetRoots must find nothing to do in the plugin")
  public void required_s4_1_forceFinalizeIsIdempotent() {
    Harness h = h();
    FileHandle f = h.open(h.user(), h.unc("tck-twice.txt"), CreateRequest.readWrite().openIf());
    h.forceFinalizeAllVNetRoots(2);
    h.noBugCheck("two forceFinalizeAllVNetRoots calls");
    f.close();
    h.scavenge();
    h.expect(h.callbacks("finalizeNetRoot") == 1, "finalizeNetRoot once",
        () -> h.callbacks("finalizeNetRoot") + " times");
    h.expect(h.callbacks("finalizeVNetRoot") == 1, "finalizeVNetRoot once",
        () -> h.callbacks("finalizeVNetRoot") + " times");
  }

  @Override
  @Test
  @TckRule(spec = "§4.3, §9 pitfall 9",
      check = "an unforced delete fails with FILES_OPEN and calls nothing in the plugin: the open"
          + " file must keep working, and a later forced delete must tear everything down")
  public void required_s9_p9_unforcedDeleteWithOpenFile() {
    Harness h = h();
    IoSession user = h.user();
    h.expectStatus(h.call("net use", () -> user.netUse("X:", h.unc(""))), NtStatus.SUCCESS,
        "net use X:");
    try (FileHandle f = h.open(user, "X:\\tck-unforced.txt", CreateRequest.readWrite().openIf())) {
      NtStatus s = h.call("net use /delete", () -> user.netUseDelete("X:",
          ConnectionFinalizeLevel.NO_FORCE));
      h.expectStatus(s, NtStatus.FILES_OPEN, "net use X: /delete (not forced) with a file open");
      h.expectSuccess(h.call("write", () -> f.write(0, bytes("still"))).status(),
          "a write after the refused delete");
    }
    h.expectStatus(h.call("net use /delete", () -> user.netUseDelete("X:",
        ConnectionFinalizeLevel.FORCE_FILES_CLOSED)), NtStatus.SUCCESS, "the forced retry");
    h.scavenge();
    h.expect(h.snapshot().isEmpty() && h.callbacks("finalizeNetRoot") == 1,
        "the forced retry and the scavenger free the view, the NET_ROOT (finalizeNetRoot once) and"
            + " the SRV_CALL", () -> "finalizeNetRoot " + h.callbacks("finalizeNetRoot")
            + " times; alive:\n" + h.tree());
  }

  @Override
  @Test
  @TckRule(spec = "§2.5, §4, §9 pitfall 7",
      check = "see the seed and steps printed: replay with -Drdbss.tck.seed=<seed>")
  public void stochastic_s9_p7_randomOrdersAndTeardowns() {
    stochastic();
    SplittableRandom random = new SplittableRandom(seed());
    for (int round = 0; round < 3; round++) {
      long orderSeed = random.nextLong(1_000);
      Harness run = another(Map.of(RdbssSettings.CALLBACK_ORDER_SEED, Long.toString(orderSeed)));
      List<String> steps = new ArrayList<>();
      try {
        List<FileHandle> open = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
          int op = random.nextInt(5);
          String name = "tck-r" + random.nextInt(3) + ".txt";
          IoSession who = random.nextBoolean() ? run.user() : run.otherUser();
          if (op <= 1) {
            steps.add("open " + name);
            OpenResult r = run.tryOpen(who, run.unc(name), CreateRequest.read().shareAll()
                .access(dev.rdbss.api.file.AccessMask.FILE_GENERIC_READ
                    | dev.rdbss.api.file.AccessMask.FILE_GENERIC_WRITE).openIf());
            r.handleIfOpened().ifPresent(open::add);
          } else if (op == 2 && !open.isEmpty()) {
            steps.add("close");
            open.remove(random.nextInt(open.size())).close();
          } else if (op == 3) {
            steps.add("scavenge");
            run.scavenge();
          } else if (!open.isEmpty()) {
            steps.add("forceFinalizeAllVNetRoots");
            run.tryForceFinalizeAllVNetRoots(1);
          }
          run.noBugCheck("steps " + steps + " (seed " + seed() + ")");
        }
        open.forEach(FileHandle::close);
        run.scavenge();
        run.closeRuntime("steps " + steps + " with rdbss.callbackOrderSeed=" + orderSeed
            + " (seed " + seed() + ")");
      } finally {
        try {
          run.close();
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }
    }
  }

  @Override
  @Test
  @TckRule(spec = "§9 pitfall 22",
      check = "rdbss-core checks these invariants inside the engine (its property tests); the"
          + " snapshot shows counts but not who holds each reference, which they need")
  public void untested_s9_p22_referenceCountInvariants() {}
}
