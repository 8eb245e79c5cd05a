package dev.rdbss.core.engine;

import dev.rdbss.api.BitFlag;
import dev.rdbss.api.Condition;
import dev.rdbss.api.FcbState;
import dev.rdbss.api.FobxFlag;
import dev.rdbss.api.NetRootFlag;
import dev.rdbss.api.SrvCallFlag;
import dev.rdbss.api.SrvOpenFlag;
import dev.rdbss.api.observe.ObjectNode;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The object tree of a device as {@link ObjectNode}s (ARCHITECTURE.md §3.5), and the leak report
 * built from it: what is still alive, with its count and what holds it.
 */
final class ObjectTree {

  private final Device device;

  ObjectTree(Device device) {
    this.device = device;
  }

  /** The SRV_CALL trees of the device, with every object not yet freed. */
  List<ObjectNode> roots() {
    List<RxNode> live = device.liveObjects();
    List<ObjectNode> roots = new ArrayList<>();
    for (RxNode n : live) {
      if (n instanceof SrvCallImpl s) {
        roots.add(node(s, children(s, live)));
      }
    }
    return roots;
  }

  private List<ObjectNode> children(SrvCallImpl srvCall, List<RxNode> live) {
    List<ObjectNode> out = new ArrayList<>();
    for (RxNode n : live) {
      if (n instanceof NetRootImpl netRoot && netRoot.rawSrvCall() == srvCall) {
        out.add(node(netRoot, children(netRoot, live)));
      }
    }
    return out;
  }

  private List<ObjectNode> children(NetRootImpl netRoot, List<RxNode> live) {
    List<ObjectNode> out = new ArrayList<>();
    for (RxNode n : live) {
      if (n instanceof VNetRootImpl v && v.rawNetRoot() == netRoot) {
        out.add(node(v, List.of()));
      }
    }
    for (RxNode n : live) {
      if (n instanceof FcbImpl fcb && fcb.rawNetRoot() == netRoot) {
        List<ObjectNode> opens = new ArrayList<>();
        for (RxNode m : live) {
          if (m instanceof SrvOpenImpl o && o.rawFcb() == fcb) {
            List<ObjectNode> fobxs = new ArrayList<>();
            for (RxNode k : live) {
              if (k instanceof FobxImpl x && x.rawSrvOpen() == o) {
                fobxs.add(node(x, List.of()));
              }
            }
            opens.add(node(o, fobxs));
          }
        }
        out.add(node(fcb, opens));
      }
    }
    return out;
  }

  private ObjectNode node(RxNode n, List<ObjectNode> children) {
    int count;
    boolean marked;
    synchronized (device.scavengerMutex()) {
      count = n.count();
      marked = n.isMarkedForScavenge();
    }
    return new ObjectNode(n.ref(), count, condition(n), counters(n), flags(n), marked, children);
  }

  private static @Nullable Condition condition(RxNode n) {
    if (n instanceof SrvCallImpl s) {
      return s.condition.get();
    }
    if (n instanceof NetRootImpl r) {
      return r.condition.get();
    }
    if (n instanceof VNetRootImpl v) {
      return v.condition.get();
    }
    if (n instanceof FcbImpl f) {
      return f.condition.get();
    }
    if (n instanceof SrvOpenImpl o) {
      return o.condition.get();
    }
    return null;
  }

  private static Map<String, Long> counters(RxNode n) {
    Map<String, Long> c = new LinkedHashMap<>();
    if (n instanceof SrvCallImpl s) {
      c.put("numberOfCloseDelayedFiles", (long) s.numberOfCloseDelayedFiles());
    } else if (n instanceof NetRootImpl r) {
      c.put("numberOfFcbs", (long) r.rawNumberOfFcbs());
      c.put("numberOfSrvOpens", (long) r.rawNumberOfSrvOpens());
      c.put("numberOfVirtualNetRoots", (long) r.rawVNetRoots().size());
    } else if (n instanceof VNetRootImpl v) {
      c.put("numberOfOpens", (long) v.rawNumberOfOpens());
      c.put("numberOfFobxs", (long) v.rawNumberOfFobxs());
    } else if (n instanceof FcbImpl f) {
      c.put("openCount", (long) f.rawOpenCount());
      c.put("uncleanCount", (long) f.rawUncleanCount());
    } else if (n instanceof SrvOpenImpl o) {
      c.put("openCount", (long) o.rawOpenCount());
    }
    return c;
  }

