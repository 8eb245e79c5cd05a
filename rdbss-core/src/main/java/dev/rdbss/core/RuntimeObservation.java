package dev.rdbss.core;

import dev.rdbss.api.BugCheckError;
import dev.rdbss.api.observe.BugCheckDump;
import dev.rdbss.api.observe.ObjectNode;
import dev.rdbss.api.observe.ObjectTreeSnapshot;
import dev.rdbss.api.observe.Observation;
import dev.rdbss.api.observe.TraceEvent;
import dev.rdbss.api.observe.TraceListener;
import dev.rdbss.core.engine.RegisteredDevice;
import dev.rdbss.core.kernel.Kernel;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The runtime's {@link Observation} (ARCHITECTURE.md §3.5): the kernel's trace, snapshots over
 * every registered device, and the dump taken the moment the first bugcheck is recorded (§3.3), on
 * whatever thread detected it.
 */
final class RuntimeObservation implements Observation {

  /** How many trace events a bugcheck dump keeps. */
  static final int DUMP_EVENTS = 200;

  private final Kernel kernel;
  private final Supplier<List<RegisteredDevice>> devices;
  private volatile @Nullable BugCheckDump dump;

  RuntimeObservation(Kernel kernel, Supplier<List<RegisteredDevice>> devices) {
    this.kernel = kernel;
    this.devices = devices;
    kernel.bugChecks().onBugCheck(this::onBugCheck);
  }

  private synchronized void onBugCheck(BugCheckError error) {
    if (dump != null) {
      return; // the first bugcheck stopped the machine; later ones are in BugChecks.all()
    }
    kernel
        .tracer()
        .record(
            TraceEvent.Kind.RUNTIME,
            "",
            "bugCheck",
            null,
            null,
            error.code() + " " + error.specSection());
    dump =
        new BugCheckDump(
            error, Thread.currentThread().getName(), snapshot(), kernel.tracer().recent(DUMP_EVENTS));
  }

  @Override
  public void addTraceListener(TraceListener listener) {
    kernel.tracer().addListener(Objects.requireNonNull(listener, "listener"));
  }

  @Override
  public void removeTraceListener(TraceListener listener) {
    kernel.tracer().removeListener(listener);
  }

  @Override
  public List<TraceEvent> recentEvents(int count) {
    return kernel.tracer().recent(count);
  }

  @Override
  public ObjectTreeSnapshot snapshot() {
    long sequence = kernel.tracer().lastSequence();
    Map<String, List<ObjectNode>> trees = new LinkedHashMap<>();
    for (RegisteredDevice device : devices.get()) {
      trees.put(device.deviceName(), device.objectTree());
    }
    return new ObjectTreeSnapshot(sequence, trees);
  }

  @Override
  public Optional<BugCheckDump> bugCheck() {
    return Optional.ofNullable(dump);
  }
}
