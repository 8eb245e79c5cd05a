package dev.rdbss.core.engine;

import dev.rdbss.api.Condition;
import dev.rdbss.api.NodeType;

/**
 * An object that carries a condition and a transition-wait list (spec §1.3): SRV_CALL, NET_ROOT,
 * V_NET_ROOT, FCB and SRV_OPEN.
 */
abstract class ConditionedNode extends RxNode {

  final BlockCondition condition;

  ConditionedNode(Device device, NodeType type, Condition initial) {
    super(device, type);
    this.condition = new BlockCondition(device, initial);
  }

  /** The condition (§1.3). */
  public final Condition condition() {
    alive();
    return condition.get();
  }
}
