package dev.rdbss.core.io;

import dev.rdbss.api.LogonId;
import dev.rdbss.api.io.IoSession;
import dev.rdbss.api.io.Logon;
import dev.rdbss.api.spi.RdbssClock;
import dev.rdbss.core.engine.Fsd;
import dev.rdbss.core.trace.Tracer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The simulated I/O manager of one runtime: logs users on (each logon session gets its own {@link
 * LogonId}, its own drive mappings and its own UNC views, ARCHITECTURE.md §3.4) and routes names to
 * devices, through MUP for UNC names (spec §6.1).
 */
public final class IoManager {

  /** Logon ids handed out start above the well-known ones (SYSTEM is 0x3e7). */
  private static final long FIRST_LOGON_ID = 0x1_0000;

  private final Supplier<List<Fsd>> devices;
  private final Mup mup;
  private final AtomicLong logonIds = new AtomicLong(FIRST_LOGON_ID);

  /**
   * An I/O manager.
   *
   * @param devices the devices, in provider order (spec §6.1)
   * @param clock the clock MUP's claim cache runs on
   * @param claimTtl how long a MUP claim is remembered
   * @param tracer the runtime's trace
   */
  public IoManager(
      Supplier<List<Fsd>> devices, RdbssClock clock, Duration claimTtl, Tracer tracer) {
    this.devices = devices;
    this.mup = new Mup(devices, clock, claimTtl, tracer);
  }

  /** Logs a user on: a new logon session with no drive mapped. */
  public IoSession logon(Logon logon) {
    return new IoSessionImpl(this, new LogonId(logonIds.getAndIncrement()), logon.credentials());
  }

  /** Forgets MUP's claims: a device was started, stopped or unregistered. */
  public void providersChanged() {
    mup.flush();
  }

  Mup mup() {
    return mup;
  }

  Optional<Fsd> device(String deviceName) {
    return devices.get().stream().filter(d -> d.deviceName().equalsIgnoreCase(deviceName)).findFirst();
  }
}
