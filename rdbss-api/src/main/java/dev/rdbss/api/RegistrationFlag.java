package dev.rdbss.api;

/**
 * The {@code Controls} flags of {@code RxRegisterMinirdr} (spec §5.1, {@code RX_REGISTERMINI_FLAG_*}).
 */
public enum RegistrationFlag implements BitFlag {
  /** Do not register with MUP as a UNC provider. */
  DONT_PROVIDE_UNCS(0x1),
  /** Do not register as a mailslot provider. */
  DONT_PROVIDE_MAILSLOTS(0x2),
  /** Do not route the driver's dispatch entries to RDBSS. */
  DONT_INIT_DRIVER_DISPATCH(0x4),
  /** Create neither the netname table nor the scavenger. */
  DONT_INIT_PREFIX_N_SCAVENGER(0x8);

  private final int bit;

  RegistrationFlag(int bit) {
    this.bit = bit;
  }

  @Override
  public int bit() {
    return bit;
  }
}
