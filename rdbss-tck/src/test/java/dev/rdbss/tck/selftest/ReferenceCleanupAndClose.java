package dev.rdbss.tck.selftest;

import dev.rdbss.tck.CleanupAndCloseVerification;
import dev.rdbss.tck.TckSubject;

/** The CleanupAndClose rules against the reference plugin; run by {@link KitSelfTest} only. */
public class ReferenceCleanupAndClose extends CleanupAndCloseVerification {
  @Override
  protected TckSubject subject() {
    return new ReferenceSubject();
  }
}
