package dev.rdbss.api;

/** The six object types RDBSS owns (spec §1.1), in hierarchy order. */
public enum NodeType {
  SRV_CALL,
  NET_ROOT,
  V_NET_ROOT,
  FCB,
  SRV_OPEN,
  FOBX;

  /** The Windows structure name, for messages ("V_NET_ROOT"). */
  public String structureName() {
    return name();
  }
}
