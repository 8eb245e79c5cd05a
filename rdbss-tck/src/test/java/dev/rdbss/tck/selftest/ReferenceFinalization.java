package dev.rdbss.tck.selftest;

import dev.rdbss.tck.FinalizationVerification;
import dev.rdbss.tck.TckSubject;

/** The Finalization rules against the reference plugin; run by {@link KitSelfTest} only. */
public class ReferenceFinalization extends FinalizationVerification {
  @Override
  protected TckSubject subject() {
    return new ReferenceSubject();
  }
}
