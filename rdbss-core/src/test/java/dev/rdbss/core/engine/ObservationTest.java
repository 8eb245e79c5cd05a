package dev.rdbss.core.engine;

import static dev.rdbss.core.engine.EngineFixture.logon;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rdbss.api.NodeType;
import dev.rdbss.api.observe.ObjectNode;
import dev.rdbss.api.observe.TraceEvent;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The object tree, the leak report and the trace (issue 4 points 9 and 10, ARCHITECTURE.md §3.5). */
class ObservationTest {

  private final EngineFixture f = new EngineFixture();
  private final ObjectTree tree = new ObjectTree(f.device);

  @AfterEach
  void shutDown() {
    f.close();
  }

  @Test
  void theTreeNestsSrvCallNetRootViewFcbSrvOpenFobxWithCounts() {
    VNetRootImpl view = f.connect(logon(1), "\\srv", "\\share");
    FobxImpl fobx = f.open(view, "\\a.txt");
    List<ObjectNode> roots = tree.roots();
    assertThat(roots).singleElement().satisfies(s -> assertThat(s.ref().type()).isEqualTo(NodeType.SRV_CALL));
    ObjectNode netRoot = roots.get(0).children().get(0);
    assertThat(netRoot.ref().name()).isEqualTo("\\srv\\share");
    assertThat(netRoot.children())
        .extracting(n -> n.ref().type())
        .containsExactly(NodeType.V_NET_ROOT, NodeType.FCB);
    ObjectNode fcb = netRoot.children().get(1);
    assertThat(fcb.counters()).containsEntry("openCount", 1L).containsEntry("uncleanCount", 1L);
    ObjectNode srvOpen = fcb.children().get(0);
    assertThat(srvOpen.children()).singleElement()
        .satisfies(x -> assertThat(x.ref().serialNumber()).isEqualTo(fobx.serialNumber()));
    assertThat(fcb.flags()).contains("FOBX_USED", "SRVOPEN_USED", "TIME_AND_SIZE_ALREADY_SET");
  }

  @Test
  void theLeakReportSaysWhatHoldsEachLiveObject() {
    VNetRootImpl view = f.connect(logon(1), "\\srv", "\\share");
    f.open(view, "\\a.txt");
    List<String> leaks = tree.leaks();
    assertThat(leaks).hasSize(6);
    assertThat(leaks)
        .anySatisfy(l -> assertThat(l).contains("FOBX", "its handle (never closed)"))
        .anySatisfy(
            l -> assertThat(l).startsWith("V_NET_ROOT").contains("its table", "1 FCB", "1 SRV_OPEN",
                "1 reference(s) taken and never given back"));
  }

  @Test
  void everyRoutineAndCallbackIsTracedWithCounts() {
    VNetRootImpl view = f.connect(logon(1), "\\srv", "\\share");
    FobxImpl fobx = f.open(view, "\\a.txt");
    f.closeHandle(fobx);
    List<TraceEvent> events = f.tracer.recent(1000);
    assertThat(events)
        .filteredOn(e -> e.kind() == TraceEvent.Kind.ROUTINE)
        .extracting(TraceEvent::name)
        .contains("createSrvCall", "createNetRoot", "createVNetRoot", "createNetFcb",
            "createSrvOpen", "createNetFobx", "finishFcbInitialization", "dereference");
    assertThat(events)
        .filteredOn(e -> e.kind() == TraceEvent.Kind.CALLBACK)
        .extracting(TraceEvent::name)
        .containsSubsequence("create", "cleanupFobx", "closeSrvOpen", "deallocateForFobx",
            "forceClosed", "deallocateForFcb");
    TraceEvent createFobx =
        events.stream().filter(e -> e.name().equals("createNetFobx")).findFirst().orElseThrow();
    assertThat(createFobx.depth()).as("called from inside MRxCreate").isPositive();
    assertThat(events).extracting(TraceEvent::sequence).isSorted();
  }

  @Test
  void noCredentialEverReachesTheTrace() {
    VNetRootImpl view = f.connect(logon(1), "\\srv", "\\share");
    f.closeHandle(f.open(view, "\\a.txt"));
    assertThat(f.tracer.recent(1000)).allSatisfy(e -> assertThat(e.toString()).doesNotContain(EngineFixture.PASSWORD));
  }
}
