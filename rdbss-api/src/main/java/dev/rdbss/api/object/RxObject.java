package dev.rdbss.api.object;

import dev.rdbss.api.NodeType;
import org.jspecify.annotations.Nullable;

/**
 * What every RDBSS object view shares (spec §1.1, §1.2): its type, an identity, its reference count,
 * and the two context slots that belong to the mini-redirector.
 *
 * <p>The context slots are where a mini-redirector hangs its own state (a server connection, a file
 * id). When the descriptor registers an extension factory for the type (RDBSS_MANAGE_*_EXTENSION,
 * §1.2), {@link #context()} starts out as the extension; otherwise it starts {@code null}. A SRV_CALL
 * never gets an extension, and its slots must be {@code null} again when it is freed (§1.2, §9
 * pitfall 6).
 *
 * <p>Every method of a view bugchecks once the object has been freed (use after free,
 * ARCHITECTURE.md §3.2).
 */
public interface RxObject {

  /** The object's type. */
  NodeType nodeType();

  /** A number unique to this object within the runtime, increasing in creation order. */
  long serialNumber();

  /** The current reference count (§2.1). */
  int referenceCount();

  /** The mini-redirector's first context slot. */
  @Nullable Object context();

  /** Sets the mini-redirector's first context slot. */
  void setContext(@Nullable Object context);

  /** The mini-redirector's second context slot. */
  @Nullable Object context2();

  /** Sets the mini-redirector's second context slot. */
  void setContext2(@Nullable Object context2);
}
