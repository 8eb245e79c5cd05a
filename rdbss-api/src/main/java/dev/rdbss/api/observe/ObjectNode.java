package dev.rdbss.api.observe;

import dev.rdbss.api.Condition;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One object of an {@link ObjectTreeSnapshot}: its identity, reference count, condition, counters
 * (§1.5) and flags (§1.4), and its children (NET_ROOTs under a SRV_CALL; V_NET_ROOTs and FCBs under
 * a NET_ROOT; SRV_OPENs under an FCB; FOBXs under a SRV_OPEN).
 *
 * @param ref the object
 * @param referenceCount its reference count
 * @param condition its condition, for the types that have one
 * @param counters the §1.5 counters by their Java name, e.g. {@code uncleanCount}
 * @param flags the names of the flags set
 * @param markedForScavenge whether it waits for the scavenger (§2.3)
 * @param children its children
 */
public record ObjectNode(
    ObjectRef ref,
    int referenceCount,
    @Nullable Condition condition,
    Map<String, Long> counters,
    Set<String> flags,
    boolean markedForScavenge,
    List<ObjectNode> children) {

  public ObjectNode {
    Objects.requireNonNull(ref, "ref");
    counters = Map.copyOf(counters);
    flags = Set.copyOf(flags);
    children = List.copyOf(children);
  }
}
