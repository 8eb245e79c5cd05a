package dev.rdbss.tck.selftest;

import dev.rdbss.tck.ConnectionSetupVerification;
import dev.rdbss.tck.TckSubject;

/** The ConnectionSetup rules against the reference plugin; run by {@link KitSelfTest} only. */
public class ReferenceConnectionSetup extends ConnectionSetupVerification {
  @Override
  protected TckSubject subject() {
    return new ReferenceSubject();
  }
}
