package dev.rdbss.tck.runner;

import dev.rdbss.tck.BufferingAndOplocksVerification;
import dev.rdbss.tck.CleanupAndCloseVerification;
import dev.rdbss.tck.ConnectionSetupVerification;
import dev.rdbss.tck.CreateAndCollapseVerification;
import dev.rdbss.tck.FinalizationVerification;
import dev.rdbss.tck.LifecycleVerification;
import dev.rdbss.tck.LowIoAndLocksVerification;
import dev.rdbss.tck.TckSubject;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The seven areas as concrete classes for the launcher, all asking {@link #subject} for the plugin:
 * what a plugin author's test classes do by hand. One run at a time ({@link TckRunner} holds the
 * lock while it sets the subject).
 */
final class CertifiedAreas {

  private static volatile @Nullable TckSubject subject;

  private CertifiedAreas() {}

  static void use(@Nullable TckSubject s) {
    subject = s;
  }

  static TckSubject subject() {
    TckSubject s = subject;
    if (s == null) {
      throw new IllegalStateException("no subject: run the kit through TckRunner");
    }
    return s;
  }

  static final List<Class<?>> ALL = List.of(ConnectionSetup.class, CreateAndCollapse.class,
      CleanupAndClose.class, Finalization.class, BufferingAndOplocks.class, LowIoAndLocks.class,
      Lifecycle.class);

  static final class ConnectionSetup extends ConnectionSetupVerification {
    @Override
    protected TckSubject subject() {
      return CertifiedAreas.subject();
    }
  }

  static final class CreateAndCollapse extends CreateAndCollapseVerification {
    @Override
    protected TckSubject subject() {
      return CertifiedAreas.subject();
    }
  }

  static final class CleanupAndClose extends CleanupAndCloseVerification {
    @Override
    protected TckSubject subject() {
      return CertifiedAreas.subject();
    }
  }

  static final class Finalization extends FinalizationVerification {
    @Override
    protected TckSubject subject() {
      return CertifiedAreas.subject();
    }
  }

  static final class BufferingAndOplocks extends BufferingAndOplocksVerification {
    @Override
    protected TckSubject subject() {
      return CertifiedAreas.subject();
    }
  }

  static final class LowIoAndLocks extends LowIoAndLocksVerification {
    @Override
    protected TckSubject subject() {
      return CertifiedAreas.subject();
    }
  }

  static final class Lifecycle extends LifecycleVerification {
    @Override
    protected TckSubject subject() {
      return CertifiedAreas.subject();
    }
  }
}
