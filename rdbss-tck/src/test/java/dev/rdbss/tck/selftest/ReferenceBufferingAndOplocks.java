package dev.rdbss.tck.selftest;

import dev.rdbss.tck.BufferingAndOplocksVerification;
import dev.rdbss.tck.TckSubject;

/** The BufferingAndOplocks rules against the reference plugin; run by {@link KitSelfTest} only. */
public class ReferenceBufferingAndOplocks extends BufferingAndOplocksVerification {
  @Override
  protected TckSubject subject() {
    return new ReferenceSubject();
  }
}
