package dev.rdbss.tck.selftest;

import dev.rdbss.tck.LifecycleVerification;
import dev.rdbss.tck.TckSubject;

/** The Lifecycle rules against the reference plugin; run by {@link KitSelfTest} only. */
public class ReferenceLifecycle extends LifecycleVerification {
  @Override
  protected TckSubject subject() {
    return new ReferenceSubject();
  }
}
