package dev.rdbss.core.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rdbss.api.BugCheckCode;
import dev.rdbss.api.BugCheckError;
import dev.rdbss.api.Irql;
import dev.rdbss.api.spi.IrqlScope;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The per-thread simulated IRQL (ARCHITECTURE.md §3.3, spec §3.3). */
class IrqlsTest {

  private final BugChecks bugChecks = new BugChecks();
  private final Irqls irqls = new Irqls(bugChecks);

  @Test
  void aThreadStartsAtPassiveLevel_s3_3() {
    assertThat(irqls.current()).isEqualTo(Irql.PASSIVE_LEVEL);
  }

  @Test
  void raiseAndCloseRestoreThePreviousLevel_s3_3() {
    try (IrqlScope apc = irqls.raise(Irql.APC_LEVEL)) {
      assertThat(apc.previous()).isEqualTo(Irql.PASSIVE_LEVEL);
      assertThat(irqls.current()).isEqualTo(Irql.APC_LEVEL);
      try (IrqlScope dispatch = irqls.raise(Irql.DISPATCH_LEVEL)) {
        assertThat(dispatch.previous()).isEqualTo(Irql.APC_LEVEL);
        assertThat(irqls.current()).isEqualTo(Irql.DISPATCH_LEVEL);
      }
      assertThat(irqls.current()).isEqualTo(Irql.APC_LEVEL);
    }
    assertThat(irqls.current()).isEqualTo(Irql.PASSIVE_LEVEL);
    assertThat(bugChecks.hasCrashed()).isFalse();
  }

  @Test
  void raisingToTheCurrentLevelIsAllowed_s3_3() {
    try (IrqlScope apc = irqls.raise(Irql.APC_LEVEL);
        IrqlScope again = irqls.raise(Irql.APC_LEVEL)) {
      assertThat(apc.previous()).isEqualTo(Irql.PASSIVE_LEVEL);
      assertThat(again.previous()).isEqualTo(Irql.APC_LEVEL);
      assertThat(irqls.current()).isEqualTo(Irql.APC_LEVEL);
    }
    assertThat(irqls.current()).isEqualTo(Irql.PASSIVE_LEVEL);
  }

  @Test
  void raisingToALowerLevelIsIrqlNotGreaterOrEqual_s3_3() {
    try (IrqlScope dispatch = irqls.raise(Irql.DISPATCH_LEVEL)) {
      assertThat(dispatch.previous()).isEqualTo(Irql.PASSIVE_LEVEL);
      assertThatThrownBy(() -> irqls.raise(Irql.APC_LEVEL))
          .isInstanceOfSatisfying(
              BugCheckError.class,
              e -> {
                assertThat(e.code()).isEqualTo(BugCheckCode.IRQL_NOT_GREATER_OR_EQUAL);
                assertThat(e.code().code()).isEqualTo(0x09);
                assertThat(e.parameter(1)).isEqualTo(Irql.DISPATCH_LEVEL.value());
                assertThat(e.parameter(2)).isEqualTo(Irql.APC_LEVEL.value());
              })
          .hasMessageContaining("raiseIrql(APC_LEVEL) called at DISPATCH_LEVEL");
      assertThat(irqls.current()).isEqualTo(Irql.DISPATCH_LEVEL);
    }
    assertThat(bugChecks.first()).map(BugCheckError::code)
        .contains(BugCheckCode.IRQL_NOT_GREATER_OR_EQUAL);
  }

  @Test
  void closingTwiceIsANoOp_s3_3() {
    IrqlScope apc = irqls.raise(Irql.APC_LEVEL);
    apc.close();
    apc.close();

    assertThat(irqls.current()).isEqualTo(Irql.PASSIVE_LEVEL);
    assertThat(bugChecks.hasCrashed()).isFalse();
  }