  private static Set<String> flags(RxNode n) {
    Set<String> f = new TreeSet<>();
    if (n instanceof SrvCallImpl s) {
      for (SrvCallFlag flag : SrvCallFlag.values()) {
        if (s.hasFlag(flag)) {
          f.add(flag.name());
        }
      }
    } else if (n instanceof NetRootImpl r) {
      names(f, BitFlag.fromBits(NetRootFlag.class, r.rawFlags()));
    } else if (n instanceof FcbImpl fcb) {
      names(f, BitFlag.fromBits(FcbState.class, fcb.rawState()));
    } else if (n instanceof SrvOpenImpl o) {
      names(f, BitFlag.fromBits(SrvOpenFlag.class, o.rawFlags()));
    } else if (n instanceof FobxImpl x) {
      names(f, BitFlag.fromBits(FobxFlag.class, x.rawFlags()));
    }
    if (n.isUpperFinalizationDone()) {
      f.add("UPPER_FINALIZATION_DONE");
    }
    return f;
  }

  private static <E extends Enum<E>> void names(Set<String> into, EnumSet<E> flags) {
    flags.forEach(e -> into.add(e.name()));
  }

  /** One line per object still alive: type, name, count and what holds it (issue 4 point 9). */
  List<String> leaks() {
    List<RxNode> live = device.liveObjects();
    List<String> lines = new ArrayList<>();
    for (RxNode n : live) {
      int count;
      boolean marked;
      synchronized (device.scavengerMutex()) {
        count = n.count();
        marked = n.isMarkedForScavenge();
      }
      List<String> holders = new ArrayList<>();
      int explained = 0;
      if (n instanceof SrvCallImpl || n instanceof NetRootImpl || n instanceof VNetRootImpl
          || n instanceof FcbImpl) {
        holders.add("its table");
        explained++;
      } else if (n instanceof SrvOpenImpl o && !o.hasFlag(SrvOpenFlag.CLOSED)) {
        holders.add("its creation reference (never closed on the server)");
        explained++;
      } else if (n instanceof FobxImpl) {
        holders.add("its handle (never closed)");
        explained++;
      }
      if (marked) {
        holders.add("the scavenger");
        explained++;
      }
      Map<String, Long> dependents =
          live.stream()
              .filter(m -> holds(m, n))
              .collect(
                  Collectors.groupingBy(
                      m -> m.nodeType().name(), LinkedHashMap::new, Collectors.counting()));
      for (Map.Entry<String, Long> d : dependents.entrySet()) {
        holders.add(d.getValue() + " " + d.getKey());
        explained += d.getValue().intValue();
      }
      if (count > explained) {
        holders.add((count - explained) + " reference(s) taken and never given back");
      }
      lines.add(n + " refs=" + count + " held by: " + String.join(", ", holders));
    }
    return lines;
  }

  /** Whether {@code holder} keeps a reference on {@code target} (§2.2). */
  static boolean holds(RxNode holder, RxNode target) {
    if (holder.isFreed()) {
      return false;
    }
    if (holder instanceof NetRootImpl r) {
      return r.rawSrvCall() == target;
    }
    if (holder instanceof VNetRootImpl v) {
      return v.rawNetRoot() == target;
    }
    if (holder instanceof FcbImpl f) {
      return f.referencedParent() == target;
    }
    if (holder instanceof SrvOpenImpl o) {
      return o.rawVNetRoot() == target || o.rawFcb() == target;
    }
    if (holder instanceof FobxImpl x) {
      return x.rawSrvOpen() == target;
    }
    return false;
  }
}
