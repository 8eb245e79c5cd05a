package dev.rdbss.api.observe;

import dev.rdbss.api.NodeType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * A consistent picture of every live RDBSS object (ARCHITECTURE.md §3.5), per mini-redirector
 * device, taken under the runtime's locks. The CLI's {@code tree} prints it; tests assert on it.
 *
 * @param sequence the trace sequence number at which it was taken
 * @param devices the SRV_CALL trees of each device, by device name, in provider order
 */
public record ObjectTreeSnapshot(long sequence, Map<String, List<ObjectNode>> devices) {

  public ObjectTreeSnapshot {
    Objects.requireNonNull(devices, "devices");
    devices = Collections.unmodifiableMap(new LinkedHashMap<>(devices));
  }

  /** Every node, depth first. */
  public Stream<ObjectNode> nodes() {
    List<ObjectNode> all = new ArrayList<>();
    for (List<ObjectNode> roots : devices.values()) {
      roots.forEach(root -> collect(root, all));
    }
    return all.stream();
  }

  /** The live objects of one type. */
  public Stream<ObjectNode> nodes(NodeType type) {
    return nodes().filter(n -> n.ref().type() == type);
  }

  /** Whether no object is alive. */
  public boolean isEmpty() {
    return devices.values().stream().allMatch(List::isEmpty);
  }

  private static void collect(ObjectNode node, List<ObjectNode> into) {
    into.add(node);
    node.children().forEach(c -> collect(c, into));
  }

  /** An indented text rendering, one object per line. */
  public String render() {
    StringBuilder sb = new StringBuilder();
    devices.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(
            e -> {
              sb.append(e.getKey()).append('\n');
              e.getValue().forEach(n -> render(n, 1, sb));
            });
    return sb.toString();
  }

  private static void render(ObjectNode n, int depth, StringBuilder sb) {
    sb.append("  ".repeat(depth)).append(n.ref()).append(" refs=").append(n.referenceCount());
    if (n.condition() != null) {
      sb.append(' ').append(n.condition());
    }
    n.counters().entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(c -> sb.append(' ').append(c.getKey()).append('=').append(c.getValue()));
    if (!n.flags().isEmpty()) {
      sb.append(' ').append(n.flags().stream().sorted().toList());
    }
    if (n.markedForScavenge()) {
      sb.append(" (marked for scavenger)");
    }
    sb.append('\n');
    n.children().forEach(c -> render(c, depth + 1, sb));
  }
}
