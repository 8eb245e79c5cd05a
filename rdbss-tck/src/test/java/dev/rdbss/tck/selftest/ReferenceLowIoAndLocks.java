package dev.rdbss.tck.selftest;

import dev.rdbss.tck.LowIoAndLocksVerification;
import dev.rdbss.tck.TckSubject;

/** The LowIoAndLocks rules against the reference plugin; run by {@link KitSelfTest} only. */
public class ReferenceLowIoAndLocks extends LowIoAndLocksVerification {
  @Override
  protected TckSubject subject() {
    return new ReferenceSubject();
  }
}
