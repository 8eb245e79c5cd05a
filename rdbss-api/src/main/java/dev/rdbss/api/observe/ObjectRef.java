package dev.rdbss.api.observe;

import dev.rdbss.api.NodeType;
import java.util.Objects;

/**
 * A reference to an RDBSS object in a trace or snapshot: its type, serial number and name. It keeps
 * no pointer to the object, so holding it keeps nothing alive.
 *
 * @param type the object type
 * @param serialNumber the object's serial number (unique within a runtime)
 * @param name the object's name (for SRV_OPEN and FOBX, the FCB's name)
 */
public record ObjectRef(NodeType type, long serialNumber, String name) {

  public ObjectRef {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(name, "name");
  }

  @Override
  public String toString() {
    return type + "#" + serialNumber + (name.isEmpty() ? "" : " " + name);
  }
}
