package dev.rdbss.core.engine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The buffering manager of one SRV_CALL (spec §7.3): where the server's buffering-change
 * indications (oplock breaks, lease changes) wait until RDBSS can apply them.
 *
 * <ul>
 *   <li>The <em>dispatcher</em> list holds indications whose key matches no SRV_OPEN yet. They are
 *       kept only while opens are outstanding (between the start and the completion of a key
 *       association, §6.4 step 5): a break may reach the client before the open's response does.
 *   <li>The <em>handler</em> list holds indications mapped to a SRV_OPEN, not yet processed. Each
 *       holds a reference on its SRV_OPEN (§2.2).
 *   <li>The <em>last-chance</em> list holds mapped indications whose first processing attempt could
 *       not have the FCB; a worker or the FCB's next exclusive user processes them.
 * </ul>
 *
 * <p>This class is only the lists and their bookkeeping, under its own monitor, so that indications
 * can be queued at DISPATCH_LEVEL; {@link Buffering} does the processing.
 */
final class BufferingManager {

  /**
   * One indication.
   *
   * @param key the server's id of the open
   * @param mrxContext what the mini-redirector passed along, handed back to {@code
   *     computeNewBufferingState}
   * @param srvOpen the SRV_OPEN it applies to, once mapped
   */
  record Request(Object key, @Nullable Object mrxContext, @Nullable SrvOpenImpl srvOpen) {
    Request mappedTo(SrvOpenImpl target) {
      return new Request(key, mrxContext, target);
    }
  }

  // Guarded by this.
  private final List<Request> dispatcher = new ArrayList<>();
  private final List<Request> handler = new ArrayList<>();
  private final List<Request> lastChance = new ArrayList<>();
  private final Map<Object, SrvOpenImpl> keys = new HashMap<>();
  private final Set<SrvOpenImpl> associating = new LinkedHashSet<>();
  private boolean retryArmed;

  /** §6.4 step 5 "start key association": the open is outstanding; its key is not known yet. */
  synchronized void startKeyAssociation(SrvOpenImpl srvOpen) {
    associating.add(srvOpen);
  }

  /**
   * §6.4 step 5 "complete key association": a Good SRV_OPEN with a key joins the key list and takes
   * the indications that arrived for that key meanwhile; once no open is outstanding, indications
   * whose key matched nothing are dropped.
   *
   * @param good whether the open succeeded
   * @return the indications now mapped to {@code srvOpen} (already on the handler list), and those
   *     discarded, for the trace
   */
  synchronized Association completeKeyAssociation(SrvOpenImpl srvOpen, boolean good) {
    if (!associating.remove(srvOpen)) {
      return Association.NONE;
    }
    List<Request> accepted = new ArrayList<>();
    Object key = srvOpen.key();
    if (good && key != null) {
      keys.put(key, srvOpen);
      for (Iterator<Request> it = dispatcher.iterator(); it.hasNext(); ) {
        Request r = it.next();
        if (r.key().equals(key)) {
          it.remove();
          Request mapped = r.mappedTo(srvOpen);
          handler.add(mapped);
          accepted.add(mapped);
        }
      }
    }
    List<Request> discarded = new ArrayList<>();
    if (associating.isEmpty()) {
      discarded.addAll(dispatcher);
      dispatcher.clear();
    }
    return new Association(accepted, discarded);
  }

  /** What a completed key association did. */
  record Association(List<Request> accepted, List<Request> discarded) {
    static final Association NONE = new Association(List.of(), List.of());
  }

  /** The outcome of queueing an indication. */
  enum Queued {
    /** Mapped to a SRV_OPEN and on the handler list. */
    MAPPED,
    /** Held on the dispatcher list until an outstanding open completes its key association. */
    HELD,
    /** The key matches nothing and no open is outstanding: dropped. */
    DISCARDED
  }

  /**
   * Queues an indication by key (§7.3 {@code RxIndicateChangeOfBufferingState}). A mapped request
   * is returned through {@code mapped} so that the caller can reference its SRV_OPEN.
   */
  synchronized Queued queueByKey(Object key, @Nullable Object mrxContext, List<Request> mapped) {
    SrvOpenImpl target = keys.get(key);
    if (target != null) {
      Request r = new Request(key, mrxContext, target);
      handler.add(r);
      mapped.add(r);
      return Queued.MAPPED;
    }
    if (!associating.isEmpty()) {
      dispatcher.add(new Request(key, mrxContext, null));
      return Queued.HELD;
    }
    return Queued.DISCARDED;
  }

