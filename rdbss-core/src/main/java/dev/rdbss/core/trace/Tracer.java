package dev.rdbss.core.trace;

import dev.rdbss.api.NtStatus;
import dev.rdbss.api.observe.ObjectRef;
import dev.rdbss.api.observe.TraceEvent;
import dev.rdbss.api.observe.TraceListener;
import java.lang.System.Logger.Level;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * Records {@link TraceEvent}s (ARCHITECTURE.md §3.5): a bounded ring of the latest events (for
 * {@code trace N} and the bugcheck dump) and synchronous listeners (for tests and the TCK).
 *
 * <p>A traced call opens a {@link Call} when it starts, which fixes its nesting depth on the thread,
 * and records its event when it returns. Tracing can be switched off (benchmarks measure both);
 * then {@link #begin()} hands out one shared call that records nothing, so a traced call costs a
 * volatile read and nothing is allocated. The runtime sets tracing once, before the first request
 * (the {@code rdbss.trace} setting), so depths never mix calls made with and without tracing.
 */
public final class Tracer {

  private static final System.Logger LOG = System.getLogger(Tracer.class.getName());

  private final LongSupplier nanoTime;
  private final int capacity;
  private final AtomicLong sequence = new AtomicLong();
  private final Deque<TraceEvent> ring = new ArrayDeque<>();
  private final List<TraceListener> listeners = new CopyOnWriteArrayList<>();
  private final ThreadLocal<int[]> depth = ThreadLocal.withInitial(() -> new int[1]);
  private volatile boolean enabled = true;
  private final Call notRecording = new Call(-1, false);

  /**
   * A tracer.
   *
   * @param nanoTime the runtime clock
   * @param capacity how many events the ring keeps
   */
  public Tracer(LongSupplier nanoTime, int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("the trace ring needs room for one event at least");
    }
    this.nanoTime = nanoTime;
    this.capacity = capacity;
  }

  /** Switches recording on or off. */
  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  public boolean isEnabled() {
    return enabled;
  }

  /**
   * Starts a traced call on this thread; close it when the call returns. While tracing is off, the
   * shared call that {@linkplain Call#isRecording() records nothing}.
   */
  public Call begin() {
    if (!enabled) {
      return notRecording;
    }
    int[] d = depth.get();
    return new Call(d[0]++, true);
  }

  /** Records an event outside any call (runtime events: registration, scavenger passes). */
  public void record(TraceEvent.Kind kind, String device, String name, @Nullable ObjectRef object,
      @Nullable NtStatus status, String detail) {
    emit(kind, device, name, object, -1, -1, status, depth.get()[0], detail);
  }

  /** Adds a listener. */
  public void addListener(TraceListener listener) {
    listeners.add(listener);
  }

  /** Removes a listener. */
  public void removeListener(TraceListener listener) {
    listeners.remove(listener);
  }

  /** The last {@code count} events, oldest first. */
  public List<TraceEvent> recent(int count) {
    synchronized (ring) {
      List<TraceEvent> all = new ArrayList<>(ring);
      return List.copyOf(all.subList(Math.max(0, all.size() - count), all.size()));
    }
  }

  /** The sequence number of the last recorded event. */
  public long lastSequence() {
    return sequence.get();
  }

  private void emit(
      TraceEvent.Kind kind,
      String device,
      String name,
      @Nullable ObjectRef object,
      int before,
      int after,
      @Nullable NtStatus status,
      int atDepth,
      String detail) {
    if (!enabled) {
      return;
    }
    TraceEvent event;
    synchronized (ring) {
      event =
          new TraceEvent(
              sequence.incrementAndGet(),
              nanoTime.getAsLong(),
              Thread.currentThread().getName(),
              kind,
              device,
              name,
              object,
              before,
              after,
              status,
              atDepth,
              detail);
      if (ring.size() == capacity) {
        ring.removeFirst();
      }
      ring.addLast(event);
    }
    for (TraceListener l : listeners) {
      try {
        l.onEvent(event);
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "a trace listener threw; the event is kept, the error dropped", e);
      }
    }
  }

  /** One traced call in progress. */
  public final class Call implements AutoCloseable {
    private final int callDepth;
    private final boolean recording;
    private boolean closed;

    private Call(int callDepth, boolean recording) {
      this.callDepth = callDepth;
      this.recording = recording;
    }

    /**
     * Whether this call records its event: false while tracing is off, so a caller can skip
     * building the event's parts (object references, counts).
     */
    public boolean isRecording() {
      return recording;
    }

    /** Records the call's event (at the depth it started at). */
    public void record(
        TraceEvent.Kind kind,
        String device,
        String name,
        @Nullable ObjectRef object,
        int countBefore,
        int countAfter,
        @Nullable NtStatus status,
        String detail) {
      if (recording) {
        emit(kind, device, name, object, countBefore, countAfter, status, callDepth, detail);
      }
    }

    @Override
    public void close() {
      if (recording && !closed) {
        closed = true;
        depth.get()[0] = callDepth;
      }
    }
  }
}
