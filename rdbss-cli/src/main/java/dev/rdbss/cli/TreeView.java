package dev.rdbss.cli;

import dev.rdbss.api.Condition;
import dev.rdbss.api.observe.ObjectNode;
import dev.rdbss.api.observe.ObjectTreeSnapshot;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The object tree as {@code tree} shows it (ARCHITECTURE.md §3.5): SRV_CALL → NET_ROOT →
 * V_NET_ROOT and FCB → SRV_OPEN → FOBX, each with its reference count, condition, §1.5 counters
 * and §1.4 flags; as indented text or as a Graphviz DOT graph ({@code tree --dot}).
 */
final class TreeView {

  private TreeView() {}

  /** Indented text, one object per line, devices first. */
  static String text(ObjectTreeSnapshot snapshot, Style style) {
    StringBuilder sb = new StringBuilder();
    for (Map.Entry<String, List<ObjectNode>> device : snapshot.devices().entrySet()) {
      sb.append(style.heading(device.getKey())).append('\n');
      if (device.getValue().isEmpty()) {
        sb.append("  ").append(style.dim("(no objects)")).append('\n');
      }
      for (ObjectNode root : device.getValue()) {
        text(root, 1, style, sb);
      }
    }
    return sb.toString();
  }

  private static void text(ObjectNode n, int depth, Style style, StringBuilder sb) {
    sb.append("  ".repeat(depth))
        .append(style.object(n.ref().type() + "#" + n.ref().serialNumber()));
    if (!n.ref().name().isEmpty()) {
      sb.append(' ').append(n.ref().name());
    }
    sb.append("  refs=").append(n.referenceCount());
    Condition c = n.condition();
    if (c != null) {
      sb.append(' ').append(c == Condition.GOOD ? style.good(c.name()) : style.warn(c.name()));
    }
    new TreeMap<>(n.counters()).forEach((k, v) -> sb.append(' ').append(k).append('=').append(v));
    if (!n.flags().isEmpty()) {
      sb.append(' ').append(style.dim(n.flags().stream().sorted().toList().toString()));
    }
    if (n.markedForScavenge()) {
      sb.append(' ').append(style.warn("(marked for scavenger)"));
    }
    sb.append('\n');
    for (ObjectNode child : n.children()) {
      text(child, depth + 1, style, sb);
    }
  }

  /**
   * A Graphviz {@code digraph}: one box per object (type, serial number, name, counts), one edge
   * from each parent to its children, devices as folders. Render with {@code dot -Tsvg}.
   */
  static String dot(ObjectTreeSnapshot snapshot) {
    StringBuilder sb = new StringBuilder();
    sb.append("digraph rdbss {\n");
    sb.append("  rankdir=LR;\n");
    sb.append("  node [shape=box, fontname=\"monospace\", fontsize=10];\n");
    sb.append("  // object tree at trace sequence ").append(snapshot.sequence()).append('\n');
    int deviceIndex = 0;
    for (Map.Entry<String, List<ObjectNode>> device : snapshot.devices().entrySet()) {
      String deviceId = "device" + deviceIndex++;
      sb.append("  ")
          .append(deviceId)
          .append(" [shape=folder, label=")
          .append(quote(device.getKey()))
          .append("];\n");
      for (ObjectNode root : device.getValue()) {
        dot(deviceId, root, sb);
      }
    }
    sb.append("}\n");
    return sb.toString();
  }

  private static void dot(String parentId, ObjectNode n, StringBuilder sb) {
    String id = "n" + n.ref().serialNumber();
    StringBuilder label = new StringBuilder();
    label.append(n.ref().type()).append(" #").append(n.ref().serialNumber());
    if (!n.ref().name().isEmpty()) {
      label.append('\n').append(n.ref().name());
    }
    label.append("\nrefs=").append(n.referenceCount());
    if (n.condition() != null) {
      label.append(' ').append(n.condition());
    }
    new TreeMap<>(n.counters())
        .forEach((k, v) -> label.append('\n').append(k).append('=').append(v));
    if (!n.flags().isEmpty()) {
      label.append('\n').append(String.join(" ", n.flags().stream().sorted().toList()));
    }
    sb.append("  ").append(id).append(" [label=").append(quote(label.toString()));
    String colour = colour(n.condition());
    if (colour != null) {
      sb.append(", color=").append(colour);
    }
    if (n.markedForScavenge()) {
      sb.append(", style=dashed");
    }
    sb.append("];\n");
    sb.append("  ").append(parentId).append(" -> ").append(id).append(";\n");
    for (ObjectNode child : n.children()) {
      dot(id, child, sb);
    }
  }

  private static @Nullable String colour(@Nullable Condition c) {
    if (c == null) {
      return null;
    }
    switch (c) {
      case GOOD:
        return "darkgreen";
      case BAD:
      case CLOSED:
        return "red";
      default:
        return "orange";
    }
  }

  /**
   * A DOT quoted string: backslashes (Windows paths are full of them) and quotes escaped, line
   * breaks as DOT's centred line break {@code \n}.
   */
  static String quote(String s) {
    return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + '"';
  }
}