  /** Queues an indication whose SRV_OPEN is known ({@code ...ForSrvOpen}, §7.3). */
  synchronized Request queueForSrvOpen(SrvOpenImpl srvOpen, Object key, @Nullable Object ctx) {
    Request r = new Request(key, ctx, srvOpen);
    handler.add(r);
    return r;
  }

  /** Takes the next mapped indication for a SRV_OPEN of {@code fcb}, handler list first. */
  synchronized @Nullable Request takeNextFor(FcbImpl fcb) {
    Request r = takeFrom(handler, fcb);
    return r != null ? r : takeFrom(lastChance, fcb);
  }

  private static @Nullable Request takeFrom(List<Request> list, FcbImpl fcb) {
    for (Iterator<Request> it = list.iterator(); it.hasNext(); ) {
      Request r = it.next();
      SrvOpenImpl s = r.srvOpen();
      if (s != null && s.rawFcb() == fcb) {
        it.remove();
        return r;
      }
    }
    return null;
  }

  /** Whether any mapped indication of {@code srvOpen} is still queued. */
  synchronized boolean hasRequestsFor(SrvOpenImpl srvOpen) {
    return handler.stream().anyMatch(r -> r.srvOpen() == srvOpen)
        || lastChance.stream().anyMatch(r -> r.srvOpen() == srvOpen);
  }

  /** Whether any mapped indication of a SRV_OPEN of {@code fcb} is still queued. */
  synchronized boolean hasRequestsFor(FcbImpl fcb) {
    return handler.stream().anyMatch(r -> r.srvOpen() != null && r.srvOpen().rawFcb() == fcb)
        || lastChance.stream().anyMatch(r -> r.srvOpen() != null && r.srvOpen().rawFcb() == fcb);
  }

  /** The FCBs with mapped indications waiting, in queue order (for the worker). */
  synchronized List<FcbImpl> fcbsWithRequests() {
    Set<FcbImpl> fcbs = new LinkedHashSet<>();
    for (Request r : handler) {
      fcbs.add(java.util.Objects.requireNonNull(r.srvOpen()).rawFcb());
    }
    for (Request r : lastChance) {
      fcbs.add(java.util.Objects.requireNonNull(r.srvOpen()).rawFcb());
    }
    return new ArrayList<>(fcbs);
  }

  /** The worker could not have {@code fcb}: its indications move to the last-chance list. */
  synchronized void moveToLastChance(FcbImpl fcb) {
    for (Iterator<Request> it = handler.iterator(); it.hasNext(); ) {
      Request r = it.next();
      if (r.srvOpen() != null && r.srvOpen().rawFcb() == fcb) {
        it.remove();
        lastChance.add(r);
      }
    }
  }

  /**
   * Removes every queued indication of {@code srvOpen} (at its close or finalization, §6.7, §7.3)
   * and ends its key association.
   *
   * @return the removed requests, whose references the caller drops
   */
  synchronized List<Request> purge(SrvOpenImpl srvOpen) {
    List<Request> removed = new ArrayList<>();
    for (List<Request> list : List.of(handler, lastChance)) {
      for (Iterator<Request> it = list.iterator(); it.hasNext(); ) {
        Request r = it.next();
        if (r.srvOpen() == srvOpen) {
          it.remove();
          removed.add(r);
        }
      }
    }
    keys.values().removeIf(s -> s == srvOpen);
    return removed;
  }

  /** Whether a retry timer for the last-chance list is armed; arms it if not. */
  synchronized boolean armRetry() {
    if (retryArmed) {
      return false;
    }
    retryArmed = true;
    return true;
  }

  synchronized void retryFired() {
    retryArmed = false;
  }

  /** How many SRV_OPENs have a key association outstanding. */
  synchronized int outstandingOpens() {
    return associating.size();
  }

  /** Sizes of the three lists, for tests and the trace: dispatcher, handler, last chance. */
  synchronized int[] sizes() {
    return new int[] {dispatcher.size(), handler.size(), lastChance.size()};
  }

  /**
   * The SRV_CALL is freed (§2.4): what is left can only be unmapped indications, whose keys will
   * never match.
   */
  synchronized void tearDown() {
    dispatcher.clear();
    keys.clear();
    associating.clear();
  }
}
