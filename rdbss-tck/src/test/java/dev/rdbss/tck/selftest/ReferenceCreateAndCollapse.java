package dev.rdbss.tck.selftest;

import dev.rdbss.tck.CreateAndCollapseVerification;
import dev.rdbss.tck.TckSubject;

/** The CreateAndCollapse rules against the reference plugin; run by {@link KitSelfTest} only. */
public class ReferenceCreateAndCollapse extends CreateAndCollapseVerification {
  @Override
  protected TckSubject subject() {
    return new ReferenceSubject();
  }
}
