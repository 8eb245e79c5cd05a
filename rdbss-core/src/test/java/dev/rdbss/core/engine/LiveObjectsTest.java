package dev.rdbss.core.engine;

import static dev.rdbss.core.engine.EngineFixture.logon;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The device's list of objects not yet freed (what leak lists and snapshots read, §2.4): creation
 * order, objects leaving from the middle or the tail once freed, and a newborn going to the end
 * (the head, the SRV_CALL, leaves at teardown, which the finalization tests check with an empty
 * list). The list is linked through the objects themselves, so these are the cases its links must
 * get right.
 */
class LiveObjectsTest {

  private final EngineFixture f = new EngineFixture();

  @AfterEach
  void shutDown() {
    f.close();
  }

  private static List<RxNode> objectsOf(FobxImpl fobx) {
    SrvOpenImpl srvOpen = fobx.rawSrvOpen();
    return List.of(srvOpen.rawFcb(), srvOpen, fobx);
  }

  private static List<RxNode> concat(List<RxNode> first, List<?>... more) {
    List<RxNode> all = new ArrayList<>(first);
    for (List<?> m : more) {
      for (Object o : m) {
        all.add((RxNode) o);
      }
    }
    return all;
  }

  @Test
  void liveObjectsKeepCreationOrderAsObjectsAreFreedAnywhere_s2_4() {
    VNetRootImpl view = f.connect(logon(1), "\\srv", "\\share");
    List<RxNode> connection = f.device.liveObjects();
    assertThat(connection).hasSize(3); // the SRV_CALL, NET_ROOT and view

    FobxImpl a = f.open(view, "\\a.txt");
    FobxImpl b = f.open(view, "\\b.txt");
    FobxImpl c = f.open(view, "\\c.txt");
    assertThat(f.device.liveObjects())
        .containsExactlyElementsOf(concat(connection, objectsOf(a), objectsOf(b), objectsOf(c)));

    List<RxNode> ofB = objectsOf(b);
    f.closeHandle(b); // from the middle
    assertThat(ofB).allMatch(RxNode::isFreed);
    assertThat(f.device.liveObjects())
        .containsExactlyElementsOf(concat(connection, objectsOf(a), objectsOf(c)));

    List<RxNode> ofC = objectsOf(c);
    f.closeHandle(c); // the tail
    assertThat(ofC).allMatch(RxNode::isFreed);
    FobxImpl d = f.open(view, "\\d.txt"); // appended after the new tail
    assertThat(f.device.liveObjects())
        .containsExactlyElementsOf(concat(connection, objectsOf(a), objectsOf(d)));

    f.closeHandle(a);
    f.closeHandle(d);
    assertThat(f.device.liveObjects()).containsExactlyElementsOf(connection);
  }
}