  @Test
  void closingOutOfOrderIsAVerifierViolation_s3_3() {
    IrqlScope apc = irqls.raise(Irql.APC_LEVEL);
    IrqlScope dispatch = irqls.raise(Irql.DISPATCH_LEVEL);

    assertThatThrownBy(apc::close)
        .isInstanceOfSatisfying(
            BugCheckError.class,
            e -> {
              assertThat(e.code()).isEqualTo(BugCheckCode.DRIVER_VERIFIER_DETECTED_VIOLATION);
              assertThat(e.specSection()).isEqualTo("§3.3");
            })
        .hasMessageContaining("out of order");
    assertThat(irqls.current()).isEqualTo(Irql.DISPATCH_LEVEL);

    dispatch.close();
    apc.close(); // now in order
    assertThat(irqls.current()).isEqualTo(Irql.PASSIVE_LEVEL);
  }

  @Test
  void closingOnAnotherThreadIsAVerifierViolation_s3_3() throws Exception {
    IrqlScope apc = irqls.raise(Irql.APC_LEVEL);
    AtomicReference<Irql> otherThreadLevel = new AtomicReference<>();

    Throwable thrown =
        CompletableFuture.supplyAsync(
                () -> {
                  otherThreadLevel.set(irqls.current());
                  try {
                    apc.close();
                    return null;
                  } catch (BugCheckError e) {
                    return e;
                  }
                })
            .get(30, TimeUnit.SECONDS);

    assertThat(otherThreadLevel.get()).isEqualTo(Irql.PASSIVE_LEVEL); // levels are per thread
    assertThat(thrown)
        .isInstanceOfSatisfying(
            BugCheckError.class,
            e -> assertThat(e.code()).isEqualTo(BugCheckCode.DRIVER_VERIFIER_DETECTED_VIOLATION))
        .hasMessageContaining("was closed on thread");
    assertThat(irqls.current()).isEqualTo(Irql.APC_LEVEL);
    apc.close();
    assertThat(irqls.current()).isEqualTo(Irql.PASSIVE_LEVEL);
  }

  @Test
  void requireAtMostPassesAtOrBelowTheBound_s2_4() {
    irqls.requireAtMost(Irql.APC_LEVEL, "finalizeSrvCall", "§2.4");
    try (IrqlScope apc = irqls.raise(Irql.APC_LEVEL)) {
      assertThat(apc.previous()).isEqualTo(Irql.PASSIVE_LEVEL);
      irqls.requireAtMost(Irql.APC_LEVEL, "finalizeSrvCall", "§2.4");
    }
    assertThat(bugChecks.hasCrashed()).isFalse();
  }

  @Test
  void requireAtMostAboveTheBoundIsIrqlNotLessOrEqualNamingRoutineLevelBoundAndSection_s2_4() {
    try (IrqlScope dispatch = irqls.raise(Irql.DISPATCH_LEVEL)) {
      assertThat(dispatch.previous()).isEqualTo(Irql.PASSIVE_LEVEL);
      assertThatThrownBy(() -> irqls.requireAtMost(Irql.APC_LEVEL, "finalizeSrvCall", "§2.4"))
          .isInstanceOfSatisfying(
              BugCheckError.class,
              e -> {
                assertThat(e.code()).isEqualTo(BugCheckCode.IRQL_NOT_LESS_OR_EQUAL);
                assertThat(e.specSection()).isEqualTo("§2.4");
                assertThat(e.explanation())
                    .isEqualTo(
                        "finalizeSrvCall called at DISPATCH_LEVEL; it requires IRQL <= APC_LEVEL"
                            + " (§2.4)");
              });
    }
  }

  @Test
  void twoIrqlsInstancesDoNotShareLevels_s3_3() {
    Irqls other = new Irqls(bugChecks);
    try (IrqlScope dispatch = irqls.raise(Irql.DISPATCH_LEVEL)) {
      assertThat(irqls.current()).isEqualTo(Irql.DISPATCH_LEVEL);
      assertThat(dispatch.previous()).isEqualTo(Irql.PASSIVE_LEVEL);
      assertThat(other.current()).isEqualTo(Irql.PASSIVE_LEVEL);
    }
  }
}
